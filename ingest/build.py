"""Assemble blocks into one `Document.text` with exact offsets.

Every reader (txt, docx, pdf, ocr) feeds paragraphs and tables to one
`DocumentBuilder`, so the layout of `Document.text` is the same whatever the
format: blocks separated by a blank line, table rows by a newline, cells by a
tab. Text is normalized (NFC, `Ð` read as `Đ`) before it is placed, so offsets
always point into the final text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import (BLOCK_SEPARATOR, BODY, CELL_SEPARATOR, PARAGRAPH, ROW_SEPARATOR, TABLE,
                    Block, Cell, Document, Location)
from .text import clean_text


@dataclass(slots=True)
class TableCell:
    """A cell as a reader sees it, before offsets are known (0-based grid position)."""

    text: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    is_header: bool = False


@dataclass
class DocumentBuilder:
    """Collects blocks in reading order and produces the final `Document`."""

    doc_id: str
    path: str
    format: str
    _parts: list[str] = field(default_factory=list)
    _length: int = 0
    _blocks: list[Block] = field(default_factory=list)
    _tables: int = 0
    _paragraphs_on_page: dict[int | None, int] = field(default_factory=dict)

    def _place(self, text: str) -> int:
        """Append `text` (after a block separator) and return its start offset."""
        if self._parts:
            self._parts.append(BLOCK_SEPARATOR)
            self._length += len(BLOCK_SEPARATOR)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start

    def add_paragraph(self, text: str, *, page: int | None = None, part: str = BODY,
                      style: str = "", confidence: float | None = None) -> Block | None:
        """Add one paragraph; blank paragraphs are dropped (they carry nothing)."""
        text = clean_text(text).strip()
        if not text:
            return None
        number = self._paragraphs_on_page.get(page, 0) + 1
        self._paragraphs_on_page[page] = number
        start = self._place(text)
        block = Block(kind=PARAGRAPH, text=text, start=start, end=start + len(text),
                      location=Location(page=page, block=len(self._blocks), part=part,
                                        paragraph=number),
                      style=style, confidence=confidence)
        self._blocks.append(block)
        return block

    def add_table(self, cells: list[TableCell], *, page: int | None = None, part: str = BODY,
                  confidence: float | None = None) -> Block | None:
        """Add one table from its cells (any order; each merged cell given once)."""
        cells = [c for c in cells if c.row >= 0 and c.col >= 0]
        if not cells:
            return None
        n_rows = max(c.row + c.row_span for c in cells)
        n_cols = max(c.col + c.col_span for c in cells)
        by_row: dict[int, list[TableCell]] = {}
        for c in cells:
            by_row.setdefault(c.row, []).append(c)
        # Lay the table out row by row; a row with no starting cell is an empty line.
        pieces: list[str] = []
        offset = 0
        placed: list[tuple[TableCell, str, int]] = []
        for r in range(n_rows):
            if r:
                pieces.append(ROW_SEPARATOR)
                offset += len(ROW_SEPARATOR)
            row_cells = sorted(by_row.get(r, []), key=lambda c: c.col)
            for i, c in enumerate(row_cells):
                if i:
                    pieces.append(CELL_SEPARATOR)
                    offset += len(CELL_SEPARATOR)
                # Cell text keeps its inner line breaks as spaces: one row, one line.
                text = " ".join(clean_text(c.text).split())
                placed.append((c, text, offset))
                pieces.append(text)
                offset += len(text)
        table_text = "".join(pieces)
        if not table_text.strip():
            return None
        self._tables += 1
        start = self._place(table_text)
        final = tuple(Cell(text=text, row=c.row, col=c.col, start=start + off,
                           end=start + off + len(text), row_span=c.row_span,
                           col_span=c.col_span, is_header=c.is_header)
                      for c, text, off in placed)
        block = Block(kind=TABLE, text=table_text, start=start, end=start + len(table_text),
                      location=Location(page=page, block=len(self._blocks), part=part,
                                        table=self._tables),
                      cells=final, n_rows=n_rows, n_cols=n_cols, confidence=confidence)
        self._blocks.append(block)
        return block

    @property
    def blocks(self) -> list[Block]:
        return self._blocks

    def build(self, **fields) -> Document:
        """The finished document; `fields` are the other `Document` attributes."""
        return Document(doc_id=self.doc_id, path=self.path, format=self.format,
                        text="".join(self._parts), blocks=tuple(self._blocks), **fields)
