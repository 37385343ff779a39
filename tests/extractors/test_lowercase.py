"""extractors.lowercase: case-blind search in the lowercased text finds what IGNORECASE finds."""

import pytest
import regex

from solieu.extractors.lowercase import CaseBlind, lowercase_pattern, lowered, original

EMAIL = CaseBlind(r"thư[ ]điện[ ]tử[ ]*:[ ]*(?P<value>\S+)", r"e-?mail[ ]*:[ ]*(?P<value>\S+)")

# fmt: off
FIRST_VALUE = [
    # text,                                         value as written
    ("Email: A.B@Moet.edu.vn",                      "A.B@Moet.edu.vn"),   # the value keeps its case
    ("THƯ ĐIỆN TỬ: x@y.vn; e-mail: z@y.vn",         "x@y.vn;"),           # the leftmost alternative wins
    ("e-mail: z@y.vn; Thư điện tử: x@y.vn",         "z@y.vn;"),
    ("İstanbul, EMAIL: q@y.vn",                     "q@y.vn"),            # lower case changes length: IGNORECASE
    ("không có",                                    ""),
]
# fmt: on


@pytest.mark.parametrize("text, value", FIRST_VALUE)
def test_case_blind_first_value(text, value):
    assert original(text, EMAIL.search(text), "value") == value


def test_case_blind_tie_goes_to_the_first_alternative():
    both = CaseBlind(r"(?P<v>ab)", r"(?P<v>abc)")
    assert original("xABC", both.search("xABC"), "v") == "AB"


def test_case_blind_matches_ignorecase_on_real_labels():
    pattern = r"(?<=^[-+•\s*]*)tên[ ]đơn[ ]vị[ ]*:[ ]*(?P<value>[^\n]+)"
    blind, plain = CaseBlind(pattern, flags=regex.MULTILINE), regex.compile(pattern, regex.MULTILINE | regex.IGNORECASE)
    for text in ("- TÊN ĐƠN VỊ: Trường THCS Lai Uyên", "Mở đầu\n  * Tên đơn vị:  Phòng GDĐT", "xTên đơn vị: không"):
        expected = plain.search(text)
        assert original(text, blind.search(text), "value") == (expected["value"] if expected else "")


def test_case_blind_finditer_takes_one_alternative():
    assert [m.span() for m in CaseBlind(r"ab").finditer("AB ab")] == [(0, 2), (3, 5)]
    with pytest.raises(ValueError):
        CaseBlind(r"a", r"b").finditer("ab")


def test_lowercase_pattern_keeps_escapes_and_group_names():
    assert lowercase_pattern(r"(?P<Đv>Phụ[ ]lục|ID)\S+\p{Lu}") == r"(?P<Đv>phụ[ ]lục|id)\S+\p{Lu}"


def test_lowered_is_none_when_offsets_would_move():
    assert lowered("Đồng Tháp") == "đồng tháp"
    assert lowered("İstanbul") is None
