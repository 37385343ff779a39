"""Dates in text, with offsets: what figures must skip and what references and fields read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from solieu.normalizers.dates import (
    RE_NUMERIC_DATE, RE_WORD_DATE, WORD_DATE_DAY, WORD_DATE_MONTH_YEAR, PartialDate, find_periods, match_to_date,
)

from .lowercase import CaseBlind

# RE_WORD_DATE opens with an optional `ngày …` under IGNORECASE, so regex tries it at every
# character (0.3 ms on a 13 kB report). For spans, its two openings are searched apart, case-blind
# (`ngày … tháng … năm`, and `tháng … năm`): the second finds only pieces of the first's matches,
# and merge_spans joins them, so the spans are the same.
WORD_DATE_OPENINGS = CaseBlind(WORD_DATE_DAY + WORD_DATE_MONTH_YEAR, WORD_DATE_MONTH_YEAR)
# `năm 2025`, `đến năm 2030`, `Năm 2022,`: a year is a date, not a count (CONTRACT: years are not figures).
RE_YEAR_WORD = regex.compile(r"\bnăm[ ]+(?:(?:19|20)\d{2})(?!\d)", regex.IGNORECASE)
# `(2021-2025)`, `2016 – 2020` without `giai đoạn`: a year range, if it runs forward by at most 20 years.
RE_BARE_YEAR_RANGE = regex.compile(r"(?<![\d/.,])(?P<first>(?:19|20)\d{2})[ ]?[-–—][ ]?(?P<second>(?:19|20)\d{2})(?!\d|[/.,]\d)")
# `4:37:57 PM` (seed 002 line 14), `7h30`, `14 giờ 30`: times of day.
RE_TIME = regex.compile(
    r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?:[ ]?[AaPp][Mm])?(?![\d:])"
    r"|(?<!\d)\d{1,2}[ ]?(?:h|giờ)[ ]?\d{2}(?:[ ]?phút)?(?!\d)"
)
# The date line of a report: `Thanh Trì, ngày 6 tháng 3 năm 2025` (seed 004 line 5),
# `Lai Uyên, Ngày tháng 02 năm 2024` (seed 000 line 145), `*Đồng Tháp, ngày   tháng 7 năm 2020*`;
# in a two-column header it follows `Số: …` on the same line after wide spacing (binhphuoc-qd991 transcript)
# or, in PDF text, after one space (`Số: /KH-SGDĐT Đồng Tháp, ngày tháng 4 năm 2026`, dongthap-sgddt-kh362).
RE_DATE_LINE = regex.compile(
    r"(?:^[ \t*_#]*|[ ]{3,}|\t[ \t]*|(?<=^[ \t]*S[ốỐ][ ]*:[^\n]{1,40}?/[^ \n]+)[ ]+)(?P<place>\p{Lu}[\p{L}'-]*(?:[ .][ ]?\p{L}[\p{L}'-]*){0,5})[ ]*,[ ]*(?P<date>ngày\b[^\n]{0,40}?năm[ ]*\d{4})[ *_.]*$",
    regex.IGNORECASE | regex.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date in text: where it stands and what it says."""

    start: int
    end: int
    raw: str
    date: PartialDate


def find_dates(text: str) -> list[FoundDate]:
    """Every valid date in `text` in order: `25/01/2022`, `ngày 21 tháng 02 năm 2024`, `tháng 7 năm 2020`.

    >>> [d.date.iso() for d in find_dates("ngày 06/10/2022 và ngày   tháng 7 năm 2020")]
    ['2022-10-06', '2020-07']
    """
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in (RE_WORD_DATE, RE_NUMERIC_DATE):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            date = match_to_date(match)
            if date is None:
                continue
            taken.append(match.span())
            found.append(FoundDate(match.start(), match.end(), match.group(), date))
    return sorted(found, key=lambda d: d.start)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def find_date_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every date in `text` (`25/01/2022`, `ngày 21 tháng 02 năm 2024`); not figures.

    Also school years and spans (`năm học 2023 – 2024`, `giai đoạn 2022 - 2025`,
    `01/2017-30/06/2020`), `năm 2025`, and times of day (`4:37:57 PM`), so that none of
    their numbers becomes a figure. Impossible dates (`31/02/2022`) are still spans.

    >>> text = "ngày 25/01/2022, 19,50%"
    >>> [text[s:e] for s, e in find_date_spans(text)]
    ['25/01/2022']
    """
    spans = [m.span() for m in RE_NUMERIC_DATE.finditer(text)]
    spans += WORD_DATE_OPENINGS.spans(text)
    spans += [(p.start, p.end) for p in find_periods(text)]
    spans += [m.span() for m in RE_YEAR_WORD.finditer(text)]
    spans += [m.span() for m in RE_TIME.finditer(text)]
    spans += [m.span() for m in RE_BARE_YEAR_RANGE.finditer(text)
              if 0 < int(m.group("second")) - int(m.group("first")) <= 20]
    # `ngày 25/01/2022`: the span starts at the digits; the word before is not a number anyway.
    return merge_spans(spans)


# In the header zone a PDF may run the date into one paragraph with the other header lines:
# `… HỘI ĐỒNG XÉT THĂNG HẠNG Đồng Tháp, ngày tháng 4 năm 2026 CDNN …` (dongthap-sgddt-bc PDF).
HEADER_ZONE = 1200
RE_HEADER_DATE = regex.compile(
    r"(?P<place>(?:TP\.[ ]?)?\p{Lu}\p{Ll}+(?:[ ](?:\p{Lu}\p{Ll}*|phố|xã|trấn)){0,4})[ ]*,[ ]*"
    r"(?P<date>[Nn]gày\b[^\n]{0,40}?năm[ ]*\d{4})"
)


@dataclass(frozen=True, slots=True)
class DateLine:
    """The place-and-date line under a report's header."""

    place: str
    date: PartialDate
    start: int  # of the date part
    end: int


# RE_DATE_LINE needs `Place, ngày`: only lines where a comma comes before `ngày` can hold it
# (`Căn cứ Công văn … ngày 21 tháng 02 năm 2024` in the body has none).
RE_COMMA_NGAY = regex.compile(r",[ ]*ngày", regex.IGNORECASE)


def _lines_with_comma_ngay(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of `text` holding `, ngày` (any case), without its newline."""
    lines: list[tuple[int, int]] = []
    for match in RE_COMMA_NGAY.finditer(text):
        if lines and match.start() < lines[-1][1]:
            continue  # a second `, ngày` on the same line
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        lines.append((start, len(text) if end < 0 else end))
    return lines


# Kept for the last few texts: the references extractor, the report fields and the signer
# look-up each ask for the date line of the same document text.
@lru_cache(maxsize=4)
def find_date_line(text: str) -> DateLine | None:
    """The first `Place, ngày … tháng … năm …` line of `text`, or None.

    >>> line = find_date_line("Số: 89/BC\\n\\nThanh Trì, ngày 6 tháng 3 năm 2025\\n")
    >>> (line.place, line.date.iso())
    ('Thanh Trì', '2025-03-06')
    """
    # Only lines with `, ngày` can hold it: RE_DATE_LINE tried at every character of a
    # 13 kB report cost 2.5 ms, on those lines a few µs (a match never spans lines).
    found = [(m.start(), m) for start, end in _lines_with_comma_ngay(text)
             for m in RE_DATE_LINE.finditer(text, start, end)]
    found += [(m.start(), m) for m in RE_HEADER_DATE.finditer(text, 0, HEADER_ZONE)]
    for _, match in sorted(found, key=lambda pair: pair[0]):
        date_match = RE_WORD_DATE.search(match.group("date"))
        if date_match is None:
            continue
        date = match_to_date(date_match)
        if date is None:
            continue
        place = " ".join(match.group("place").split()).strip(" .")
        return DateLine(place, date, match.start("date"), match.end("date"))
    return None
