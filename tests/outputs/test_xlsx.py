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
    # Excel stores a width with its cell padding (8 characters -> 8.7109375).
    widths = [d.width for d in workbook["figures"].column_dimensions.values()]
    assert widths and all(8 <= int(w) <= 60 for w in widths)


def test_xlsx_widths_are_those_computed_from_the_content(tmp_path):
    rows = [{"doc_id": "000.txt", "figure_id": "F0001", "label": "x" * 30, "snippet": "y" * 200, "value": "1"}]
    write_xlsx({"figures": frame(FIGURES_COLUMNS, rows)}, tmp_path / "solieu.xlsx")
    dims = openpyxl.load_workbook(tmp_path / "solieu.xlsx")["figures"].column_dimensions
    shown = {column: int(d.width) for d in dims.values() for column in range(d.min, d.max + 1)}
    assert sorted(shown) == list(range(1, len(FIGURES_COLUMNS) + 1))
    at = {name: shown[i] for i, name in enumerate(FIGURES_COLUMNS, 1)}
    assert at["label"] == 32      # 30 characters + 2
    assert at["snippet"] == 60    # capped
    assert at["figure_id"] == 11  # its header + 2
    assert at["value"] == 8       # the minimum


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


@pytest.mark.parametrize("sheet,address,color", [
    ("figures", "I3", "FFE699"),     # warning: orange
    ("references", "K2", "DDEBF7"),  # info: blue
])
def test_xlsx_fill_colour_is_the_severity(workbook, sheet, address, color):
    assert workbook[sheet][address].fill.fgColor.rgb[-6:] == color


def test_xlsx_error_wins_over_warning_on_one_cell(tmp_path):
    rows = [{"doc_id": "a.txt", "figure_id": "F0001", "kind": "percent", "value": "120", "percent": "120"}]
    checks = [{"doc_id": "a.txt", "check": "percent_mismatch", "severity": "warning", "message": "lệch", "refs": "F0001"},
              {"doc_id": "a.txt", "check": "percent_over_100", "severity": "error", "message": "quá 100", "refs": "F0001"}]
    write_xlsx({"figures": frame(FIGURES_COLUMNS, rows), "checks": frame(CHECKS_COLUMNS, checks)},
               tmp_path / "solieu.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "solieu.xlsx")["figures"]["I2"]  # percent: both checks
    assert cell.fill.fgColor.rgb[-6:] == "FFC7CE"
    assert cell.comment.text == "[percent_mismatch] lệch\n[percent_over_100] quá 100"
    assert cell.comment.author == "solieu"
    assert cell.value == 120


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
    assert checks["E2"].value == "F0002 F0001" and checks["E2"].font.u == "single"  # looks like a link
    assert checks["E4"].value is None  # empty refs: no cell


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


def test_xlsx_link_to_a_row_on_a_continuation_sheet(tmp_path, monkeypatch):
    from solieu.outputs import xlsx
    monkeypatch.setattr(xlsx, "EXCEL_MAX_ROWS", 5)  # 3 data rows per sheet
    rows = [{"doc_id": "a.txt", "figure_id": f"F{i:04d}", "kind": "percent", "value": "120"} for i in range(1, 5)]
    checks = [{"doc_id": "a.txt", "check": "percent_over_100", "severity": "error", "message": "quá 100",
               "refs": "F0004"}]
    write_xlsx({"figures": frame(FIGURES_COLUMNS, rows), "checks": frame(CHECKS_COLUMNS, checks)},
               tmp_path / "solieu.xlsx")
    book = openpyxl.load_workbook(tmp_path / "solieu.xlsx")
    assert book.sheetnames == ["figures", "figures (2)", "checks"]
    second = book["figures (2)"]
    assert second.freeze_panes == "A2" and second.auto_filter.ref == "A1:T2"
    assert tuple(c.value for c in second[1]) == FIGURES_COLUMNS
    assert second["B2"].value == "F0004" and second["D2"].comment is not None
    assert book["checks"]["E2"].hyperlink.location == "'figures (2)'!D2"
    assert book["checks"]["E2"].value == "F0004"


def test_xlsx_empty_table_is_a_header_with_its_filter(tmp_path):
    write_xlsx({"checks": frame(CHECKS_COLUMNS, [])}, tmp_path / "solieu.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "solieu.xlsx")["checks"]
    assert [tuple(c.value for c in row) for row in sheet.iter_rows()] == [CHECKS_COLUMNS]
    assert sheet.auto_filter.ref == "A1:E1" and sheet.freeze_panes == "A2"


@pytest.mark.parametrize("text,written", [
    ("=1+1", "'=1+1"),
    ("<r><t>x</t></r>", "<r><t>x</t></r>"),         # looks like rich-text markup: still this text
    ("a\x00b\x0bc\x1fd", "abcd"),                   # characters XML cannot hold are removed
    ("dòng 1\r\ndòng 2\rdòng 3", "dòng 1\ndòng 2\ndòng 3"),  # CR as LF, as XML readers always saw it
    ("tab\there", "tab\there"),
    ("0123", "0123"),                                 # text keeps its zero
    ("http://example.com", "http://example.com"),     # no link made of text
    ("1e3", "1e3"),                                   # a text column's number-like text stays text
])
def test_xlsx_text_cell_is_written_as_text(tmp_path, text, written):
    rows = [{"doc_id": "a.txt", "figure_id": "F0001", "label": text, "value": "1"}]
    write_xlsx({"figures": frame(FIGURES_COLUMNS, rows)}, tmp_path / "solieu.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "solieu.xlsx")["figures"]["L2"]
    assert cell.data_type == "s" and cell.value == written and cell.hyperlink is None


@pytest.mark.parametrize("text,number,kind", [("1928", 1928, int), ("-5", -5, int), ("45.30", 45.3, float),
                                              ("29000000000", 29000000000, int), ("1e3", 1000, int),
                                              ("0.000001", 0.000001, float)])
def test_xlsx_number_cell_types(tmp_path, text, number, kind):
    rows = [{"doc_id": "a.txt", "figure_id": "F0001", "value": text}]
    write_xlsx({"figures": frame(FIGURES_COLUMNS, rows)}, tmp_path / "solieu.xlsx")
    value = openpyxl.load_workbook(tmp_path / "solieu.xlsx")["figures"]["D2"].value
    assert type(value) is kind and value == pytest.approx(number)


def test_xlsx_non_number_in_a_number_column_is_text(tmp_path):
    rows = [{"doc_id": "a.txt", "figure_id": "F0001", "value": "=2+2", "percent": "n/a"}]
    write_xlsx({"figures": frame(FIGURES_COLUMNS, rows)}, tmp_path / "solieu.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "solieu.xlsx")["figures"]
    assert (sheet["D2"].data_type, sheet["D2"].value) == ("s", "'=2+2")
    assert (sheet["I2"].data_type, sheet["I2"].value) == ("s", "n/a")
    assert sheet["E2"].value is None  # an empty cell is not written


def test_xlsx_same_tables_give_the_same_bytes(tmp_path):
    import zipfile

    frames = {"figures": frame(FIGURES_COLUMNS, [{"doc_id": "a.txt", "figure_id": "F0001", "value": "7"}]),
              "checks": frame(CHECKS_COLUMNS, [{"doc_id": "a.txt", "check": "sum_mismatch", "severity": "error",
                                                "message": "lệch", "refs": "F0001"}])}
    write_xlsx(frames, tmp_path / "a.xlsx")
    write_xlsx(frames, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 31, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2  # created and modified


def test_xlsx_leaves_only_the_workbook_behind(tmp_path):
    write_xlsx({"figures": frame(FIGURES_COLUMNS, [{"doc_id": "a.txt", "figure_id": "F0001"}])},
               tmp_path / "solieu.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["solieu.xlsx"]


def test_xlsx_failure_half_way_leaves_nothing(tmp_path):
    from solieu.outputs.xlsx import ColumnWidths, SheetSource, write_workbook

    def rows():
        yield ["a.txt"], {}, ""
        raise OSError("disk full")

    source = SheetSource("documents", ["doc_id"], 2, ColumnWidths([["doc_id"]]).widths(), rows())
    with pytest.raises(OSError):
        write_workbook([source], tmp_path / "solieu.xlsx")
    assert list(tmp_path.iterdir()) == []
