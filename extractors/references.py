"""Document references: the report's own number (`self`) and every document it cites.

One Reference per symbol mention, in text order (the scorer and references.csv keep
them apart; `Quyết định 131` said again without its symbol is not a reference).
Choices an analyst relies on:
- the same number under two types (`131/QĐ-TTg`, `131/NQ-CP`, seed 000) is two references;
- a blank number (`Số: /BC-SGDĐT`, seed 003 line 3; `Công văn số /SGDĐT-VP`) is kept,
  with an empty `number` and the symbol `/BC-SGDĐT`, so the unnumbered draft is visible;
- the report's own `Số: …` in its header (or `SỐ KÝ HIỆU:`) is `self`, dated by the date
  line; a later citation of the same symbol (`Đính kèm Báo cáo số 89/…`, seed 004 line 87)
  is the same `self` reference;
- `ref_type` comes from the words before the number (`Quyết định số`, `Luật số 43/2019/QH14`),
  unless the code says more (see choose_type), else from the type code, else `Công văn`
  (a state symbol without type code);
- `issued_date` is the date written right after the symbol (`ngày 25/01/2022`, after
  `của <issuer>` too, seed 004 line 11) or at the head of the same sentence
  (`Ngày 03/6/2020, Thủ tướng Chính phủ đã ký quyết định số 749/QĐ-TTg`, seed 004 line 19).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import regex

from solieu.ingest.model import Document
from solieu.normalizers.symbols import Symbol, find_symbols, symbol_from_match, type_names

from .dates import RE_NUMERIC_DATE, RE_WORD_DATE, find_date_line, match_to_date
from .records import Reference
from .snippets import snippet_around

# Type words before a number: `Quyết định số`, `Công văn số`, `văn bản số`, `Thông tư`, `Luật số`.
TYPE_WORDS = (
    "Thông tư liên tịch", "Nghị quyết liên tịch", "Kế hoạch liên tịch", "Quyết định", "Nghị quyết",
    "Nghị định", "Thông tư", "Chỉ thị", "Kế hoạch", "Báo cáo", "Công văn", "Hướng dẫn", "Thông báo",
    "Tờ trình", "Luật", "Pháp lệnh", "Đề án", "Chương trình", "Quy chế", "Quy định", "Công điện",
    "Giấy mời", "Kết luận", "Văn bản",
)
RE_TYPE_BEFORE = regex.compile(
    r"\b(?P<type>" + "|".join(TYPE_WORDS) + r")(?:[ ]+số)?[ ]*:?[ ]*$", regex.IGNORECASE,
)
# The report's own number at the start of a line: `Số: 89/BC-GDNN-GDTXTT`, `SỐ KÝ HIỆU: …`.
# It may open a table cell or the second column of a header line (`TRƯỜNG THCS …<tab>Số: 12/KH-…`).
RE_OWN_NUMBER = regex.compile(r"(?:^|\t|[ ]{3,})[ *_#]*(?:số|số[ ]ký[ ]hiệu)[ ]*:[ ]*$", regex.IGNORECASE)
# A PDF paragraph may run the header together: `… THÀNH PHỐ HỒ CHÍ MINH Số: 9 0 /KHLT-…` (hcm-sgddt-kh90);
# there the capitalised `Số:` (or `SỐ:`) with its colon still opens the own number.
RE_OWN_NUMBER_INLINE = regex.compile(r"(?:^|\s)(?:Số|SỐ)(?:[ ](?:ký|KÝ)[ ](?:hiệu|HIỆU))?[ ]*:[ ]*$")
HEADER_CHARS = 800  # the header block of a report: `Số:` below this is a table cell, not the report's own
# After a symbol: `, ngày 21/11/2017`, `của Bộ Giáo dục và Đào tạo (GDĐT) ngày 05 tháng 02 năm 2026`
# (dongthap-sgddt-kh362), (no digit in the `của` part: `Nghị quyết 16/2000/NQ-CP của Chính phủ
# và Thông tư số 60/2003/TTLT-BNV-BTC ngày 25/4/2003` dates the Thông tư, cantho-qd256 transcript), ` ban hành ngày …`, ` của Phòng GD&ĐT huyện Thanh Trì ngày 27/2/2023`.
RE_DATE_AFTER = regex.compile(
    r"^[ ]*,?[ ]*(?:của[ ][^\n,;\d]{1,80}?[ ]*,?[ ]*)?(?:(?:ban[ ]hành|ký)[ ]+)?(?=ngày\b)",
    regex.IGNORECASE,
)
# `Ngày 03/6/2020, Thủ tướng Chính phủ đã ký quyết định số 749/QĐ-TTg`: a date opening the sentence.
RE_DATE_OPENING = regex.compile(r"(?:^|[.;:\n][ ]*)ngày[ ]+(?=\d)", regex.IGNORECASE)
# Between that date and the symbol: another symbol (`…/UBND`), or the verb that dates it (`ký`, `ban hành`).
RE_ANOTHER_SYMBOL = regex.compile(r"\d[ ]?/[ ]?\p{Lu}")
RE_SIGNED = regex.compile(r"\b(?:ký|ban[ ]hành)\b", regex.IGNORECASE)
RE_ISSUER_AFTER = regex.compile(
    r"^[ ]*,?[ ]*(?:(?:ban[ ]hành[ ]+)?ngày[ ]+[^\n]{0,30}?(?:\d{4})[ ]*,?[ ]*)?của[ ]+"
    r"(?P<issuer>[^\n,;:()\[\]]{2,80}?)(?=[ ]+(?:về|ban[ ]hành|phê[ ]duyệt|quy[ ]định|hướng[ ]dẫn|ngày"
    r"|và[ ](?:văn[ ]bản|công[ ]văn|quyết[ ]định|kế[ ]hoạch|thông[ ]tư))\b"
    r"|[ ]*[,;:.()\n]|$)",
    regex.IGNORECASE,
)
RE_WINDOW_BREAK = regex.compile(r"\n[ ]*\n|\t")
RE_WHITESPACE = regex.compile(r"\s")
def flat_after(text: str, end: int, size: int) -> str:
    """The text after `end` up to the paragraph's end, a PDF line break read as a space.

    A PDF page wraps `Quyết định số 117/QĐ-TTg ngày` / `25/01/2017;` (seed 003 as PDF); a
    blank line or a table cell boundary still ends the window.
    """
    window = text[end:end + size]
    window = RE_WINDOW_BREAK.split(window, maxsplit=1)[0]
    return window.replace("\n", " ")


def flat_before(text: str, start: int, size: int) -> str:
    """The text before `start` back to the paragraph's start, a line break read as a space."""
    window = text[max(0, start - size):start]
    window = RE_WINDOW_BREAK.split(window)[-1]
    return window.replace("\n", " ")


def date_after(text: str, end: int) -> str:
    """The ISO date written right after a symbol ending at `end` (same paragraph), or ""."""
    window = flat_after(text, end, 160)
    lead = RE_DATE_AFTER.match(window)
    if lead is None:
        return ""
    rest = window[lead.end():]
    for pattern in (RE_WORD_DATE, RE_NUMERIC_DATE):
        match = pattern.search(rest, 0, 60)
        if match is not None and match.start() <= 8:
            date = match_to_date(match)
            return date.iso() if date else ""
    return ""


def date_before(text: str, start: int) -> str:
    """The date opening the sentence a symbol stands in, when no other symbol comes between."""
    window_start = max(0, start - 200)
    window = text[window_start:start]
    openings = list(RE_DATE_OPENING.finditer(window))
    if not openings:
        return ""
    rest = window[openings[-1].end():]
    if RE_ANOTHER_SYMBOL.search(rest[12:]) or not RE_SIGNED.search(rest):
        return ""
    match = RE_NUMERIC_DATE.match(rest)
    if match is None:
        return ""
    date = match_to_date(match)
    return date.iso() if date else ""


def issuer_after(text: str, end: int) -> str:
    """The issuer named by `của …` after a symbol (and its date): `Thủ tướng Chính phủ`."""
    window = flat_after(text, end, 160)
    match = RE_ISSUER_AFTER.match(window)
    if match is None:
        return ""
    issuer = match.group("issuer").strip(" *")
    if issuer.isupper() and " " in issuer:  # `CỦA THỦ TƯỚNG CHÍNH PHỦ` in a title line (seed 000 line 5)
        issuer = issuer.capitalize().replace("chính phủ", "Chính phủ").replace("thủ tướng", "Thủ tướng")
    return issuer


def type_before(text: str, start: int) -> str:
    """The type named by the words before a number: `Quyết định số` → `Quyết định`."""
    match = RE_TYPE_BEFORE.search(flat_before(text, start, 40))
    if match is None:
        return ""
    word = match.group("type")
    return next(w for w in TYPE_WORDS if w.casefold() == word.casefold())


def choose_type(symbol: Symbol, written: str) -> str:
    """The full type: the words before the number, unless the code says more.

    `Thông tư số 60/2003/TTLT-BNV-BTC` → `Thông tư liên tịch` (the code is more precise);
    `văn bản số 123/KH-UBND` → `Kế hoạch`; `văn bản số 5807/BGDĐT-CNTT` → `Công văn` (seed 003
    line 113); `Luật số 43/2019/QH14` → `Luật`; no words and no type code → `Công văn` (NĐ 30/2020).
    """
    from_code = type_names().get(symbol.type_code, "") if symbol.type_code else ""
    if written and written != "Văn bản":
        return from_code if from_code.startswith(written) else written
    if from_code:
        return from_code
    if written == "Văn bản" or not (symbol.year or symbol.party):
        return "Công văn"
    return ""


def is_own_number(text: str, start: int) -> bool:
    """Whether the symbol at `start` follows a `Số:` opening a line of the header."""
    if start > HEADER_CHARS:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    return RE_OWN_NUMBER.search(prefix) is not None or RE_OWN_NUMBER_INLINE.search(prefix) is not None


# `Số: 9 0 /KHLT-SGDĐT-TCGD`: PDF text may space out the digits of the report's own number (hcm-sgddt-kh90).
RE_SPACED_OWN_DIGITS = regex.compile(r"(?:số|số[ ]ký[ ]hiệu)[ ]*:[ ]*(?P<digits>\d(?:[ ]\d)*)[ ]$", regex.IGNORECASE)


def mention_span(text: str, match: regex.Match) -> tuple[int, int]:
    """Where a symbol mention starts and ends: a blank number starts at the slash (`Số: /BC-SGDĐT`,
    seed 003 line 3); spaced-out digits before it (`Số: 9 0 /KHLT-…`) belong to it."""
    start, end = match.span()
    if text[start] == " ":
        start += 1
    line_start = text.rfind("\n", 0, start) + 1
    if match.group("number") is not None and len(match.group("number")) == 1:
        spaced = RE_SPACED_OWN_DIGITS.search(text, line_start, match.start())
        if spaced is not None:
            start = spaced.start("digits")
    return start, end


def find_references(doc: Document) -> Iterator[Reference]:
    """Yield every reference of `doc`: `Quyết định số 131/QĐ-TTg ngày 25/01/2022`, `Số: 89/BC-…`."""
    text = doc.text
    own_symbol = ""
    date_line = find_date_line(text)
    own_date = date_line.date.iso() if date_line else ""
    for match in find_symbols(text):
        symbol = symbol_from_match(match)
        start, end = mention_span(text, match)
        if start < match.start() and not symbol.party:
            symbol = replace(symbol, number=RE_WHITESPACE.sub("", text[start:match.start()]) + symbol.number)
        canonical = symbol.canonical
        own = is_own_number(text, start)
        if own and not own_symbol:
            own_symbol = canonical
        relation = "self" if own or (own_symbol and canonical == own_symbol) else "cites"
        ref_type = choose_type(symbol, type_before(text, start))
        if relation == "self" and own:
            issued = own_date
        else:
            issued = date_after(text, end) or date_before(text, start)
        location = doc.location_at(start)
        yield Reference(
            relation=relation,
            symbol=canonical,
            raw=text[start:end],
            char_start=start,
            char_end=end,
            ref_type=ref_type,
            number=symbol.number,
            year=symbol.year,
            code=symbol.code,
            issuer=issuer_after(text, end),
            issued_date=issued,
            page=location.page if location else None,
            snippet=snippet_around(text, start, end),
        )


def find_reference_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every document symbol in `text`; numbers inside them are not figures.

    >>> text = "Quyết định số 131/QĐ-TTg ngày 25/01/2022, 55/282 (19,50%)"
    >>> [text[s:e] for s, e in find_reference_spans(text)]
    ['131/QĐ-TTg']
    """
    return [mention_span(text, m) for m in find_symbols(text)]
