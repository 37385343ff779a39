"""The document model every reader produces and every extractor reads.

A `Document` is one input file: its whole text (`Document.text`, NFC, legacy
fonts already converted) and the ordered `Block`s that make it up. Each block
knows where it came from (`Location`) and where its text sits in
`Document.text` (`start`, `end`), so any character offset leads back to a page,
paragraph or table cell.

Tables are laid out in `Document.text` one row per line, cells separated by a
tab; a merged cell appears once (in its top-left position) with its spans.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterator

# Block kinds.
PARAGRAPH = "paragraph"
TABLE = "table"

# Parts of a page a block can come from.
BODY = "body"
HEADER = "header"
FOOTER = "footer"

CELL_SEPARATOR = "\t"
ROW_SEPARATOR = "\n"
BLOCK_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a block or cell stands in the source file.

    `page` is 1-based (None for formats without pages, i.e. .txt and .docx);
    `block` is the 0-based index of the block in the document; `table`, `row`
    and `col` are 1-based and set only for table content.
    """

    page: int | None = None
    block: int = 0
    part: str = BODY
    table: int | None = None
    row: int | None = None
    col: int | None = None
    paragraph: int | None = None  # 1-based paragraph number within its page (or document)

    def describe(self) -> str:
        """Human-readable location for figures.csv: `p.2 table 1 row 3`, `p.1 para 14`.

        >>> Location(page=2, table=1, row=3, col=2).describe()
        'p.2 table 1 row 3 col 2'
        >>> Location(page=None, paragraph=14).describe()
        'para 14'
        """
        bits: list[str] = []
        if self.page is not None:
            bits.append(f"p.{self.page}")
        if self.part != BODY:
            bits.append(self.part)
        if self.table is not None:
            bits.append(f"table {self.table}")
            if self.row is not None:
                bits.append(f"row {self.row}")
            if self.col is not None:
                bits.append(f"col {self.col}")
        elif self.paragraph is not None:
            bits.append(f"para {self.paragraph}")
        return " ".join(bits)


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its text and where it sits, in the grid and in `Document.text`.

    `row` and `col` are 0-based grid positions of the cell's top-left corner.
    """

    text: str
    row: int
    col: int
    start: int
    end: int
    row_span: int = 1
    col_span: int = 1
    is_header: bool = False  # set by readers when the source marks it (docx tblHeader, pdf repeat)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or a table, in document order.

    `text` equals `Document.text[start:end]`. For tables, `cells` holds every
    cell in row-major order; `n_rows`/`n_cols` give the grid size.
    """

    kind: str
    text: str
    start: int
    end: int
    location: Location
    cells: tuple[Cell, ...] = ()
    n_rows: int = 0
    n_cols: int = 0
    style: str = ""  # e.g. docx paragraph style name, "heading", "list"
    confidence: float | None = None  # OCR mean confidence 0..1 for OCRed blocks
    _cell_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.cells:
            object.__setattr__(self, "_cell_starts", tuple(c.start for c in self.cells))

    def cell_at(self, offset: int) -> Cell | None:
        """The cell whose text contains `offset` (an empty cell holds the separator after it).

        Cells stand in text order (DocumentBuilder lays them out row by row), so the
        only candidate is the last one starting at or before `offset`: a bisect, not a
        walk through a 100-cell table for every figure in it.
        """
        i = bisect.bisect_right(self._cell_starts, offset) - 1
        if i < 0:
            return None
        cell = self.cells[i]
        return cell if offset < max(cell.end, cell.start + 1) else None

    def rows(self) -> list[list[Cell]]:
        """Cells grouped by the row they start in, each row ordered by column."""
        grid: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            grid[cell.row].append(cell)
        for row in grid:
            row.sort(key=lambda c: c.col)
        return grid


@dataclass(frozen=True, slots=True)
class Document:
    """One input file, read: text, blocks and what ingest learned about the file."""

    doc_id: str
    path: str
    format: str  # txt | docx | pdf | doc | (the extension) for skipped files
    text: str = ""
    blocks: tuple[Block, ...] = ()
    pages: int | None = None
    encoding: str = ""  # detected for .txt; tcvn3 / vni when legacy-font text was converted
    ocr: bool = False
    status: str = "ok"  # ok | partial | failed | skipped
    error: str = ""
    sha256: str = ""
    size_bytes: int = 0
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(b.start for b in self.blocks))

    def block_at(self, offset: int) -> Block | None:
        """The block whose text contains `offset` (None between blocks)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        block = self.blocks[i]
        return block if block.start <= offset < max(block.end, block.start + 1) else None

    def cell_at(self, offset: int) -> Cell | None:
        """The table cell whose text contains `offset`, if any."""
        block = self.block_at(offset)
        if block is None or block.kind != TABLE:
            return None
        return block.cell_at(offset)

    def location_at(self, offset: int) -> Location | None:
        """Provenance of the character at `offset`: the block's location, narrowed to a cell."""
        block = self.block_at(offset)
        if block is None:
            return None
        cell = block.cell_at(offset) if block.kind == TABLE else None
        if cell is None:
            return block.location
        loc = block.location
        return Location(page=loc.page, block=loc.block, part=loc.part, table=loc.table,
                        row=cell.row + 1, col=cell.col + 1)

    def page_and_location(self, offset: int) -> tuple[int | None, str]:
        """A record's `page` and `location` columns for `offset`: (None, "") outside every block."""
        location = self.location_at(offset)
        return (location.page, location.describe()) if location else (None, "")

    def tables(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind == TABLE)

    def paragraphs(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind == PARAGRAPH)
