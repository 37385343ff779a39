"""Figures in running text and tables: counts, percents, scores, money, durations, ratios, measures.

Text figures are found by pattern on `Document.text` (offsets come from the
text itself); numbers inside document symbols, dates, phone numbers, URLs,
e-mails and list numbers are masked first (`extractors.masks`). Table rows are
read with their header (`extractors.tables`).

>>> from solieu.ingest.build import DocumentBuilder
>>> b = DocumentBuilder("d", "d.txt", "txt"); _ = b.add_paragraph("Có 55/282 (19,50%) trường đạt.")
>>> [(f.kind, str(f.value), str(f.total), str(f.percent)) for f in find_figures(b.build())]
[('count', '55', '282', '19.50')]
"""

from __future__ import annotations

import bisect

from collections.abc import Iterator
from decimal import Decimal
from dataclasses import replace
from functools import cache

import regex

from solieu.ingest.model import Document
from solieu.normalizers.dates import Period, find_periods
from solieu.normalizers.numbers import NUMBER, number_words, parse_number_words, parse_vi_number
from solieu.normalizers.qualifiers import qualifier_before
from solieu.normalizers.units import scale_after, unit_after, units_of_kind

from .lowercase import CaseBlind, lowered
from .masks import find_masks, in_masks
from .records import Figure
from .snippets import snippet_around
from .tables import find_table_figures, rubric_spans, table_rows

# `55/282 (19,50%)`, `43/43 trường THPT (tỉ lệ 100%)`, `12/12 (100%)`: a count over its total with a share.
RE_FRACTION = regex.compile(
    rf"(?<![\d/.,])(?P<count>{NUMBER})[ ]?/[ ]?(?P<total>{NUMBER})(?![\d/])"
    rf"(?:(?P<between>[^()\n\d]{{0,60}}?)[ ]?\([ ]?(?:(?:tỉ|tỷ)[ ]?lệ[ :]*)?(?:đạt[ ]?)?(?P<pct>{NUMBER})[ ]?%[ ]?\)"
    rf"|(?P<after>[ ]?[\p{{L}}][^()\n\d]{{0,40}}))?",
    regex.IGNORECASE)
# `Tốt: 186 (37,50%)`, `45 giáo viên (93,75%)`: a count followed by its share in brackets.
RE_COUNT_SHARE = regex.compile(
    rf"(?<![\d/.,])(?P<count>{NUMBER})(?P<between>[ ]?[\p{{L}} ]{{0,30}}?)[ ]?\([ ]?(?P<pct>{NUMBER})[ ]?%[ ]?\)")
# `19,50%`, `từ 60% đến 80%`, `30%-60%`.
RE_PERCENT = regex.compile(
    rf"(?<![\d/.,])(?P<num>{NUMBER})[ ]?%(?:[ ]?(?:-|–|đến)[ ]?(?P<upper>{NUMBER})[ ]?%)?")
RE_PERCENT_RANGE_FROM = regex.compile(
    rf"(?<![\d/.,])(?P<num>{NUMBER})[ ]?%?[ ]{{0,2}}(?:-|–|đến)[ ]{{0,2}}(?P<upper>{NUMBER})[ ]?%")
# `84 điểm`, `84/100 điểm`; `15 điểm trường` (school sites) is a count, `2,5 điểm %` a change in points.
RE_SCORE = regex.compile(rf"(?<![\d/.,])(?P<num>{NUMBER})(?:[ ]?/[ ]?(?P<max>{NUMBER}))?[*]{{0,2}}[ ]?điểm(?!\p{{L}}|[ ]trường|[ ]?%|[ ]phần[ ]trăm)", regex.IGNORECASE)
# `đạt mức độ 3`: the level a unit reaches (not `dịch vụ công trực tuyến mức độ 4`).
# `Kết quả tự đánh giá: Mức độ 3`, `xếp loại mức độ 2`: a self-assessment result.
RE_LEVEL = CaseBlind(  # `mức độ` found by a fast search, the verb before it checked by a lookbehind
    r"(?<=(?:đạt|xếp(?:[ ]loại)?|ở|đánh[ ]giá)[ *:]{1,4}(?:là[ ]+)?)mức[ ]độ[ *]{0,3}(?P<num>[1-3])(?!\d)")
# A bare number: the text after it decides its kind (unit, scale word, currency).
# `8.000.000đ`: the currency sign may touch the number; any other letter makes it a code (`8h00`).
RE_NUMBER_TOKEN = regex.compile(
    rf"(?<![\d/.,\p{{L}}])(?P<num>{NUMBER})(?!\d|(?!đ(?!\p{{L}}))\p{{L}}|[.,]\d|/\d)")
# `2-3 học sinh học chung 1 máy tính` (seed 001): pupils per computer, a ratio.
RE_PER_COMPUTER = regex.compile(
    r"^[ ]{1,2}(?:(?:học|dùng|sử[ ]dụng)[ ]chung[ ]{1,2})?(?P<one>1|một|/)[ ]?máy(?:[ ]tính)?(?!\p{L})",
    regex.IGNORECASE)
RE_RANGE_AFTER = regex.compile(rf"^[ ]?[-–][ ]?(?P<upper>{NUMBER})(?=[ ]\p{{L}})")
RE_DETERMINER = regex.compile(r"^[ ]?(?:các|những|tổng số)[ ]+", regex.IGNORECASE)
# `đạt **84** điểm đối với tiêu chí chuyển đổi số trong dạy, học và …` (seed 004): what was scored.
RE_SCORE_SUBJECT = regex.compile(
    r"^[* ]{0,4}(?:đối[ ]với|cho|về)[ ]+(?P<subject>[^.;:\n]{3,120}?)(?=[ ]và[ ]|,[ ]từ[ ]|[.;:\n]|$)",
    regex.IGNORECASE)
# `01 đồng hồ thông minh` (a watch, hcm cuộc thi 2025), `03 đồng chí` (comrades, dongthap 2026):
# words that begin with `đồng` but are no money.
RE_CURRENCY = regex.compile(
    r"^[ ]?(?P<cur>đồng(?![ ](?:hồ|chí|bào|đội|nghiệp|phục|diễn|lòng|thời|ý|bộ|tâm|hành|hương|ruộng|bằng))"
    r"|VNĐ|VND|USD|đ)(?!\p{L})")

CURRENCY = {"đồng": "VND", "vnđ": "VND", "vnd": "VND", "đ": "VND", "usd": "USD"}
RE_TOKEN = regex.compile(r"\S+")


def plain(value: Decimal) -> Decimal:
    """`1,2 tỷ` → 1200000000, not 1200000000.0: a scaled value keeps no spurious decimals."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _figure(doc: Document, start: int, end: int, **fields) -> Figure:
    page, location = doc.page_and_location(start)
    source = "table" if doc.cell_at(start) is not None else "text"
    return Figure(char_start=start, char_end=end, page=page, location=location,
                  snippet=snippet_around(doc.text, start, end), source=source, **fields)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)


class TakenSpans:
    """Spans already read as figures (or skipped): a sorted union, so a look-up is a bisect.

    `overlaps(start, end)` is true when some added span (s, e) has s < end and
    start < e, as searching the plain list says. Only overlapping spans are
    merged (touching ones stay apart), and an empty or reversed span or query —
    which the union cannot answer for — is searched in the plain list.
    """

    def __init__(self, spans=()):
        self.spans: list[tuple[int, int]] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.degenerate: list[tuple[int, int]] = []
        for span in spans:
            self.append(span)

    def append(self, span: tuple[int, int]) -> None:
        start, end = span
        self.spans.append(span)
        if end <= start:
            self.degenerate.append(span)
            return
        i = bisect.bisect_right(self.ends, start)  # first span ending after `start`
        j = bisect.bisect_left(self.starts, end)   # spans i..j-1 overlap the new one
        if i < j:
            start, end = min(start, self.starts[i]), max(end, self.ends[j - 1])
        self.starts[i:j], self.ends[i:j] = [start], [end]

    def overlaps(self, start: int, end: int) -> bool:
        if end <= start:
            return any(s < end and start < e for s, e in self.spans)
        i = bisect.bisect_right(self.ends, start)  # first span ending after `start`
        if i < len(self.starts) and self.starts[i] < end:
            return True
        return any(s < end and start < e for s, e in self.degenerate)


def find_text_figures(doc: Document, masks: list[tuple[int, int]],
                      skip: list[tuple[int, int]]) -> Iterator[Figure]:
    """Figures of the running text (table blocks are in `skip`)."""
    text = doc.text
    taken = TakenSpans(skip)
    overlaps = taken.overlaps

    def free(start: int, end: int) -> bool:
        return not overlaps(start, end) and not in_masks(masks, start, end)

    for match in RE_FRACTION.finditer(text):
        start, end = match.span()
        if not free(start, match.end("total")):
            continue
        count = parse_vi_number(match["count"])
        total = parse_vi_number(match["total"])
        pct = parse_vi_number(match["pct"], percent_context=True) if match["pct"] else None
        between = match["between"] or match["after"] or ""
        unit_hit = unit_after(between)
        if unit_hit is None and pct is not None:
            # `55/282 (19,50%) trường Tiểu học`, `183/183 (100%) các trường THCS` (seed 003):
            # the counted noun follows the share.
            after = RE_DETERMINER.sub("", text[match.end():match.end() + 60], count=1)
            unit_hit = unit_after(after)
            if unit_hit and not between.strip():
                between = after[:unit_hit[2]]
        if pct is None and unit_hit is None:
            continue  # `2/3` alone: a ratio or a date piece, not a count we can name
        end = match.end() if pct is not None else match.end("total")
        taken.append((start, end))
        yield _figure(doc, start, end, kind="count", value=count, total=total, percent=pct,
                      unit=unit_hit[0] if unit_hit else "", label=between.strip(" ,:;-"),
                      qualifier=qualifier_before(text[max(0, start - 20):start]))
    for match in RE_COUNT_SHARE.finditer(text):
        start, end = match.span()
        if not free(start, end):
            continue
        unit_hit = unit_after(match["between"] or "")
        taken.append((start, end))
        yield _figure(doc, start, end, kind="count", value=parse_vi_number(match["count"]),
                      percent=parse_vi_number(match["pct"], percent_context=True),
                      unit=unit_hit[0] if unit_hit else "",
                      qualifier=qualifier_before(text[max(0, start - 20):start]))
    for pattern in (RE_PERCENT_RANGE_FROM, RE_PERCENT):
        for match in pattern.finditer(text):
            start, end = match.span()
            if not free(start, end):
                continue
            taken.append((start, end))
            upper = parse_vi_number(match["upper"], percent_context=True) if match["upper"] else None
            qualifier = "range" if upper is not None else qualifier_before(text[max(0, start - 20):start])
            yield _figure(doc, start, end, kind="percent", unit="%", upper=upper, qualifier=qualifier,
                          value=parse_vi_number(match["num"], percent_context=True))
    for match in RE_SCORE.finditer(text):
        start, end = match.span()
        if not free(start, end):
            continue
        taken.append((start, end))
        subject = RE_SCORE_SUBJECT.match(text[end:end + 160])
        yield _figure(doc, start, end, kind="score", unit="điểm", value=parse_vi_number(match["num"]),
                      max_value=parse_vi_number(match["max"]) if match["max"] else None,
                      label=subject["subject"].strip() if subject else "",
                      qualifier=qualifier_before(text[max(0, start - 20):start]))
    for match in RE_LEVEL.finditer(text):
        start, end = match.span("num")
        if not free(start, end):
            continue
        taken.append((start, end))
        # The level of QĐ 4725 is the digital-transformation level (seed 004: `trường đạt mức độ 3`).
        snippet = snippet_around(text, start, end)
        label = "mức độ chuyển đổi số đạt" if "chuyển đổi số" in snippet.lower() else "mức độ đạt"
        yield _figure(doc, start, end, kind="score", unit="mức độ", value=Decimal(match["num"]), label=label)
    for match in RE_NUMBER_TOKEN.finditer(text):
        start, end = match.span()
        if not free(start, end):
            continue
        value = parse_vi_number(match["num"])
        if value is None:
            continue
        after = text[end:end + 60]
        upper = None
        qualifier = qualifier_before(text[max(0, start - 20):start])
        range_match = RE_RANGE_AFTER.match(after)
        if range_match:
            upper = parse_vi_number(range_match["upper"])
            end += range_match.end()
            after = text[end:end + 60]
        scale = scale_after(after)
        if scale:
            currency = RE_CURRENCY.match(after[scale[1]:])
            unit_hit = None if currency else unit_after(after[scale[1]:])
            multiplier, length = scale
            if currency:
                taken.append((start, end + length + currency.end()))
                yield _figure(doc, start, end + length + currency.end(), kind="money",
                              value=plain(value * multiplier), unit=CURRENCY[currency["cur"].lower()],
                              qualifier=qualifier)
                continue
            if unit_hit:
                unit, kind, _ = unit_hit
                taken.append((start, end + length))
                yield _figure(doc, start, end + length, kind="measure" if kind == "measure" else kind,
                              value=plain(value * multiplier), unit=unit, qualifier=qualifier)
                continue
        currency = RE_CURRENCY.match(after)
        if currency:
            taken.append((start, end + currency.end()))
            yield _figure(doc, start, end + currency.end(), kind="money", value=value,
                          unit=CURRENCY[currency["cur"].lower()], qualifier=qualifier)
            continue
        unit_hit = unit_after(after)
        if unit_hit is None:
            continue
        unit, kind, _ = unit_hit
        if unit_hit[0] == "năm" and value >= 1900:
            continue  # a year, not a duration
        taken.append((start, end))
        per_computer = RE_PER_COMPUTER.match(after[unit_hit[2]:]) if unit == "học sinh" else None
        if per_computer:
            # The `1` of `1 máy tính` is the ratio's denominator, not a count (gold README: ignore).
            one = end + unit_hit[2] + per_computer.start("one")
            taken.append((one, one + len(per_computer["one"])))
            kind, unit = "ratio", "học sinh/máy tính"
        if upper is not None:
            qualifier = qualifier or "range"
        yield _figure(doc, start, end, kind=kind, value=value, upper=upper, unit=unit,
                      qualifier=qualifier, label=unit)


@cache
def _number_words_pattern() -> regex.Pattern:
    words = "|".join(sorted(map(regex.escape, number_words()), key=len, reverse=True))
    return regex.compile(rf"(?<!\p{{L}})(?:{words})(?:[ ](?:{words})){{0,7}}(?!\p{{L}})", regex.IGNORECASE)


RE_LAST_WORD = regex.compile(r"\p{L}+$")


@cache
def _duration_openings() -> tuple[str, ...]:
    """The first word of every duration unit of units.tsv, lower case: `năm`, `tháng`, `tiết`."""
    return tuple(sorted({regex.match(r"\p{L}+", unit)[0] for unit in units_of_kind("duration")}))


def number_word_before_duration(text: str) -> bool:
    """Whether a number word stands right before a duration unit somewhere (`hai năm`, `ba (tháng`).

    Without one find_word_durations can find nothing. Looking at the word before each
    `năm`/`tháng`/`tiết` (str.find) costs a few µs; trying the number-words pattern at
    every character cost a tenth of all extraction. True when unsure.
    """
    low = lowered(text)  # cached: find_masks lowered this text already
    if low is None:
        return True
    words = number_words()
    for opening in _duration_openings():
        at = low.find(opening)
        while at >= 0:
            window = low[max(0, at - 12):at]  # a number word has at most 6 letters
            before = window[:-1] if window.endswith("(") else window  # unit_after: `[ ]?\(?` + unit
            before = before[:-1] if before.endswith(" ") else before
            last = RE_LAST_WORD.search(before) if before != window else None  # `hainăm` is one word
            if last is not None and last[0] in words:
                return True
            at = low.find(opening, at + 1)
    return False


def find_word_durations(doc: Document, masks: list[tuple[int, int]],
                        skip: list[tuple[int, int]]) -> Iterator[Figure]:
    """Durations written in words: `trong hai năm 2017 đến 2018` (seed 003) → 2 năm.

    Only durations: other number words are mostly rhetoric (`hai nội dung chính`,
    gold README). `năm` is both the digit five and the unit year, so the longest
    run of words that still leaves a duration unit after it wins.
    """
    text = doc.text
    if not number_word_before_duration(text):
        return
    for match in _number_words_pattern().finditer(text):
        tokens = list(RE_TOKEN.finditer(match[0]))
        for k in range(len(tokens), 0, -1):
            start, end = match.start(), match.start() + tokens[k - 1].end()
            value = parse_number_words(text[start:end])
            hit = unit_after(text[end:end + 60]) if value else None
            if hit and hit[1] == "duration":
                if not _overlaps(skip, start, end) and not in_masks(masks, start, end):
                    yield _figure(doc, start, end, kind="duration", value=value, unit=hit[0], label=hit[0],
                                  qualifier=qualifier_before(text[max(0, start - 20):start]))
                break


def find_figures(doc: Document) -> Iterator[Figure]:
    """Yield every figure of `doc`: table rows first-class, then the running text."""
    masks = find_masks(doc.text)
    tables = table_rows(doc)
    table_figures = list(find_table_figures(doc, tables))
    # Cells that gave no table figure (`TT | Nội dung | Kết quả` tables of seed 003, whose
    # cells hold phrases like `366 trường TH, THCS và THPT`) are read as running text.
    covered = [(f.char_start, f.char_end) for f in table_figures] + rubric_spans(tables)
    text_figures = list(find_text_figures(doc, masks, covered))
    covered += [(f.char_start, f.char_end) for f in text_figures]
    text_figures += find_word_durations(doc, masks, covered)
    periods = find_periods(doc.text)
    for figure in (*table_figures, *text_figures):
        yield replace(figure, period=period_of(doc.text, periods, figure.char_start),
                      confidence=confidence_of(figure, doc.text))


def confidence_of(figure: Figure, text: str) -> float:
    """How sure the reading is: a table cell under a known header or a number with its sign
    (`%`, `điểm`, `đồng`) is firm; a count without a named noun (`Tốt: 186 (37,50%)`) or a
    number in words (`hai năm`) is weaker and worth a look in review."""
    if figure.source == "table":
        return 0.95
    first = text[figure.char_start:figure.char_start + 1]
    if not (first.isdigit() or first == "*"):
        return 0.6
    if figure.kind in ("percent", "money", "score"):
        return 0.9
    return 0.85 if figure.unit else 0.6


def period_of(text: str, periods: list[Period], offset: int) -> str:
    """The period a figure refers to: one named in its own paragraph or table row, else the
    last school year named before it (`Báo cáo … năm học 2023-2024` heads the whole report)."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    same_line = [p for p in periods if line_start <= p.start and p.end <= line_end]
    if same_line:
        return same_line[0].value
    before = [p for p in periods if p.kind == "school_year" and p.end <= offset]
    return before[-1].value if before else ""
