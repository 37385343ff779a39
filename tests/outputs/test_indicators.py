"""indicators.csv: one row per document reporting catalogue indicators, catalogue order, `_pct` shares."""

import pandas as pd
import pytest

from solieu.extractors.indicators import load_catalog
from solieu.outputs.columns import DOCUMENTS_COLUMNS, FIGURES_COLUMNS
from solieu.outputs.indicators import indicator_columns, indicator_labels, indicators_frame


def frame(columns, rows):
    return pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=list(columns), dtype="object")


DOCUMENTS = frame(DOCUMENTS_COLUMNS, [
    {"doc_id": "000.txt", "issuer": "Trường THCS Lai Uyên", "issued_date": "2024-02"},
    {"doc_id": "001.txt", "issuer": "Phòng GD&ĐT"},
    {"doc_id": "004.txt", "issuer": "Trung tâm GDNN-GDTX huyện Thanh Trì", "issued_date": "2025-03-06"},
])
FIGURES = frame(FIGURES_COLUMNS, [
    # seed 000, Phụ lục 3
    {"doc_id": "000.txt", "kind": "count", "value": "64", "percent": "100", "indicator": "teachers_with_computer",
     "char_start": "5000"},
    {"doc_id": "000.txt", "kind": "count", "value": "1", "indicator": "platforms", "char_start": "5200"},
    {"doc_id": "000.txt", "kind": "percent", "value": "3", "indicator": "online_share_secondary", "char_start": "5400"},
    {"doc_id": "001.txt", "kind": "count", "value": "12", "char_start": "10"},  # no indicator: no row
    # seed 004: 84 in the text first, then the table
    {"doc_id": "004.txt", "kind": "score", "value": "84", "indicator": "dx_teaching_score", "char_start": "900"},
    {"doc_id": "004.txt", "kind": "score", "value": "86", "indicator": "dx_teaching_score", "char_start": "3000"},
    {"doc_id": "004.txt", "kind": "score", "value": "25", "max_value": "30", "indicator": "dx_1_3",
     "char_start": "3100"},
])


@pytest.fixture(scope="module")
def table():
    return indicators_frame(DOCUMENTS, FIGURES).set_index("doc_id")


# fmt: off
CELLS = [
    # (doc_id, column, cell)
    ("000.txt", "issuer", "Trường THCS Lai Uyên"),
    ("000.txt", "issued_date", "2024-02"),
    ("000.txt", "teachers_with_computer", "64"),
    ("000.txt", "teachers_with_computer_pct", "100"),
    ("000.txt", "platforms", "1"),
    ("000.txt", "platforms_pct", ""),                # no share stated
    ("000.txt", "online_share_secondary", "3"),      # a percent row has one column
    ("000.txt", "students_with_computer", ""),
    ("004.txt", "dx_teaching_score", "84"),          # the first in document order
    ("004.txt", "dx_1_3", "25"),
]
# fmt: on


@pytest.mark.parametrize("doc_id,column,cell", CELLS)
def test_indicators_cells(table, doc_id, column, cell):
    assert table.loc[doc_id, column] == cell


def test_indicators_one_row_per_reporting_document(table):
    assert list(table.index) == ["000.txt", "004.txt"]


def test_indicators_columns_in_catalogue_order():
    columns = indicator_columns(load_catalog())
    assert columns[:5] == ["doc_id", "issuer", "issued_date", "teachers_with_computer", "teachers_with_computer_pct"]
    assert "online_share_primary_pct" not in columns and "dx_level_pct" not in columns
    assert columns[-3:] == ["dx_1_7", "dx_2_3", "dx_2_4"]
    assert len(columns) == 3 + 18 * 2 - 2 + 10  # 16 count rows with shares, 2 percent rows, 10 scores


def test_indicators_labels_cover_every_column():
    catalog = load_catalog()
    labels = indicator_labels(catalog)
    assert all(labels.get(c) for c in indicator_columns(catalog))
