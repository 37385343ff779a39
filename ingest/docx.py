"""Word .docx: paragraphs and tables in body order, merged cells, headers/footers, legacy fonts.

Merged cells appear once, at their top-left grid position, with `col_span`
(w:gridSpan) and `row_span` (w:vMerge restart + continues). A table nested in
a cell becomes its own table block right after the table holding it (the
outer cell keeps only its own paragraphs). Runs in `.VnTime`/`.VnTimeH`
(TCVN3) or `VNI-*` fonts are converted to Unicode; `.VnTimeH`-like fonts
(name ending in H) draw capitals, so their text is upper-cased.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from solieu import errors

from . import legacy
from .build import DocumentBuilder, TableCell
from .docx_styles import LazyStylesPart, StylesPart, use_lazy_styles
from .model import BODY, FOOTER, HEADER, Document
from .ziputil import Refused, check_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Tag names built once: `f"{W}r"` in a loop builds a new string for every run and cell.
W_P, W_R, W_T, W_TAB, W_BR, W_CR = (f"{W}{name}" for name in ("p", "r", "t", "tab", "br", "cr"))
W_SOFT_HYPHEN, W_NO_BREAK_HYPHEN = f"{W}softHyphen", f"{W}noBreakHyphen"
W_PPR, W_PSTYLE, W_VAL, W_RPR, W_RSTYLE = f"{W}pPr", f"{W}pStyle", f"{W}val", f"{W}rPr", f"{W}rStyle"
W_TBL, W_TR, W_TC, W_TRPR, W_TCPR, W_SDT, W_SDT_CONTENT = (
    f"{W}{name}" for name in ("tbl", "tr", "tc", "trPr", "tcPr", "sdt", "sdtContent"))
# What a run's other children stand for in its text. TCVN3 'ư' is byte 0xAD, the soft hyphen:
# LibreOffice writes it as <w:softHyphen/> (cantho-ubnd-qd256-2004-cchc-tcvn3.doc: 'Ch\u00ad¬ng' = 'Chương').
RUN_MARKS = {W_TAB: "\t", W_BR: "\n", W_CR: "\n", W_SOFT_HYPHEN: "\u00ad", W_NO_BREAK_HYPHEN: "-"}
W_RFONTS, W_ASCII, W_HANSI, W_CS = (f"{W}{name}" for name in ("rFonts", "ascii", "hAnsi", "cs"))
W_GRID_SPAN, W_VMERGE, W_TBL_HEADER, W_GRID_BEFORE = (
    f"{W}{name}" for name in ("gridSpan", "vMerge", "tblHeader", "gridBefore"))


def legacy_font(name: str | None) -> tuple[str, bool]:
    """('tcvn3'|'vni'|'', upper) for a font name.

    >>> legacy_font(".VnTimeH"), legacy_font("VNI-Times"), legacy_font("Times New Roman")
    (('tcvn3', True), ('vni', False), ('', False))
    """
    if not name:
        return "", False
    if name.startswith(".Vn"):
        return "tcvn3", name.endswith("H")
    if name.upper().startswith("VNI"):
        return "vni", False
    return "", False


class _Fonts:
    """Font of a run: its own rFonts, else its paragraph style's (through base styles), else the default."""

    def __init__(self, document) -> None:
        self.styles: dict[str, tuple[str | None, str | None]] = {}
        self.default: str | None = None
        # Most reports name no .VnTime/VNI font anywhere: then no run needs its font
        # resolved through the styles (2.5 of 28 ms per generated report).
        self.enabled = _names_legacy_font(document)
        if not self.enabled:
            return
        try:
            root = document.styles.element
        except Exception:
            return
        for style in root.findall(f"{W}style"):
            sid = style.get(f"{W}styleId")
            based = style.find(f"{W}basedOn")
            self.styles[sid] = (_rfont(style.find(f"{W}rPr")), based.get(f"{W}val") if based is not None else None)
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default = _rfont(defaults)
        for style in root.findall(f"{W}style"):
            if style.get(f"{W}default") == "1" and style.get(f"{W}type") == "paragraph":
                self.default = self.style_font(style.get(f"{W}styleId")) or self.default

    def style_font(self, sid: str | None, depth: int = 0) -> str | None:
        while sid and depth < 20:
            font, based = self.styles.get(sid, (None, None))
            if font:
                return font
            sid, depth = based, depth + 1
        return None

    def run_font(self, run, pstyle: str | None) -> str | None:
        """The font of a run (its own, its character style's, its paragraph style's, the default)."""
        rpr = run.find(W_RPR)
        font = _rfont(rpr)
        if font:
            return font
        if rpr is not None:
            rstyle = rpr.find(W_RSTYLE)
            if rstyle is not None:
                font = self.style_font(rstyle.get(W_VAL))
                if font:
                    return font
        return self.style_font(pstyle) or self.default


# In styles.xml only the fonts _Fonts reads: a style's run properties and the defaults.
# (Walking the whole styles tree cost 0.9 ms on Word's 341 kB styles.xml.)
STYLE_FONTS = etree.XPath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts | w:style/w:rPr/w:rFonts",
                          namespaces={"w": W[1:-1]})


def _names_legacy_font(document) -> bool:
    """Whether any part of the package (body, styles, headers, footers, …) names a legacy font."""
    try:
        parts = list(document.part.package.iter_parts())
    except Exception:
        return True  # cannot tell: resolve every run's font, as before
    for part in parts:
        if isinstance(part, LazyStylesPart) and not part.may_name_legacy_font():
            continue  # its bytes name none: it is not even parsed (docx_styles.py)
        try:
            element = getattr(part, "_element", None)
        except Exception:  # a styles.xml that does not parse: as if it named one
            return True
        if element is None:
            continue
        found = STYLE_FONTS(element) if isinstance(part, StylesPart) else element.iter(W_RFONTS)
        for fonts in found:
            if any(legacy_font(name)[0] for name in fonts.attrib.values()):
                return True
    return False


def _style_id(p) -> str | None:
    """The paragraph's `w:pStyle` value (None without one)."""
    ppr = p.find(W_PPR)
    style = ppr.find(W_PSTYLE) if ppr is not None else None
    return style.get(W_VAL) if style is not None else None


def _rfont(rpr) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(W_RFONTS)
    if fonts is None:
        return None
    return fonts.get(W_ASCII) or fonts.get(W_HANSI) or fonts.get(W_CS)


class _Reader:
    def __init__(self, document, builder: DocumentBuilder) -> None:
        self.fonts = _Fonts(document)
        self.builder = builder
        self.legacy: set[str] = set()
        self.has_fallback = True

    def read_part(self, element, part: str) -> None:
        """The blocks of the body, a header or a footer."""
        # A text box is stored twice (DrawingML choice and VML fallback): only its choice is
        # read. Most parts have none, and then no paragraph is searched for a fallback.
        self.has_fallback = next(element.iter(MC_FALLBACK), None) is not None
        self.blocks(element, part)

    def paragraph_text(self, p, pstyle: str | None = None) -> str:
        """The paragraph's text; `pstyle` is its style id when the caller looked it up already."""
        fonts = self.fonts if self.fonts.enabled else None
        if fonts is not None and pstyle is None:  # the style matters only for a legacy font it may name
            pstyle = _style_id(p)
        pieces: list[str] = []
        # (The set holds the elements themselves: lxml proxies keep their identity while referenced.)
        fallback = {r for fb in p.iter(MC_FALLBACK) for r in fb.iter(W_R)} if self.has_fallback else ()
        for run in p.iter(W_R):
            if fallback and run in fallback:
                continue
            text = []
            for child in run:
                if child.tag == W_T:
                    text.append(child.text or "")
                else:
                    mark = RUN_MARKS.get(child.tag)
                    if mark:
                        text.append(mark)
            chunk = "".join(text)
            if not chunk:
                continue
            if fonts is not None:
                encoding, upper = legacy_font(fonts.run_font(run, pstyle))
                if encoding:
                    self.legacy.add(encoding)
                    chunk = legacy.convert(chunk, encoding, upper=upper)
            pieces.append(chunk)
        return "".join(pieces)

    @staticmethod
    def paragraph_style(style_id: str | None) -> str:
        """A Block's style from the paragraph's style id: `heading` for the heading styles."""
        val = style_id or ""
        return "heading" if val.lower().startswith(("heading", "title", "tieude")) else val

    def blocks(self, container, part: str) -> None:
        """Paragraphs and tables of a body/header/footer/cell element, in order."""
        for child in container:
            tag = child.tag
            if tag == W_P:
                style_id = _style_id(child)
                text = self.paragraph_text(child, style_id)
                # Tabs inside a Word paragraph lay out columns (e.g. 'Số: 12\tĐồng Tháp, ngày…').
                self.builder.add_paragraph(text, part=part, style=self.paragraph_style(style_id))
            elif tag == W_TBL:
                self.table(child, part)
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    self.blocks(content, part)

    def cell_text(self, tc, nested: list) -> str:
        lines = []
        for child in tc:
            tag = child.tag
            if tag == W_P:
                lines.append(self.paragraph_text(child).replace("\t", " "))
            elif tag == W_TBL:
                nested.append(child)
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    lines.extend(self.paragraph_text(p) for p in content.findall(W_P))
        return "\n".join(line for line in lines if line.strip())

    def table(self, tbl, part: str) -> None:
        nested: list = []
        cells: list[TableCell] = []
        open_vmerge: dict[int, TableCell] = {}  # grid column -> cell still spanning down
        for r, tr in enumerate(tbl.iterchildren(W_TR)):
            trpr = tr.find(W_TRPR)
            is_header = False
            col = 0
            if trpr is not None:
                is_header = trpr.find(W_TBL_HEADER) is not None
                grid_before = trpr.find(W_GRID_BEFORE)
                if grid_before is not None:
                    col = int(grid_before.get(W_VAL) or 0)
            for tc in tr.iterchildren(W_TC):
                tcpr = tc.find(W_TCPR)
                span = 1
                vmerge = None
                if tcpr is not None:
                    gs = tcpr.find(W_GRID_SPAN)
                    if gs is not None:
                        try:
                            span = max(1, int(gs.get(W_VAL) or 1))
                        except ValueError:
                            span = 1
                    vm = tcpr.find(W_VMERGE)
                    if vm is not None:
                        vmerge = vm.get(W_VAL) or "continue"
                text = self.cell_text(tc, nested)
                if vmerge == "continue" and col in open_vmerge:
                    above = open_vmerge[col]
                    above.row_span = r - above.row + 1
                else:
                    cell = TableCell(text=text, row=r, col=col, col_span=span, is_header=is_header)
                    cells.append(cell)
                    for c in range(col, col + span):
                        open_vmerge.pop(c, None)
                    if vmerge == "restart":
                        open_vmerge[col] = cell
                col += span
        self.builder.add_table(cells, part=part)
        for inner in nested:
            self.table(inner, part)


def read_docx(path: Path, doc_id: str) -> Document:
    """Read a .docx; a broken or hostile archive gives a failed document, not an exception."""
    import docx  # python-docx

    use_lazy_styles()
    def failed(message: str) -> Document:
        return Document(doc_id=doc_id, path=str(path), format="docx", status="failed", error=message)

    try:
        with zipfile.ZipFile(path) as zf:
            check_zip(zf)
    except Refused as exc:
        return failed(exc.args[0])
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        return failed(errors.CORRUPT.format(detail=f"not a readable .docx archive ({exc})"))
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # lxml XMLSyntaxError (depth limit), KeyError for missing parts…
        return failed(errors.CORRUPT.format(detail=f"the .docx cannot be parsed ({type(exc).__name__}: {exc})"))
    builder = DocumentBuilder(doc_id=doc_id, path=str(path), format="docx")
    reader = _Reader(document, builder)
    seen: set[int] = set()
    for section in document.sections:
        for hdr in (section.first_page_header, section.header, section.even_page_header):
            _part_blocks(reader, hdr, HEADER, seen)
    reader.read_part(document.element.body, BODY)
    for section in document.sections:
        for hdr in (section.first_page_footer, section.footer, section.even_page_footer):
            _part_blocks(reader, hdr, FOOTER, seen)
    encoding = "tcvn3" if "tcvn3" in reader.legacy else "vni" if "vni" in reader.legacy else ""
    if not builder.blocks:
        return builder.build(encoding=encoding, status="failed", error=errors.NO_TEXT)
    return builder.build(encoding=encoding)


def _part_blocks(reader: _Reader, hdr, part: str, seen: set[int]) -> None:
    try:
        if hdr.is_linked_to_previous:
            return
        element = hdr._element
    except Exception:
        return
    if id(element) in seen:
        return
    seen.add(id(element))
    reader.read_part(element, part)
