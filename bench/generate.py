"""Synthetic reports for benchmarks: the seed reports with their figures varied, as .txt and .docx.

Each generated report is a seed (plain text of a real report, /work/shared/seeds)
whose counts and shares are redrawn: `64 giáo viên` may become `71 giáo viên`,
`19,50%` may become `23,75%`. Symbols, dates and years stay as written
(`1782/SGDĐT-VP ngày 25/9/2023`), so the reports keep their shape and size.
Lines with tabs are table rows; in .docx they become a Word table.

    python bench/generate.py --n 1000 --formats txt,docx --out /tmp/reports
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import regex

SEEDS = Path("/work/shared/seeds")

# A number standing alone: not part of a symbol or date (`1782/SGDĐT`, `25/9/2023`,
# `2022 - 2025` stays because years are skipped below), with Vietnamese dot
# thousands and decimal comma (`1.928`, `19,50`).
RE_FIGURE = regex.compile(r"(?<![\p{L}\d/.,\-])(?P<int>\d{1,3}(?:\.\d{3})*)(?:,(?P<frac>\d{1,2}))?(?![\d/\p{L}]|[.,]\d)")
RE_YEAR = regex.compile(r"^(19|20)\d\d$")


def vary_number(match: regex.Match, rng: random.Random) -> str:
    """A redrawn figure in the same written form (`1.928` → `2.104`, `19,50` → `23,75`)."""
    digits = match["int"].replace(".", "")
    if RE_YEAR.match(match["int"]):  # `2025` is a year; `1.928` with its dot is a count
        return match[0]
    value = int(digits)
    new = max(0, round(value * rng.uniform(0.6, 1.4))) if value > 3 else value
    text = f"{new:,}".replace(",", ".")
    if match["frac"] is not None:
        text += "," + "".join(rng.choice("0123456789") for _ in match["frac"])
    return text


def vary_text(text: str, rng: random.Random) -> str:
    return RE_FIGURE.sub(lambda m: vary_number(m, rng), text)


def write_docx(text: str, path: Path) -> None:
    """Paragraphs as paragraphs, runs of tab-separated lines as one table each."""
    from docx import Document

    doc = Document()
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].split("\t"))
                i += 1
            width = max(len(r) for r in rows)
            table = doc.add_table(rows=len(rows), cols=width)
            for r, cells in enumerate(rows):
                for c, cell in enumerate(cells):
                    table.cell(r, c).text = cell
        else:
            if lines[i].strip():
                doc.add_paragraph(lines[i])
            i += 1
    doc.save(path)


def generate(n: int, out: Path, formats: tuple[str, ...] = ("txt", "docx"), seed: int = 131) -> list[Path]:
    """Write `n` reports into `out`, cycling through the seeds and `formats`."""
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(n):
        fmt = formats[i % len(formats)]
        text = vary_text(seeds[i % len(seeds)], rng)
        path = out / f"bao-cao-{i:05d}.{fmt}"
        if fmt == "docx":
            write_docx(text, path)
        else:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--formats", default="txt,docx")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=131)
    args = parser.parse_args()
    paths = generate(args.n, Path(args.out), tuple(args.formats.split(",")), args.seed)
    print(f"{len(paths)} reports in {args.out}")


if __name__ == "__main__":
    main()
