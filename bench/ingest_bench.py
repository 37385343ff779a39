"""Ingest speed on the corpus: pages/s per format, and solieu's time against bare extraction.

    python3 bench/ingest_bench.py [--repeat 3]

Bare extraction is what a script would do without solieu: pdfplumber
`page.extract_text()` + `page.find_tables()` (+ `table.extract()`) per page, python-docx
paragraph and table-cell texts. .docx and .txt have no pages: their rate is given per file.
The scanned PDF (OCR) is timed on its own and has no bare counterpart.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from solieu.ingest.read import read_document  # noqa: E402

CORPUS = ROOT / "corpus"


def bare_pdf(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            for table in page.find_tables():
                table.extract()
        return len(pdf.pages)


def bare_docx(path: Path) -> int:
    import docx

    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return 1


def best_of(repeat: int, func) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = func()
        best = min(best, time.perf_counter() - start)
    return best, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per file (default 3)")
    args = parser.parse_args()
    groups = {
        "txt": sorted((CORPUS / "txt").glob("*.txt")) + sorted((CORPUS / "legacy").glob("*.txt")),
        "docx": sorted((CORPUS / "docx").glob("*.docx")) + sorted((CORPUS / "legacy").glob("*.docx")),
        "pdf": sorted((CORPUS / "pdf").glob("*.pdf")),
        "pdf (scan, OCR)": sorted((CORPUS / "scan").glob("*.pdf")),
    }
    bare = {"pdf": bare_pdf, "docx": bare_docx}
    read_document(groups["txt"][0])  # imports outside the timings
    print(f"{'format':<16} {'files':>5} {'pages':>5} {'solieu s':>9} {'pages/s':>8} {'files/s':>8} "
          f"{'bare s':>8} {'ratio':>6}")
    for fmt, files in groups.items():
        if not files:
            continue
        repeat = 1 if "OCR" in fmt else args.repeat
        ours = theirs = 0.0
        pages = 0
        for path in files:
            seconds, doc = best_of(repeat, lambda p=path: read_document(p))
            ours += seconds
            pages += doc.pages or 0
            if fmt in bare:
                seconds, _ = best_of(repeat, lambda p=path: bare[fmt](p))
                theirs += seconds
        pages_rate = f"{pages / ours:8.1f}" if pages else f"{'-':>8}"
        bare_text = f"{theirs:8.2f}" if theirs else f"{'-':>8}"
        ratio = f"{ours / theirs:6.2f}" if theirs else f"{'-':>6}"
        print(f"{fmt:<16} {len(files):>5} {pages or '-':>5} {ours:9.2f} {pages_rate} "
              f"{len(files) / ours:8.1f} {bare_text} {ratio}")


if __name__ == "__main__":
    main()
