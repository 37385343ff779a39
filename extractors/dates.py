"""Dates in text (stub: filled by the references work of issue 3)."""

from __future__ import annotations


def find_date_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every date in `text` (`25/01/2022`, `ngày 21 tháng 02 năm 2024`); not figures."""
    return []
