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


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12a"])
def test_numbers_not_a_number_is_none(text):
    assert parse_vi_number(text) is None
