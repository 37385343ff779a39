"""parse_vi_number: Vietnamese digit grouping, as example rows."""

from decimal import Decimal

import pytest

from solieu.normalizers.numbers import parse_vi_number

# fmt: off
EXAMPLES = [
    # text,       percent_context, value,              note
    ("1.928",     False, Decimal("1928"),     "dot groups thousands (seed 003)"),
    ("2.995",     False, Decimal("2995"),     "dot groups thousands (seed 003)"),
    ("1.234.567", False, Decimal("1234567"),  "several groups"),
    ("19,50",     False, Decimal("19.50"),    "comma is the decimal mark (seed 003)"),
    ("15.507,3",  False, Decimal("15507.3"),  "both marks (dongthap fact sheet)"),
    ("02",        False, Decimal("2"),        "leading zero (seed 000: 02 năm)"),
    ("45.3",      True,  Decimal("45.3"),     "dot decimal in a Tỷ lệ % column (seed 000 PL3)"),
    ("71.05",     True,  Decimal("71.05"),    "dot decimal share (dongthap fact sheet)"),
    ("45.3",      False, Decimal("45.3"),     "a one-digit dot group cannot be thousands"),
    ("100",       True,  Decimal("100"),      "plain integer"),
]
# fmt: on


@pytest.mark.parametrize("text, percent_context, value, note", EXAMPLES, ids=[e[0] + (" %" if e[1] else "") for e in EXAMPLES])
def test_numbers_parse_vi_number(text, percent_context, value, note):
    assert parse_vi_number(text, percent_context=percent_context) == value


# fmt: off
WORDS = [
    ("hai",                    Decimal(2)),      # seed 003: hai năm 2017 đến 2018
    ("mười",                   Decimal(10)),
    ("mười lăm",               Decimal(15)),
    ("hai mươi mốt",           Decimal(21)),
    ("hai mươi tư",            Decimal(24)),
    ("hai mươi nhăm",          Decimal(25)),
    ("một trăm linh năm",      Decimal(105)),
    ("ba trăm lẻ năm",         Decimal(305)),
    ("một trăm không năm",     Decimal(105)),
    ("hai nghìn",              Decimal(2000)),
    ("mười hai ngàn năm trăm", Decimal(12500)),
    ("bốn",                    Decimal(4)),
    ("sáu",                    Decimal(6)),
    ("bảy",                    Decimal(7)),
    ("tám",                    Decimal(8)),
    ("chín",                   Decimal(9)),
]
# fmt: on


@pytest.mark.parametrize("text, value", WORDS, ids=[w for w, _ in WORDS])
def test_numbers_number_words(text, value):
    assert parse_vi_number(text) == value


@pytest.mark.parametrize("text", ["hai ba", "mươi", "học sinh", "hai nghìn ba nghìn", "không", "lẻ"])
def test_numbers_not_number_words_is_none(text):
    assert parse_vi_number(text) is None


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12a"])
def test_numbers_not_a_number_is_none(text):
    assert parse_vi_number(text) is None
