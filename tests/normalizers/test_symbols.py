"""Document symbols per Nghị định 30/2020/NĐ-CP (normalizers/symbols.py)."""

import pytest

from solieu.normalizers.symbols import (
    canonical_symbol, is_standard_symbol, parse_symbol, symbol_problem,
)


@pytest.mark.parametrize(("raw", "canonical", "type_name"), [
    pytest.param("131/QĐ-TTg", "131/QĐ-TTg", "Quyết định", id="seed000-l5"),
    pytest.param("73/2019/NĐ-CP", "73/2019/NĐ-CP", "Nghị định", id="seed000-l27-with-year"),
    pytest.param("1782/SGDĐT-VP", "1782/SGDĐT-VP", "Công văn", id="seed001-l11-cong-van"),
    pytest.param("4730-QĐ/HU", "4730-QĐ/HU", "Quyết định", id="party-format"),
    pytest.param("30c/NQ-CP", "30c/NQ-CP", "Nghị quyết", id="number-with-letter"),
    pytest.param("05/2008/TTLT-BKHCN-BNV", "05/2008/TTLT-BKHCN-BNV", "Thông tư liên tịch", id="two-issuers"),
    pytest.param("10/2007/QĐ_BKHCN", "10/2007/QĐ-BKHCN", "Quyết định", id="underscore-separator"),
    pytest.param("4725/ QĐ- BGDDT", "4725/QĐ-BGDĐT", "Quyết định", id="seed004-l65-spaces-ascii-d"),
    pytest.param("2407/KH- SGDDT", "2407/KH-SGDĐT", "Kế hoạch", id="seed004-l29"),
    pytest.param("26/ KH-THCSLU", "26/KH-THCSLU", "Kế hoạch", id="seed000-l19"),
    pytest.param("15 /PGDDĐT-CNTT", "15/PGDDĐT-CNTT", "Công văn", id="seed000-l155-kept-as-written"),
    pytest.param("234/SGDDĐT-VP", "234/SGDDĐT-VP", "Công văn", id="seed000-l17-kept-as-written"),
    pytest.param("116/KH-PGD&ĐT", "116/KH-PGD&ĐT", "Kế hoạch", id="seed004-l11-ampersand"),
    pytest.param("89/BC-GDNN-GDTXTT", "89/BC-GDNN-GDTXTT", "Báo cáo", id="seed004-l3"),
    pytest.param("12/QÐ-UBND", "12/QĐ-UBND", "Quyết định", id="eth-U+00D0-read-as-dj"),
    pytest.param("131/QD-TTg", "131/QĐ-TTg", "Quyết định", id="ascii-d-in-type-code"),
    pytest.param("45/TTr-SGDĐT", "45/TTr-SGDĐT", "Tờ trình", id="lower-case-tail"),
])
def test_symbols_canonical_and_type(raw, canonical, type_name):
    symbol = parse_symbol(raw)
    assert (symbol.canonical, symbol.type_name) == (canonical, type_name)
    assert canonical_symbol(raw) == canonical


@pytest.mark.parametrize(("raw", "number", "year", "code"), [
    pytest.param("73/2019/NĐ-CP", "73", "2019", "NĐ-CP", id="seed000-l27"),
    pytest.param("1782/SGDĐT-VP", "1782", "", "SGDĐT-VP", id="seed001-l11"),
    pytest.param("/BC-SGDĐT", "", "", "BC-SGDĐT", id="seed003-l3-blank-number"),
])
def test_symbols_parts(raw, number, year, code):
    symbol = parse_symbol(raw)
    assert (symbol.number, symbol.year, symbol.code) == (number, year, code)


@pytest.mark.parametrize(("raw", "standard", "reason"), [
    pytest.param("131/QĐ-TTg", True, "", id="seed000-l5"),
    pytest.param("73/2019/NĐ-CP", True, "", id="seed000-l27"),
    pytest.param("26/ KH-THCSLU", False, "khoảng trắng", id="seed000-l19-space"),
    pytest.param("4725/QĐ- BGDDT", False, "BGDDT → BGDĐT", id="seed004-l45-misspelt-issuer"),
    pytest.param("/BC-SGDĐT", False, "thiếu số", id="seed003-l3-blank-number"),
    pytest.param("10/2007/QĐ_BKHCN", False, "dấu nối", id="underscore"),
    pytest.param("12/QÐ-UBND", False, "U+00D0", id="eth"),
    pytest.param("55/282", False, "không đúng dạng", id="not-a-symbol"),
    pytest.param("4725/QĐ-\nBGDĐT", True, "", id="pdf-line-wrap-is-not-a-space"),
])
def test_symbols_is_standard_symbol(raw, standard, reason):
    assert is_standard_symbol(raw) is standard
    assert reason in symbol_problem(raw)
