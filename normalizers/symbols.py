"""Document symbols (số, ký hiệu) as Nghị định 30/2020/NĐ-CP composes them.

State documents: number / [year /] type code - issuer code (`131/QĐ-TTg`,
`73/2019/NĐ-CP`, `05/2008/TTLT-BKHCN-BNV`); a công văn has no type code
(`1782/SGDĐT-VP`). Party documents: number - type code / issuer (`4730-QĐ/HU`).
The canonical form has no spaces, `Ð` (U+00D0) read as `Đ`, `_` or `–` separators
as `-`, and the issuer misspellings of data/issuer_fixes.tsv folded
(`4725/ QĐ- BGDDT` → `4725/QĐ-BGDĐT`). `PGDDĐT` and `SGDDĐT` (seed 000 lines 7, 17,
155) are kept as written: a different typo, that the contract's own example keeps.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from .data_files import read_tsv

# One code segment: `QĐ`, `TTg`, `BGDĐT`, `PGD&ĐT`, `QH14`, `CTr`; upper case, maybe one lower-case tail.
# A dot may join code parts in older symbols: `1330/QĐ-CT.UB`, `11/1998/QĐ-TC.CCVC` (cantho-qd256 transcript).
# `Ttg` (vju-bc826 transcript: `391/QĐ-Ttg`) ends in two ASCII lower-case letters; `ĐHQGHNngày` is glued to
# the next word (vju-bc826: `3636/QĐ-ĐHQGHNngày 21/10/2022`).
RE_SEGMENT = (r"[\p{Lu}][\p{Lu}&0-9]*(?:\.\p{Lu}[\p{Lu}&0-9]*)*(?:\p{Ll}|[a-z]{2})?"
              r"(?:(?![\p{L}&0-9])|(?=ngày\b))")
# Between segments: `-`, `_` (`10/2007/QĐ_BKHCN`), a space on either side (`QĐ- BGDĐT`), or a bare `–`.
# A PDF line may wrap at such a space (`4725/QĐ-` / `BGDĐT`), so a line break counts as one.
RE_SEPARATOR = r"(?:[ ]?[-_‐][ \n]?|–)"
RE_STATE_SYMBOL = regex.compile(
    r"(?<![\p{L}\d/.,])(?P<number>\d{1,5}[a-zđ]?)?[ ]?/[ \n]?"
    r"(?:(?P<year>(?:19|20)\d{2})[ ]?/[ ]?)?"
    r"(?P<code>" + RE_SEGMENT + r"(?:" + RE_SEPARATOR + RE_SEGMENT + r"){0,5})"
)
RE_PARTY_SYMBOL = regex.compile(
    r"(?<![\p{L}\d/.,])(?P<number>\d{1,5})[ ]?-[ ]?(?P<type>[\p{Lu}][\p{L}]{0,3})[ ]?/[ ]?"
    r"(?P<code>" + RE_SEGMENT + r"(?:" + RE_SEPARATOR + RE_SEGMENT + r"){0,3})"
)
# Patterns used on every symbol, compiled once (a `regex.sub(r"…")` call looks its pattern up
# in regex's cache each time: 30 µs).
RE_WHITESPACE = regex.compile(r"\s+")
RE_SLASH = regex.compile(r"[ ]?/[ ]?")
RE_SPLIT_SEGMENTS = regex.compile(RE_SEPARATOR)
# `số`, `Số:`, `SỐ KÝ HIỆU:` right before a symbol: then a blank number (`Số: /BC-SGDĐT`) is a symbol too.
RE_NUMBER_WORD_BEFORE = regex.compile(r"(?:\bsố|ký[ ]hiệu)[ ]*:?[ ]*$", regex.IGNORECASE)


@cache
def type_names() -> dict[str, str]:
    """Type code → full name: `QĐ` → `Quyết định` (data/doc_types.tsv)."""
    return {row["code"]: row["name"] for row in read_tsv("doc_types.tsv")}


@cache
def issuer_fixes() -> dict[str, str]:
    """Misspelled issuer code → canonical: `BGDDT` → `BGDĐT` (data/issuer_fixes.tsv)."""
    return {row["written"]: row["canonical"] for row in read_tsv("issuer_fixes.tsv")}


@dataclass(frozen=True, slots=True)
class Symbol:
    """A parsed symbol: `73/2019/NĐ-CP` → number 73, year 2019, type NĐ, issuer CP."""

    number: str
    year: str
    type_code: str
    issuer_code: str
    party: bool = False

    @property
    def code(self) -> str:
        """The code part as written after the number (and year): `NĐ-CP`, `SGDĐT-VP`, `QĐ/HU`."""
        if self.party:
            return f"{self.type_code}/{self.issuer_code}"
        return "-".join(part for part in (self.type_code, self.issuer_code) if part)

    @property
    def canonical(self) -> str:
        if self.party:
            return f"{self.number}-{self.type_code}/{self.issuer_code}"
        year = f"{self.year}/" if self.year else ""
        return f"{self.number}/{year}{self.code}"

    @property
    def type_name(self) -> str:
        """Full type name from the code: `Quyết định`; a state symbol without type code is a `Công văn`."""
        if self.type_code:
            return type_names().get(self.type_code, "")
        return "" if self.year else "Công văn"


def fold_text(text: str) -> str:
    """NFC, `Ð` → `Đ`."""
    return unicodedata.normalize("NFC", text).replace("\u00d0", "Đ")


def fold_segment(segment: str) -> str:
    return issuer_fixes().get(segment, segment)


def split_code(code: str) -> list[str]:
    return [s for s in RE_SPLIT_SEGMENTS.split(RE_WHITESPACE.sub("", fold_text(code))) if s]


def symbol_from_match(match: regex.Match) -> Symbol:
    """The Symbol of a RE_STATE_SYMBOL or RE_PARTY_SYMBOL match."""
    segments = [fold_segment(s) for s in split_code(match.group("code"))]
    number = match.group("number") or ""
    if "type" in match.re.groupindex:
        return Symbol(number, "", fold_text(match.group("type")), "-".join(segments), party=True)
    year = match.group("year") or ""
    if segments[0] in type_names():
        return Symbol(number, year, segments[0], "-".join(segments[1:]))
    return Symbol(number, year, "", "-".join(segments))


def parse_symbol(text: str) -> Symbol | None:
    """The symbol written in `text` (the whole of it, spaces allowed), or None.

    >>> parse_symbol("4725/ QĐ- BGDDT").canonical
    '4725/QĐ-BGDĐT'
    >>> parse_symbol("4730-QĐ/HU").type_name
    'Quyết định'
    """
    text = fold_text(text.strip())
    for pattern in (RE_PARTY_SYMBOL, RE_STATE_SYMBOL):
        match = pattern.fullmatch(text)
        if match is not None:
            return symbol_from_match(match)
    return None


def canonical_symbol(text: str) -> str:
    """The canonical form of a symbol; text that is not a symbol comes back with spaces removed.

    >>> canonical_symbol("10/2007/QĐ_BKHCN")
    '10/2007/QĐ-BKHCN'
    >>> canonical_symbol("15 /PGDDĐT-CNTT")
    '15/PGDDĐT-CNTT'
    """
    symbol = parse_symbol(text)
    return symbol.canonical if symbol else RE_WHITESPACE.sub("", fold_text(text))


def is_plausible(match: regex.Match, text: str) -> bool:
    """Whether a RE_STATE_SYMBOL match is a symbol and not `2 HS/GV`-like text.

    A symbol has a number (or `số` right before it, for `Số: /BC-SGDĐT`, seed 003 line 3)
    and either a separator in its code, a year, a known type code or `số` before it.
    """
    code = match.group("code")
    said_number = RE_NUMBER_WORD_BEFORE.search(text, max(0, match.start() - 20), match.start()) is not None
    if not match.group("number"):
        return said_number
    if sum(ch.isupper() for ch in code) < 2:
        return False
    segments = split_code(code)
    return (len(segments) > 1 or bool(match.group("year")) or segments[0] in type_names()
            or said_number)


# Kept for the last few texts: the references extractor and the figure masks both ask for the
# symbols of the same document text, and scanning it costs a few milliseconds each time.
@lru_cache(maxsize=4)
def find_symbols(text: str) -> tuple[regex.Match, ...]:
    """Every symbol match in `text`, in order, party format first where both could apply."""
    found = [m for m in RE_PARTY_SYMBOL.finditer(text)
             if fold_text(m.group("type")) in type_names()]
    for match in RE_STATE_SYMBOL.finditer(text):
        if any(p.start() < match.end() and match.start() < p.end() for p in found):
            continue
        if is_plausible(match, text):
            found.append(match)
    return tuple(sorted(found, key=lambda m: m.start()))


def symbol_problem(raw: str) -> str:
    """Why a symbol as written breaks the national format (Vietnamese), or "" when it follows it.

    >>> symbol_problem("131/QĐ-TTg")
    ''
    >>> symbol_problem("4725/ QĐ- BGDDT")
    'có khoảng trắng trong số, ký hiệu; ký hiệu viết sai (BGDDT → BGDĐT)'
    """
    problems = []
    text = unicodedata.normalize("NFC", raw.strip())
    if regex.search(r"[ \t\u00a0]", text):  # a line break is the PDF's wrapping, not the writer's
        problems.append("có khoảng trắng trong số, ký hiệu")
    if "\u00d0" in text:
        problems.append("dùng ký tự Ð (U+00D0) thay cho Đ")
    if "_" in text or "–" in text:
        problems.append("dấu nối không phải '-'")
    symbol = parse_symbol(text)
    if symbol is None:
        return "; ".join(problems + ["không đúng dạng số/ký hiệu"])
    if not symbol.number:
        problems.append("thiếu số văn bản")
    if symbol.party and symbol.type_code not in type_names():
        problems.append(f"mã loại văn bản lạ ({symbol.type_code})")
    if not symbol.issuer_code:
        problems.append("thiếu mã cơ quan ban hành")
    for segment in split_code(text.split("/")[-1] if symbol.party else (
            RE_SLASH.split(text)[-1])):
        if segment in issuer_fixes():
            problems.append(f"ký hiệu viết sai ({segment} → {issuer_fixes()[segment]})")
    return "; ".join(problems)


def is_standard_symbol(raw: str) -> bool:
    """Whether a symbol as written follows Nghị định 30/2020/NĐ-CP (see symbol_problem for the reason).

    >>> is_standard_symbol("73/2019/NĐ-CP"), is_standard_symbol("26/ KH-THCSLU")
    (True, False)
    """
    return symbol_problem(raw) == ""
