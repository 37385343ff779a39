"""Units, scale words and qualifiers from normalizers/data: every data row has an example here."""

from decimal import Decimal
from importlib import resources

import pytest

from solieu.normalizers.units import scale_after, unit_after, unit_in_label


def rows(name):
    text = resources.files("solieu.normalizers").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()[1:] if line.strip()]


@pytest.mark.parametrize("written, unit, kind, example", rows("units.tsv"), ids=lambda v: v)
def test_units_every_row_is_recognized_after_a_number(written, unit, kind, example):
    assert unit_after(" " + written + " có")[:2] == (unit, kind)


@pytest.mark.parametrize("word, multiplier, example", rows("scale_words.tsv"), ids=lambda v: v)
def test_units_every_scale_word(word, multiplier, example):
    assert scale_after(" " + word + " đồng")[0] == Decimal(multiplier)


# fmt: off
LABELS = [
    ("Tổng số giáo viên có máy tính",                "giáo viên"),   # seed 000 PL3
    ("Tổng số học sinh có đường truyền Internet",    "học sinh"),    # seed 000 PL3
    ("Số nền tảng là sản phẩm trong nước",          "nền tảng"),
    ("Số lượng hồ sơ giải quyết trực tuyến mức độ 3 và 4", "hồ sơ"),
    ("Tỉ trọng nội dung triển khai ở bậc tiểu học", ""),
]
# fmt: on


@pytest.mark.parametrize("label, unit", LABELS, ids=[l for l, _ in LABELS])
def test_units_unit_in_table_label(label, unit):
    assert unit_in_label(label) == unit


def test_units_abbreviation_only_in_capitals():
    assert unit_after(" GV")[0] == "giáo viên"
    assert unit_after(" HS tham gia")[0] == "học sinh"
