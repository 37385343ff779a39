"""solieu.xlsx: sheets, numbers, frozen header, filter, widths, flagged cells, indicators header."""

import openpyxl
import pandas as pd
import pytest

from solieu.extractors.indicators import load_catalog
from solieu.outputs.columns import CHECKS_COLUMNS, DOCUMENTS_COLUMNS, FIGURES_COLUMNS, REFERENCES_COLUMNS, \
    TABLE_NAMES
from solieu.outputs.indicators import indicator_columns, indicator_labels
from solieu.outputs.xlsx import to_number, write_xlsx


def frame(columns, rows):
    return pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=list(columns), dtype="object")


@pytest.fixture
def workbook(tmp_path):
    catalog = load_catalog()
    frames = {
        "documents": frame(DOCUMENTS_COLUMNS, [{"doc_id": "000.txt", "size_bytes": "17234", "pages": "3",
                                                "issued_date": "2024-02", "n_figures": "2"}]),
        "figures": frame(FIGURES_COLUMNS, [
            {"doc_id": "000.txt", "figure_id": "F0001", "kind": "count", "value": "64", "percent": "100",
             "indicator": "teachers_with_computer", "label": "Tổng số giáo viên có máy tính", "char_start": "95"},
            {"doc_id": "000.txt", "figure_id": "F0002", "kind": "count", "value": "1450", "percent": "91",
             "label": "Số lượng học sinh tham gia sử dụng nền tảng", "char_start": "1203"}]),
        "references": frame(REFERENCES_COLUMNS, [{"doc_id": "000.txt", "ref_id": "R0001", "symbol": "26/KH-THCSLU",
                                                  "raw": "26/ KH-THCSLU", "char_start": "40"}]),
        "checks": frame(CHECKS_COLUMNS, [
            {"doc_id": "000.txt", "check": "percent_mismatch", "severity": "warning",
             "message": "Tỷ lệ ghi 91% …", "refs": "F0002 F0001"},
            {"doc_id": "000.txt", "check": "symbol_nonstandard", "severity": "info",
             "message": "Số, ký hiệu «26/ KH-THCSLU» …", "refs": "R0001"},
            {"doc_id": "000.txt", "check": "date_blank_day", "severity": "info",
             "message": "Ngày ban hành … để trống ngày", "refs": ""},
            {"doc_id": "000.txt", "check": "form_incomplete", "severity": "warning",
             "message": "Báo cáo theo biểu Phụ lục 3 … nhưng thiếu 12 dòng", "refs": ""}]),
        "indicators": frame(indicator_columns(catalog), [{"doc_id": "000.txt", "teachers_with_computer": "64",
                                                          "teachers_with_computer_pct": "100"}]),
    }
    path = tmp_path / "solieu.xlsx"
    write_xlsx(frames, path, indicator_labels(catalog))
    return openpyxl.load_workbook(path)


def test_xlsx_one_sheet_per_table_in_order(workbook):
    assert workbook.sheetnames == list(TABLE_NAMES)


@pytest.mark.parametrize("sheet,columns", [("documents", DOCUMENTS_COLUMNS), ("figures", FIGURES_COLUMNS),
                                           ("references", REFERENCES_COLUMNS), ("checks", CHECKS_COLUMNS)])
def test_xlsx_header_equals_contract_frozen_and_filtered(workbook, sheet, columns):
    ws = workbook[sheet]
    assert tuple(c.value for c in ws[1]) == columns
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")


@pytest.mark.parametrize("sheet,address,number", [
    ("documents", "E2", 17234), ("documents", "F2", 3),
    ("figures", "D2", 64), ("figures", "I3", 91), ("figures", "Q3", 1203),
])
def test_xlsx_numbers_stored_as_numbers(workbook, sheet, address, number):
    value = workbook[sheet][address].value
    assert isinstance(value, int) and value == number


def test_xlsx_widths_are_readable(workbook):
    widths = [d.width for d in workbook["figures"].column_dimensions.values()]
    assert widths and all(8 <= w <= 60 for w in widths)


@pytest.mark.parametrize("sheet,address,check", [
    ("figures", "I3", "percent_mismatch"),   # the stated 91% of F0002
    ("figures", "I2", "percent_mismatch"),   # and the base 100% row it was compared with
    ("references", "K2", "symbol_nonstandard"),  # raw of R0001
    ("documents", "P2", "date_blank_day"),   # issued_date of the document
    ("indicators", "A3", "form_incomplete"),  # the document's row of the indicators sheet
])
def test_xlsx_flagged_cells_are_filled_with_message_comment(workbook, sheet, address, check):
    cell = workbook[sheet][address]
    assert cell.fill.fill_type == "solid"
    assert cell.comment is not None and f"[{check}]" in cell.comment.text


def test_xlsx_unflagged_cell_is_plain(workbook):
    cell = workbook["figures"]["L2"]  # label of F0001
    assert cell.fill.fill_type is None and cell.comment is None


def test_xlsx_indicators_sheet_has_vietnamese_label_row(workbook):
    ws = workbook["indicators"]
    keys = [c.value for c in ws[1]]
    labels = [c.value for c in ws[2]]
    assert keys[:5] == ["doc_id", "issuer", "issued_date", "teachers_with_computer", "teachers_with_computer_pct"]
    assert labels[3] == "Tổng số giáo viên có máy tính"
    assert labels[4] == "Tổng số giáo viên có máy tính — Tỷ lệ %"
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref.startswith("A2:")
    assert ws["D3"].value == 64 and ws["E3"].value == 100


@pytest.mark.parametrize("text,number", [("1928", 1928), ("45.3", 45.3), ("29000000000", 29000000000),
                                         ("", None), ("'=1", None), ("NaN", None)])
def test_xlsx_to_number(text, number):
    value = to_number(text)
    assert (value is None and number is None) or float(value) == number


def test_xlsx_table_longer_than_a_sheet_continues_on_the_next(tmp_path, monkeypatch):
    from solieu.outputs import xlsx
    monkeypatch.setattr(xlsx, "EXCEL_MAX_ROWS", 5)  # 3 data rows per sheet
    rows = [{"doc_id": "a.txt", "figure_id": f"F{i:04d}", "value": str(i)} for i in range(1, 8)]
    write_xlsx({"figures": frame(FIGURES_COLUMNS, rows)}, tmp_path / "solieu.xlsx")
    book = openpyxl.load_workbook(tmp_path / "solieu.xlsx")
    assert book.sheetnames == ["figures", "figures (2)", "figures (3)"]
    values = [r[3] for name in book.sheetnames for r in book[name].iter_rows(min_row=2, values_only=True)]
    assert values == list(range(1, 8))


def test_xlsx_check_refs_link_to_the_flagged_cell(workbook):
    checks = workbook["checks"]
    assert checks["E2"].hyperlink.location == "'figures'!I3"   # percent_mismatch → F0002's percent
    assert checks["E3"].hyperlink.location == "'references'!K2"  # symbol_nonstandard → R0001's raw
    assert checks["E4"].hyperlink is None                       # a document-level check


def test_xlsx_past_the_comment_cap_cells_are_coloured_without_comment(tmp_path, monkeypatch):
    from solieu.outputs import xlsx
    monkeypatch.setattr(xlsx, "MAX_COMMENTS", 4)  # 2 rows × (value, percent); a campaign's 100,000 flagged cells: memory stays bounded
    monkeypatch.setattr(xlsx, "MAX_LINKS", 1)
    rows = [{"doc_id": "a.txt", "figure_id": f"F{i:04d}", "kind": "percent", "value": "120"} for i in range(1, 5)]
    checks = [{"doc_id": "a.txt", "check": "percent_over_100", "severity": "error",
               "message": f"Tỷ lệ 120% ({i})", "refs": f"F{i:04d}"} for i in range(1, 5)]
    write_xlsx({"figures": frame(FIGURES_COLUMNS, rows), "checks": frame(CHECKS_COLUMNS, checks)},
               tmp_path / "solieu.xlsx")
    book = openpyxl.load_workbook(tmp_path / "solieu.xlsx")
    values = [book["figures"].cell(row=r, column=4) for r in range(2, 6)]
    assert [c.fill.fill_type for c in values] == ["solid"] * 4
    assert [c.comment is not None for c in values] == [True, True, False, False]
    assert [book["checks"].cell(row=r, column=5).hyperlink is not None for r in range(2, 6)] == \
        [True, False, False, False]
