"""Spans of text whose numbers are not figures (CONTRACT: symbols, dates, phones, e-mails, URLs,
IDs, list and section numbers, years, versions, times of day, service levels in names)."""

from __future__ import annotations

import bisect

import regex

from .dates import find_date_spans
from .lowercase import CaseBlind
from .references import find_reference_spans

# One pattern per literal opening, not one alternation: the `regex` module finds a pattern
# that opens with a literal word (`@`, `phụ lục`, `http`) with a fast search, but tries an
# alternation, even of words, at every character (all masks: 5.5 → 1.5 ms on a 13 kB report
# as one pattern per kind, 1.5 → 0.6 ms as one per opening word). Masks overlap freely:
# find_masks merges them, so an alternative split off finds the same union.
NOT_FIGURE_PATTERNS = (
    r"https?://\S{1,300}", r"www\.\S{1,300}",  # URLs
    r"(?<![\w.+-])[\w.+-]{1,64}+@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}",  # e-mails (possessive: no backtracking)
    r"(?<!\d)0\d{2,3}[ .]?\d{3}[ .]?\d{3,4}(?!\d)",  # phones: 0978492914, 0274.3xxx
    *(rf"{word}[ :]{{1,3}}\d[\d ]{{2,30}}\d"  # IDs: `Zoom ID: 552 512 5421`, `Passcode: 123456`
      for word in ("ID", "mã", "mã[ ]số", "số[ ]hiệu", "Meeting[ ]ID", "Passcode")),
    # List and section numbers `1. `, `2.1. `, and `1)`, `1\t` in tables: one pattern, as both try every
    # line start (they exclude each other: a `.` or a `)`/tab follows the digits).
    r"^(?:[ \t*+\-]*(?:\d{1,2}\.){1,3}\d{0,2}[ ).\t]|[ \t*]*\d{1,2}[)\t])",
    r"(?<![\d.])\d{1,2}\.0(?![\d,])",  # versions: 4.0, 2.0
    # Service levels in names: `dịch vụ công trực tuyến mức độ 4`, `DVC TT mức độ 3 và 4`.
    r"dịch[ ]vụ[ ]công[ ](?:trực[ ]tuyến[ ])?mức[ ]độ[ ]\d(?:[ ]và[ ]\d|[, ]{1,2}\d)?",
    r"DVC[ ]?TT[ ]?mức[ ]độ[ ]\d(?:[ ]và[ ]\d|[, ]{1,2}\d)?",
    r"mức[ ]độ[ ]\d[ ]theo[ ]Quyết[ ]định",  # a level named by a decision
    r"trực[ ]tuyến[ ]\d[ ]và[ ]\d", r"mức[ ]độ[ ]\d[ ]và[ ]\d",  # `mức độ 3 và 4`
    *(rf"{word}[ ]+(?:số[ ])?[\dIVX]{{1,4}}(?:\.\d{{1,2}}){{0,3}}"  # `Phụ lục 3`, `Điều 2.1`, `Mục IV`
      for word in ("Phụ[ ]lục", "Mục", "Điều", "Khoản", "Chương", "Phần", "tiêu[ ]chí", "Biểu", "Mẫu")),
    r"lần[ ]thứ[ ]\d{1,3}",
)
# Case is ignored by searching the lowercased text with lowercased patterns (extractors/lowercase.py):
# the same spans, at half the cost of regex.IGNORECASE (1.4 → 0.7 ms on a 13 kB report).
NOT_FIGURE = CaseBlind(*NOT_FIGURE_PATTERNS, flags=regex.VERBOSE | regex.MULTILINE)


def find_masks(text: str) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) spans whose numbers are not figures."""
    spans = list(find_reference_spans(text)) + list(find_date_spans(text))
    spans += NOT_FIGURE.spans(text)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def in_masks(masks: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps a masked span."""
    i = bisect.bisect_right(masks, (start, float("inf"))) - 1
    for j in (i, i + 1):
        if 0 <= j < len(masks) and masks[j][0] < end and start < masks[j][1]:
            return True
    return False
