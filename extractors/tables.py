"""Table rows as figures: the header says what each column holds.

`Số lượng | Tỷ lệ %` (Phụ lục 3 of QĐ 131): a count and its share in one row
become one count with `percent`. `Điểm tối đa | … | Điểm tự đánh giá` (QĐ 4725
self-assessment): a score with its `max_value`. A row repeating the header
words (seed 000's section rows) starts a new group.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from solieu.ingest.model import TABLE, Cell, Document
from solieu.normalizers.numbers import NUMBER, parse_vi_number
from solieu.normalizers.qualifiers import qualifier_words
from solieu.normalizers.units import unit_in_label

from .records import Figure

RE_LIST_NUMBER = regex.compile(r"^[ *]*(?:\d{1,2}[.)]?(?:\d{1,2}\.?)*|[IVX]{1,4}\.|[a-zđ]\))[ \t]+")
RE_CELL_NUMBER = regex.compile(rf"^[ ]*(?P<num>{NUMBER})[ ]*(?P<pct>%)?[ ]*$")
# A number written inside a label: `Số nền tảng: 01 (VNPT E-Learning)`.
RE_LABEL_NUMBER = regex.compile(rf":[ ]*(?P<num>{NUMBER})(?![\d/.,])")
# `Số lượng (ước tính) người học, phụ huynh hài lòng …` (seed 000 PL3): a qualifier in brackets.
RE_LABEL_QUALIFIER = regex.compile(r"\([ ]?(?P<q>\p{L}[\p{L} ]{1,20}?)[ ]?\)")

ROLE_WORDS = (
    ("percent", regex.compile(r"tỷ[ ]?lệ|tỉ[ ]?lệ|%", regex.IGNORECASE)),
    ("max", regex.compile(r"điểm[ ]tối[ ]đa", regex.IGNORECASE)),
    ("score", regex.compile(r"(?:nhà[ ]trường|đơn[ ]vị|cơ[ ]sở)[ ]tự[ ]đánh[ ]giá|điểm[ ]đạt", regex.IGNORECASE)),
    ("count", regex.compile(r"số[ ]lượng|^số[ ]\p{L}+|kết[ ]quả[ ]số", regex.IGNORECASE)),
)
RE_ROW_NUMBER = regex.compile(r"[\dIVX.]{1,6}")


def header_roles(row: list[Cell]) -> dict[int, str] | None:
    """Column → role for a header row; None when the row is not a header."""
    roles: dict[int, str] = {}
    for cell in row:
        if RE_CELL_NUMBER.match(cell.text):
            return None
        for role, pattern in ROLE_WORDS:
            if pattern.search(cell.text) and cell.col > 0:
                roles.setdefault(cell.col, role)
                break
    return roles or None


def label_qualifier(label: str) -> str:
    """The qualifier a row label states in brackets: `Số lượng (ước tính) người học` → `about`."""
    for match in RE_LABEL_QUALIFIER.finditer(label):
        qualifier = qualifier_words().get(match["q"].lower())
        if qualifier:
            return qualifier
    return ""


def clean_label(text: str) -> str:
    return RE_LIST_NUMBER.sub("", text).strip(" :;-*\t")


TableRows = list[list[tuple[list[Cell], dict[int, str] | None]]]


def table_rows(doc: Document) -> TableRows:
    """Every table's rows, each with its header roles (None for a data row).

    rubric_spans and find_table_figures both walk them: find_figures makes them once.
    """
    return [[(row, header_roles(row) if row else None) for row in block.rows()]
            for block in doc.blocks if block.kind == TABLE]


def rubric_spans(tables: TableRows) -> list[tuple[int, int]]:
    """Cells of a self-assessment form that state its scale, not its results.

    Under `Điểm tối đa | Điểm thành phần | … | Điểm nhà trường tự đánh giá` (seed 004,
    QĐ 4725) the middle columns say `Tối đa 6 điểm`, `<30%: tối đa 2 điểm`: the rubric.
    Only the label, maximum and self-assessed columns carry the unit's own figures.
    """
    spans: list[tuple[int, int]] = []
    for rows in tables:
        roles: dict[int, str] = {}
        for row, found in rows:
            if found:
                roles = found
                continue
            if "score" not in roles.values():
                continue
            label_col = min((c.col for c in row if c.text.strip() and not RE_CELL_NUMBER.match(c.text)
                             and not RE_ROW_NUMBER.fullmatch(c.text.strip())), default=-1)
            spans += [(c.start, c.end) for c in row if c.col != label_col and c.col not in roles]
    return spans


def find_table_figures(doc: Document, tables: TableRows | None = None) -> Iterator[Figure]:
    """Figures of every table's data rows, with labels and header roles (`tables`: `table_rows(doc)` if made already)."""
    for rows in table_rows(doc) if tables is None else tables:
        roles: dict[int, str] = {}
        headers: dict[int, str] = {}
        for row, found in rows:
            if not row:
                continue
            if found:
                roles = found
                headers = {c.col: c.text for c in row}
                continue
            if not roles:
                continue
            yield from _row_figures(doc, row, roles, headers)


def _row_figures(doc: Document, row: list[Cell], roles: dict[int, str],
                 headers: dict[int, str] | None = None) -> Iterator[Figure]:
    label_cell = next((c for c in row if c.text.strip() and not RE_CELL_NUMBER.match(c.text)
                       and not RE_ROW_NUMBER.fullmatch(c.text.strip())), None)
    label = clean_label(label_cell.text) if label_cell else ""
    values: dict[str, tuple[Cell, object]] = {}
    for cell in row:
        role = roles.get(cell.col)
        match = RE_CELL_NUMBER.match(cell.text)
        if role and match:
            values.setdefault(role, (cell, parse_vi_number(match["num"], percent_context=role == "percent")))
    count_columns = [col for col, role in roles.items() if role == "count"]
    if len(count_columns) > 1 and "score" not in values:
        yield from _count_columns(doc, row, count_columns, label, headers or {})
        return
    count = values.get("count")
    share = values.get("percent")
    score = values.get("score")
    maximum = values.get("max")
    snippet = " ".join(" ".join(c.text for c in row).split())[:240]
    if score and "điểm" in " ".join(roles.values()) or score:
        cell, value = score
        page, location = doc.page_and_location(cell.start)
        yield Figure(kind="score", value=value, unit="điểm", char_start=cell.start, char_end=cell.end,
                     max_value=maximum[1] if maximum else None, label=label, source="table",
                     page=page, location=location, snippet=snippet)
        return
    if count is None and label_cell is not None:
        inside = RE_LABEL_NUMBER.search(label_cell.text)
        if inside:
            start = label_cell.start + inside.start("num")
            end = label_cell.start + inside.end("num")
            page, location = doc.page_and_location(start)
            label = clean_label(label_cell.text[:inside.start()])
            yield Figure(kind="count", value=parse_vi_number(inside["num"]), unit=unit_in_label(label),
                         char_start=start, char_end=end, label=label, source="table",
                         percent=share[1] if share else None, page=page, location=location, snippet=snippet)
            return
    if count is not None:
        cell, value = count
        page, location = doc.page_and_location(cell.start)
        yield Figure(kind="count", value=value, unit=unit_in_label(label), char_start=cell.start,
                     char_end=cell.end, percent=share[1] if share else None, label=label,
                     qualifier=label_qualifier(label),
                     source="table", page=page, location=location, snippet=snippet)
    elif share is not None:
        cell, value = share
        page, location = doc.page_and_location(cell.start)
        yield Figure(kind="percent", value=value, unit="%", char_start=cell.start, char_end=cell.end,
                     label=label, qualifier=label_qualifier(label), source="table", page=page, location=location, snippet=snippet)


def _count_columns(doc: Document, row: list[Cell], columns: list[int], label: str,
                   headers: dict[int, str]) -> Iterator[Figure]:
    """`Đơn vị | Số trường | Số giáo viên`: one count per column, its noun named by the header.

    The label joins the column header and the row label (`Số giáo viên – Huyện A`)
    so that each figure says what it counts and for whom.
    """
    snippet = " ".join(" ".join(c.text for c in row).split())[:240]
    for cell in row:
        match = RE_CELL_NUMBER.match(cell.text)
        if cell.col not in columns or not match or match["pct"]:
            continue
        header = clean_label(headers.get(cell.col, ""))
        page, location = doc.page_and_location(cell.start)
        yield Figure(kind="count", value=parse_vi_number(match["num"]),
                     unit=unit_in_label(header) or unit_in_label(label),
                     char_start=cell.start + match.start("num"), char_end=cell.start + match.end("num"),
                     label=f"{header} – {label}" if header and label else header or label,
                     qualifier=label_qualifier(header) or label_qualifier(label), source="table",
                     page=page, location=location,
                     snippet=snippet)
