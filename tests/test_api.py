"""Python API: paths in, the five tables out, nothing written."""

from decimal import Decimal

import pandas as pd

from solieu import api
from solieu.outputs.columns import FIGURES_COLUMNS, TABLE_COLUMNS, TABLE_NAMES

REPORT = """PHÒNG GD&ĐT THANH TRÌ
Số: 26/ KH-THCSLU
Thanh Trì, ngày   tháng 7 năm 2020
Thực hiện Công văn số 75/PGDDĐT-CNTT ngày 21/02/2024 và Công văn số 15/PGDDĐT-CNTT ngày 21/02/2024.
"""


def test_api_run_returns_the_five_tables_without_writing(tmp_path):
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT, encoding="utf-8")
    (folder / "b.txt").write_text(REPORT, encoding="utf-8")  # the same content twice
    before = sorted(p.name for p in tmp_path.rglob("*"))
    tables = api.run([folder], ocr=False)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert tuple(tables) == TABLE_NAMES
    assert all(isinstance(t, pd.DataFrame) for t in tables.values())
    for name, columns in TABLE_COLUMNS.items():
        assert tuple(tables[name].columns) == columns
    assert list(tables["documents"]["doc_id"]) == ["a.txt", "b.txt"]
    assert {"duplicate_input"} <= set(tables["checks"]["check"])


def test_api_run_accepts_one_path(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(REPORT, encoding="utf-8")
    assert list(api.run(path, ocr=False)["documents"]["doc_id"]) == ["a.txt"]


def test_api_numeric_turns_number_columns_into_numbers():
    figures = pd.DataFrame([{c: "" for c in FIGURES_COLUMNS} | {"value": "45.3", "char_start": "95",
                                                               "label": "1928"}], dtype="object")
    out = api.numeric(figures, "figures")
    assert out.loc[0, "value"] == Decimal("45.3") and out.loc[0, "char_start"] == 95
    assert out.loc[0, "label"] == "1928" and out.loc[0, "total"] is None


def test_api_run_fills_indicators_from_figure_labels(tmp_path, monkeypatch):
    """The chain extract → assign_indicators → indicators table, with a stand-in figures extractor."""
    from solieu import pipeline
    from solieu.extractors.records import Extraction, Figure, number_records

    text = "1. Tổng số giáo viên có máy tính\t64\t100\n2. Số phòng học có máy chiếu\t12\t80\n"

    def extract(doc):
        start = doc.text.index("64")
        second = doc.text.index("12")
        return number_records(Extraction(figures=(
            Figure(kind="count", value=Decimal(64), char_start=start, char_end=start + 2, unit="giáo viên",
                   percent=Decimal(100), label="Tổng số giáo viên có máy tính", source="table"),
            Figure(kind="count", value=Decimal(12), char_start=second, char_end=second + 2, unit="phòng",
                   percent=Decimal(80), label="Số phòng học có máy chiếu", source="table"))))

    monkeypatch.setattr(pipeline, "extract", extract)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    extra = tmp_path / "extra.csv"
    extra.write_text("key,form,label,aliases,kind,order\nclassrooms_with_projector,local,"
                     "Số phòng học có máy chiếu,,count,1\n", encoding="utf-8")
    tables = api.run([tmp_path / "a.txt"], ocr=False, catalog=extra)
    assert list(tables["figures"]["indicator"]) == ["teachers_with_computer", "classrooms_with_projector"]
    row = tables["indicators"].iloc[0]
    assert (row["teachers_with_computer"], row["teachers_with_computer_pct"]) == ("64", "100")
    assert (row["classrooms_with_projector"], row["classrooms_with_projector_pct"]) == ("12", "80")
