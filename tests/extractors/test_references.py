"""Document references found in the seeds (extractors/references.py)."""

from pathlib import Path

import pytest

from solieu.extractors.references import find_reference_spans, find_references
from solieu.ingest.model import Document

SEEDS = Path("/work/shared/seeds")
CORPUS_TXT = Path(__file__).resolve().parents[2] / "corpus" / "txt"


def seed_path(prefix: str) -> Path:
    for folder in (CORPUS_TXT, SEEDS):
        found = sorted(folder.glob(f"{prefix}_*.txt")) if folder.exists() else []
        if found:
            return found[0]
    pytest.skip(f"seed {prefix} not found")


def seed_doc(prefix: str) -> Document:
    """The seed as written (the reader's own output is scored by the gold run, tests/test_gold.py)."""
    path = seed_path(prefix)
    return Document(doc_id=path.name, path=str(path), format="txt", text=path.read_text(encoding="utf-8"))


def references_of(prefix: str) -> list:
    return list(find_references(seed_doc(prefix)))


def text_doc(text: str) -> Document:
    return Document(doc_id="t.txt", path="t.txt", format="txt", text=text)


@pytest.mark.parametrize(("seed", "symbol", "ref_type", "issued_date", "relation"), [
    pytest.param("000", "131/QĐ-TTg", "Quyết định", "2022-01-25", "cites", id="seed000-l5"),
    pytest.param("000", "75/PGDDĐT-CNTT", "Công văn", "2024-02-21", "cites", id="seed000-l7-word-date"),
    pytest.param("000", "131/NQ-CP", "Nghị quyết", "2022-10-06", "cites", id="seed000-l17-same-number-other-type"),
    pytest.param("000", "26/KH-THCSLU", "Kế hoạch", "2023-10-26", "cites", id="seed000-l19-space-after-slash"),
    pytest.param("000", "73/2019/NĐ-CP", "Nghị định", "2019-09-05", "cites", id="seed000-l27"),
    pytest.param("000", "15/PGDDĐT-CNTT", "Công văn", "2024-02-21", "cites", id="seed000-l155-space-before-slash"),
    pytest.param("001", "09/2021/TT-BGDĐT", "Thông tư", "2021-03-30", "cites", id="seed001-l25"),
    pytest.param("001", "130/KH-UBND", "Kế hoạch", "2022-08-12", "cites", id="seed001-l15"),
    pytest.param("003", "/BC-SGDĐT", "Báo cáo", "2020-07", "self", id="seed003-l3-blank-number"),
    pytest.param("003", "5807/BGDĐT-CNTT", "Công văn", "2018-12-21", "cites", id="seed003-l113-van-ban-so"),
    pytest.param("003", "86/KH-SGDĐT", "Kế hoạch", "2017-11-21", "cites", id="seed003-l20-comma-before-date"),
    pytest.param("004", "89/BC-GDNN-GDTXTT", "Báo cáo", "2025-03-06", "self", id="seed004-l3"),
    pytest.param("004", "116/KH-PGD&ĐT", "Kế hoạch", "2023-02-27", "cites", id="seed004-l11-date-after-issuer"),
    pytest.param("004", "749/QĐ-TTg", "Quyết định", "2020-06-03", "cites", id="seed004-l19-date-before"),
    pytest.param("004", "2407/KH-SGDĐT", "Kế hoạch", "2022-08-17", "cites", id="seed004-l29-ascii-d-folded"),
    pytest.param("004", "4725/QĐ-BGDĐT", "Quyết định", "2022-12-30", "cites", id="seed004-l23"),
])
def test_references_seed_rows(seed, symbol, ref_type, issued_date, relation):
    rows = [(r.symbol, r.ref_type, r.issued_date, r.relation) for r in references_of(seed)]
    assert (symbol, ref_type, issued_date, relation) in rows


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_references_raw_is_the_text_at_the_offsets(seed):
    doc = seed_doc(seed)
    refs = list(find_references(doc))
    assert refs
    for ref in refs:
        assert doc.text[ref.char_start:ref.char_end] == ref.raw
        assert ref.raw.strip() == ref.raw


def test_references_same_number_two_types_stay_two():
    refs = list(find_references(text_doc(
        "Quyết định số 131/QĐ-TTg ngày 25/01/2022; Nghị quyết số 131/NQ-CP ngày 06/10/2022.")))
    assert [(r.symbol, r.ref_type) for r in refs] == [
        ("131/QĐ-TTg", "Quyết định"), ("131/NQ-CP", "Nghị quyết")]


def test_references_blank_number_is_kept_with_empty_number():
    refs = list(find_references(text_doc("Thực hiện Công văn số /SGDĐT-VP ngày   tháng 7 năm 2026 của Sở.")))
    assert [(r.symbol, r.number, r.ref_type, r.issued_date) for r in refs] == [
        ("/SGDĐT-VP", "", "Công văn", "2026-07")]


def test_references_mention_without_symbol_is_not_a_reference():
    refs = list(find_references(text_doc(
        "Quyết định số 131/QĐ-TTg ngày 25/01/2022. Sau 02 năm thực hiện Quyết định 131, trường…")))
    assert [r.symbol for r in refs] == ["131/QĐ-TTg"]


@pytest.mark.parametrize(("text", "issuer"), [
    pytest.param("Quyết định số 131/QĐ-TTg ngày 25/01/2022 của Thủ tướng Chính phủ: Phê duyệt",
                 "Thủ tướng Chính phủ", id="seed002-l19"),
    pytest.param("Công văn số 234/SGDDĐT-VP ngày 18/09/2023 của Sở Giáo dục và Đào tạo Bình Dương về việc",
                 "Sở Giáo dục và Đào tạo Bình Dương", id="seed000-l17"),
    pytest.param("công văn số 4116/BGDĐT-CNTT ngày 08/9/2017 của Bộ GDĐT và văn bản số 5807/BGDĐT-CNTT",
                 "Bộ GDĐT", id="seed003-l113"),
])
def test_references_issuer(text, issuer):
    assert next(find_references(text_doc(text))).issuer == issuer


@pytest.mark.parametrize(("text", "spans"), [
    pytest.param("Quyết định số 131/QĐ-TTg ngày 25/01/2022", ["131/QĐ-TTg"], id="seed000-l5"),
    pytest.param("Kế hoạch số 2407/KH- SGDDT ngày", ["2407/KH- SGDDT"], id="seed004-l29"),
    pytest.param("Số: /BC-SGDĐT", ["/BC-SGDĐT"], id="seed003-l3"),
    pytest.param("Chỉ thị 05-CT/TW của Bộ Chính trị", ["05-CT/TW"], id="party-format"),
    pytest.param("55/282 (19,50%); 2 HS/máy; tỷ lệ 45/48 giáo viên", [], id="counts-are-not-symbols"),
    pytest.param("đạt 12/12 (100%) trường", [], id="seed-style-count-total"),
])
def test_references_find_reference_spans(text, spans):
    assert [text[s:e] for s, e in find_reference_spans(text)] == spans


@pytest.mark.parametrize(("text", "symbol", "issued_date"), [
    pytest.param("Nghị quyết số 16/2000/NQ-CP của Chính phủ và Thông tư số 60/2003/TTLT-BNV-BTC ngày 25/4/2003",
                 "16/2000/NQ-CP", "", id="cantho-qd256-date-belongs-to-the-next-symbol"),
    pytest.param("Quyết định số 1330/QĐ-CT.UB ngày 27/4/2004 của Chủ tịch", "1330/QĐ-CT.UB", "2004-04-27",
                 id="cantho-qd256-dotted-code"),
    pytest.param("Căn cứ Kết luận số 06-KL/TU, ngày 19/5/2004 của Ban Thường vụ", "06-KL/TU", "2004-05-19",
                 id="cantho-qd256-party-format"),
    pytest.param("  Số:  256 /2004/QĐ-UB  \t   TP.Cần Thơ, ngày  01 tháng  7 năm 2004", "256/2004/QĐ-UB", "2004-07-01",
                 id="cantho-qd256-own-number-dated-by-date-line"),
    pytest.param("Căn cứ Kế hoạch số 369/KH-UBND ngày 29 tháng 3 năm 2026 của Ủy ban", "369/KH-UBND", "2026-03-29",
                 id="dongthap-dbk-kh-word-date"),
    pytest.param("Thực hiện Kế hoạch số 199/KH-BGDĐT của Bộ Giáo dục và Đào tạo (GDĐT) ngày 05 tháng 02 năm 2026 về",
                 "199/KH-BGDĐT", "2026-02-05", id="dongthap-kh362-issuer-with-parentheses-before-date"),
    pytest.param("quyết định số 391/QĐ-Ttg ngày 31 tháng 3 năm 2017 của Thủ tướng chính phủ", "391/QĐ-TTg", "2017-03-31",
                 id="vju-bc826-ttg-in-lower-case"),
    pytest.param("Quyết định số 3636/QĐ-ĐHQGHNngày 21/10/2022 về việc", "3636/QĐ-ĐHQGHN", "2022-10-21",
                 id="vju-bc826-glued-to-ngay"),
])
def test_references_public_documents(text, symbol, issued_date):
    first = next(find_references(text_doc(text)))
    assert (first.symbol, first.issued_date) == (symbol, issued_date)


def test_references_snippet_is_the_sentence_around_the_mention():
    text = ("Trường đã triển khai. Căn cứ Công văn số 2082/BGDĐT-CNTT ngày 12/6/2020 của Bộ Giáo dục và "
            "Đào tạo (GDĐT) về việc Báo cáo tổng kết; Sở báo cáo như sau.")
    ref = next(find_references(text_doc(text)))
    assert ref.snippet == ("Căn cứ Công văn số 2082/BGDĐT-CNTT ngày 12/6/2020 của Bộ Giáo dục và "
                           "Đào tạo (GDĐT) về việc Báo cáo tổng kết;")


@pytest.mark.parametrize("seed", ["000", "003", "004"])
def test_references_snippet_holds_the_mention_and_fits(seed):
    for ref in references_of(seed):
        assert " ".join(ref.raw.split()) in ref.snippet
        assert len(ref.snippet) <= 240


@pytest.mark.parametrize(("text", "ref_type"), [
    pytest.param("theo Thông tư số 60/2003/TTLT-BNV-BTC ngày 25/4/2003", "Thông tư liên tịch", id="code-more-precise"),
    pytest.param("văn bản số 123/KH-UBND ngày 2/3/2024", "Kế hoạch", id="van-ban-with-type-code"),
    pytest.param("và văn bản số 5807/BGDĐT-CNTT ngày 21/12/2018", "Công văn", id="seed003-l113-van-ban"),
    pytest.param("Luật số 43/2019/QH14 ngày 14/6/2019", "Luật", id="law"),
    pytest.param("theo 1782/SGDĐT-VP ngày 25/9/2023", "Công văn", id="no-words-no-type-code"),
    pytest.param("Chỉ thị 05-CT/TW của Bộ Chính trị", "Chỉ thị", id="party-directive"),
])
def test_references_type(text, ref_type):
    assert next(find_references(text_doc(text))).ref_type == ref_type


@pytest.mark.parametrize(("text", "symbol", "ref_type", "issued_date"), [
    pytest.param("(GDĐT) về việc Báo cáo tổng kết thực hiện Quyết định số 117/QĐ-TTg ngày\n25/01/2017;",
                 "117/QĐ-TTg", "Quyết định", "2017-01-25", id="seed003-l11-as-pdf-date-on-next-line"),
    pytest.param("động cơ quan Sở Giáo dục và Đào tạo năm 2018; - Kế hoạch số\n85/KH-SGDĐT, ngày 29/11/2018",
                 "85/KH-SGDĐT", "Kế hoạch", "2018-11-29", id="seed003-l20-as-pdf-number-on-next-line"),
    pytest.param("Quyết định số 4725/QĐ-\nBGDĐT ngày 30/12/2022", "4725/QĐ-BGDĐT", "Quyết định", "2022-12-30",
                 id="seed004-l23-as-pdf-symbol-wrapped"),
    pytest.param("Kế hoạch số 88/KH-GDNN-GDTXTT\n\nngày 06/3/2025", "88/KH-GDNN-GDTXTT", "Kế hoạch", "",
                 id="a-blank-line-ends-the-window"),
])
def test_references_pdf_line_breaks(text, symbol, ref_type, issued_date):
    first = next(find_references(text_doc(text)))
    assert (first.symbol, first.ref_type, first.issued_date) == (symbol, ref_type, issued_date)


@pytest.mark.parametrize(("text", "relation"), [
    pytest.param("Số: 89/BC-GDNN-GDTXTT\n\nThanh Trì, ngày 6 tháng 3 năm 2025", "self", id="seed004-l3"),
    pytest.param("TRƯỜNG THCS LAI UYÊN\tSố: 26/KH-THCSLU\tLai Uyên, ngày 26 tháng 10 năm 2023", "self",
                 id="header-second-cell"),
    pytest.param("SỐ KÝ HIỆU: /THPTĐBK\nTRÍCH YẾU: V/v an toàn thực phẩm", "self", id="dongthap-dbk-cv-l1"),
    pytest.param("Thực hiện Kế hoạch số 26/KH-THCSLU ngày 26/10/2023", "cites", id="seed000-l19-citation"),
])
def test_references_own_number(text, relation):
    assert next(find_references(text_doc(text))).relation == relation


def test_references_spaced_out_own_number_from_pdf():
    # hcm-sgddt-kh90 PDF line 6: the PDF spaces out the digits of 90 and of the date.
    text = "Số: 9 0 /KHLT-SGDĐT-TCGD Thành phố Hồ Chí Minh, ngày 0 3 tháng 1 0 năm 2025"
    ref = next(find_references(text_doc(text)))
    assert (ref.symbol, ref.number, ref.raw, ref.relation, ref.issued_date) == (
        "90/KHLT-SGDĐT-TCGD", "90", "9 0 /KHLT-SGDĐT-TCGD", "self", "2025-10-03")
    assert [text[s:e] for s, e in find_reference_spans(text)] == ["9 0 /KHLT-SGDĐT-TCGD"]


def test_references_year_wrapped_in_a_pdf_cell():
    # corpus/pdf/004 table row 1.5: the cell wraps inside the year.
    ref = next(find_references(text_doc("Kế hoạch số 86/KH- GDNN- GDTXTT ngày 06/03/202 5 về thực hiện")))
    assert (ref.symbol, ref.issued_date) == ("86/KH-GDNN-GDTXTT", "2025-03-06")
