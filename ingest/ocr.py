"""OCR of PDF pages without a text layer: render with pypdfium2, read with Tesseract (`vie`).

Tesseract runs as a subprocess (`tesseract stdin stdout -l vie tsv`); its TSV
gives words with their block/paragraph/line numbers and a confidence, so each
OCRed paragraph carries the mean confidence of its words (0..1).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal

DPI = 300
TESSERACT_TIMEOUT = 120  # seconds per page


@dataclass(frozen=True)
class OcrParagraph:
    text: str
    confidence: float | None
    top: float


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def render_page_png(pdf_path: str, page_index: int, dpi: int = DPI) -> bytes:
    """PNG bytes of one page (0-based), greyscale, at `dpi`."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_path)
    try:
        page = pdf[page_index]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def parse_tsv(tsv: str) -> list[OcrParagraph]:
    """Paragraphs of Tesseract TSV output, lines joined by a space, in reading order.

    >>> rows = "level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n"
    >>> rows += "5\\t1\\t1\\t1\\t1\\t1\\t10\\t20\\t5\\t5\\t96\\tTổng\\n5\\t1\\t1\\t1\\t1\\t2\\t20\\t20\\t5\\t5\\t90\\tsố\\n"
    >>> parse_tsv(rows)
    [OcrParagraph(text='Tổng số', confidence=0.93, top=20.0)]
    """
    paragraphs: dict[tuple[int, int], list[tuple[int, str, float, float]]] = {}
    order: list[tuple[int, int]] = []
    for line in tsv.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip():
            continue
        key = (int(parts[2]), int(parts[3]))
        if key not in paragraphs:
            paragraphs[key] = []
            order.append(key)
        paragraphs[key].append((int(parts[4]), parts[11], float(parts[10]), float(parts[7])))
    result = []
    for key in order:
        words = paragraphs[key]
        confs = [c for _, _, c, _ in words if c >= 0]
        mean = float(round(Decimal(sum(confs) / len(confs) / 100), 2)) if confs else None
        result.append(OcrParagraph(text=" ".join(w for _, w, _, _ in words), confidence=mean,
                                   top=min(t for _, _, _, t in words)))
    return result


def ocr_page(pdf_path: str, page_index: int, lang: str = "vie") -> list[OcrParagraph]:
    """OCR one page; raises `subprocess.SubprocessError`/`OSError` when Tesseract fails."""
    png = render_page_png(pdf_path, page_index)
    done = subprocess.run(["tesseract", "stdin", "stdout", "-l", lang, "--psm", "3", "tsv"],
                          input=png, capture_output=True, timeout=TESSERACT_TIMEOUT, check=True)
    return parse_tsv(done.stdout.decode("utf-8", errors="replace"))
