"""Vietnamese numbers: dot groups thousands, comma is the decimal mark.

>>> parse_vi_number("1.928")
Decimal('1928')
>>> parse_vi_number("19,50")
Decimal('19.50')
>>> parse_vi_number("45.3", percent_context=True)
Decimal('45.3')
>>> parse_vi_number("02")
Decimal('2')
>>> parse_vi_number("15.507,3")
Decimal('15507.3')
>>> parse_vi_number("hai mươi lăm")
Decimal('25')
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache

import regex

from .data_files import read_tsv

# One number as written: `1.928`, `1.234.567`, `15.507,3`, `19,50`, `45.3`, `02`.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d{1,4})?(?!\.?\d)|\d{1,15}(?:[,.]\d{1,4})?"
RE_NUMBER = regex.compile(NUMBER)
RE_LETTER = regex.compile(r"\p{L}")


def parse_vi_number(text: str, *, percent_context: bool = False) -> Decimal | None:
    """The value of one written number; None when `text` is not a number.

    A dot followed by exactly three digits groups thousands (`2.995` → 2995);
    any other dot is a decimal point only in a percent context (`45.3` in a
    `Tỷ lệ %` column), where a share cannot be in the thousands.
    """
    if RE_LETTER.search(text):
        return parse_number_words(text)
    text = text.strip().replace(" ", "")
    if not RE_NUMBER.fullmatch(text):
        return None
    if "," in text:
        whole, _, frac = text.partition(",")
        text = whole.replace(".", "") + "." + frac
    elif "." in text:
        whole, _, frac = text.rpartition(".")
        if percent_context and text.count(".") == 1 and len(whole) <= 3:
            pass  # `45.3`, `71.05` in a share: an English decimal point, not thousands
        elif len(frac) == 3:
            text = text.replace(".", "")
        else:
            text = whole.replace(".", "") + "." + frac
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@cache
def number_words() -> dict[str, tuple[int, str]]:
    """Number word → (value, role) from `normalizers/data/number_words.tsv`."""
    return {row["word"]: (int(row["value"]), row["role"]) for row in read_tsv("number_words.tsv")}


def parse_number_words(text: str) -> Decimal | None:
    """The value of a number written in words, below a million; None when a word is not a number word.

    >>> parse_number_words("một trăm linh năm")
    Decimal('105')
    >>> parse_number_words("hai nghìn ba trăm")
    Decimal('2300')
    """
    words = number_words()
    thousands, group, digit = 0, 0, None
    tokens = text.casefold().split()
    if not tokens or len(tokens) > 12:
        return None
    if all(words.get(token, (0, ""))[1] == "filler" for token in tokens):
        return None  # `không` alone is "not", `lẻ` alone is "odd"
    for token in tokens:
        if token not in words:
            return None
        value, role = words[token]
        if role == "digit":
            if digit is not None:
                return None  # `hai ba`: two digits in a row are no number
            digit = value
        elif role == "ten":
            group, digit = group + 10, None
        elif role == "tens":
            if digit is None:
                return None
            group, digit = group + digit * 10, None
        elif role == "hundred":
            group, digit = group + (1 if digit is None else digit) * 100, None
        elif role == "thousand":
            if thousands:
                return None
            thousands, group, digit = (group + (digit or 0) or 1) * 1000, 0, None
    return Decimal(thousands + group + (digit or 0))
