"""Counted nouns and unit words, from `normalizers/data/units.tsv` and scale words (qualifiers: normalizers.qualifiers).

>>> unit_after(" giáo viên có máy tính")
('giáo viên', 'count', 10)
>>> unit_after(" GV")
('giáo viên', 'count', 3)
>>> scale_after(" tỉ đồng")
(Decimal('1000000000'), 3)
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import regex

from .data_files import read_tsv
RE_SPACES = regex.compile(r"[ ]+")
RE_WORD_START = regex.compile(r"(?<![\p{L}])(?=\p{L})")


@cache
def _unit_pattern() -> tuple[regex.Pattern, dict[str, tuple[str, str]]]:
    table: dict[str, tuple[str, str]] = {}
    for row in read_tsv("units.tsv"):
        table[row["written"].casefold()] = (row["unit"], row["kind"])
    words = sorted(table, key=len, reverse=True)
    alternatives = "|".join(regex.escape(w).replace(r"\ ", r"[ ]+") for w in words)
    # Upper-case abbreviations (GV, HS) only as written; nouns in any case (`Hội nghị`, `Trung tâm`).
    return regex.compile(rf"^[ ]?\(?(?:(?P<unit>{alternatives}))(?![\p{{L}}\d])", regex.IGNORECASE), table


def units_of_kind(kind: str) -> tuple[str, ...]:
    """The written forms (case-folded) of the units of one kind: `duration` → (`năm`, `tháng`, …)."""
    return tuple(written for written, (_, unit_kind) in _unit_pattern()[1].items() if unit_kind == kind)


def unit_after(text: str) -> tuple[str, str, int] | None:
    """(canonical unit, kind, length matched) for the unit word that starts `text`."""
    pattern, table = _unit_pattern()
    match = pattern.match(text[:60])
    if not match:
        return None
    written = RE_SPACES.sub(" ", match.group("unit")).casefold()
    if written not in table:
        return None
    unit, kind = table[written]
    if match.group("unit").isupper() and len(written) <= 4 and written != match.group("unit").casefold():
        return None
    return unit, kind, match.end()


def unit_in_label(label: str) -> str:
    """The first counted noun named in a table row label: `Tổng số giáo viên có máy tính` → `giáo viên`."""
    for m in RE_WORD_START.finditer(label):
        hit = unit_after(label[m.start():])
        if hit and hit[1] == "count":
            return hit[0]
    return ""


@cache
def _scales() -> dict[str, Decimal]:
    return {row["word"]: Decimal(row["multiplier"]) for row in read_tsv("scale_words.tsv")}


@cache
def _scale_pattern() -> regex.Pattern:
    words = sorted(_scales(), key=len, reverse=True)
    return regex.compile(rf"[ ]?(?P<w>{'|'.join(regex.escape(w) for w in words)})(?!\p{{L}})", regex.IGNORECASE)


def scale_after(text: str) -> tuple[Decimal, int] | None:
    """(multiplier, length) of a scale word (`tỷ`, `tỉ`, `triệu`, `nghìn`, `ngàn`) starting `text`."""
    match = _scale_pattern().match(text[:16])
    if not match:
        return None
    return _scales()[match.group("w").lower()], match.end()
