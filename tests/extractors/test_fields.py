"""Report fields of the five seeds (extractors/fields.py); empty where the seed does not say."""

from pathlib import Path

import pytest

from solieu.extractors.fields import find_report_fields
from solieu.extractors.references import find_references
from solieu.ingest.model import Document
from solieu.normalizers.text import title_case_unit

SEEDS = Path("/work/shared/seeds")
CORPUS_TXT = Path(__file__).resolve().parents[2] / "corpus" / "txt"


def fields_of(prefix: str):
    for folder in (CORPUS_TXT, SEEDS):
        found = sorted(folder.glob(f"{prefix}_*.txt")) if folder.exists() else []
        if found:  # the seed as written; the reader's output is scored by the gold run (tests/test_gold.py)
            doc = Document(doc_id=found[0].name, path=str(found[0]), format="txt",
                           text=found[0].read_text(encoding="utf-8"))
            return find_report_fields(doc, list(find_references(doc)))
    pytest.skip(f"seed {prefix} not found")


def fields_of_text(text: str):
    doc = Document(doc_id="t.txt", path="t.txt", format="txt", text=text)
    return find_report_fields(doc, list(find_references(doc)))


@pytest.mark.parametrize(("seed", "name", "value"), [
    pytest.param("000", "title", "SƠ KẾT 02 NĂM THỰC HIỆN QUYẾT ĐỊNH SỐ 131/QĐ-TTg NGÀY 25/01/2022 CỦA THỦ TƯỚNG CHÍNH PHỦ", id="seed000-l5-title"),
    pytest.param("000", "doc_type", "Báo cáo", id="seed000-l3-doc-type"),
    pytest.param("000", "symbol", "", id="seed000-no-own-number"),
    pytest.param("000", "issuer", "Trường THCS Lai Uyên", id="seed000-l11-issuer-label"),
    pytest.param("000", "place", "Lai Uyên", id="seed000-l145-place"),
    pytest.param("000", "issued_date", "2024-02", id="seed000-l145-blank-day"),
    pytest.param("000", "issued_date_blank_day", True, id="seed000-l145-blank-day-flag"),
    pytest.param("000", "school_year", "2023-2024", id="seed000-l17-school-year"),
    pytest.param("000", "reporter", "Võ Tự Duy Linh", id="seed000-l12-reporter"),
    pytest.param("000", "phone", "0978492914", id="seed000-l13-phone"),
    pytest.param("000", "email", "", id="seed000-no-email"),
    pytest.param("000", "signer", "Võ Tự Duy Linh", id="seed000-l149-signer-after-date-line"),
    pytest.param("001", "title", "", id="seed001-no-header-no-title"),
    pytest.param("001", "place", "", id="seed001-no-place"),
    pytest.param("001", "issued_date", "", id="seed001-no-date"),
    pytest.param("001", "school_year", "2023-2024", id="seed001-l11-school-year"),
    pytest.param("001", "signer", "", id="seed001-no-signer"),
    pytest.param("002", "title", "CHUYỂN ĐỔI SỐ TRONG GIÁO DỤC LỆ THUỶ: CHỦ ĐỘNG TRIỂN KHAI, TẠO BƯỚC ĐỘT PHÁ", id="seed002-l14-web-title-without-stamp"),
    pytest.param("003", "title", "Tổng kết thực hiện Quyết định số 117/QĐ-TTg ngày 25/01/2017 về tăng cường ứng dụng công nghệ thông tin trong quản lý và hỗ trợ các hoạt động dạy-học, nghiên cứu khoa học góp phần nâng cao chất lượng giáo dục và đào tạo giai đoạn 2016-2020, định hướng đến năm 2025", id="seed003-l9-title-without-markup"),
    pytest.param("003", "place", "Đồng Tháp", id="seed003-l5-place"),
    pytest.param("003", "issued_date", "2020-07", id="seed003-l5-blank-day"),
    pytest.param("003", "reporter", "Lê Minh Nhật", id="seed003-l194-reporter"),
    pytest.param("003", "phone", "0942252112", id="seed003-l197-dotted-phone"),
    pytest.param("003", "email", "lmnhat.dongthap@moet.edu.vn", id="seed003-l198-markdown-email"),
    pytest.param("003", "signer", "Nguyễn Thanh Danh", id="seed003-l210-signer-after-kt"),
    pytest.param("004", "title", "Kết quả triển khai thực hiện chuyển đổi số và đánh giá mức độ chuyển đổi số Trung tâm GDNN-GDTX huyện Thanh Trì năm học 2024- 2025", id="seed004-l9-title"),
    pytest.param("004", "doc_type", "Báo cáo", id="seed004-l7"),
    pytest.param("004", "symbol", "89/BC-GDNN-GDTXTT", id="seed004-l3-own-symbol"),
    pytest.param("004", "issuer", "Trung tâm GDNN-GDTX huyện Thanh Trì", id="seed004-l15-unit-reports"),
    pytest.param("004", "place", "Thanh Trì", id="seed004-l5-place"),
    pytest.param("004", "issued_date", "2025-03-06", id="seed004-l5-date"),
    pytest.param("004", "school_year", "2024-2025", id="seed004-l9-school-year-from-title"),
    pytest.param("004", "signer", "Phạm Thị Hào", id="seed004-l129-signer-after-giam-doc"),
])
def test_fields_seed_values(seed, name, value):
    assert getattr(fields_of(seed), name) == value


def test_fields_unit_from_header_lines():
    text = ("UBND HUYỆN BẦU BÀNG\n\nTRƯỜNG THCS LAI UYÊN\n\nSố: 12/BC-THCSLU\n\n"
            "Lai Uyên, ngày 14 tháng 11 năm 2025\n\nBÁO CÁO\n\nKết quả thực hiện nhiệm vụ chuyển đổi số năm học 2025-2026\n")
    fields = fields_of_text(text)
    assert (fields.issuer, fields.symbol, fields.issued_date, fields.school_year) == (
        "Trường THCS Lai Uyên", "12/BC-THCSLU", "2025-11-14", "2025-2026")


@pytest.mark.parametrize(("written", "unit"), [
    pytest.param("TRƯỜNG THCS LAI UYÊN", "Trường THCS Lai Uyên", id="seed000-acronym-kept"),
    pytest.param("TRUNG TÂM GDNN-GDTX HUYỆN THANH TRÌ", "Trung tâm GDNN-GDTX huyện Thanh Trì", id="seed004-l85"),
    pytest.param("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN THANH TRÌ", "Phòng Giáo dục và Đào tạo huyện Thanh Trì", id="phong-gddt"),
    pytest.param("Trường THCS Lai Uyên", "Trường THCS Lai Uyên", id="mixed-case-kept"),
])
def test_fields_title_case_unit(written, unit):
    assert title_case_unit(written) == unit


@pytest.mark.parametrize(("text", "name", "value"), [
    pytest.param("ỦY BAN NHÂN DÂN         \tCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
                 "  Số: 991/QĐ-UBND                  Đồng Xoài, ngày 14 tháng5 năm 2008\n",
                 "issued_date", "2008-05-14", id="binhphuoc-qd991-l4-date-in-second-column"),
    pytest.param("  Số: 991/QĐ-UBND                  Đồng Xoài, ngày 14 tháng5 năm 2008\n",
                 "place", "Đồng Xoài", id="binhphuoc-qd991-l4-place"),
    pytest.param("QUYẾT ĐỊNH\n\nVề việc phê duyệt Kế hoạch thực hiện quy hoạch sử dụng rừng, đất rừng\n\n"
                 "và đất chuyển ra khỏi lâm phần\n\nỦY BAN NHÂN DÂN TỈNH\n", "title",
                 "Về việc phê duyệt Kế hoạch thực hiện quy hoạch sử dụng rừng, đất rừng và đất chuyển ra khỏi lâm phần",
                 id="binhphuoc-qd991-l7-title-broken-mid-phrase"),
    pytest.param("Điều 3. Thi hành.\n\n   tm . ubnd thành phố Cần Thơ\n\n   chủ tịch\n\n   (đã ký)\n\n   Võ Thanh Tòng\n",
                 "signer", "Võ Thanh Tòng", id="cantho-qd256-lower-case-signature"),
    pytest.param("    SỞ GDĐT TỈNH ĐỒNG THÁP\t   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTRƯỜNG THCS-THPT\n"
                 "ĐỐC BINH KIỀU\t   Độc lập - Tự do - Hạnh phúc\n\nBIÊN BẢN\n", "issuer",
                 "Trường THCS-THPT Đốc Binh Kiều", id="dongthap-dbk-bb-l2-unit-on-two-lines"),
    pytest.param("SỐ KÝ HIỆU: /THPTĐBK\nTRÍCH YẾU: V/v tăng cường thực hiện công tác bảo đảm an toàn thực phẩm\n",
                 "title", "V/v tăng cường thực hiện công tác bảo đảm an toàn thực phẩm", id="dongthap-dbk-cv-l2-trich-yeu"),
    pytest.param("SỐ KÝ HIỆU: /THPTĐBK\nTRÍCH YẾU: V/v an toàn thực phẩm\n", "doc_type", "Công văn",
                 id="dongthap-dbk-cv-l1-type-from-own-symbol"),
    pytest.param("Căn cứ Chỉ thị số 03/CT-TTg;\n\nTrường THPT Đốc Binh Kiều xây dựng Kế hoạch triển khai\n",
                 "issuer", "Trường THPT Đốc Binh Kiều", id="dongthap-dbk-kh-l7-unit-plans"),
])
def test_fields_public_documents(text, name, value):
    assert getattr(fields_of_text(text), name) == value


@pytest.mark.parametrize(("text", "name", "value"), [
    pytest.param("ỦY BAN NHÂN DÂN         \tCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH BÌNH PHƯỚC      Độc lập - Tự do\n\n"
                 "  Số: 991/QĐ-UBND       Đồng Xoài, ngày 14 tháng5 năm 2008\n\nQUYẾT ĐỊNH\n\nVề việc phê duyệt Kế hoạch rừng\n\n"
                 "ỦY BAN NHÂN DÂN TỈNH\n", "issuer", "Ủy ban nhân dân tỉnh Bình Phước", id="binhphuoc-qd991-l1-two-column-header"),
    pytest.param("Trên đây là báo cáo.\n\nNơi nhận:\tHIỆU TRƯỞNG\n- Như trên;\t\n- Lưu: VT.\tNguyễn Văn An\n",
                 "signer", "Nguyễn Văn An", id="signature-in-the-right-column"),
])
def test_fields_two_columns(text, name, value):
    assert getattr(fields_of_text(text), name) == value


@pytest.mark.parametrize(("text", "name", "value"), [
    pytest.param("UBND TỈNH ĐỒNG THÁP CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc\n"
                 "Số: /KH-SGDĐT Đồng Tháp, ngày tháng 4 năm 2026\nKẾ HOẠCH\nĐón tiếp và làm việc với Đoàn kiểm tra\n",
                 "issuer", "Sở Giáo dục và Đào tạo", id="dongthap-kh362-pdf-header-columns-on-one-line"),
    pytest.param("UBND TỈNH ĐỒNG THÁP CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc\n"
                 "Số: /KH-SGDĐT Đồng Tháp, ngày tháng 4 năm 2026\n", "issued_date", "2026-04",
                 id="dongthap-kh362-pdf-date-after-own-number"),
    pytest.param("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐỒNG THÁP Độc lập - Tự do - Hạnh phúc\n"
                 "HỘI ĐỒNG XÉT THĂNG HẠNG\n", "issuer", "Sở Giáo dục và Đào tạo tỉnh Đồng Tháp",
                 id="dongthap-bc-hdxth-pdf-unit-goes-on"),
    pytest.param("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTHÀNH PHỐ HỒ CHÍ MINH Độc lập – Tự do – Hạnh phúc\n",
                 "title", "", id="hcm-cv-pdf-motto-is-no-title"),
    pytest.param("- Lưu: VT, HĐXTH (V3b).\nGIÁM ĐỐC SỞ GIÁO DỤC VÀ\nĐÀO TẠO\nLê Quang Trí\n", "signer", "Lê Quang Trí",
                 id="dongthap-bc-hdxth-pdf-title-on-two-lines"),
    pytest.param("Thành viên\nHiệu trưởng danh dự Trường Đại\nhọc Việt Nhật\nÔng Phạm Đại\n", "signer", "",
                 id="vju-bc826-pdf-table-row-is-no-signature"),
])
def test_fields_pdf_text(text, name, value):
    assert getattr(fields_of_text(text), name) == value


def test_fields_type_word_and_title_on_one_line():
    # vju-bc826 PDF line 5.
    fields = fields_of_text("Số: /ĐHVN-KT&ĐBCL Hà Nội, ngày tháng năm 2025\nBÁO CÁO BA CÔNG KHAI NĂM HỌC 2024-2025\nKính gửi: - Bộ Giáo dục và Đào tạo\n")
    assert (fields.doc_type, fields.title, fields.issued_date, fields.school_year) == (
        "Báo cáo", "BA CÔNG KHAI NĂM HỌC 2024-2025", "2025", "2024-2025")


@pytest.mark.parametrize(("text", "name", "value"), [
    pytest.param("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM THÀNH PHỐ HỒ CHÍ MINH Độc lập – Tự do – Hạnh phúc "
                 "SỞ GIÁO DỤC VÀ ĐÀO TẠO\n\n– TẠP CHÍ GIÁO DỤC THÀNH PHỐ HỒ CHÍ MINH Số: 9 0 /KHLT-SGDĐT-TCGD Thành phố Hồ "
                 "Chí Minh, ngày 0 3 tháng 1 0 năm 2025\n\nKẾ HOẠCH Tổ chức Chương trình Hướng nghiệp - Tuyển sinh lần thứ 18\n",
                 "symbol", "90/KHLT-SGDĐT-TCGD", id="hcm-kh90-pdf-header-in-one-paragraph-symbol"),
    pytest.param("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM THÀNH PHỐ HỒ CHÍ MINH Độc lập – Tự do – Hạnh phúc "
                 "SỞ GIÁO DỤC VÀ ĐÀO TẠO\n\nKẾ HOẠCH Tổ chức Chương trình Hướng nghiệp - Tuyển sinh lần thứ 18\n",
                 "issuer", "Sở Giáo dục và Đào tạo", id="hcm-kh90-pdf-header-in-one-paragraph-issuer"),
    pytest.param("UBND\n\nKẾ HOẠCH Tổ chức Chương trình Hướng nghiệp - Tuyển sinh lần thứ 18\n\nCăn cứ Kết luận",
                 "title", "Tổ chức Chương trình Hướng nghiệp - Tuyển sinh lần thứ 18", id="hcm-kh90-pdf-heading-merged-with-title"),
    pytest.param("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM ĐỒNG THÁP Độc lập - Tự do - Hạnh phúc "
                 "HỘI ĐỒNG XÉT THĂNG HẠNG Đồng Tháp, ngày tháng 4 năm 2026 CDNN VIÊN CHỨC NĂM 2025\n\n"
                 "Số: /BC-HĐXTH BÁO CÁO Kết quả thẩm định và đề nghị phê duyệt\n", "issued_date", "2026-04",
                 id="dongthap-bc-hdxth-pdf-date-inside-the-header-paragraph"),
    pytest.param("Số: /BC-HĐXTH BÁO CÁO Kết quả thẩm định và đề nghị phê duyệt\n", "title",
                 "Kết quả thẩm định và đề nghị phê duyệt", id="dongthap-bc-hdxth-pdf-heading-after-own-number"),
    pytest.param("SỞ GDĐT TỈNH ĐỒNG THÁP TRƯỜNG THPT CAO LÃNH 2\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", "issuer",
                 "Trường THPT Cao Lãnh 2", id="dongthap-thptcl2-docx-two-units-in-one-cell"),
    pytest.param("II. TUYỂN SINH ĐẠI HỌC CHÍNH QUY TUYỂN MỚI ĐỐI VỚI NGƯỜI ĐÃ CÓ BẰNG\n", "title", "",
                 id="dhannd-section-heading-is-no-title"),
    pytest.param("Nơi nhận:\n- Như trên;\nKT. GIÁM ĐÓC\nPHÓ GIÁM ĐÓC\nNguyễn Văn Bình\n", "signer", "Nguyễn Văn Bình",
                 id="phutho-cv275-ocr-giam-doc"),
])
def test_fields_merged_pdf_and_docx_headers(text, name, value):
    assert getattr(fields_of_text(text), name) == value


@pytest.mark.parametrize(("text", "title"), [
    pytest.param("Số: /BC-SGDĐT\n\nĐồng Tháp, ngày tháng 7 năm 2020\n\n**BÁO CÁO** **Tổng kết thực hiện Quyết định số 117/QĐ-TTg**\n\nCăn cứ",
                 "Tổng kết thực hiện Quyết định số 117/QĐ-TTg", id="corpus-pdf-003-bold-heading-merged"),
    pytest.param("Số: 89/BC-GDNN-GDTXTT Thanh Trì, ngày 6 tháng 3 năm 2025 BÁO CÁO\n\nKết quả triển khai thực hiện chuyển đổi số\n\nThực hiện",
                 "Kết quả triển khai thực hiện chuyển đổi số", id="corpus-scan-004-heading-closes-header"),
])
def test_fields_heading_in_reader_layouts(text, title):
    assert fields_of_text(text).title == title
