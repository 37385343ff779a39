"""Spreadsheet safety: one place that decides how a text cell is written.

>>> escape_formula_text("=SUM(A1)")
"'=SUM(A1)"
>>> escape_formula_text("-5")
'-5'
>>> escape_formula_text("Trường THCS Lai Uyên")
'Trường THCS Lai Uyên'
"""

from __future__ import annotations

import regex

# Contract: a text cell starting with =, +, -, @, tab or CR gets a leading `'`.
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
RE_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_NUMBER = regex.compile(r"-?\d+(\.\d+)?")


def printable_text(cell: str) -> str:
    r"""Text any UTF-8 file can hold: a lone surrogate (a file-name byte that was not UTF-8,
    which os.walk keeps as U+DCFF) is written as its byte, `\xff`, so names stay distinct.

    >>> print(printable_text("bad-\udcff-name.txt"))
    bad-\xff-name.txt
    """
    if cell.isascii() or not RE_SURROGATE.search(cell):  # nearly every cell: no copy, no call
        return cell
    return RE_SURROGATE.sub(_surrogate_text, cell)


def _surrogate_text(match) -> str:
    code = ord(match.group(0))
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def escape_formula_text(cell: str) -> str:
    """Prefix `'` to a text cell a spreadsheet would evaluate; numbers pass unchanged."""
    if not cell or not cell.startswith(FORMULA_LEAD):
        return cell
    if _NUMBER.fullmatch(cell):  # a negative number is a number, not a formula
        return cell
    return "'" + cell
