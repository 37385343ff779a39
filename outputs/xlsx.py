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

Written with XlsxWriter in `constant_memory` mode: a row is flushed to the sheet's
temporary file as soon as the next one starts and strings are inline, so no cell
objects or shared-string table grow with the campaign (openpyxl's write-only mode
took ~23 s for a 1,000-report campaign, XlsxWriter a fraction of it). The file goes
to a temporary name renamed over `solieu.xlsx` only when complete. `write_workbook`
takes row sources, so `solieu run` feeds it from disk a row at a time
(outputs/run_files.py).
"""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from decimal import Decimal, InvalidOperation
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_col_to_name

from .columns import INDICATORS_LEAD_COLUMNS, TABLE_COLUMNS, TABLE_NAMES
from .safe import escape_formula_text, printable_text
from .write import atomic_path

if TYPE_CHECKING:  # frames only from the Python API; `solieu run` writes rows without pandas
    import pandas as pd

NUMERIC_COLUMNS = {
    "documents": {"size_bytes", "pages", "n_figures", "n_references"},
    "figures": {"value", "upper", "total", "percent", "max_value", "page", "char_start", "char_end",
                "confidence"},
    "references": {"page", "char_start", "char_end"},
    "checks": set(),
}
# Fill colours of a flagged cell, by the worst severity of the checks pointing at it.
SEVERITY_FILLS = {"error": "#FFC7CE", "warning": "#FFE699", "info": "#DDEBF7"}
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
MIN_WIDTH, MAX_WIDTH = 8, 60
EXCEL_MAX_ROWS = 1_048_576
# Excel keeps at most 32,767 characters in a cell; a longer snippet or error is cut.
MAX_CELL_TEXT = 32767
COMMENT_AUTHOR = "solieu"
# The writer holds a sheet's comments and links until the sheet is closed, so a campaign's
# 100,000 flagged cells would cost memory in proportion. Past these counts a sheet's cells
# are still coloured but carry no comment, and checks' refs no link (Excel itself refuses
# more than 65,530 links on a sheet); every message stays in the checks sheet.
MAX_COMMENTS = 10_000
MAX_LINKS = 65_530
COMMENT_SIZE = {"width": 360, "height": 140}  # pixels
# The workbook's creation/modification time, fixed so that two runs over the same inputs
# write the same bytes (diffable, cacheable); XlsxWriter fixes the zip entries' times itself.
FIXED_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
# Characters XML 1.0 cannot hold (the C0 controls but tab, LF, CR): removed from text cells.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
RE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")  # the above, and CR
# XlsxWriter writes an inline string that looks like rich-text XML (`<r>…</r>`) unescaped,
# as markup; such a text is written as a rich string holding the escaped text instead.
RICH_MARKUP = ("<r>", "</r>")
WORKBOOK_OPTIONS = {
    "constant_memory": True,  # one row in memory; strings inline, no shared-string table
    # Text is written with write_string and never converted: `=…` stays text, `0123` keeps
    # its zero, `http://…` is no link.
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "use_zip64": True,  # a campaign's figures sheet may pass 4 GB of XML; small entries are unchanged
}

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
    if text.__class__ is str:  # the usual cell: empty, or a plain count
        if not text:
            return None
        if len(text) < 16 and text.isascii() and text.isdigit():
            return int(text)
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
    if value.__class__ is str:
        text = printable_text(value)
    else:
        text = "" if value is None or (isinstance(value, float) and value != value) else printable_text(str(value))
    if RE_CONTROL.search(text):
        text = escape_formula_text(ILLEGAL_CHARACTERS_RE.sub("", text))
        # XML readers always got a CR as LF; XlsxWriter would keep it as `_x000D_`, which
        # Excel shows as a CR but openpyxl and pandas as those seven characters.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    else:
        text = escape_formula_text(text)
    return text if len(text) <= MAX_CELL_TEXT else text[:MAX_CELL_TEXT]


def flagged_cells(checks) -> dict[tuple[str, str, str, str], list[dict]]:
    """(table, doc_id, record id, column) -> the checks pointing at that cell.

    `checks` is the checks frame, or a list of check rows (one document's, when streaming).
    """
    marks: dict[tuple[str, str, str, str], list[dict]] = defaultdict(list)
    if checks is None or not len(checks):
        return marks
    rows = checks.fillna("").to_dict("records") if hasattr(checks, "to_dict") else checks  # a frame or rows
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
    path = Path(path)
    with atomic_path(path, ".xlsx") as tmp:
        # The sheets' rows wait in temporary files until close(); they go beside the
        # output (the run's staging folder), not to /tmp, and are removed however it ends.
        work = tempfile.mkdtemp(prefix=".solieu-xlsx-", dir=path.parent)
        try:
            workbook = Workbook(str(tmp), {**WORKBOOK_OPTIONS, "tmpdir": work})
            workbook.set_properties({"created": FIXED_TIME})
            formats = _Formats(workbook)
            # A sheet holds 1,048,576 rows; a bigger table continues on `figures (2)`, ….
            size = EXCEL_MAX_ROWS - 2
            for source in sources:
                _write_table(workbook, source, size, formats)
            workbook.close()
        finally:
            shutil.rmtree(work, ignore_errors=True)


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
    return f"'{found[0]}'!{xl_col_to_name(column - 1)}{found[1]}"


def _numeric_columns(name: str, columns: list[str]) -> set[str]:
    if name == "indicators":
        return set(columns) - set(INDICATORS_LEAD_COLUMNS)
    return NUMERIC_COLUMNS.get(name, set())


class _Formats:
    """The workbook's cell formats: bold header, and the fill of each severity."""

    def __init__(self, workbook: Workbook):
        self.header = workbook.add_format({"bold": True})
        self.fills = {severity: workbook.add_format({"pattern": 1, "bg_color": color})
                      for severity, color in SEVERITY_FILLS.items()}

    def fill(self, checks: list[dict]):
        worst = min(checks, key=lambda c: SEVERITY_RANK.get(c["severity"], 3))
        return self.fills.get(worst["severity"], self.fills["info"])


def _write_table(workbook: Workbook, source: SheetSource, size: int, formats: _Formats) -> None:
    name, columns = source.table, source.columns
    headers = header_rows(columns, source.labels)
    numeric = [column in _numeric_columns(name, columns) for column in columns]
    refs_at = columns.index("refs") if name == "checks" and "refs" in columns else -1
    # (column index, column name, numeric?) of each cell of a row.
    cells = list(zip(range(len(columns)), columns, numeric))
    rows = iter(source.rows)
    top = len(headers)  # 0-based index of the first data row
    for part, start in enumerate(range(0, max(source.n_rows, 1), size), 1):
        count = min(size, source.n_rows - start)
        sheet = workbook.add_worksheet(sheet_title(name, part)[:31])
        for i, width in enumerate(source.widths):
            sheet.set_column(i, i, width)
        sheet.freeze_panes(top, 0)
        sheet.autofilter(top - 1, 0, top - 1 + count, max(1, len(columns)) - 1)
        for r, header in enumerate(headers):
            for c, text in enumerate(header):
                _write_text(sheet, r, c, text_cell(text), formats.header)
        write_number = sheet.write_number
        n_comments = n_links = 0
        for row in range(top, top + count):
            values, marks, link = next(rows)
            for (col, column, is_number), value in zip(cells, values):
                checks = marks.get(column) if marks else None
                fill = formats.fill(checks) if checks else None
                number = to_number(value) if is_number else None
                if number is not None:
                    write_number(row, col, number, fill)
                elif col == refs_at and link and n_links < MAX_LINKS:
                    # The refs cell of a check jumps to the cell it flags.
                    sheet.write_url(row, col, "internal:" + link, fill, _inline_text(text_cell(value)) or link)
                    n_links += 1
                else:
                    # Text, or a numeric column holding a non-number: a string, never a formula.
                    _write_text(sheet, row, col, text_cell(value), fill)
                if checks:
                    if n_comments < MAX_COMMENTS:
                        text = "\n".join(f"[{c['check']}] {c['message']}" for c in checks)
                        sheet.write_comment(row, col, text_cell(text)[:30000],
                                            {"author": COMMENT_AUTHOR, **COMMENT_SIZE})
                    n_comments += 1


def _write_text(sheet, row: int, col: int, text: str, cell_format=None) -> None:
    if text:
        sheet.write_string(row, col, _inline_text(text), cell_format)
    elif cell_format is not None:
        sheet.write_blank(row, col, None, cell_format)


def _inline_text(text: str) -> str:
    """`text` as XlsxWriter's inline string: as is, unless it would be taken for rich-text markup."""
    if not (text.startswith(RICH_MARKUP[0]) and text.endswith(RICH_MARKUP[1])):
        return text
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    while True:  # the markup and escapes must fit Excel's 32,767 characters, or XlsxWriter cuts them
        rich = f'<r><t xml:space="preserve">{escaped}</t></r>'
        excess = len(rich.encode("utf-16-le", "surrogatepass")) // 2 - MAX_CELL_TEXT
        if excess <= 0:
            return rich
        escaped = escaped[:-excess]
        escaped = escaped[:escaped.rfind("&")] if escaped.rfind("&") > escaped.rfind(";") else escaped
