"""extractors.tables: header roles, row labels and table-row figures, as example rows."""

from decimal import Decimal

import pytest

from solieu.extractors.figures import find_figures
from solieu.extractors.snippets import snippet_around
from solieu.extractors.tables import clean_label, header_roles, label_qualifier
from solieu.ingest.build import DocumentBuilder, TableCell
from solieu.ingest.model import Cell

D = Decimal


def table_figures(rows):
    builder = DocumentBuilder("d", "d.txt", "txt")
    builder.add_table([TableCell(text, r, c) for r, row in enumerate(rows) for c, text in enumerate(row)])
    return [f for f in find_figures(builder.build()) if f.source == "table"]


def cells(*texts):
    return [Cell(text=t, row=0, col=c, start=0, end=len(t)) for c, t in enumerate(texts)]


# fmt: off
HEADERS = [
    # header cells,                                              roles
    (("Nội dung", "Số lượng", "Tỷ lệ %"),                        {1: "count", 2: "percent"}),   # seed 000 PL3
    (("TT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá"),      {2: "max"}),                   # seed 004
    (("TT", "Tiêu chí", "Điểm tối đa", "Điểm nhà trường tự đánh giá"), {2: "max", 3: "score"}), # seed 004
    (("Đơn vị", "Số trường", "Số giáo viên"),                    {1: "count", 2: "count"}),
    (("1. Tổng số giáo viên", "64", "100"),                      None),                          # a data row
]
LABELS = [
    ("1. Tổng số giáo viên có máy tính",   "Tổng số giáo viên có máy tính"),   # seed 000 PL3
    ("2.3 Có triển khai phần mềm",         "Có triển khai phần mềm"),          # seed 004
    ("II. Hạ tầng",                        "Hạ tầng"),
    ("a) Số nền tảng:",                    "Số nền tảng"),
]
QUALIFIERS = [
    ("Số lượng (ước tính) người học, phụ huynh hài lòng", "about"),   # seed 000 PL3 row 3
    ("Số lượng (khoảng) học liệu",                        "about"),
    ("Số nền tảng (VNPT E-Learning)",                     ""),
    ("Tổng số giáo viên",                                 ""),
]
# fmt: on


@pytest.mark.parametrize("texts, roles", HEADERS, ids=[" | ".join(t) for t, _ in HEADERS])
def test_tables_header_roles(texts, roles):
    assert header_roles(cells(*texts)) == roles


@pytest.mark.parametrize("text, label", LABELS, ids=[t for t, _ in LABELS])
def test_tables_clean_label_drops_list_number(text, label):
    assert clean_label(text) == label


@pytest.mark.parametrize("label, qualifier", QUALIFIERS, ids=[l for l, _ in QUALIFIERS])
def test_tables_label_qualifier(label, qualifier):
    assert label_qualifier(label) == qualifier


def test_tables_estimated_row_is_about():
    """Seed 000 PL3 row 3: `3. Số lượng (ước tính) người học, … | 1655 | 100`."""
    figures = table_figures([["Nội dung", "Số lượng", "Tỷ lệ %"],
                             ["3. Số lượng (ước tính) người học, phụ huynh hài lòng", "1655", "100"]])
    assert [(f.value, f.percent, f.qualifier, f.unit) for f in figures] == [(D(1655), D(100), "about", "người học")]


def test_tables_number_inside_label_is_one_figure():
    """Seed 000 PL3: `Số nền tảng: 01 (VNPT E-Learning)` with the share in the next column."""
    figures = table_figures([["Nội dung", "Số lượng", "Tỷ lệ %"],
                             ["1. Số nền tảng: 01 (VNPT E-Learning)", "", "100"]])
    assert [(f.kind, f.value, f.label, f.percent) for f in figures] == [("count", D(1), "Số nền tảng", D(100))]


def test_tables_score_with_maximum():
    """Seed 004: `1 | Chuyển đổi số trong dạy, học | 100 | 84`."""
    figures = table_figures([["TT", "Tiêu chí", "Điểm tối đa", "Điểm nhà trường tự đánh giá"],
                             ["1", "Chuyển đổi số trong dạy, học", "100", "84"]])
    assert [(f.kind, f.value, f.max_value, f.unit, f.label) for f in figures] == [
        ("score", D(84), D(100), "điểm", "Chuyển đổi số trong dạy, học")]


def test_tables_snippet_is_the_sentence_and_bounded():
    text = "Mở đầu. Có 64 giáo viên có máy tính; còn lại " + "x" * 400
    start = text.index("64")
    assert snippet_around(text, start, start + 2) == "Có 64 giáo viên có máy tính;"
    assert len(snippet_around(text, len(text) - 5, len(text))) <= 240


def test_tables_several_count_columns():
    """`Đơn vị | Số trường | Số giáo viên`: one count per column, the noun from its header."""
    figures = table_figures([["TT", "Đơn vị", "Số trường", "Số giáo viên"],
                             ["1", "Huyện A", "12", "340"],
                             ["2", "Huyện B", "1.025", "2.995"]])
    assert [(f.value, f.unit, f.label) for f in figures] == [
        (D(12), "trường", "Số trường – Huyện A"), (D(340), "giáo viên", "Số giáo viên – Huyện A"),
        (D(1025), "trường", "Số trường – Huyện B"), (D(2995), "giáo viên", "Số giáo viên – Huyện B")]
