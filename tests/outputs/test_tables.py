"""Tables: DocResults -> the five frames of the contract, stable order, and write_run's files."""

import pandas as pd
import pytest

from solieu.batch import write_run
from solieu.outputs.columns import DOCUMENTS_COLUMNS, FIGURES_COLUMNS, INDICATORS_LEAD_COLUMNS, \
    REFERENCES_COLUMNS, TABLE_COLUMNS, TABLE_NAMES
from solieu.outputs.tables import results_to_frames, results_to_tables
from solieu.pipeline import DocResult


def row(columns, **cells):
    return {c: cells.get(c, "") for c in columns}


def result(doc_id, figures=(), references=(), **document):
    return DocResult(
        doc_id=doc_id,
        document=row(DOCUMENTS_COLUMNS, doc_id=doc_id, status="ok", sha256=doc_id.encode().hex(), **document),
        figures=[row(FIGURES_COLUMNS, doc_id=doc_id, **f) for f in figures],
        references=[row(REFERENCES_COLUMNS, doc_id=doc_id, **r) for r in references],
        text="Tổng số giáo viên có máy tính 64 100",
    )


RESULTS = [
    result("b/2.txt", figures=[{"figure_id": "F0002", "kind": "count", "value": "7", "char_start": "1203"},
                               {"figure_id": "F0001", "kind": "percent", "value": "19.5", "char_start": "95"}]),
    result("a.txt", issuer="Trường THCS Lai Uyên", issued_date="2024-02-21",
           figures=[{"figure_id": "F0001", "kind": "count", "value": "64", "percent": "100", "unit": "giáo viên",
                     "indicator": "teachers_with_computer", "label": "Tổng số giáo viên có máy tính",
                     "char_start": "30"}],
           references=[{"ref_id": "R0001", "relation": "self", "symbol": "26/KH-THCSLU", "char_start": "4"}]),
]


def test_tables_rows_ordered_by_doc_id_then_position():
    frames = results_to_frames(RESULTS)
    assert list(frames["documents"]["doc_id"]) == ["a.txt", "b/2.txt"]
    # 95 before 1203: positions compare as numbers, not as text
    assert list(zip(frames["figures"]["doc_id"], frames["figures"]["char_start"])) == [
        ("a.txt", "30"), ("b/2.txt", "95"), ("b/2.txt", "1203")]


def test_tables_five_frames_with_contract_columns():
    tables = results_to_tables(RESULTS)
    assert tuple(tables) == TABLE_NAMES
    for name, columns in TABLE_COLUMNS.items():
        assert tuple(tables[name].columns) == columns
    assert tuple(tables["indicators"].columns[:3]) == INDICATORS_LEAD_COLUMNS


def test_tables_empty_batch_still_has_headers():
    tables = results_to_tables([])
    assert all(frame.empty for frame in tables.values())
    assert tuple(tables["figures"].columns) == FIGURES_COLUMNS


@pytest.mark.parametrize("options,files", [
    ({}, {"solieu.xlsx", "review.html"}),
    ({"xlsx": False}, {"review.html"}),
    ({"xlsx": False, "html": False}, set()),
])
def test_tables_write_run_writes_every_table_with_contract_header(tmp_path, options, files):
    write_run(RESULTS, tmp_path, **options)
    csvs = {f"{name}.csv" for name in TABLE_NAMES}
    assert {p.name for p in tmp_path.iterdir()} == csvs | files
    for name in TABLE_NAMES:
        raw = (tmp_path / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        header = pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False,
                             encoding="utf-8-sig").columns
        if name == "indicators":
            assert tuple(header[:3]) == INDICATORS_LEAD_COLUMNS
        else:
            assert tuple(header) == TABLE_COLUMNS[name]


def test_tables_write_run_round_trips_figures(tmp_path):
    write_run(RESULTS, tmp_path, xlsx=False, html=False)
    back = pd.read_csv(tmp_path / "figures.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, results_to_frames(RESULTS)["figures"].astype(str), check_dtype=False)


def test_tables_write_run_extra_catalog_adds_indicator_columns(tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("key,form,label,aliases,kind,order\nclassrooms_with_projector,local,"
                     "Số phòng học có máy chiếu,,count,1\n", encoding="utf-8")
    out = tmp_path / "run"
    write_run(RESULTS, out, xlsx=False, html=False, catalog=str(extra))
    header = (out / "indicators.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[-2:] == ["classrooms_with_projector", "classrooms_with_projector_pct"]
