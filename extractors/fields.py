"""Report fields for documents.csv, read from the report's own text.

Every field is left empty when the document does not state it: a guidance letter
without header (seed 001) has no title, place, date or signer, and none is invented.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import regex

from solieu.ingest.model import Document
from solieu.normalizers.dates import parse_school_year
from solieu.normalizers.symbols import type_names
from solieu.normalizers.text import title_case_name, title_case_unit

from .dates import find_date_line
from .lowercase import CaseBlind, original
from .records import Reference, ReportFields

MARKUP = " \t*_#"
HEAD_LINES = 40  # the heading (`BÁO CÁO` + trích yếu) stands in the first lines
# Labels searched in the whole report are CaseBlind alternatives that each open with their own
# word (extractors/lowercase.py): under IGNORECASE, or opening with `^` or an alternation, regex
# tried them at every character (0.3-0.45 ms each on a 13 kB report, against 0.01 ms).
# `- Tên cơ quan báo cáo: Trường THCS Lai Uyên` (seed 000 line 11), `Tên đơn vị: …`: at a line's
# start, after list marks (the lookbehind reads back to it).
RE_UNIT_LABEL = CaseBlind(
    r"(?<=^[-+•\s*]*)tên[ ](?:cơ[ ]quan|đơn[ ]vị)(?:[ ]báo[ ]cáo)?[ ]*:[ ]*(?P<value>[^\n]+)",
    r"(?<=^[-+•\s*]*)đơn[ ]vị[ ]báo[ ]cáo[ ]*:[ ]*(?P<value>[^\n]+)",
    flags=regex.MULTILINE,
)
# A header line naming a unit: `TRƯỜNG THCS LAI UYÊN`, `PHÒNG GIÁO DỤC VÀ ĐÀO TẠO`, `UBND HUYỆN …`.
RE_UNIT_HEADER = regex.compile(
    r"^[ \t*_#]*(?P<value>(?:TRƯỜNG|TRUNG[ ]TÂM|PHÒNG|SỞ|ỦY[ ]BAN|UỶ[ ]BAN|UBND|BỘ)[ ][\p{Lu}0-9&\- ]{3,80}?)[ *_]*(?:$|\t|[ ]{3,})",
    regex.MULTILINE,  # the motto `CỘNG HÒA …` may follow in a second column (binhphuoc-qd991 line 1)
)
# `Trung tâm GDNN-GDTX huyện Thanh Trì báo cáo kết quả …` (seed 004 line 15): the unit reports;
# `Trường THPT Đốc Binh Kiều xây dựng Kế hoạch …` (dongthap-thpt-dbk-kh-bldh draft).
RE_UNIT_REPORTS = CaseBlind(
    *(rf"^(?P<value>{unit}[ ][^\n,.;:]{{2,80}}?)[ ]+(?:xin[ ]|trân[ ]trọng[ ])?"
      r"(?:báo[ ]cáo|xây[ ]dựng[ ]kế[ ]hoạch|ban[ ]hành|hướng[ ]dẫn|thông[ ]báo|đề[ ]nghị)\b"
      for unit in ("Trường", "Trung[ ]tâm", "Phòng", "Sở", "Ủy[ ]ban", "UBND")),
    flags=regex.MULTILINE,
)
RE_COLUMN_GAP = regex.compile(r"\t|[ ]{3,}")
RE_INNER_UNIT = regex.compile(r"[ ](?=(?:TRƯỜNG|TRUNG[ ]TÂM|PHÒNG|SỞ)[ ])")
RE_MOTTO_PHRASE = regex.compile(
    r"[ ]*(?:CỘNG[ ]H(?:ÒA|OÀ)[ ]XÃ[ ]HỘI[ ]CHỦ[ ]NGHĨA[ ]VIỆT[ ]NAM"
    r"|Độc[ ]lập[ ]?[-–][ ]?Tự[ ]do[ ]?[-–][ ]?Hạnh[ ]phúc)[ ]*",
    regex.IGNORECASE,
)
RE_MOTTO = regex.compile(r"[ ]*(?:CỘNG[ ]H(?:ÒA|OÀ)[ ]XÃ|Độc[ ]lập[ ]?[-–]|ĐỘC[ ]LẬP[ ]?[-–])")
# Every RE_MOTTO alternative holds one of these: a line without them is not searched (the pattern,
# opening with `[ ]*`, is tried at every character of the 40 head lines otherwise).
MOTTO_WORDS = ("CỘNG", "Độc", "ĐỘC")


def has_motto(text: str) -> bool:
    return any(word in text for word in MOTTO_WORDS) and RE_MOTTO.search(text) is not None


def before_motto(line: str) -> str:
    """The line up to the motto (the left column of a two-column header), or the whole line."""
    return RE_MOTTO.split(line, maxsplit=1)[0] if any(word in line for word in MOTTO_WORDS) else line
# A unit line ending in an administrative word goes on: `SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH` / `ĐỒNG THÁP`.
RE_UNIT_GOES_ON = regex.compile(r"(?:TỈNH|HUYỆN|QUẬN|THÀNH[ ]PHỐ|THỊ[ ]XÃ|XÃ|PHƯỜNG)$")
RE_NOT_UNIT = regex.compile(r"CỘNG[ ]HÒA|CỘNG[ ]HOÀ|ĐỘC[ ]LẬP|^SỐ\b|BÁO[ ]CÁO|KẾ[ ]HOẠCH|QUYẾT[ ]ĐỊNH|BIÊN[ ]BẢN")
# `TRÍCH YẾU: V/v tăng cường …` (dongthap-thpt-dbk-cv-attp draft line 2): the title of a form-style công văn.
RE_ABSTRACT_LABEL = regex.compile(r"^[ \t*_]*trích[ ]yếu[ ]*:[ ]*(?P<value>[^\n]+)", regex.IGNORECASE | regex.MULTILINE)
RE_REPORTER = CaseBlind(
    *(rf"{who}người[ ](?:lập|thực[ ]hiện|làm|viết)?[ ]?báo[ ]cáo[ ]*:[ ]*(?P<value>[^\n]+)"
      for who in (r"họ[ ](?:và[ ])?tên[ ]", "")),
)
PHONE_VALUE = r"[ ]*:[ ]*\n?[ ]*(?P<value>\+?\d[\d .]{7,14}\d)"
RE_PHONE = CaseBlind(
    *(label + PHONE_VALUE for label in (r"điện[ ]thoại(?:[ ]di[ ]động)?", r"số[ ]điện[ ]thoại", "SĐT", "ĐT", "ĐTDĐ")),
)
EMAIL_VALUE = r"[ ]*:[ ]*\n?[ ]*\[?(?P<value>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
RE_EMAIL = CaseBlind(*(label + EMAIL_VALUE for label in (r"thư[ ]điện[ ]tử", "e-?mail", r"hộp[ ]thư")))
# Who signs: `HIỆU TRƯỞNG`, `KT.GIÁM ĐỐC` / `PHÓ GIÁM ĐỐC` (seed 003 line 207), `GIAM ĐỐC` (seed 004 line 127),
# `GIÁM ĐÓC` (OCR of phutho-stttt-cv275 scan).
RE_SIGNER_TITLE = regex.compile(
    r"^[ \t*_#]*(?:(?:KT|TM|TL|Q)[ ]?\.[ ]*)?(?:PHÓ[ ])?(?:HIỆU[ ]TRƯỞNG|GI[AÁ]M[ ]Đ[ỐÓÔO]C|TRƯỞNG[ ]PHÒNG|CHỦ[ ]TỊCH"
    r"|TRƯỞNG[ ]BAN|THỦ[ ]TRƯỞNG[ ]ĐƠN[ ]VỊ|NGƯỜI[ ]LẬP(?:[ ]BIỂU|[ ]BÁO[ ]CÁO)?)\b[^\n]{0,40}$",
    regex.MULTILINE | regex.IGNORECASE,  # `chủ tịch` in lower case (cantho-qd256 transcript)
)
# A person's name on its own line: 2 to 5 capitalised words (`**Nguyễn Thanh Danh**`, `Phạm Thị Hào`).
RE_NAME_LINE = regex.compile(r"^[ \t*_]*(?P<value>\p{Lu}\p{Ll}*(?:[ ]\p{Lu}\p{Ll}*){1,4})[ \t*_]*$")
RE_NAME_LINE_CAPS = regex.compile(r"^[ \t*_]*(?P<value>\p{Lu}+(?:[ ]\p{Lu}+){1,4})[ \t*_]*$")
NOT_NAMES = {"Nơi Nhận", "Lưu Vt"}
RE_NOT_A_TITLE = regex.compile(r"^(?:[IVX]+|\d+)[.)/]")
RE_BODY_OPENING = regex.compile(r"^(?:\(|Thực[ ]hiện|Căn[ ]cứ|Kính[ ]gửi|Theo[ ]|[IVX]+\.[ ]|\d+\.[ ])")
RE_SECTION_NUMBER = regex.compile(r"^[IVX]+\.|^\d+\.")
RE_PHONE_SEPARATORS = regex.compile(r"[ .]")
RE_TRAILING_STAMP = regex.compile(r"[ ]+\d{1,2}/\d{1,2}/\d{4}(?:[ ]+\d{1,2}:\d{2}(?::\d{2})?(?:[ ]?[AP]M)?)?[ ]*$")


def clean_line(line: str) -> str:
    return " ".join(line.strip(MARKUP).split())


@cache
def heading_names() -> dict[str, str]:
    """`BÁO CÁO` → `Báo cáo` for every document type of data/doc_types.tsv (and `CÔNG VĂN`)."""
    names = dict.fromkeys(type_names().values())
    return {name.upper(): name for name in names}


@cache
def heading_patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    """The patterns naming a type heading (built from the data file once, not per report):

    `merged`: the type word opening a paragraph the PDF merged with its title;
    `closing`: the type word closing the header paragraph, the title in the next one;
    `alone`: the type word alone on its line.
    """
    types = "|".join(heading_names())
    merged = regex.compile(r"(?:^|(?<=^[ \t]*Số[ ]*:[^\n]{0,40}?/[^ \n]+)[ ])[ *_#]*(?P<type>" + types +
                           r")[ *_]+(?P<title>\p{Lu}\p{Ll}[^\n]{10,600})$", regex.MULTILINE)
    closing = regex.compile(r"năm[ ]*\d{4}[ *_]+(?P<type>" + types +
                            r")[ *_]*\n+[ *_]*(?P<title>\p{Lu}[^\n]{10,600})$", regex.MULTILINE)
    alone = regex.compile(r"^[ \t*_#]*(?:" + types + r")[ *_:]*$", regex.MULTILINE)
    return merged, closing, alone


def find_heading(lines: list[str]) -> tuple[str, str]:
    """(doc_type, title): the type word heading and the trích yếu paragraph under it.

    The title is the first paragraph after the heading, one line; a second paragraph is
    added only when both are in capitals and the second does not open with `(`.
    A heading followed by a list of short lines is a menu item (seed 002 line 2).
    """
    names = heading_names()
    for i, line in enumerate(lines[:HEAD_LINES]):
        doc_type = names.get(clean_line(line).upper()) if clean_line(line).isupper() else None
        if doc_type is None:
            continue
        paragraphs: list[list[str]] = []
        current: list[str] = []
        for follow in lines[i + 1:i + 12]:
            if clean_line(follow) and current and (RE_BODY_OPENING.match(clean_line(follow)) or (
                    clean_line(follow).isupper() and not " ".join(current).isupper())):
                break  # no blank line between title and body (text from a PDF page)
            if clean_line(follow):
                current.append(clean_line(follow))
            elif current:
                paragraphs.append(current)
                current = []
            if len(paragraphs) == 2:
                break
        if current:
            paragraphs.append(current)
        if not paragraphs:
            continue
        if len(paragraphs) > 1 and " ".join(paragraphs[0]).startswith("CỦA "):
            paragraphs = paragraphs[1:]  # `QUYẾT ĐỊNH` / `CỦA ỦY BAN NHÂN DÂN …` / `V/v …` (cantho-qd256)
        title = " ".join(paragraphs[0])
        if len(title.split()) < 5 or (
                len(paragraphs[0]) > 2 and all(len(line.split()) < 6 for line in paragraphs[0])):
            continue  # a menu of short lines under `THÔNG BÁO` (seed 002 lines 2-8), not a trích yếu
        if len(paragraphs) > 1 and paragraphs[1][0][:1].islower():
            # `… đất rừng` / `và đất chuyển ra khỏi lâm phần …`: a title line broken mid-phrase
            # (binhphuoc-qd991 transcript lines 7-8).
            title = f"{title} {' '.join(paragraphs[1])}"
        elif len(paragraphs) > 1:
            second = " ".join(paragraphs[1])
            if title.isupper() and second.isupper() and not second.startswith("(") and \
                    not RE_SECTION_NUMBER.match(second) and len(second.split()) <= 20:
                title = f"{title} {second}"
        return doc_type, title
    # The type word opening a paragraph the PDF merged with its title: `KẾ HOẠCH Tổ chức Chương trình …`
    # (hcm-sgddt-kh90), or right after the own number: `Số: /BC-HĐXTH BÁO CÁO Kết quả …` (dongthap-sgddt-bc).
    head = "\n".join(lines[:HEAD_LINES])
    merged = heading_patterns()[0].search(head)
    if merged:
        return names[merged.group("type")], clean_line(merged.group("title"))
    # The type word closing the header paragraph, the title in the next one:
    # `Số: 89/BC-GDNN-GDTXTT Thanh Trì, ngày 6 tháng 3 năm 2025 BÁO CÁO` (seed 004 as scanned PDF).
    closing = heading_patterns()[1].search(head)
    if closing:
        return names[closing.group("type")], clean_line(closing.group("title"))
    # The type word and the title on one line: `BÁO CÁO BA CÔNG KHAI NĂM HỌC 2024-2025` (vju-bc826 PDF).
    for line in lines[:HEAD_LINES]:
        text = clean_line(line)
        if not text.isupper() or has_motto(text):
            continue
        for upper, name in names.items():
            rest = text[len(upper):].strip(" :-–")
            if text.startswith(upper + " ") and len(rest.split()) >= 3:
                return name, rest
    return "", ""


def find_capital_title(lines: list[str]) -> str:
    """A title in capitals among the first lines of a page without type heading (a web article)."""
    for line in lines[:HEAD_LINES]:
        text = RE_TRAILING_STAMP.sub("", clean_line(line))
        if len(text.split()) < 6:
            continue
        if has_motto(text) or RE_NOT_A_TITLE.match(text) or RE_SIGNER_TITLE.match(text) \
                or RE_UNIT_HEADER.match(text):
            continue  # the motto, `II. TUYỂN SINH …`, `KT. GIÁM ĐỐC`, `BỘ GIÁO DỤC VÀ ĐÀO TẠO` are no titles
        letters = "".join(filter(str.isalpha, text))  # C loops: a body paragraph is a long line
        if letters and sum(map(str.isupper, letters)) / len(letters) > 0.9:
            return text
    return ""


def find_issuer(text: str) -> str:
    """The reporting unit: `Tên cơ quan báo cáo:`, else the lowest unit of the header, else `X báo cáo`."""
    label = RE_UNIT_LABEL.search(text)
    if label:
        return clean_line(original(text, label, "value")).rstrip(".;,")
    head = text[:600]
    heading = heading_patterns()[2].search(head)
    head = head[:heading.start()] if heading else head  # units named after the heading are the body's
    # A PDF header puts both columns on one line: `UBND TỈNH ĐỒNG THÁP CỘNG HÒA XÃ HỘI …`.
    # A PDF paragraph may hold the whole header: `ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM THÀNH PHỐ
    # HỒ CHÍ MINH Độc lập – Tự do – Hạnh phúc SỞ GIÁO DỤC VÀ ĐÀO TẠO` (hcm-sgddt-kh90): the mottos split it.
    head = RE_MOTTO_PHRASE.sub("\n", head)
    head = "\n".join(before_motto(line) for line in head.split("\n"))
    headers = list(RE_UNIT_HEADER.finditer(head))
    if headers:
        unit = clean_line(header_unit(head, headers[-1]))
        # `UBND TỈNH ĐỒNG THÁP SỞ GIÁO DỤC VÀ ĐÀO TẠO` in one header cell (docx): the lowest unit is the last.
        unit = RE_INNER_UNIT.split(unit)[-1]
        return title_case_unit(unit)
    reports = RE_UNIT_REPORTS.search(text)
    if reports:
        return clean_line(original(text, reports, "value"))
    return ""


def header_unit(head: str, match: regex.Match) -> str:
    """A header unit line, cut at the second column and joined with its continuation line.

    `TRƯỜNG THCS-THPT` / `ĐỐC BINH KIỀU<tab>Độc lập - Tự do - Hạnh phúc`
    (dongthap-thpt-dbk-bb-taptrung-form transcript lines 2-3) → `TRƯỜNG THCS-THPT ĐỐC BINH KIỀU`.
    """
    unit = RE_COLUMN_GAP.split(match.group("value"))[0]
    line_end = head.find("\n", match.start())
    following = head[line_end + 1:].lstrip("\n").split("\n", 1)[0] if line_end >= 0 else ""
    following = RE_COLUMN_GAP.split(following.strip(MARKUP))[0].strip()
    if following and following.isupper() and not RE_NOT_UNIT.search(following) \
            and (len(unit.split()) <= 4 or RE_UNIT_GOES_ON.search(unit)) and len(following.split()) <= 5:
        unit = f"{unit} {following}"
    return unit


def next_name(lines: list[str], start: int, limit: int = 8) -> str:
    """The first line after `start` that is a person's name (within `limit` lines)."""
    # A name in mixed case first: `GIÁM ĐỐC SỞ GIÁO DỤC VÀ` / `ĐÀO TẠO` / `Lê Quang Trí` (dongthap-sgddt-bc PDF).
    window = [clean_line(line) for line in lines[start + 1:start + 1 + limit]]
    for pattern in (RE_NAME_LINE, RE_NAME_LINE_CAPS):
        for cleaned in window:
            match = pattern.match(cleaned) if cleaned else None
            if match and match.group("value") not in NOT_NAMES and not RE_SIGNER_TITLE.match(cleaned):
                return title_case_name(match.group("value"))
    return ""


def find_signer(text: str) -> str:
    """The name under the signature: after the last signer title, else after a closing date line."""
    # The signature stands in the right column: `Nơi nhận:<tab>HIỆU TRƯỞNG`, `- Lưu: VT.<tab>Nguyễn Văn A`.
    lines = [RE_COLUMN_GAP.split(line)[-1] if "\t" in line or "   " in line else line for line in text.split("\n")]
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i].strip()
        # `chủ tịch` alone is a title; `Hiệu trưởng danh dự Trường Đại` in a table row is not (vju-bc826 PDF).
        if RE_SIGNER_TITLE.match(line) and (line.isupper() or len(line.split()) <= 4):
            name = next_name(lines, i)
            if name:
                return name
    # No title (seed 000 line 145-149): `Lai Uyên, Ngày tháng 02 năm 2024` then the name.
    date_line = find_date_line(text)
    if date_line and date_line.start > len(text) // 3:
        line_index = text.count("\n", 0, date_line.start)
        return next_name(lines, line_index)
    return ""


def first_value(pattern: CaseBlind, text: str) -> str:
    """The `value` group of the first match, as written in `text`."""
    return clean_line(original(text, pattern.search(text), "value"))


def find_report_fields(doc: Document, references: Sequence[Reference]) -> ReportFields:
    """Title, type, own symbol, issuer, place, date, school year, reporter, phone, e-mail, signer."""
    text = doc.text
    lines = text.split("\n")
    doc_type, title = find_heading(lines)
    if not title:
        abstract = RE_ABSTRACT_LABEL.search(text[:2000])
        title = clean_line(abstract.group("value")) if abstract else find_capital_title(lines)
    own = next((r for r in references if r.relation == "self"), None)
    if not doc_type and own is not None:
        doc_type = own.ref_type
    date_line = find_date_line(text)
    reporter = first_value(RE_REPORTER, text)
    phone = first_value(RE_PHONE, text)
    return ReportFields(
        title=title,
        doc_type=doc_type,
        symbol=own.symbol if own else "",
        issuer=find_issuer(text),
        place=date_line.place if date_line else "",
        issued_date=date_line.date.iso() if date_line else "",
        school_year=parse_school_year(title) or parse_school_year(text) or "",
        reporter=title_case_name(reporter) if reporter else "",
        phone=RE_PHONE_SEPARATORS.sub("", phone),
        email=first_value(RE_EMAIL, text),
        signer=find_signer(text),
        issued_date_blank_day=bool(date_line and date_line.date.blank_day),
    )
