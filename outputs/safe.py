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
_NUMBER = regex.compile(r"-?\d+(\.\d+)?")


def escape_formula_text(cell: str) -> str:
    """Prefix `'` to a text cell a spreadsheet would evaluate; numbers pass unchanged."""
    if not cell or not cell.startswith(FORMULA_LEAD):
        return cell
    if _NUMBER.fullmatch(cell):  # a negative number is a number, not a formula
        return cell
    return "'" + cell
