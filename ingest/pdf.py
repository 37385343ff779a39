"""PDF: text and tables with pdfplumber, OCR for pages without a text layer, legacy-font text.

Per page, tables come from `page.find_tables()`; the text outside their boxes
is grouped into paragraphs (a vertical gap larger than a line, or a line
starting with a list mark, starts a new one). Items are placed top to bottom.
A table ending a page and a table with the same number of columns opening the
next page are one table (a repeated header row is dropped).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import regex

from solieu import errors

from . import legacy
from .build import DocumentBuilder, TableCell
from .model import BODY, FOOTER, HEADER, Document

RE_LIST_MARK = regex.compile(r"^(?:[-+•–*]|\d{1,2}[.)]|[a-zđ][.)]|[IVX]{1,4}\.)\s")
OCR_TIME_BUDGET = 80  # seconds of OCR per document
TOP_MARGIN = 0.25  # share of page height: a table starting above this "opens" the page
BOTTOM_MARGIN = 0.25


@dataclass
class PageTable:
    rows: list[list[TableCell]] = field(default_factory=list)  # cells in row order (row index local)
    n_cols: int = 0
    top: float = 0.0
    bottom: float = 0.0
    page: int = 1  # last page the table reaches (first page: `first_page`)
    first_page: int = 1


@dataclass
class PageParagraph:
    text: str
    top: float
    page: int
    confidence: float | None = None
    part: str = BODY


def _cell_spans(table) -> list[TableCell]:
    """Cells of a pdfplumber table with their grid position and spans."""
    bboxes = table.cells
    xs = sorted({round(b[0], 1) for b in bboxes})
    ys = sorted({round(b[1], 1) for b in bboxes})
    text_rows = table.extract(x_tolerance=2)
    cells: list[TableCell] = []
    for r, row in enumerate(table.rows):
        for c, bbox in enumerate(row.cells):
            if bbox is None:
                continue
            text = text_rows[r][c] if r < len(text_rows) and c < len(text_rows[r]) else ""
            x0, top, x1, bottom = bbox
            col = xs.index(round(x0, 1)) if round(x0, 1) in xs else c
            row_index = ys.index(round(top, 1)) if round(top, 1) in ys else r
            col_span = max(1, sum(1 for x in xs if x0 - 0.5 <= x < x1 - 0.5))
            row_span = max(1, sum(1 for y in ys if top - 0.5 <= y < bottom - 0.5))
            cells.append(TableCell(text=text or "", row=row_index, col=col, row_span=row_span,
                                   col_span=col_span))
    return cells


def _text_lines(page) -> list[dict]:
    """Lines of words top to bottom; a wide horizontal gap becomes a tab.

    Reports set the sender unit and the national motto side by side ('ỦY BAN NHÂN DÂN …
    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'): the tab keeps the two columns apart, as in a
    Word header table or a seed's tab line.
    """
    words = page.extract_words(x_tolerance=2, y_tolerance=3, keep_blank_chars=False, use_text_flow=False)
    words.sort(key=lambda w: (round(w["top"]), w["x0"]))
    lines: list[list[dict]] = []
    for word in words:
        line = lines[-1] if lines else None
        if line and abs(word["top"] - line[0]["top"]) <= 3:
            line.append(word)
        else:
            lines.append([word])
    result = []
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        size = statistics.median(w["bottom"] - w["top"] for w in line) or 10.0
        pieces = [line[0]["text"]]
        for before, word in zip(line, line[1:]):
            pieces.append("\t" if word["x0"] - before["x1"] > max(2 * size, 14) else " ")
            pieces.append(word["text"])
        result.append({"text": "".join(pieces), "top": min(w["top"] for w in line),
                       "bottom": max(w["bottom"] for w in line), "x1": line[-1]["x1"], "size": size})
    return result


def _paragraphs(lines: list[dict], page_no: int) -> list[PageParagraph]:
    """Group text lines into paragraphs by vertical gaps and list marks."""
    if not lines:
        return []
    heights = [ln["bottom"] - ln["top"] for ln in lines if ln["bottom"] > ln["top"]]
    height = statistics.median(heights) if heights else 10.0
    # Right edge of the text block: wrapped lines of a paragraph reach it, a last line does not.
    right = sorted(ln.get("x1", 0) for ln in lines)[int(0.9 * (len(lines) - 1))]
    paragraphs: list[PageParagraph] = []
    current: list[str] = []
    top = lines[0]["top"]
    previous_bottom = None
    previous_short = False
    for ln in lines:
        text = ln["text"].strip()
        if not text:
            continue
        gap = ln["top"] - previous_bottom if previous_bottom is not None else 0
        # A line with column gaps (tabs) stands alone: joining would mix the columns; a line after
        # a short one (a heading, a paragraph's last line) starts a new paragraph (seed 003 'MỤC 1.').
        if current and (gap > 0.6 * height or RE_LIST_MARK.match(text) or "\t" in text
                        or "\t" in current[-1] or previous_short):
            paragraphs.append(PageParagraph(" ".join(current), top, page_no))
            current, top = [], ln["top"]
        current.append(text)
        previous_bottom = ln["bottom"]
        previous_short = "x1" in ln and ln["x1"] < right - 4 * ln.get("size", height)
    if current:
        paragraphs.append(PageParagraph(" ".join(current), top, page_no))
    return paragraphs


def _overlaid_spaces(page) -> set[int]:
    """ids of space characters lying under a drawn glyph (digits typed over blanks).

    In hcm-sgddt-kh90-huongnghiep-tuyensinh-2025.pdf the number in 'Số: 90/KHLT' is drawn
    over a row of spaces, and reading by x interleaves them: 'Số: 9 0 /KHLT'.
    """
    import bisect

    lines: dict[int, list[tuple[float, float]]] = {}
    for ch in page.chars:
        if ch["text"].strip():
            lines.setdefault(round(ch["top"] / 4), []).append((ch["x0"], ch["x1"]))
    for spans in lines.values():
        spans.sort()
    hidden: set[int] = set()
    previous_was_glyph = False
    for ch in page.chars:
        if ch["text"].strip():
            previous_was_glyph = True
            continue
        # The first space after a word is the word gap the writer typed: always kept.
        if previous_was_glyph:
            previous_was_glyph = False
            continue
        x0, x1 = ch["x0"], ch["x1"]
        width = max(x1 - x0, 0.1)
        covered = 0.0
        key = round(ch["top"] / 4)
        for k in (key - 1, key, key + 1):
            spans = lines.get(k, [])
            i = max(bisect.bisect_left(spans, (x0,)) - 1, 0)
            for a, b in spans[i:i + 3]:
                covered += max(0.0, min(b, x1) - max(a, x0))
        if covered > 0.5 * width:
            hidden.add(id(ch))
    return hidden


def _page_items(page, page_no: int) -> list[PageTable | PageParagraph]:
    hidden = _overlaid_spaces(page)
    if hidden:
        page = page.filter(lambda obj: id(obj) not in hidden)
    tables = [t for t in page.find_tables() if t.cells]
    items: list[PageTable | PageParagraph] = []
    boxes = []
    for t in tables:
        cells = _cell_spans(t)
        if not cells:
            continue
        n_rows = max(c.row + c.row_span for c in cells)
        rows: list[list[TableCell]] = [[] for _ in range(n_rows)]
        for c in cells:
            rows[c.row].append(c)
        items.append(PageTable(rows=rows, n_cols=max(c.col + c.col_span for c in cells),
                               top=t.bbox[1], bottom=t.bbox[3], page=page_no, first_page=page_no))
        boxes.append(t.bbox)

    def outside(obj) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    items.extend(_paragraphs(_text_lines(text_page), page_no))
    items.sort(key=lambda it: it.top)
    return items


def _same_row(a: list[TableCell], b: list[TableCell]) -> bool:
    return [" ".join(c.text.split()) for c in a] == [" ".join(c.text.split()) for c in b]


def _continues_row(row: list[TableCell], above: list[TableCell]) -> bool:
    """The first row on the new page is the rest of the row above (a row broken by the page break).

    Either its first cell is empty while others are not, or it holds one text cell only, in a
    column where the row above has text that does not end a sentence (seed 000 PDF: '(VNPT' /
    'E-Learning)').
    """
    if not row or not above:
        return False
    filled = [c for c in row if c.text.strip()]
    if row[0].col == 0 and not row[0].text.strip() and filled:
        return True
    if len(filled) != 1:
        return False
    target = next((c for c in above if c.col == filled[0].col), None)
    return (target is not None and bool(target.text.strip())
            and not target.text.rstrip().endswith((".", ":", ";")) and not RE_LIST_MARK.match(filled[0].text))


def _merge_row(above: list[TableCell], below: list[TableCell]) -> None:
    by_col = {c.col: c for c in above}
    for cell in below:
        target = by_col.get(cell.col)
        if target is not None and cell.text.strip():
            target.text = f"{target.text}\n{cell.text}" if target.text.strip() else cell.text


def _join_tables(items: list, heights: dict[int, float]) -> list:
    """Join a table closing a page with a table of as many columns opening the next page."""
    joined: list = []
    for item in items:
        prev = joined[-1] if joined else None
        if (isinstance(item, PageTable) and isinstance(prev, PageTable) and item.page == prev.page + 1
                and item.n_cols == prev.n_cols
                and item.top < TOP_MARGIN * heights[item.page]
                and prev.bottom > (1 - BOTTOM_MARGIN) * heights[prev.page]):
            rows = item.rows
            # Header rows repeated on the new page (Word 'repeat as header row'), up to three.
            k = 0
            while k < min(3, len(rows), len(prev.rows)) and _same_row(rows[k], prev.rows[k]):
                k += 1
            rows = rows[k:]
            for header_row in prev.rows[:k]:  # rows the writer asked to repeat are the header
                for cell in header_row:
                    cell.is_header = True
            if rows and prev.rows and _continues_row(rows[0], prev.rows[-1]):
                _merge_row(prev.rows[-1], rows[0])  # a row broken by the page break
                rows = rows[1:]
            prev.rows.extend(rows)
            prev.bottom, prev.page = item.bottom, item.page
            continue
        joined.append(item)
    return joined


RE_DIGITS = regex.compile(r"\d+")
MARGIN = 0.1  # share of page height where running headers and footers sit


def _running_key(text: str) -> str:
    """Header/footer text with page numbers removed: 'Trang 3/15' and 'Trang 4/15' match."""
    return " ".join(RE_DIGITS.sub("#", text).lower().split())


def _split_running(items: list, heights: dict[int, float]) -> tuple[list, list, list]:
    """(headers, body items, footers): lines repeated in the top/bottom margin of several pages.

    Each running header/footer is kept once (its first page), out of the body flow, so a
    table broken by a page footer can still be joined with its continuation.
    """
    pages_of: dict[tuple[str, str], set[int]] = {}
    for it in items:
        if isinstance(it, PageParagraph) and it.confidence is None:
            zone = _zone(it, heights)
            if zone:
                pages_of.setdefault((zone, _running_key(it.text)), set()).add(it.page)
    running = {key for key, pages in pages_of.items() if len(pages) >= 2}
    if not running:
        return [], items, []
    headers, body, footers, seen = [], [], [], set()
    for it in items:
        zone = _zone(it, heights) if isinstance(it, PageParagraph) and it.confidence is None else ""
        key = (zone, _running_key(it.text)) if zone else None
        if key in running:
            if key not in seen:
                seen.add(key)
                it.part = HEADER if zone == "top" else FOOTER
                (headers if zone == "top" else footers).append(it)
            continue
        body.append(it)
    return headers, body, footers


def _zone(item, heights: dict[int, float]) -> str:
    height = heights.get(item.page, 0) or 1.0
    if item.top < MARGIN * height:
        return "top"
    if item.top > (1 - MARGIN) * height:
        return "bottom"
    return ""


def _is_encryption_error(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect/PDFEncryptionError in PdfminerException."""
    seen = [exc, *exc.args, exc.__cause__, exc.__context__]
    return any(e is not None and ("Password" in type(e).__name__ or "Encrypt" in type(e).__name__)
               for e in seen)


def _add_table(builder: DocumentBuilder, table: PageTable, first_page: int, convert) -> None:
    cells = []
    for r, row in enumerate(table.rows):
        for c in row:
            cells.append(TableCell(text=convert(c.text), row=r, col=c.col, row_span=c.row_span,
                                   col_span=c.col_span, is_header=c.is_header))
    builder.add_table(cells, page=first_page)


def read_pdf(path: Path, doc_id: str, *, ocr: bool = True, max_pages: int | None = None) -> Document:
    """Read a PDF; encrypted/corrupt files give a failed document, OCR problems a partial one."""
    import pdfplumber

    def failed(message: str) -> Document:
        return Document(doc_id=doc_id, path=str(path), format="pdf", status="failed", error=message)

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:
        name = type(exc).__name__
        if _is_encryption_error(exc):
            return failed(errors.ENCRYPTED)
        return failed(errors.CORRUPT.format(detail=f"the PDF cannot be opened ({name}: {exc})".strip()))
    problems: list[str] = []
    try:
        try:
            n_pages = len(pdf.pages)
        except Exception as exc:
            name = type(exc).__name__
            if _is_encryption_error(exc):
                return failed(errors.ENCRYPTED)
            return failed(errors.CORRUPT.format(detail=f"the PDF page tree cannot be read ({name}: {exc})"))
        to_read = n_pages if not max_pages or n_pages <= max_pages else max_pages
        if to_read < n_pages:
            problems.append(errors.TOO_MANY_PAGES.format(max_pages=to_read, pages=n_pages))
        items: list = []
        heights: dict[int, float] = {}
        no_text: list[int] = []
        fonts: set[str] = set()
        broken: list[int] = []
        for index in range(to_read):
            page_no = index + 1
            try:
                page = pdf.pages[index]
                heights[page_no] = float(page.height) or 1.0
                if not page.chars:
                    no_text.append(page_no)
                    continue
                fonts.update(ch.get("fontname", "") for ch in page.chars[:2000:20])
                items.extend(_page_items(page, page_no))
            except Exception as exc:
                if _is_encryption_error(exc):
                    return failed(errors.ENCRYPTED)
                broken.append(page_no)
            finally:
                try:
                    pdf.pages[index].close()
                except Exception:
                    pass
    finally:
        pdf.close()
    if broken:
        problems.append(errors.CORRUPT.format(detail=f"pages {_page_list(broken)} cannot be read"))

    ocr_done = False
    if no_text:
        if not ocr:
            problems.append(errors.OCR_DISABLED.format(pages=_page_list(no_text)))
        else:
            from .ocr import ocr_page, tesseract_available
            if not tesseract_available():
                problems.append(errors.NO_TESSERACT.format(pages=_page_list(no_text)))
            else:
                failed_ocr, skipped_ocr = [], []
                started = time.monotonic()
                for page_no in no_text:
                    # Stay inside the batch's per-document time limit (120 s by default): a long
                    # scan gives its first pages and a partial row rather than 'timed out'.
                    if time.monotonic() - started > OCR_TIME_BUDGET:
                        skipped_ocr.append(page_no)
                        continue
                    try:
                        for para in ocr_page(str(path), page_no - 1):
                            items.append(PageParagraph(para.text, para.top, page_no, para.confidence))
                        ocr_done = True
                    except Exception:
                        failed_ocr.append(page_no)
                if failed_ocr:
                    problems.append(errors.CORRUPT.format(detail=f"OCR failed on pages {_page_list(failed_ocr)}"))
                if skipped_ocr:
                    problems.append(errors.OCR_INCOMPLETE.format(pages=_page_list(skipped_ocr),
                                                                 seconds=OCR_TIME_BUDGET))
                items.sort(key=lambda it: (it.page, it.top))

    items.sort(key=lambda it: (it.page, it.top))
    headers, items, footers = _split_running(items, heights)
    items = headers + _join_tables(items, heights) + footers

    # TCVN3 text layers (old .VnTime documents printed to PDF): detect on a sample, convert all.
    sample = "\n".join(it.text for it in items[:200] if isinstance(it, PageParagraph))
    encoding = legacy.detect_legacy(sample) if not ocr_done or sample else ""
    upper = bool(encoding == "tcvn3" and fonts and all(f.endswith("H") for f in fonts if ".Vn" in f or "Vn" in f)
                 and any("Vn" in f for f in fonts))

    def convert(text: str) -> str:
        return legacy.convert(text, encoding, upper=upper) if encoding else text

    builder = DocumentBuilder(doc_id=doc_id, path=str(path), format="pdf")
    for item in items:
        if isinstance(item, PageTable):
            _add_table(builder, item, item.first_page, convert)
        else:
            builder.add_paragraph(convert(item.text), page=item.page, part=item.part,
                                  confidence=item.confidence)
    status = "partial" if problems else "ok"
    if not builder.blocks and not problems:
        status, problems = "failed", [errors.NO_TEXT]
    return builder.build(pages=n_pages, encoding=encoding, ocr=ocr_done, status=status,
                         error="; ".join(problems))


def _page_list(pages: list[int]) -> str:
    """'1-3, 5' for [1, 2, 3, 5].

    >>> _page_list([1, 2, 3, 5])
    '1-3, 5'
    """
    spans: list[str] = []
    start = prev = pages[0]
    for p in pages[1:] + [None]:
        if p is not None and p == prev + 1:
            prev = p
            continue
        spans.append(f"{start}-{prev}" if prev != start else str(start))
        if p is not None:
            start = prev = p
    return ", ".join(spans)
