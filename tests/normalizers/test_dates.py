"""Vietnamese dates, school years and periods (normalizers/dates.py)."""

import pytest

from solieu.normalizers.dates import PartialDate, parse_period, parse_school_year, parse_vi_date


@pytest.mark.parametrize(("text", "iso"), [
    pytest.param("25/01/2022", "2022-01-25", id="seed000-l5"),
    pytest.param("5/9/2019", "2019-09-05", id="day-month-without-zeros"),
    pytest.param("ngày 05/9/2019", "2019-09-05", id="seed000-l27"),
    pytest.param("ngày 21 tháng 02 năm 2024", "2024-02-21", id="seed000-l7"),
    pytest.param("ngày   tháng 7 năm 2020", "2020-07", id="seed003-l5-blank-day"),
    pytest.param("Ngày tháng 02 năm 2024", "2024-02", id="seed000-l145-blank-day"),
    pytest.param("ngày ... tháng 7 năm 2020", "2020-07", id="dotted-blank-day"),
    pytest.param("ngày 14 tháng11 năm 2025", "2025-11-14", id="no-space-after-thang"),
    pytest.param("ngày 14 /4/2026", "2026-04-14", id="space-before-slash"),
    pytest.param("06/3/2023", "2023-03-06", id="seed004-l13"),
    pytest.param("ngày 6 tháng 3 năm 2025", "2025-03-06", id="seed004-l5"),
    pytest.param("25.01.2022", "2022-01-25", id="dot-separated"),
    pytest.param("tháng 7/2020", "2020-07", id="month-slash-year"),
])
def test_dates_parse_vi_date(text, iso):
    assert parse_vi_date(text).iso() == iso


@pytest.mark.parametrize("text", [
    pytest.param("31/02/2022", id="no-31-february"),
    pytest.param("29/02/2023", id="not-a-leap-year"),
    pytest.param("12/13/2022", id="month-13"),
    pytest.param("ngày 15 tháng năm 2025", id="seed004-l125-day-without-month"),
    pytest.param("55/282", id="a-count-and-total"),
    pytest.param("1.928", id="a-count"),
])
def test_dates_parse_vi_date_rejects(text):
    assert parse_vi_date(text) is None


def test_dates_blank_day_is_flagged_not_invented():
    date = parse_vi_date("Đồng Tháp, ngày   tháng 7 năm 2020")
    assert date == PartialDate(2020, 7, None)
    assert date.blank_day


@pytest.mark.parametrize(("text", "year"), [
    pytest.param("năm học 2023 – 2024", "2023-2024", id="seed000-l19-en-dash"),
    pytest.param("năm học 2024- 2025", "2024-2025", id="seed004-l9"),
    pytest.param("NĂM HỌC 2024-2025", "2024-2025", id="seed004-l85-capitals"),
    pytest.param("năm học 2023-2025", None, id="two-years-is-no-school-year"),
    pytest.param("năm 2025", None, id="a-year"),
])
def test_dates_parse_school_year(text, year):
    assert parse_school_year(text) == year


@pytest.mark.parametrize(("text", "period"), [
    pytest.param("giai đoạn 2022 - 2025", "2022-2025", id="seed001-l15"),
    pytest.param("giai đoạn 2016-2020", "2016-2020", id="seed003-l9"),
    pytest.param("01/2017-30/06/2020", "2017-01/2020-06-30", id="date-span"),
    pytest.param("năm học 2023 – 2024", "2023-2024", id="school-year"),
    pytest.param("giai đoạn 2025 - 2022", None, id="backwards"),
])
def test_dates_parse_period(text, period):
    assert parse_period(text) == period


def test_dates_word_date_wrapped_on_a_pdf_line():
    assert parse_vi_date("ngày 21 tháng\n02 năm 2024").iso() == "2024-02-21"


def test_dates_school_year_wrapped_on_a_pdf_line():
    assert parse_school_year("năm học 2017-\n2018") == "2017-2018"
