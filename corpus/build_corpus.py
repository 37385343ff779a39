"""Rebuild the derived corpus from the seed texts in corpus/txt (idempotent; run from anywhere).

    python3 corpus/build_corpus.py

Writes:
- corpus/docx/: seeds 000, 003, 004 as Word files whose tab-separated / HTML-like tables are real
  Word tables; seed 004's table gets a two-level header (a cell merged down: vMerge, a group cell
  merged across: gridSpan); every file has a header and a footer.
- corpus/pdf/: those .docx printed to PDF by LibreOffice (seed 003's long table spans pages).
- corpus/scan/: an image-only PDF (150 dpi grey) of the first two pages of seed 004's PDF.
- corpus/legacy/: a TCVN3 `.VnTime` .docx with a `.VnTimeH` heading (seed 001's opening), seed 001 in
  UTF-16 and seed 002 in Windows-1258 with decomposed tones.
- corpus/bad/: a truncated .docx, an empty .txt, an encrypted PDF and an unsupported .jpg.
Needs python-docx, Pillow, pypdf (test extra), LibreOffice (soffice) and poppler-utils (pdftoppm).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from docx import Document as WordDocument  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt  # noqa: E402

from solieu.ingest.model import TABLE  # noqa: E402
from solieu.ingest.txt import build_text_document  # noqa: E402

SEEDS = {"000": "000_bb398ccc26e072e3", "001": "001_434dc28251da8230", "002": "002_7d1ba71b8e4bd192",
         "003": "003_51e62799bb1779d2", "004": "004_162c74f4c20a2e69"}
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
TCVN3_TSV = HERE.parent / "ingest" / "data" / "tcvn3.tsv"


def seed_text(key: str) -> str:
    return (HERE / "txt" / f"{SEEDS[key]}.txt").read_text(encoding="utf-8")


def fixed_zip(path: Path) -> None:
    """Rewrite a zip with fixed entry times, so rebuilding gives the same bytes."""
    data = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


def _set_cell(cell, text: str, bold: bool = False) -> None:
    cell.text = ""
    lines = text.split("\n") or [""]
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold


def _mark_header_row(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    trpr.append(header)


def _word_table(word, rows: list[list[str]], group_header: str | None) -> None:
    n_cols = max(len(r) for r in rows)
    rows = [r + [""] * (n_cols - len(r)) for r in rows]
    extra = 1 if group_header else 0
    table = word.add_table(rows=len(rows) + extra, cols=n_cols)
    table.style = "Table Grid"
    if group_header:
        # Two-level header: the first column merged down over both header rows (vMerge),
        # the other columns under one group title (gridSpan).
        top = table.rows[0]
        first = top.cells[0].merge(table.rows[1].cells[0])
        _set_cell(first, rows[0][0], bold=True)
        group = top.cells[1].merge(top.cells[n_cols - 1])
        _set_cell(group, group_header, bold=True)
        _mark_header_row(top)
        _mark_header_row(table.rows[1])
        for c in range(1, n_cols):
            _set_cell(table.rows[1].cells[c], rows[0][c], bold=True)
        body = rows[1:]
        offset = 2
    else:
        for c in range(n_cols):
            _set_cell(table.rows[0].cells[c], rows[0][c], bold=True)
        _mark_header_row(table.rows[0])
        body = rows[1:]
        offset = 1
    for r, values in enumerate(body):
        for c, value in enumerate(values):
            _set_cell(table.rows[r + offset].cells[c], value)


def seed_docx(key: str, out: Path, group_header: str | None = None) -> None:
    """The seed as a .docx: paragraphs as paragraphs, tables as Word tables (via solieu's txt reader)."""
    builder = build_text_document(seed_text(key), key, "", "txt")
    word = WordDocument()
    word.styles["Normal"].font.name = "Times New Roman"
    word.styles["Normal"].font.size = Pt(12)
    section = word.sections[0]
    section.header.paragraphs[0].text = f"Văn bản mẫu solieu — dựng lại từ seed {key}"
    section.footer.paragraphs[0].text = "Bản dựng để kiểm thử; không có giá trị pháp lý"
    first_table = True
    for block in builder.blocks:
        if block.kind == TABLE:
            rows = [[cell.text for cell in row] for row in block.rows()]
            _word_table(word, rows, group_header if first_table else None)
            first_table = False
            word.add_paragraph("")
        else:
            style = "Heading 2" if block.style == "heading" else None
            word.add_paragraph(block.text, style=style)
    word.core_properties.author = "solieu corpus"
    word.save(out)
    fixed_zip(out)


def soffice_pdf(source: Path, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="solieu-corpus-") as tmp:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(source)],
                       check=True, capture_output=True, timeout=180)
    return out_dir / (source.stem + ".pdf")


def scanned_pdf(source: Path, out: Path, pages: int = 2, dpi: int = 150) -> None:
    """Image-only PDF: pages rendered by pdftoppm (grey) and wrapped back into a PDF with Pillow."""
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="solieu-scan-") as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", str(pages), "-png",
                        str(source), f"{tmp}/page"], check=True, timeout=120)
        images = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("page*.png"))]
        images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])


def _tcvn3_encoder() -> dict[str, str]:
    table = {}
    for line in TCVN3_TSV.read_text(encoding="utf-8").splitlines()[3:]:
        byte, letter = line.split("\t")
        table[letter] = chr(int(byte, 16))
    return table


def tcvn3_runs(text: str) -> list[tuple[str, str]]:
    """(font, TCVN3 text) runs: .VnTime where the letter exists, .VnTimeH for toned capitals."""
    enc = _tcvn3_encoder()
    runs: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in enc or ord(ch) < 128:
            font, out = ".VnTime", enc.get(ch, ch)
        elif ch.lower() in enc:
            font, out = ".VnTimeH", enc[ch.lower()]
        else:
            font, out = ".VnTime", ch
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + out)
        else:
            runs.append((font, out))
    return runs


def _font_run(paragraph, text: str, font: str, size: int = 13):
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    rfonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), font)
    return run


def tcvn3_docx(out: Path) -> None:
    """Seed 001's opening typed in TCVN3: heading in .VnTimeH (capitals), body in .VnTime."""
    enc = _tcvn3_encoder()
    lines = [ln.strip() for ln in seed_text("001").splitlines() if ln.strip()][:25]
    word = WordDocument()
    heading = word.add_paragraph()
    _font_run(heading, "".join(enc.get(ch, ch) for ch in "báo cáo tổng kết năm học"), ".VnTimeH", 14).bold = True
    for line in lines:
        paragraph = word.add_paragraph()
        for font, chunk in tcvn3_runs(line):
            _font_run(paragraph, chunk, font)
    word.save(out)
    fixed_zip(out)


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 with tones as combining marks after the base letter (how the code page types them)."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in tones)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + tone)
    return "".join(out).encode("cp1258", errors="replace")


def bad_files(bad: Path, good_docx: Path, good_pdf: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    data = good_docx.read_bytes()
    (bad / "cat-doi.docx").write_bytes(data[: len(data) // 2])
    (bad / "rong.txt").write_bytes(b"")
    (bad / "anh-chup.jpg").write_bytes(bytes.fromhex("FFD8FFE000104A464946") + b"\x00" * 64)
    writer = PdfWriter(clone_from=PdfReader(good_pdf))
    writer.encrypt(user_password="matkhau", owner_password="matkhau", algorithm="AES-128")
    writer.add_metadata({"/Producer": "solieu corpus"})
    with open(bad / "ma-hoa.pdf", "wb") as fh:
        writer.write(fh)


def main() -> None:
    for sub in ("docx", "pdf", "scan", "legacy", "bad"):
        (HERE / sub).mkdir(exist_ok=True)
    docx_dir, pdf_dir = HERE / "docx", HERE / "pdf"
    seed_docx("000", docx_dir / f"{SEEDS['000']}.docx")
    seed_docx("003", docx_dir / f"{SEEDS['003']}.docx")
    seed_docx("004", docx_dir / f"{SEEDS['004']}.docx", group_header="Kết quả tự đánh giá")
    for key in ("000", "003", "004"):
        soffice_pdf(docx_dir / f"{SEEDS[key]}.docx", pdf_dir)
    scanned_pdf(pdf_dir / f"{SEEDS['004']}.pdf", HERE / "scan" / f"{SEEDS['004']}-scan.pdf")
    legacy = HERE / "legacy"
    tcvn3_docx(legacy / "001-tcvn3-vntime.docx")
    (legacy / "001-utf16.txt").write_bytes(seed_text("001").encode("utf-16"))
    (legacy / "002-cp1258.txt").write_bytes(cp1258_bytes(seed_text("002")))
    bad_files(HERE / "bad", docx_dir / f"{SEEDS['000']}.docx", pdf_dir / f"{SEEDS['000']}.pdf")
    if shutil.which("soffice") is None:
        print("soffice missing: PDFs not rebuilt", file=sys.stderr)


if __name__ == "__main__":
    main()
