"""`--redact-pii`: mask phone numbers, e-mails and personal names in every output.

Tables leave the office (`--redact-pii` is for sharing them), so the people who
wrote or signed a report must not be findable from them. Masks in running text
keep the text's length, so `char_start`/`char_end` still point at the same
figure in the redacted text that review.html shows:

    0978492914        -> 09******14
    a.b@x.vn          -> a**@x.vn
    Vũ Thị Diệu Linh  -> V. T. D. L.      (padded with blanks to 16 characters)

In the documents.csv `reporter` and `signer` columns a name becomes its bare
initials (`V. T. D. L.`). Names are found by what stands around them (`Ông`,
`đ/c`, `Họ và tên người lập báo cáo:`), by a surname followed by a common middle
name (`Phạm Xuân Cường`), by a signature line that is only a name, and by the
report's own `reporter` and `signer` fields. The cue words are language data in
solieu/data/redact_cues.tsv. Names of schools and streets (`Trường THCS Nguyễn
Văn Trỗi`, `đường Lê Văn Hưu`) are not masked.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import regex

DATA = Path(__file__).resolve().parent / "data" / "redact_cues.tsv"

# Patterns get a time limit too: a hostile document must not make redaction hang (issue 6).
REGEX_TIMEOUT = 5.0

RE_EMAIL = regex.compile(r"(?<![\w.+\-])(?P<local>[\w.+\-]++)@(?P<domain>[\w\-]++(?:\.[\w\-]++)+)")
# Vietnamese numbers: 0978492914, 0942.252.112, 052.3882625, (024) 3861 2345, +84 978 492 914.
# Not after a letter, digit, `.`, `,` or `/`, so figures (`1.928`), decimals and symbols stay.
RE_PHONE = regex.compile(r"(?<![\p{L}\p{N}.,/])(?:\+84|\(0\d{1,3}\)|0)(?:[ .\-]?\d){8,10}+(?!\p{N})")
PHONE_DIGITS = range(10, 13)  # 0 + 9..10 digits, or 84 + 9 digits; (024) 3861 2345 has 11
SYLLABLE = r"\p{Lu}\p{L}*+"
RE_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\p{N}]")


def _alternatives(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _cues() -> dict[str, list[str]]:
    cues: dict[str, list[str]] = {}
    with open(DATA, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            cues.setdefault(row["kind"], []).append(row["text"])
    return cues


@lru_cache(maxsize=1)
def _name_patterns() -> tuple[regex.Pattern, ...]:
    cues = _cues()
    name = rf"{SYLLABLE}(?:[ \u00a0]{SYLLABLE}){{1,4}}(?![\p{{L}}\p{{N}}])"
    surname = rf"(?i:{_alternatives(cues['surname'])})"
    not_a_place = rf"(?<!(?:{_alternatives(cues['place_word'])})[ \u00a0]+)"
    return (
        # Ông Nguyễn Văn An, đ/c Tạ Thị Vân, Developed by Phạm Xuân Cường
        regex.compile(rf"(?<![\p{{L}}/])(?:{_alternatives(cues['title'])})[ \u00a0]+(?P<name>{name})"),
        # Họ và tên người lập báo cáo: Võ Tự Duy Linh
        regex.compile(rf"(?:{_alternatives(cues['label'])})[ \u00a0]*:[ \u00a0]*(?P<name>{name})"),
        # Phạm Xuân Cường anywhere, but not Trường THCS Nguyễn Văn Trỗi
        regex.compile(rf"{not_a_place}(?<![\p{{L}}])(?P<name>{surname}[ \u00a0]"
                      rf"(?i:{_alternatives(cues['middle'])})(?:[ \u00a0]{SYLLABLE}){{1,3}})"
                      rf"(?![\p{{L}}\p{{N}}])"),
        # a signature line, or a table cell, that is only a name of 3 to 5 syllables: `Phạm Thị Hào`
        # (score tables list teachers by name, one per row)
        regex.compile(rf"(?m)(?:^|(?<=\t))[ ]*+(?P<name>{surname}(?:[ \u00a0]{SYLLABLE}){{2,4}})"
                      rf"[ ]*+(?=\t|$)"),
    )


def mask_phone(phone: str) -> str:
    """Keep the first two and the last two digits, star the others, keep separators.

    >>> mask_phone("0978492914"), mask_phone("0942.252.112")
    ('09******14', '09**.***.*12')
    """
    positions = [i for i, ch in enumerate(phone) if ch.isdigit()]
    hidden = set(positions[2:-2])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(phone))


def mask_email(email: str) -> str:
    """Keep the first letter of the mailbox and the domain (an office's, not a person's).

    >>> mask_email("a.b@x.vn"), mask_email("cuonggiaoduc@yahoo.com")
    ('a**@x.vn', 'c***********@yahoo.com')
    """
    local, at, domain = email.partition("@")
    if not at:
        return mask_phone(email)
    return local[:1] + "*" * (len(local) - 1) + at + domain


def name_to_initials(name: str, width: int | None = None) -> str:
    """Initials of a personal name; with `width`, exactly that long (padded with blanks).

    >>> name_to_initials("Vũ Thị Diệu Linh")
    'V. T. D. L.'
    >>> name_to_initials("Vũ A", width=4)
    'V.A.'
    """
    initials = [w[0] for w in name.split() if w]
    if width is None:
        return " ".join(f"{i}." for i in initials)
    for candidate in (" ".join(f"{i}." for i in initials), "".join(f"{i}." for i in initials),
                      " ".join(initials), "".join(initials)):
        if len(candidate) <= width:
            return candidate.ljust(width)
    return "*" * width


def _spans(text: str, names: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of everything to mask, before overlaps are resolved."""
    spans = [(m.start(), m.end(), "email") for m in RE_EMAIL.finditer(text, timeout=REGEX_TIMEOUT)]
    for m in RE_PHONE.finditer(text, timeout=REGEX_TIMEOUT):
        digits = sum(ch.isdigit() for ch in m.group())
        if digits in PHONE_DIGITS:
            spans.append((m.start(), m.end(), "phone"))
    for pattern in _name_patterns():
        spans += [(m.start("name"), m.end("name"), "name")
                  for m in pattern.finditer(text, timeout=REGEX_TIMEOUT)]
    for name in names:
        if " " in name.strip():
            start = text.find(name)
            while start != -1:
                spans.append((start, start + len(name), "name"))
                start = text.find(name, start + len(name))
    return spans


def redact_text(text: str, names: tuple[str, ...] = ()) -> str:
    """`text` with phones, e-mails and personal names masked; same length as `text`.

    `names` are names known from the report's fields (reporter, signer), masked
    wherever they occur.

    >>> redact_text("Người lập biểu: Phạm Thị Hào, ĐT: 0978492914")
    'Người lập biểu: P. T. H.    , ĐT: 09******14'
    """
    if not text:
        return text
    try:
        spans = _spans(text, names)
    except TimeoutError:  # a text too hostile to search: hide every letter and digit rather than leak
        return RE_LETTER_OR_DIGIT.sub("*", text)
    chars = list(text)
    taken = -1
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < taken:  # overlaps a span already masked (e.g. a name inside a signature line)
            continue
        surface = text[start:end]
        masked = {"email": mask_email, "phone": mask_phone}.get(kind, lambda s: name_to_initials(s, len(s)))(surface)
        chars[start:end] = masked
        taken = end
    return "".join(chars)


def redact_document_row(row: dict) -> dict:
    """documents.csv row with reporter/signer as initials, phone and e-mail masked.

    >>> redact_document_row({"reporter": "Võ Tự Duy Linh", "phone": "0978492914",
    ...                      "email": "a.b@x.vn", "signer": "", "title": "Báo cáo"})
    {'reporter': 'V. T. D. L.', 'phone': '09******14', 'email': 'a**@x.vn', 'signer': '', 'title': 'Báo cáo'}
    """
    row = dict(row)
    for column in ("reporter", "signer"):
        if row.get(column):
            row[column] = name_to_initials(row[column])
    if row.get("phone"):
        row["phone"] = mask_phone(row["phone"])
    if row.get("email"):
        row["email"] = mask_email(row["email"])
    if row.get("title"):
        row["title"] = redact_text(row["title"])
    return row


# Columns that identify or locate a record; never text a person's name or number can hide in.
KEY_COLUMNS = frozenset({"doc_id", "figure_id", "ref_id", "char_start", "char_end", "page"})


def redact_record_row(row: dict, names: tuple[str, ...] = ()) -> dict:
    """A figures.csv or references.csv row with every text cell redacted (snippet, label, raw…)."""
    return {col: value if col in KEY_COLUMNS or not isinstance(value, str) else redact_text(value, names)
            for col, value in row.items()}


def redact_result(result):
    """A `DocResult` fit for sharing: every table row and the review text redacted."""
    names = tuple(n for n in (result.document.get("reporter", ""), result.document.get("signer", "")) if n)
    return replace(
        result,
        document=redact_document_row(result.document),
        figures=[redact_record_row(r, names) for r in result.figures],
        references=[redact_record_row(r, names) for r in result.references],
        text=redact_text(result.text, names),
    )
