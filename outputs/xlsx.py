"""solieu.xlsx: the run's tables as sheets an analyst can filter, sort and paste (issue 4, item 4).

- one sheet per table in TABLE_NAMES order, header row equal to the CSV header;
- numbers stored as numbers (`value`, `percent`, `char_start`, `size_bytes`, …,
  and every indicator column), converted from the canonical strings of the CSV;
- text never becomes a formula: formula-like text gets the leading `'` as in the
  CSV and every text cell is typed as a string;
- frozen header, autofilter, widths from the content (8–60 characters);
- a cell a check points at is filled (red error, orange warning, blue info) and
  carries the check's message as a comment; the check's `refs` cell links to it;
- the `indicators` sheet has a second header row with the Vietnamese label of
  every column (`Tổng số giáo viên có máy tính — Tỷ lệ %`), so a block of rows can
  be pasted under the ministry form's own headings; the filter sits on that row.

Written in openpyxl's write-only mode (rows streamed, not held as cell objects;
strings inline, so no shared-string table grows), to a temporary file renamed
over `solieu.xlsx` only when complete. `write_workbook` takes row sources, so
`solieu run` feeds it from disk a row at a time (solieu/batch.py).
"""

from __future__ import annotations

import datetime
import shutil
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
import regex
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from .columns import INDICATORS_LEAD_COLUMNS, TABLE_COLUMNS, TABLE_NAMES
from .safe import escape_formula_text, printable_text
from .write import atomic_path

NUMERIC_COLUMNS = {
    "documents": {"size_bytes", "pages", "n_figures", "n_references"},
    "figures": {"value", "upper", "total", "percent", "max_value", "page", "char_start", "char_end",
                "confidence"},
    "references": {"page", "char_start", "char_end"},
    "checks": set(),
}
SEVERITY_FILLS = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFE699"),
    "info": PatternFill("solid", fgColor="DDEBF7"),
}
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
HEADER_FONT = Font(bold=True)
MIN_WIDTH, MAX_WIDTH = 8, 60
EXCEL_MAX_ROWS = 1_048_576
# Excel keeps at most 32,767 characters in a cell; a longer snippet or error is cut.
MAX_CELL_TEXT = 32767
COMMENT_AUTHOR = "solieu"
# openpyxl holds a sheet's comments and links until the workbook is saved, so a campaign's
# 100,000 flagged cells would cost memory in proportion. Past these counts a sheet's cells
# are still coloured but carry no comment, and checks' refs no link (Excel itself refuses
# more than 65,530 links on a sheet); every message stays in the checks sheet.
MAX_COMMENTS = 10_000
MAX_LINKS = 65_530
# The workbook's creation/modification time and its zip entries' times: fixed, so two
# runs over the same inputs write the same bytes (diffable, cacheable).
FIXED_TIME = datetime.datetime(2000, 1, 1)
FIXED_TIME_TEXT = b"2000-01-01T00:00:00Z"
RE_MODIFIED = regex.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")

# Which cells of a record a check points at (figure_ids start with F, ref_ids with R);
# a percent above 100 is the `value` of a percent figure or the `percent` of a count.
CHECK_CELLS = {
    "percent_mismatch": ("percent",),
    "percent_over_100": ("value", "percent"),
    "total_below_count": ("total",),
    "sum_mismatch": ("value",),
    "symbol_date_conflict": ("issued_date",),
    "symbol_number_conflict": ("symbol",),
    "symbol_nonstandard": ("raw",),
    "date_blank_day": ("issued_date",),
}
DEFAULT_CHECK_CELL = {"figures": "value", "references": "symbol"}
ID_COLUMNS = {"figures": "figure_id", "references": "ref_id"}
# Above this an entry needs zip64 from its first byte (zipfile cannot switch half-way).
ZIP64_LIMIT = (1 << 31) - 1
# A check about the whole document (no refs) points at a cell of its documents row.
DOCUMENT_CHECK_CELLS = {
    "date_blank_day": (("documents", "issued_date"),),
    "duplicate_input": (("documents", "sha256"),),
    "form_incomplete": (("documents", "doc_id"), ("indicators", "doc_id")),
}


def to_number(text) -> int | Decimal | None:
    """A canonical number cell as a number for the sheet; None when the cell is empty or not a number.

    >>> to_number("1928"), to_number("45.3"), to_number(""), to_number("'=1")
    (1928, Decimal('45.3'), None, None)
    """
    if text is None or isinstance(text, bool) or (isinstance(text, float) and text != text):
        return None
    try:
        number = Decimal(str(text).strip())
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() and abs(number) < 10**15 else number


def text_cell(value) -> str:
    """A text cell's content: formula-like text neutralized, characters XML forbids removed."""
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    text = escape_formula_text(ILLEGAL_CHARACTERS_RE.sub("", printable_text(text)))
    return text[:MAX_CELL_TEXT]


def flagged_cells(checks) -> dict[tuple[str, str, str, str], list[dict]]:
    """(table, doc_id, record id, column) -> the checks pointing at that cell.

    `checks` is the checks frame, or a list of check rows (one document's, when streaming).
    """
    marks: dict[tuple[str, str, str, str], list[dict]] = defaultdict(list)
    if checks is None or not len(checks):
        return marks
    rows = checks.fillna("").to_dict("records") if isinstance(checks, pd.DataFrame) else checks
    for check in rows:
        refs = str(check["refs"]).replace(";", " ").replace(",", " ").split()
        for table, column in DOCUMENT_CHECK_CELLS.get(check["check"], ()) if not refs else ():
            marks[(table, check["doc_id"], check["doc_id"], column)].append(check)
        for ref in refs:
            table = "references" if ref.startswith("R") else "figures"
            columns = [c for c in CHECK_CELLS.get(check["check"], ()) if c in TABLE_COLUMNS[table]]
            for column in columns or [DEFAULT_CHECK_CELL[table]]:
                marks[(table, check["doc_id"], ref, column)].append(check)
    return marks


class ColumnWidths:
    """Width per column: the longest header, or the 95th percentile of the cells' lengths, within 8–60.

    Only a histogram of lengths is kept, so a sheet of a million rows costs a few kB.
    """

    def __init__(self, header_rows: list[list[str]]):
        self.header = [max(len(str(row[i])) for row in header_rows) for i in range(len(header_rows[0]))]
        self.lengths: list[Counter] = [Counter() for _ in self.header]
        self.n_rows = 0

    def add(self, values: list) -> None:
        for counter, value in zip(self.lengths, values):
            counter[len(value) if isinstance(value, str) else len(text_or_empty(value))] += 1
        self.n_rows += 1

    def widths(self) -> list[float]:
        return [float(min(MAX_WIDTH, max(MIN_WIDTH, header + 2, self._percentile(counter, 0.95) + 2)))
                for header, counter in zip(self.header, self.lengths)]

    def _percentile(self, counter: Counter, q: float) -> int:
        """As pandas' `quantile(q)` (linear interpolation) over the lengths, truncated to an int."""
        if not self.n_rows:
            return 0
        at = (self.n_rows - 1) * q
        low = int(at)
        a, b = self._kth(counter, low), self._kth(counter, min(low + 1, self.n_rows - 1))
        t = at - low
        return int(a + (b - a) * t if t < 0.5 else b - (b - a) * (1 - t))

    @staticmethod
    def _kth(counter: Counter, k: int) -> int:
        seen = 0
        for length in sorted(counter):
            seen += counter[length]
            if seen > k:
                return length
        return 0


def text_or_empty(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


@dataclass
class SheetSource:
    """One table for the workbook: its columns, how many rows, their widths, and the rows themselves.

    `rows` yields `(values, marks, link)`: the cells in column order, the checks
    pointing at each column (`{"percent": [check, …]}`), and for a check the cell
    its refs link to (`'figures'!I3`, or "").
    """

    table: str
    columns: list[str]
    n_rows: int
    widths: list[float]
    rows: Iterable[tuple[list, dict[str, list[dict]], str]]
    labels: dict[str, str] | None = None


def header_rows(columns: list[str], labels: dict[str, str] | None) -> list[list[str]]:
    return [columns] + ([[labels.get(c, "") for c in columns]] if labels is not None else [])


def annotate(table: str, record: dict, columns: list[str], marks, rows_at) -> tuple[list, dict, str]:
    """A record as a sheet row: its values, the checks flagging its cells, the link of a check's refs."""
    record_id = record.get(ID_COLUMNS.get(table, "doc_id"), "")
    doc_id = record.get("doc_id", "")
    cell_marks = {c: marks[key] for c in columns if (key := (table, doc_id, record_id, c)) in marks}
    link = check_link(record, rows_at) if table == "checks" and "refs" in columns else ""
    return [record.get(c, "") for c in columns], cell_marks, link


def frame_sources(frames: dict[str, pd.DataFrame],
                  indicator_labels: dict[str, str] | None = None) -> list[SheetSource]:
    """The sheets of whole tables held in memory (the Python API, tests)."""
    marks = flagged_cells(frames.get("checks"))
    rows_at = record_rows(frames, EXCEL_MAX_ROWS - 2)
    names = [n for n in TABLE_NAMES if n in frames] + [n for n in frames if n not in TABLE_NAMES]
    sources = []
    for name in names:
        frame = frames[name]
        columns = [str(c) for c in frame.columns]
        labels = indicator_labels if name == "indicators" else None
        records = frame.astype("object").where(frame.notna(), "").to_dict("records")
        widths = ColumnWidths(header_rows(columns, labels))
        rows = [annotate(name, record, columns, marks, rows_at) for record in records]
        for values, _, _ in rows:
            widths.add(values)
        sources.append(SheetSource(name, columns, len(rows), widths.widths(), rows, labels))
    return sources


def write_xlsx(frames: dict[str, pd.DataFrame], path: Path,
               indicator_labels: dict[str, str] | None = None) -> None:
    """Write `frames` (documents, figures, references, checks, indicators) as solieu.xlsx, atomically."""
    write_workbook(frame_sources(frames, indicator_labels), path)


def write_workbook(sources: Iterable[SheetSource], path: Path) -> None:
    """Write one sheet per source (continued on `figures (2)`, … past Excel's rows), atomically."""
    workbook = Workbook(write_only=True)
    # A sheet holds 1,048,576 rows; a bigger table continues on `figures (2)`, ….
    size = EXCEL_MAX_ROWS - 2
    for source in sources:
        _write_table(workbook, source, size)
    workbook.properties.created = FIXED_TIME
    with atomic_path(Path(path), ".xlsx") as tmp:
        raw = tmp.with_name(tmp.name + ".raw")
        try:
            workbook.save(raw)  # openpyxl streams the sheets from its own temporary files
            write_reproducible_zip(raw, tmp)
        finally:
            raw.unlink(missing_ok=True)


def write_reproducible_zip(source_path: Path, path: Path) -> None:
    """Copy the workbook zip with fixed entry times and document times, so equal runs give equal bytes.

    openpyxl stamps the save time into docProps/core.xml and every zip entry; the batch
    promises byte-identical output for 1 or N workers (tests/test_batch.py). Entries are
    copied in chunks: a campaign's figures sheet can be hundreds of MB of XML.
    """
    with zipfile.ZipFile(source_path) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            if info.filename == "docProps/core.xml":
                content = RE_MODIFIED.sub(rb"\g<1>" + FIXED_TIME_TEXT + rb"\g<2>", source.read(info))
                target.writestr(entry, content)
                continue
            entry.file_size = info.file_size
            with source.open(info) as data, target.open(entry, "w", force_zip64=info.file_size > ZIP64_LIMIT) as out:
                shutil.copyfileobj(data, out, 1 << 20)


def sheet_title(table: str, part: int) -> str:
    return table if part == 1 else f"{table} ({part})"


def sheet_row(index: int, table: str, size: int) -> tuple[str, int]:
    """(sheet title, row) of the `index`-th record of `table` (0-based), after its header row."""
    return sheet_title(table, index // size + 1), index % size + 2


def record_rows(frames: dict[str, pd.DataFrame], size: int) -> dict[tuple[str, str, str], tuple[str, int]]:
    """(table, doc_id, record id) -> (sheet title, row) of every figure and reference, for links."""
    rows = {}
    for table, id_column in (("figures", "figure_id"), ("references", "ref_id")):
        frame = frames.get(table)
        if frame is None or not len(frame):
            continue
        for i, (doc_id, record_id) in enumerate(zip(frame["doc_id"], frame[id_column])):
            rows[(table, doc_id, record_id)] = sheet_row(i, table, size)
    return rows


def check_link(check: dict, rows_at) -> str:
    """Where a check's first ref sits (`'figures'!I3`), or "" when it points at no record."""
    refs = str(check.get("refs", "")).replace(";", " ").replace(",", " ").split()
    if not refs:
        return ""
    table = "references" if refs[0].startswith("R") else "figures"
    found = rows_at.get((table, check.get("doc_id", ""), refs[0]))
    if not found:
        return ""
    columns = [c for c in CHECK_CELLS.get(check.get("check", ""), ()) if c in TABLE_COLUMNS[table]]
    column = TABLE_COLUMNS[table].index((columns or [DEFAULT_CHECK_CELL[table]])[0]) + 1
    return f"'{found[0]}'!{get_column_letter(column)}{found[1]}"


def _numeric_columns(name: str, columns: list[str]) -> set[str]:
    if name == "indicators":
        return set(columns) - set(INDICATORS_LEAD_COLUMNS)
    return NUMERIC_COLUMNS.get(name, set())


def _write_table(workbook: Workbook, source: SheetSource, size: int) -> None:
    name, columns = source.table, source.columns
    headers = header_rows(columns, source.labels)
    numeric = [column in _numeric_columns(name, columns) for column in columns]
    refs_at = columns.index("refs") + 1 if name == "checks" and "refs" in columns else 0
    rows = iter(source.rows)
    for part, start in enumerate(range(0, max(source.n_rows, 1), size), 1):
        count = min(size, source.n_rows - start)
        sheet = workbook.create_sheet(title=sheet_title(name, part)[:31])
        for i, width in enumerate(source.widths, 1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = f"A{len(headers) + 1}"
        last = f"{get_column_letter(max(1, len(columns)))}{len(headers) + count}"
        sheet.auto_filter.ref = f"A{len(headers)}:{last}"
        for header in headers:
            row = []
            for text in header:
                cell = WriteOnlyCell(sheet, text_cell(text))
                cell.data_type = "s"
                cell.font = HEADER_FONT
                row.append(cell)
            sheet.append(row)
        n_comments = n_links = 0
        for number in range(len(headers) + 1, len(headers) + 1 + count):
            values, marks, link = next(rows)
            cells = []
            for value, is_number, column in zip(values, numeric, columns):
                checks = marks.get(column)
                cells.append(_cell(sheet, value, is_number, checks, comment=n_comments < MAX_COMMENTS))
                n_comments += bool(checks)
            if link and n_links < MAX_LINKS:  # the refs cell of a check jumps to the cell it flags
                cells[refs_at - 1].hyperlink = Hyperlink(ref=f"{get_column_letter(refs_at)}{number}", location=link)
                n_links += 1
            sheet.append(cells)


def _cell(sheet, value, numeric: bool, checks: list[dict] | None, comment: bool = True) -> WriteOnlyCell:
    number = to_number(value) if numeric else None
    if number is not None:
        cell = WriteOnlyCell(sheet, number)
    else:
        # Text, or a numeric column holding a non-number: typed as a string, never a formula.
        cell = WriteOnlyCell(sheet, text_cell(value))
        cell.data_type = "s"
    if checks:
        worst = min(checks, key=lambda c: SEVERITY_RANK.get(c["severity"], 3))
        cell.fill = SEVERITY_FILLS.get(worst["severity"], SEVERITY_FILLS["info"])
        if not comment:
            return cell
        text = "\n".join(f"[{c['check']}] {c['message']}" for c in checks)
        cell.comment = Comment(text_cell(text)[:30000], COMMENT_AUTHOR, width=360, height=140)
    return cell
