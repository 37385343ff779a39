"""Date spans and the date line (extractors/dates.py)."""

import pytest

from solieu.extractors.dates import find_date_line, find_date_spans, find_dates


@pytest.mark.parametrize(("text", "spans"), [
    pytest.param("ngày 25/01/2022 của Thủ tướng", ["25/01/2022"], id="seed000-l5"),
    pytest.param("Ngày 03/6/2020, Thủ tướng", ["03/6/2020"], id="seed004-l19"),
    pytest.param("ngày 21 tháng 02 năm 2024 của", ["ngày 21 tháng 02 năm 2024"], id="seed000-l7"),
    pytest.param("Đồng Tháp, ngày   tháng 7 năm 2020", ["ngày   tháng 7 năm 2020"], id="seed003-l5"),
    pytest.param("năm học 2023 – 2024.", ["năm học 2023 – 2024"], id="seed000-l19"),
    pytest.param("giai đoạn 2022 – 2025 (Kế", ["giai đoạn 2022 – 2025"], id="seed001-l15"),
    pytest.param("đến năm 2030, 19,50%", ["năm 2030"], id="a-year"),
    pytest.param("11/8/2024 4:37:57 PM", ["11/8/2024", "4:37:57 PM"], id="seed002-l14-time"),
    pytest.param("55/282 (19,50%), 1.928 giáo viên", [], id="figures-are-not-dates"),
    pytest.param("chậm nhất ngày 24/5/2024.", ["24/5/2024"], id="seed001-l83"),
    pytest.param("kế hoạch (2021-2025) và", ["2021-2025"], id="bare-year-range"),
    pytest.param("từ 2000-3000 học sinh", [], id="a-count-range-is-not-years"),
    pytest.param("giai đoạn 2004 -2010", ["giai đoạn 2004 -2010"], id="cantho-qd256-l8"),
])
def test_dates_find_date_spans(text, spans):
    assert [text[s:e] for s, e in find_date_spans(text)] == spans


def test_dates_find_dates_gives_parsed_dates_with_offsets():
    text = "Nghị quyết số 131/NQ-CP ngày 06/10/2022 và ngày tháng 7 năm 2020"
    found = find_dates(text)
    assert [(text[d.start:d.end], d.date.iso()) for d in found] == [
        ("06/10/2022", "2022-10-06"), ("ngày tháng 7 năm 2020", "2020-07")]


@pytest.mark.parametrize(("text", "place", "iso"), [
    pytest.param("Số: 89/BC\n\nThanh Trì, ngày 6 tháng 3 năm 2025\n", "Thanh Trì", "2025-03-06", id="seed004-l5"),
    pytest.param("Lai Uyên, Ngày tháng 02 năm 2024\n", "Lai Uyên", "2024-02", id="seed000-l145"),
    pytest.param("Đồng Tháp, ngày tháng 7 năm 2020", "Đồng Tháp", "2020-07", id="seed003-l5"),
])
def test_dates_find_date_line(text, place, iso):
    line = find_date_line(text)
    assert (line.place, line.date.iso()) == (place, iso)


def test_dates_no_date_line_in_running_text():
    assert find_date_line("Thực hiện Công văn số 1782/SGDĐT-VP ngày 25/9/2023 của Sở") is None
