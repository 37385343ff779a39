"""Vietnamese dates, school years and periods, never inventing a missing part.

A blank day (`ngày   tháng 7 năm 2020`, seed 003 line 5) gives `2020-07`; a blank
month (`ngày 15 tháng năm 2025`, seed 004 line 125) gives `2025`. Impossible
dates (`31/02/2022`) are rejected, not corrected.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import regex

# `25/01/2022`, `5/9/2019`, `14 /4/2026`, `25.01.2022`: one separator kind, spaces around it allowed;
# a PDF table cell may wrap inside the year: `06/03/202 5` (seed 004 as PDF, table row 1.5).
RE_NUMERIC_DATE = regex.compile(
    r"(?<![\d/.,])(?P<day>\d{1,2})[ ]?(?P<sep>[/.\-])[ ]?(?P<month>\d{1,2})[ ]?(?P=sep)[ ]?"
    r"(?P<year>(?:19|20)\d(?:\d|[ ]\d))(?![\d/])"
)
# `ngày 21 tháng 02 năm 2024`, `ngày   tháng 7 năm 2020`, `ngày 14 tháng11 năm 2025`,
# `Ngày tháng 02 năm 2024` (seed 000 line 145); dots or underscores stand for a blank;
# PDF text may space the digits out: `ngày 0 3 tháng 1 0 năm 2025` (hcm-sgddt-kh90 PDF).
RE_BLANK = r"[ \t.…_]*(?:\n[ \t.…_]*)?"  # one line break: a PDF line may wrap inside the date
WORD_DATE_DAY = r"\bngày" + RE_BLANK + r"(?P<day>\d(?:[ ]?\d)?)?" + RE_BLANK
WORD_DATE_MONTH_YEAR = (r"\btháng" + RE_BLANK + r"(?P<month>\d(?:[ ]?\d)?)?" + RE_BLANK +
                        r"(?:năm" + RE_BLANK + r"|[ ]?/[ ]?)(?P<year>(?:19|20)\d{2})(?!\d)")
RE_WORD_DATE = regex.compile(r"(?:" + WORD_DATE_DAY + r")?" + WORD_DATE_MONTH_YEAR, regex.IGNORECASE)
# `năm học 2023 – 2024`, `năm học 2024- 2025`, `NĂM HỌC 2024-2025`.
RE_SCHOOL_YEAR = regex.compile(
    r"\bnăm[ ]học[ ]*\n?[ ]*(?P<first>(?:19|20)\d{2})[ ]*[-–—][ ]*\n?[ ]*(?P<second>(?:19|20)\d{2})(?!\d)",
    regex.IGNORECASE,
)
# `giai đoạn 2022 - 2025`, `giai đoạn 2016-2020`.
RE_YEAR_SPAN = regex.compile(
    r"\bgiai[ ]đoạn[ ]*\n?[ ]*(?:từ[ ]*(?:năm[ ]*)?)?(?P<first>(?:19|20)\d{2})[ ]*(?:[-–—]|đến(?:[ ]năm)?)[ ]*\n?[ ]*"
    r"(?P<second>(?:19|20)\d{2})(?!\d)",
    regex.IGNORECASE,
)
# `01/2017-30/06/2020`: a month or a day, a dash, a month or a day.
RE_PART = r"(?:\d{1,2}[ ]?/[ ]?)?\d{1,2}[ ]?/[ ]?(?:19|20)\d{2}"
RE_PART_ONLY = regex.compile(RE_PART)
RE_DATE_SPAN = regex.compile(
    r"(?<![\d/])(?P<first>" + RE_PART + r")[ ]*[-–—][ ]*(?P<second>" + RE_PART + r")(?![\d/])"
)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as far as the document states it: the year always, the month and day when written."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """`2022-01-25`, `2020-07` (blank day) or `2025` (blank month).

        >>> PartialDate(2020, 7).iso()
        '2020-07'
        """
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def blank_day(self) -> bool:
        return self.day is None


def make_date(year: int, month: int | None, day: int | None) -> PartialDate | None:
    """A PartialDate when the parts can exist together, else None (`31/02`, month 13)."""
    if not 1900 <= year <= 2100:
        return None
    if month is None:
        return None if day is not None else PartialDate(year)
    if not 1 <= month <= 12:
        return None
    if day is None:
        return PartialDate(year, month)
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return PartialDate(year, month, day)


def match_to_date(match: regex.Match) -> PartialDate | None:
    """The PartialDate of a RE_NUMERIC_DATE or RE_WORD_DATE match."""
    day = (match.group("day") or "").replace(" ", "")
    month = (match.group("month") or "").replace(" ", "")
    return make_date(int(match.group("year").replace(" ", "")), int(month) if month else None,
                     int(day) if day else None)


def parse_vi_date(text: str) -> PartialDate | None:
    """The first date written in `text`, or None.

    >>> parse_vi_date("ngày 21 tháng 02 năm 2024").iso()
    '2024-02-21'
    >>> parse_vi_date("ngày   tháng 7 năm 2020").iso()
    '2020-07'
    >>> parse_vi_date("31/02/2022") is None
    True
    """
    found = []
    for pattern in (RE_NUMERIC_DATE, RE_WORD_DATE):
        for match in pattern.finditer(text):
            date = match_to_date(match)
            if date is not None:
                found.append((match.start(), date))
                break
    return min(found, key=lambda pair: pair[0])[1] if found else None


def parse_school_year(text: str) -> str | None:
    """The school year named in `text` as `YYYY-YYYY`, or None.

    >>> parse_school_year("năm học 2023 – 2024")
    '2023-2024'
    >>> parse_school_year("năm học 2024- 2025")
    '2024-2025'
    """
    for match in RE_SCHOOL_YEAR.finditer(text):
        first, second = int(match.group("first")), int(match.group("second"))
        if second == first + 1:
            return f"{first}-{second}"
    return None


def parse_part(text: str) -> PartialDate | None:
    """`30/06/2020` or `01/2017` (month and year) of a date span; None for anything else.

    >>> parse_part("01/2017").iso()
    '2017-01'
    """
    if RE_PART_ONLY.fullmatch(text.strip()) is None:
        return None
    parts = [int(p) for p in regex.split(r"[ ]?/[ ]?", text.strip())]
    if len(parts) == 3:
        return make_date(parts[2], parts[1], parts[0])
    return make_date(parts[1], parts[0], None)


@dataclass(frozen=True, slots=True)
class Period:
    """A school year, year span or date span found in text, with its offsets."""

    value: str  # `2023-2024`, `2022-2025`, `2017-01/2020-06-30`
    kind: str  # school_year | years | dates
    start: int
    end: int


def find_periods(text: str) -> list[Period]:
    """Every school year (`năm học 2023 – 2024`), year span (`giai đoạn 2022 - 2025`) and date span.

    A date span is written as an ISO 8601 interval: `01/2017-30/06/2020` → `2017-01/2020-06-30`.

    >>> [p.value for p in find_periods("năm học 2023 – 2024, giai đoạn 2022 - 2025")]
    ['2023-2024', '2022-2025']
    """
    periods: list[Period] = []
    for match in RE_SCHOOL_YEAR.finditer(text):
        first, second = int(match.group("first")), int(match.group("second"))
        if second == first + 1:
            periods.append(Period(f"{first}-{second}", "school_year", match.start(), match.end()))
    for match in RE_YEAR_SPAN.finditer(text):
        first, second = int(match.group("first")), int(match.group("second"))
        if first < second:
            periods.append(Period(f"{first}-{second}", "years", match.start(), match.end()))
    for match in RE_DATE_SPAN.finditer(text):
        first, second = parse_part(match.group("first")), parse_part(match.group("second"))
        if first and second and first.iso() <= second.iso():
            periods.append(Period(f"{first.iso()}/{second.iso()}", "dates", match.start(), match.end()))
    return sorted(periods, key=lambda p: (p.start, p.end))


def parse_period(text: str) -> str | None:
    """The first period named in `text` (see find_periods), or None.

    >>> parse_period("giai đoạn 2022 - 2025")
    '2022-2025'
    >>> parse_period("01/2017-30/06/2020")
    '2017-01/2020-06-30'
    """
    periods = find_periods(text)
    return periods[0].value if periods else None
