"""Legacy Vietnamese encodings: TCVN3 and VNI maps, and the Vietnamese-looking score."""

import pytest

from solieu.ingest.legacy import convert_tcvn3, convert_vni, detect_legacy, vietnamese_score


@pytest.mark.parametrize(("tcvn3", "upper", "unicode"), [
    ("Tæng sè häc sinh", False, "Tổng số học sinh"),
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam", False, "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", False, "Độc lập - Tự do - Hạnh phúc"),
    ("b¸o c¸o tæng kÕt", True, "BÁO CÁO TỔNG KẾT"),  # .VnTimeH draws capitals
    ("Gi¸o dôc vµ ®µo t¹o", False, "Giáo dục và đào tạo"),
])
def test_legacy_tcvn3_converts(tcvn3, upper, unicode):
    assert convert_tcvn3(tcvn3, upper=upper) == unicode


@pytest.mark.parametrize(("vni", "unicode"), [
    ("Toång soá hoïc sinh", "Tổng số học sinh"),
    ("COÄNG HOØA XAÕ HOÄI", "CỘNG HÒA XÃ HỘI"),
    ("Giaùo duïc vaø ñaøo taïo", "Giáo dục và đào tạo"),
    ("ÑOÄC LAÄP", "ĐỘC LẬP"),
    ("naêm hoïc möôøi", "năm học mười"),
])
def test_legacy_vni_converts(vni, unicode):
    assert convert_vni(vni) == unicode


@pytest.mark.parametrize(("text", "encoding"), [
    ("Tæng sè häc sinh cña tr­êng n¨m häc", "tcvn3"),
    ("Toång soá hoïc sinh cuûa tröôøng naêm hoïc", "vni"),
    ("Tổng số học sinh của trường năm học", ""),
    ("The quick brown fox", ""),
])
def test_legacy_detects_encoding(text, encoding):
    assert detect_legacy(text) == encoding


def test_legacy_score_prefers_unicode_vietnamese():
    assert vietnamese_score("Tổng số học sinh") > vietnamese_score("Tæng sè häc sinh")
