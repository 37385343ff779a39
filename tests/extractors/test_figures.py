"""find_figures on short texts (as example rows) and on every corpus document (invariants)."""

from decimal import Decimal
from pathlib import Path

import pytest

from solieu.extractors.figures import find_figures
from solieu.ingest.build import DocumentBuilder, TableCell
from solieu.ingest.read import read_document
from solieu.normalizers.numbers import parse_vi_number

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def figures_of(text):
    builder = DocumentBuilder("d", "d.txt", "txt")
    builder.add_paragraph(text)
    return list(find_figures(builder.build()))


def row(f):
    return (f.kind, f.value, f.unit, f.qualifier, f.total, f.percent, f.upper)


D = Decimal
# fmt: off
EXAMPLES = [
    ("- 55/282 (19,50%) trường Tiểu học",      [("count", D(55), "trường", "", D(282), D("19.50"), None)]),   # seed 003
    ("- 183/183 (100%) các trường THCS, THPT", [("count", D(183), "trường", "", D(183), D(100), None)]),    # seed 003
    ("- 12/12 (100%) phòng GDĐT sử dụng e-office", [("count", D(12), "phòng giáo dục và đào tạo", "", D(12), D(100), None)]),  # seed 003
    ("- 43/43 trường THPT (tỉ lệ 100%) có phòng máy", [("count", D(43), "trường", "", D(43), D(100), None)]),  # seed 003
    ("Hiện nay có trên 80% học sinh phổ thông",  [("percent", D(80), "%", "over", None, None, None)]),     # seed 002
    ("cho hơn 50% nội dung chương trình",       [("percent", D(50), "%", "over", None, None, None)]),      # seed 002
    ("từ 60% đến 80% giáo viên",                 [("percent", D(60), "%", "range", None, None, D(80))]),
    ("Toàn ngành có 81 cơ sở giáo dục trực thuộc", [("count", D(81), "cơ sở giáo dục", "", None, None, None)]),  # seed 002
    ("Tổng số 1.928 cán bộ, giáo viên",          [("count", D(1928), "cán bộ, giáo viên", "", None, None, None)]),
    ("cần kinh phí khoảng 29 tỉ đồng",           [("money", D(29000000000), "VND", "about", None, None, None)]),  # seed 003
    ("xuất khẩu 6,76 tỷ USD",                    [("money", D(6760000000), "USD", "", None, None, None)]),
    ("giá 850 triệu đồng",                       [("money", D(850000000), "VND", "", None, None, None)]),
    ("trang bị 6 ti vi",                         [("count", D(6), "ti vi", "", None, None, None)]),
    ("trường đạt **84** điểm",                   [("score", D(84), "điểm", "", None, None, None)]),        # seed 004
    ("đánh giá trường đạt mức độ 3",             [("score", D(3), "mức độ", "", None, None, None)]),       # seed 004
    ("thấp hơn 0,3% so với kế hoạch",            [("percent", D("0.3"), "%", "", None, None, None)]),     # mpi 2005
    ("đáp ứng nhu cầu cai nghiện 10  - 20% số người", [("percent", D(10), "%", "range", None, None, D(20))]),  # mpi 2005
    ("kinh phí 1,2 tỷ đồng",                     [("money", D(1200000000), "VND", "", None, None, None)]),
    ("hỗ trợ 500 nghìn đồng",                    [("money", D(500000), "VND", "", None, None, None)]),
    ("hỗ trợ 500 ngàn đồng/tháng",               [("money", D(500000), "VND", "", None, None, None)]),
    ("có 03 đồng chí được khen",                 [("count", D(3), "đồng chí", "", None, None, None)]),     # dongthap 2026
    ("mức chi 8.000.000đ mỗi tháng",             [("money", D(8000000), "VND", "", None, None, None)]),
    ("tỷ lệ 30%-60% số trường",                  [("percent", D(30), "%", "range", None, None, D(60))]),
    ("có 45/48 giáo viên (93,75%) đạt",          [("count", D(45), "giáo viên", "", D(48), D("93.75"), None)]),
    ("Tốt: 186 (37,50%)",                        [("count", D(186), "", "", None, D("37.50"), None)]),
    ("đạt 100 % trường",                         [("percent", D(100), "%", "", None, None, None)]),
    ("tối thiểu 70% giáo viên",                  [("percent", D(70), "%", "at_least", None, None, None)]),
    ("ít nhất 2 em học sinh",                    [("count", D(2), "học sinh", "at_least", None, None, None)]),
    ("Tối đa 2-3 học sinh học chung 1 máy tính ở  cấp Tiểu học",
     [("ratio", D(2), "học sinh/máy tính", "at_most", None, None, D(3))]),                                  # seed 001
    ("tối đa 2 học sinh học chung 1 máy tính ở cấp THCS",
     [("ratio", D(2), "học sinh/máy tính", "at_most", None, None, None)]),                                  # seed 001
    ("diện tích 15.507,3 m2",                    [("measure", D("15507.3"), "m2", "", None, None, None)]),
    ("sản lượng 2,8 triệu tấn",                  [("measure", D(2800000), "tấn", "", None, None, None)]),
    ("dạy 3 tiết/1 tuần",                        [("duration", D(3), "tiết/tuần", "", None, None, None)]),  # seed 003
    ("Kết quả tự đánh giá: Mức độ 3",            [("score", D(3), "mức độ", "", None, None, None)]),
    ("trường xếp loại mức độ 2",                 [("score", D(2), "mức độ", "", None, None, None)]),
    ("đạt 84/100 điểm",                          [("score", D(84), "điểm", "", None, None, None)]),
    ("có 15 điểm trường lẻ",                     [("count", D(15), "điểm trường", "", None, None, None)]),   # not a score
    ("bình quân 35 học sinh/lớp",                [("ratio", D(35), "học sinh/lớp", "", None, None, None)]),
    ("trong hai năm 2017 đến 2018 có",           [("duration", D(2), "năm", "", None, None, None)]),        # seed 003
    ("sau mười lăm năm",                         [("duration", D(15), "năm", "", None, None, None)]),
    ("đã sử dụng trên 13 năm",                   [("duration", D(13), "năm", "over", None, None, None)]),  # seed 003
]
NOT_FIGURES = [
    "Quyết định số 131/QĐ-TTg ngày 25/01/2022",             # symbol and date
    "Điện thoại di động: 0978492914",                        # phone (seed 000)
    "Zoom ID: 552 512 5421",                                 # ID (seed 004)
    "cuộc cách mạng công nghiệp 4.0",                        # version (seed 004)
    "dịch vụ công trực tuyến mức độ 4",                      # a service level in a name
    "năm học 2023-2024",                                     # a school year
    "họp lúc 8h00 ngày thứ Hai",                             # a time of day
    "mức độ 2 theo Quyết định số 4725/QĐ-BGDĐT",             # a level name (seed 001)
    "II. Kết quả thực hiện",                                 # a section number
    "gồm hai nội dung chính",
    "mỗi giải nhận 01 đồng hồ thông minh",                   # a watch (hcm cuộc thi sáng tạo 2025)                                # number words in rhetoric (gold README)
    "Năm trường đạt chuẩn",
    "tỷ lệ giảm 2,5 điểm % so với năm trước",               # percentage points, not a score                                  # a number word that is no duration
    "địa chỉ http://csdl.moet.gov.vn/ và a.b@moet.edu.vn",   # URL, e-mail
]
# fmt: on


@pytest.mark.parametrize("text, expected", EXAMPLES, ids=[t for t, _ in EXAMPLES])
def test_figures_examples(text, expected):
    assert [row(f) for f in figures_of(text)] == expected


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_figures_not_figures(text):
    assert figures_of(text) == []


# fmt: off
SCORE_LABELS = [
    # seed 004 line 69: what each score or level was given for
    ("Trung tâm tự đánh giá đạt **84** điểm đối với tiêu chí chuyển đổi số trong dạy, học và đạt",
     "tiêu chí chuyển đổi số trong dạy, học"),
    ("đạt **94** điểm đối với tiêu chí chuyển đổi số trong quản trị cơ sở giáo dục, từ đó",
     "tiêu chí chuyển đổi số trong quản trị cơ sở giáo dục"),
    ("về chuyển đổi số, từ đó đánh giá trường đạt **mức độ 3: trường đáp ứng tốt", "mức độ chuyển đổi số đạt"),
]
# fmt: on


@pytest.mark.parametrize("text, label", SCORE_LABELS, ids=[l for _, l in SCORE_LABELS])
def test_figures_score_label_names_what_was_scored(text, label):
    assert [f.label for f in figures_of(text)] == [label]


def test_figures_table_row_count_with_share():
    """Seed 000 Phụ lục 3: `Tổng số giáo viên có máy tính | 64 | 100` under `Số lượng | Tỷ lệ %`."""
    builder = DocumentBuilder("d", "d.txt", "txt")
    cells = [TableCell("Số lượng nhà giáo được trang bị máy tính", 0, 0), TableCell("Số lượng", 0, 1),
             TableCell("Tỷ lệ %", 0, 2), TableCell("1. Tổng số giáo viên có máy tính", 1, 0),
             TableCell("64", 1, 1), TableCell("100", 1, 2), TableCell("1. Tổng số học sinh có máy tính", 2, 0),
             TableCell("750", 2, 1), TableCell("45.3", 2, 2)]
    builder.add_table(cells)
    figures = list(find_figures(builder.build()))
    assert [(f.kind, f.value, f.percent, f.label, f.unit, f.source) for f in figures] == [
        ("count", D(64), D(100), "Tổng số giáo viên có máy tính", "giáo viên", "table"),
        ("count", D(750), D("45.3"), "Tổng số học sinh có máy tính", "học sinh", "table"),
    ]
    assert figures[0].location == "table 1 row 2 col 2"


def corpus_files():
    # The scan is left out: OCR takes a minute and its text is the PDF's.
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".docx", ".pdf")
                  and "gold" not in p.parts and "scan" not in p.parts)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_figures_offsets_point_at_the_figure(path):
    """Invariant: every figure's offsets lie in the text and start on its number; snippets ≤ 240."""
    doc = read_document(path, path.name)
    for f in find_figures(doc):
        surface = doc.text[f.char_start:f.char_end]
        first = surface.lstrip("*").split()[0] if surface.strip("* ") else ""
        # A figure starts on its number: digits, or a number word (`hai năm`, seed 003).
        assert first[:1].isdigit() or parse_vi_number(first) is not None, (f, surface)
        assert len(f.snippet) <= 240
        assert f.location, f
        if path.suffix == ".pdf":
            assert f.page is not None and f.location.startswith("p."), f


def test_figures_self_assessment_rubric_is_not_read():
    """Seed 004 (QĐ 4725): `Tối đa 6 điểm` in the `Điểm thành phần` column is the scale, not a result."""
    builder = DocumentBuilder("d", "d.txt", "txt")
    header = ["STT", "Tiêu chí", "Điểm tối đa", "Điểm thành phần", "Điểm nhà trường tự đánh giá"]
    rows = [header,
            ["2.3", "Có triển khai phần mềm quản trị nhà trường", "70", "Tối đa 6 điểm; <30%: tối đa 2 điểm", "66"]]
    builder.add_table([TableCell(text, r, c) for r, row in enumerate(rows) for c, text in enumerate(row)])
    figures = list(find_figures(builder.build()))
    assert [(f.kind, f.value, f.max_value, f.label) for f in figures] == [
        ("score", D(66), D(70), "Có triển khai phần mềm quản trị nhà trường")]


# fmt: off
PERIODS = [
    # paragraphs,                                                          period of the last figure
    (["BÁO CÁO năm học 2023-2024", "Toàn ngành có 81 cơ sở giáo dục"],     "2023-2024"),   # seed 002
    (["Kế hoạch giai đoạn 2022 - 2025: 100% trường có phòng máy"],         "2022-2025"),
    (["năm học 2022-2023", "Năm học 2023-2024 có 64 giáo viên"],          "2023-2024"),
    (["Toàn ngành có 81 cơ sở giáo dục"],                                  ""),
]
# fmt: on


@pytest.mark.parametrize("paragraphs, period", PERIODS, ids=[p for _, p in PERIODS])
def test_figures_period_from_paragraph_or_school_year_before(paragraphs, period):
    builder = DocumentBuilder("d", "d.txt", "txt")
    for text in paragraphs:
        builder.add_paragraph(text)
    assert list(find_figures(builder.build()))[-1].period == period


# fmt: off
CONFIDENCES = [
    ("Hiện nay có trên 80% học sinh",     0.9),    # a percent sign
    ("Toàn ngành có 81 cơ sở giáo dục",   0.85),   # a count with its noun
    ("Tốt: 186 (37,50%)",                 0.6),    # a count without a noun
    ("trong hai năm 2017 đến 2018",       0.6),    # a number in words
]
# fmt: on


@pytest.mark.parametrize("text, confidence", CONFIDENCES, ids=[t for t, _ in CONFIDENCES])
def test_figures_confidence(text, confidence):
    assert [f.confidence for f in figures_of(text)] == [confidence]


def test_figures_score_out_of_maximum():
    """`84/100 điểm`: the maximum after the slash is the score's max_value."""
    assert [(f.value, f.max_value) for f in figures_of("đạt 84/100 điểm")] == [(D(84), D(100))]


# find_word_durations runs its number-words scan only where a number word stands right before
# a duration unit; the look-up must never say no where the scan finds a duration.
# fmt: off
WORD_BEFORE_DURATION = [
    # text,                        a number word before a duration unit?
    ("trong hai năm 2017 đến 2018", True),    # seed 003
    ("Trong HAI NĂM qua",           True),    # capitals
    ("kéo dài ba (tháng)",          True),    # unit_after allows ` (` before the unit
    ("sau năm năm",                 True),    # `năm` is also the digit five
    ("dạy một tiết/tuần",           True),
    ("x,hai năm",                   True),    # punctuation before the number word
    ("trong năm học 2024-2025",     False),
    ("có hai nội dung chính",       False),   # a number word, no duration after it
    ("hainăm",                      False),   # no word boundary: the scan finds nothing either
]
# fmt: on


@pytest.mark.parametrize("text, expected", WORD_BEFORE_DURATION)
def test_number_word_before_duration(text, expected):
    from solieu.extractors.figures import number_word_before_duration

    assert number_word_before_duration(text) is expected
    b = DocumentBuilder("d", "d.txt", "txt")
    b.add_paragraph(text)
    durations = [f for f in find_figures(b.build()) if f.kind == "duration" and f.source == "text"
                 and not text[f.char_start:f.char_start + 1].isdigit()]
    assert not durations or expected
