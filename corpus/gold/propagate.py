"""Derive the gold rows of the corpus renderings from the hand-checked seed gold.

The seeds `txt/NNN_<hash>.txt` are labelled by hand. Every other corpus file is either
a rendering of a seed (docx/, pdf/, scan/, legacy/: the same figures, references and
report fields under a new doc_id, with its own format and encoding) or a broken file
(bad/: a documents.csv row with status failed or skipped and nothing else).

    python3 corpus/gold/propagate.py          # rewrite the three gold CSVs
    python3 corpus/gold/propagate.py --check  # exit 1 if they are out of date
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import regex

GOLD = Path(__file__).resolve().parent
CORPUS = GOLD.parent
TABLES = ("figures", "references", "documents")
SEED_FOLDER = "txt"
RENDERING_FOLDERS = ("docx", "pdf", "scan", "legacy")
BAD_FOLDER = "bad"
# What `solieu run` reads (CONTRACT.md, "Commands"); any other file is `skipped`.
READABLE_SUFFIXES = frozenset({".txt", ".docx", ".pdf", ".doc"})

# `000_bb398ccc26e072e3.docx`, `000-scan.pdf`, `legacy/003_tcvn3.docx`: the seed number leads.
RE_SEED_NUMBER = regex.compile(r"^(?P<number>\d{3})(?!\d)")
# An encoding named in the file name: `004_utf16.txt`, `000_cp1258.txt`, `003_tcvn3.docx`.
RE_ENCODING_IN_NAME = regex.compile(r"(?i)(?P<name>utf[-_]?16|cp[-_]?1258|tcvn[-_]?3|vni)")
# Legacy Vietnamese fonts in a .docx: `.VnTime`, `.VnArial` (TCVN3), `VNI-Times` (VNI).
RE_TCVN3_FONT = regex.compile(rb"w:ascii=\"\.Vn")
RE_VNI_FONT = regex.compile(rb"w:ascii=\"VNI-")
CANONICAL_ENCODING = {"utf16": "utf-16", "cp1258": "cp1258", "tcvn3": "tcvn3", "vni": "vni"}
# Renderings holding only part of their seed (corpus/build_corpus.py): a row is kept when its
# snippet (figures) or raw text (references) is in the covered part; fields not there go empty.
# The TCVN3 .docx is seed 001's first 25 non-empty lines under an added heading
# `BÁO CÁO TỔNG KẾT NĂM HỌC` (so its title and doc_type are left open); the scan is the first
# two pages of seed 004's PDF.
PARTIAL_LINES = {"legacy/001-tcvn3-vntime.docx": 25}
PARTIAL_PAGES = {"scan/004_162c74f4c20a2e69-scan.pdf": ("pdf/004_162c74f4c20a2e69.pdf", 2)}
OPEN_FIELDS = {"legacy/001-tcvn3-vntime.docx": ("title", "doc_type")}
TEXT_FIELDS = ("title", "issuer", "place", "reporter", "email", "signer")
RE_ALL_SPACE = regex.compile(r"\s+")


def read_rows(name: str) -> tuple[list[str], list[dict]]:
    with open(GOLD / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def seed_of(path: Path, seeds: dict[str, str]) -> str | None:
    """The seed doc_id a rendering was made from, by its leading number or the seed's hash."""
    match = RE_SEED_NUMBER.match(path.name)
    if match and match["number"] in seeds:
        return seeds[match["number"]]
    for doc_id in seeds.values():
        if Path(doc_id).stem.split("_", 1)[-1] in path.name:
            return doc_id
    return None


def encoding_of(path: Path) -> str:
    """The encoding documents.csv should report: for .txt what it is in; for .docx a legacy font."""
    match = RE_ENCODING_IN_NAME.search(path.name)
    if match:
        return CANONICAL_ENCODING[regex.sub(r"[-_]", "", match["name"].lower())]
    suffix = path.suffix.lower()
    if suffix == ".txt":
        head = path.read_bytes()
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return "utf-16"
        try:
            head.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            return "cp1258"
    if suffix == ".docx":
        try:
            with zipfile.ZipFile(path) as archive:
                body = archive.read("word/document.xml")
        except (zipfile.BadZipFile, KeyError, OSError):
            return ""
        if RE_TCVN3_FONT.search(body):
            return "tcvn3"
        if RE_VNI_FONT.search(body):
            return "vni"
    return ""


def squeeze(text: str) -> str:
    return RE_ALL_SPACE.sub("", text or "")


def covered_text(doc_id: str, seed: str) -> str | None:
    """The seed text a partial rendering holds, without spaces; None for a whole rendering."""
    if doc_id in PARTIAL_LINES:
        lines = [ln for ln in (CORPUS / seed).read_text(encoding="utf-8").splitlines() if ln.strip()]
        return squeeze("".join(lines[:PARTIAL_LINES[doc_id]]))
    if doc_id in PARTIAL_PAGES:
        source, pages = PARTIAL_PAGES[doc_id]
        text = subprocess.run(["pdftotext", "-f", "1", "-l", str(pages), str(CORPUS / source), "-"],
                              capture_output=True, text=True, check=True).stdout
        return squeeze(text)
    return None


def is_covered(row: dict, column: str, covered: str | None) -> bool:
    if covered is None:
        return True
    return all(squeeze(piece) in covered for piece in row.get(column, "").split("...") if piece.strip())


def corpus_files(folder: str) -> list[Path]:
    root = CORPUS / folder
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


def doc_id_of(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


def bad_status(path: Path) -> str:
    """A broken file the pipeline can read in principle `failed`; any other suffix `skipped`."""
    return "failed" if path.suffix.lower() in READABLE_SUFFIXES else "skipped"


def derive() -> dict[str, tuple[list[str], list[dict]]]:
    """The three gold tables: seed rows as labelled, then rows derived for every other file."""
    tables = {name: read_rows(name) for name in TABLES}
    seed_rows = {name: [r for r in rows if r["doc_id"].startswith(f"{SEED_FOLDER}/")]
                 for name, (_, rows) in tables.items()}
    seed_docs = {r["doc_id"]: r for r in seed_rows["documents"]}
    seeds = {Path(doc_id).name[:3]: doc_id for doc_id in seed_docs}
    derived = {name: [] for name in TABLES}
    unmatched = []
    for folder in RENDERING_FOLDERS:
        for path in corpus_files(folder):
            seed = seed_of(path, seeds)
            if seed is None:
                unmatched.append(doc_id_of(path))
                continue
            doc_id = doc_id_of(path)
            covered = covered_text(doc_id, seed)
            for name, column in (("figures", "snippet"), ("references", "raw")):
                derived[name] += [{**row, "doc_id": doc_id} for row in seed_rows[name]
                                  if row["doc_id"] == seed and is_covered(row, column, covered)]
            document = {**seed_docs[seed], "doc_id": doc_id, "format": path.suffix.lower().lstrip("."),
                        "encoding": encoding_of(path)}
            for column in TEXT_FIELDS:
                if covered is not None and document.get(column, "") not in ("", "?") and (
                        squeeze(document[column]).casefold() not in covered.casefold()):
                    document[column] = ""
            for column in OPEN_FIELDS.get(doc_id, ()):
                document[column] = "?"
            if path.suffix.lower() not in READABLE_SUFFIXES:
                document = {"doc_id": doc_id, "format": document["format"], "status": "skipped"}
            derived["documents"].append(document)
    for path in corpus_files(BAD_FOLDER):
        derived["documents"].append({"doc_id": doc_id_of(path), "status": bad_status(path),
                                     "format": path.suffix.lower().lstrip(".")})
    for doc_id in unmatched:
        print(f"propagate: {doc_id}: no seed found in its name; left out", file=sys.stderr)
    out = {}
    for name, (columns, _) in tables.items():
        rows = seed_rows[name] + derived[name]
        rows.sort(key=lambda r: r["doc_id"])  # stable: a document keeps its own row order
        out[name] = (columns, [{c: r.get(c, "") for c in columns} for r in rows])
    return out


def to_csv(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the gold CSVs are out of date")
    args = parser.parse_args(argv)
    stale = []
    for name, (columns, rows) in derive().items():
        path = GOLD / f"{name}.csv"
        text = to_csv(columns, rows)
        if path.read_text(encoding="utf-8-sig") != text:
            stale.append(name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
        print(f"{name}.csv: {len(rows)} rows")
    if args.check and stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
