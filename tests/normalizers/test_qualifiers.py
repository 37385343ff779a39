"""Qualifiers before a figure: every row of normalizers/data/qualifiers.tsv, and the phrases around them."""

from importlib import resources

import pytest

from solieu.normalizers.qualifiers import qualifier_before, qualifier_words


def rows():
    text = resources.files("solieu.normalizers").joinpath("data", "qualifiers.tsv").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()[1:] if line.strip()]


@pytest.mark.parametrize("word, qualifier, example", rows(), ids=lambda v: v)
def test_qualifiers_every_data_row(word, qualifier, example):
    assert qualifier_before(f"có {word} ") == qualifier


# fmt: off
EXAMPLES = [
    # text before the number,            qualifier, source
    ("Hiện nay có trên ",                  "over",     "seed 002: trên 80% học sinh"),
    ("cần kinh phí khoảng ",               "about",    "seed 003: khoảng 29 tỉ đồng"),
    ("Tối đa ",                            "at_most",  "seed 001: Tối đa 2-3 học sinh"),
    ("tỷ lệ đạt ít nhất là ",              "at_least", "`là` between qualifier and number"),
    ("Số lượng ",                          "",         "no qualifier"),
    ("thấp hơn ",                          "",         "mpi 2005: thấp hơn 0,3% is a comparison"),
    ("tăng hơn ",                          "",         "a comparison"),
    ("trên địa bàn có ",                   "",         "`trên` not right before the number"),
    ("Chiều trên ",                        "over",     "Title case is still the word"),
]
# fmt: on


@pytest.mark.parametrize("text, qualifier, source", EXAMPLES, ids=[e[2] for e in EXAMPLES])
def test_qualifiers_before_a_number(text, qualifier, source):
    assert qualifier_before(text) == qualifier


def test_qualifiers_values_are_contract_words():
    assert set(qualifier_words().values()) <= {"about", "over", "under", "at_least", "at_most"}
