"""extractors.masks: spans whose numbers are not figures, as example rows."""

import pytest

from solieu.extractors.masks import find_masks, in_masks

# fmt: off
MASKED = [
    # text,                                  masked surface,                       why
    ("Điện thoại: 0978492914",               "0978492914",                         "phone (seed 000)"),
    ("Zoom ID: 552 512 5421",                "ID: 552 512 5421",                   "meeting ID (seed 004)"),
    ("Passcode: 123456",                     "Passcode: 123456",                   "meeting passcode"),
    ("1. Mục tiêu",                          "1. ",                                "list number"),
    ("2.1. Kết quả",                         "2.1. ",                              "section number"),
    ("cuộc cách mạng công nghiệp 4.0",       "4.0",                                "version (seed 004)"),
    ("họp lúc 8h00 ngày",                    "8h00",                               "time of day"),
    ("lúc 8 giờ 30 phút",                    "8 giờ 30 phút",                      "time of day"),
    ("trong năm 2024",                       "năm 2024",                           "year"),
    ("xem http://a.vn/x?id=12 nhé",          "http://a.vn/x?id=12",                "URL"),
    ("gửi a.b@moet.edu.vn",                  "a.b@moet.edu.vn",                    "e-mail (seed 000)"),
    ("dịch vụ công trực tuyến mức độ 4",     "dịch vụ công trực tuyến mức độ 4",   "service level in a name"),
    ("mức độ 2 theo Quyết định",             "mức độ 2 theo Quyết định",           "level name (seed 001)"),
    ("Quyết định số 131/QĐ-TTg",             "131/QĐ-TTg",                         "document symbol"),
    ("ngày 25/01/2022",                      "25/01/2022",                         "date"),
    ("theo Phụ lục 3",                       "Phụ lục 3",                          "appendix number"),
    ("Đại hội lần thứ 2",                    "lần thứ 2",                          "ordinal"),
]
# fmt: on


@pytest.mark.parametrize("text, surface, why", MASKED, ids=[m[2] for m in MASKED])
def test_masks_cover_numbers_that_are_not_figures(text, surface, why):
    assert surface in [text[a:b] for a, b in find_masks(text)]


@pytest.mark.parametrize("text", ["Toàn ngành có 81 cơ sở giáo dục", "trên 80% học sinh", "khoảng 29 tỉ đồng"])
def test_masks_leave_figures_alone(text):
    assert find_masks(text) == []


def test_masks_are_sorted_and_merged():
    text = "Số: 131/QĐ-TTg ngày 25/01/2022; ĐT 0978492914"
    spans = find_masks(text)
    assert spans == sorted(spans)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))


def test_masks_in_masks_overlap():
    masks = [(5, 10), (20, 30)]
    assert in_masks(masks, 8, 12) and in_masks(masks, 25, 26)
    assert not in_masks(masks, 10, 20) and not in_masks(masks, 0, 5)
