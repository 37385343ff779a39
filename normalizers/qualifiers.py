"""Qualifiers written before a figure, from `normalizers/data/qualifiers.tsv`.

>>> qualifier_before("Hiện nay có trên ")
'over'
>>> qualifier_before("cần kinh phí khoảng ")
'about'
>>> qualifier_before("thấp hơn ")
''
"""

from __future__ import annotations

from functools import cache

import regex

from .data_files import read_tsv

# `thấp hơn 0,3%`, `cao hơn 5%` (mpi 2005): a comparison states a difference, not a bound.
RE_COMPARATIVE = regex.compile(r"(?:thấp|cao|lớn|nhỏ|chậm|nhanh|tăng|giảm|kém)[ ]+$", regex.IGNORECASE)


@cache
def qualifier_words() -> dict[str, str]:
    """Written qualifier (lower case) → contract qualifier: `khoảng` → `about`, `tối đa` → `at_most`."""
    return {row["word"]: row["qualifier"] for row in read_tsv("qualifiers.tsv")}


@cache
def _qualifier_pattern() -> regex.Pattern:
    words = sorted(qualifier_words(), key=len, reverse=True)
    return regex.compile(rf"(?<![\p{{L}}])(?P<q>{'|'.join(regex.escape(w) for w in words)})[ ]+(?:là[ ]+|có[ ]+|đạt[ ]+)?$",
                         regex.IGNORECASE)


def qualifier_before(text: str) -> str:
    """The qualifier written right before a number: `trên 80%` → `over`, `khoảng 29 tỉ` → `about`."""
    tail = text[-20:]
    match = _qualifier_pattern().search(tail)
    if not match:
        return ""
    if match.group("q").lower() == "hơn" and RE_COMPARATIVE.search(tail[:match.start()]):
        return ""
    return qualifier_words()[match.group("q").lower()]
