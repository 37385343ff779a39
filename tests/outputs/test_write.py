"""Exporter contract: one set of scenarios run against every writer (write_csv, write_xlsx).

Each writer is wrapped to take one frame named "figures" and to read back what
it wrote as (header, rows of cell values), so the scenarios read the same for both.
"""

import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from solieu.outputs import write as write_module
from solieu.outputs.columns import FIGURES_COLUMNS
from solieu.outputs.safe import escape_formula_text
from solieu.outputs.write import write_csv
from solieu.outputs.xlsx import write_xlsx


class CsvExporter:
    name, suffix = "csv", ".csv"

    def write(self, frame, path):
        write_csv(frame, path)

    def read(self, path):
        raw = Path(path).read_bytes()
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        return raw, list(frame.columns), frame.values.tolist()


class XlsxExporter:
    name, suffix = "xlsx", ".xlsx"

    def write(self, frame, path):
        write_xlsx({"figures": frame}, path)

    def read(self, path):
        sheet = openpyxl.load_workbook(path)["figures"]
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        return Path(path).read_bytes(), rows[0], [[("" if v is None else v) for v in r] for r in rows[1:]]


@pytest.fixture(params=[CsvExporter(), XlsxExporter()], ids=lambda e: e.name)
def exporter(request):
    return request.param


def figures_frame(**cells):
    row = {"doc_id": "000.txt", "figure_id": "F0001", "kind": "count", "value": "1928",
           "unit": "giáo viên", "percent": "45.3", "char_start": "95", **cells}
    return pd.DataFrame([{c: row.get(c, "") for c in FIGURES_COLUMNS}], columns=list(FIGURES_COLUMNS),
                        dtype="object")


def cell(rows, column):
    return rows[0][FIGURES_COLUMNS.index(column)]


def test_write_header_equals_contract_columns(exporter, tmp_path):
    path = tmp_path / f"figures{exporter.suffix}"
    exporter.write(figures_frame(), path)
    _, header, _ = exporter.read(path)
    assert tuple(header) == FIGURES_COLUMNS


def test_write_csv_starts_with_bom(tmp_path):
    path = tmp_path / "figures.csv"
    write_csv(figures_frame(), path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("text,written", [
    ("=SUM(A1)", "'=SUM(A1)"),
    ("+84 912 345 678", "'+84 912 345 678"),
    ("@cmd", "'@cmd"),
    ("-học sinh", "'-học sinh"),
    ("\tTab", "'\tTab"),
    ("Trường THCS Lai Uyên", "Trường THCS Lai Uyên"),
])
def test_write_formula_like_text_gets_leading_quote(exporter, tmp_path, text, written):
    path = tmp_path / f"figures{exporter.suffix}"
    exporter.write(figures_frame(label=text), path)
    _, _, rows = exporter.read(path)
    assert cell(rows, "label") == written


def test_write_xlsx_never_stores_a_formula(tmp_path):
    path = tmp_path / "solieu.xlsx"
    write_xlsx({"figures": figures_frame(label="=HYPERLINK(\"http://x\")", snippet="=1+1")}, path)
    sheet = openpyxl.load_workbook(path)["figures"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize("column,text,number", [
    ("value", "1928", 1928), ("percent", "45.3", 45.3), ("value", "-5", -5), ("char_start", "95", 95),
])
def test_write_numbers_stay_numbers(exporter, tmp_path, column, text, number):
    path = tmp_path / f"figures{exporter.suffix}"
    exporter.write(figures_frame(**{column: text}), path)
    _, _, rows = exporter.read(path)
    value = cell(rows, column)
    if exporter.name == "csv":
        assert value == text  # `.` decimal point, no quote before a negative number
    else:
        assert isinstance(value, (int, float)) and value == pytest.approx(number)


@pytest.mark.parametrize("text", ["Tổng số giáo viên có đường truyền Internet", "Ðồng Tháp", "Phòng GD&ĐT Lệ Thủy"])
def test_write_vietnamese_round_trips(exporter, tmp_path, text):
    path = tmp_path / f"figures{exporter.suffix}"
    exporter.write(figures_frame(label=text), path)
    _, _, rows = exporter.read(path)
    assert cell(rows, "label") == text


def test_write_crash_mid_write_keeps_old_file_and_leaves_no_temporary(exporter, tmp_path, monkeypatch):
    path = tmp_path / f"figures{exporter.suffix}"
    exporter.write(figures_frame(label="cũ"), path)
    before = path.read_bytes()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(write_module.os, "replace", crash)
    with pytest.raises(OSError):
        exporter.write(figures_frame(label="mới"), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_write_crash_before_first_file_leaves_nothing(exporter, tmp_path, monkeypatch):
    path = tmp_path / f"figures{exporter.suffix}"
    # Ctrl-C (a BaseException) between writing and renaming: no half file, no temporary left behind.
    monkeypatch.setattr(write_module.os, "replace", lambda s, d: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        exporter.write(figures_frame(), path)
    assert list(tmp_path.iterdir()) == []


def test_write_finished_file_is_readable_by_others(exporter, tmp_path):
    path = tmp_path / f"figures{exporter.suffix}"
    old = os.umask(0o022)
    try:
        exporter.write(figures_frame(), path)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("text,escaped", [("-5", "-5"), ("-0.5", "-0.5"), ("-", "'-"), ("=1", "'=1"), ("", "")])
def test_write_safe_negative_number_is_a_number(text, escaped):
    assert escape_formula_text(text) == escaped


def test_write_file_name_that_is_not_utf8_is_written_as_its_bytes(exporter, tmp_path):
    # os.walk keeps the byte 0xFF of `bad-\xff-name.txt` as U+DCFF, which no UTF-8 file can hold.
    path = tmp_path / f"figures{exporter.suffix}"
    exporter.write(figures_frame(doc_id="bad-\udcff-name.txt"), path)
    _, _, rows = exporter.read(path)
    assert cell(rows, "doc_id") == "bad-\\xff-name.txt"


def test_write_same_frames_give_same_bytes(exporter, tmp_path):
    exporter.write(figures_frame(), tmp_path / f"one{exporter.suffix}")
    exporter.write(figures_frame(), tmp_path / f"two{exporter.suffix}")
    assert (tmp_path / f"one{exporter.suffix}").read_bytes() == (tmp_path / f"two{exporter.suffix}").read_bytes()


def test_write_rendered_text_is_what_the_row_writer_writes(tmp_path):
    from solieu.outputs.write import CsvTableWriter, csv_text

    columns = ["doc_id", "label", "value"]
    rows = [{"doc_id": "bad-\udcff-name.txt", "label": "=SUM(A1)", "value": "-5"},
            {"doc_id": "a.txt", "label": 'Tổng "cộng", dòng\r\nmới', "value": None}, {"doc_id": "b.txt"}]
    with CsvTableWriter(tmp_path / "rows.csv", columns) as table:
        for row in rows:
            table.write(row)
    with CsvTableWriter(tmp_path / "text.csv", columns) as table:
        table.write_text(csv_text(rows[:2], columns))
        table.write_text(csv_text(rows[2:], columns))
    assert (tmp_path / "text.csv").read_bytes() == (tmp_path / "rows.csv").read_bytes()
