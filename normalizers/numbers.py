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
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import regex

# One number as written: `1.928`, `1.234.567`, `15.507,3`, `19,50`, `45.3`, `02`.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d{1,4})?(?!\.?\d)|\d{1,15}(?:[,.]\d{1,4})?"
RE_NUMBER = regex.compile(NUMBER)


def parse_vi_number(text: str, *, percent_context: bool = False) -> Decimal | None:
    """The value of one written number; None when `text` is not a number.

    A dot followed by exactly three digits groups thousands (`2.995` → 2995);
    any other dot is a decimal point only in a percent context (`45.3` in a
    `Tỷ lệ %` column), where a share cannot be in the thousands.
    """
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
