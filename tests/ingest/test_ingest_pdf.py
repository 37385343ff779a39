"""PDF reader on the corpus: tables joined across pages, headers/footers, max_pages, OCR, TCVN3 layers."""

import shutil
from pathlib import Path

import pytest

from solieu import errors
from solieu.ingest.model import FOOTER, HEADER
from solieu.ingest.read import read_document

PDF_004 = "pdf/004_162c74f4c20a2e69.pdf"
SCAN_004 = "scan/004_162c74f4c20a2e69-scan.pdf"
REPORTS = Path("/work/shared/reports-public")


@pytest.mark.parametrize(("path", "shapes"), [
    # seed 000's PL3 table runs over a page break and is one 24 x 3 table, as in the .txt
    ("pdf/000_bb398ccc26e072e3.pdf", [(24, 3)]),
    # seed 003's TTHC table (44 rows) spans pages 4-10
    ("pdf/003_51e62799bb1779d2.pdf", [(3, 3), (7, 3), (44, 5), (6, 3), (4, 3)]),
    # seed 004's self-assessment table spans ten pages; its two header rows repeat on each
    (PDF_004, [(15, 7)]),
])
def test_pdf_table_split_over_pages_is_one_table(corpus, path, shapes):
    doc = read_document(corpus / path)
    assert doc.status == "ok"
    assert [(t.n_rows, t.n_cols) for t in doc.tables()] == shapes


def test_pdf_joined_table_rows_and_spans(corpus):
    [table] = read_document(corpus / PDF_004).tables()
    rows = table.rows()
    assert [(c.text, c.row_span, c.col_span) for c in rows[0]] == [("STT", 2, 1), ("Kết quả tự đánh giá", 1, 6)]
    assert [c.text for c in rows[2]][:3] == ["1", "Chuyển đổi số trong dạy, học", "100"]
    assert [c.text for c in rows[14]][0] == "2.4."
    # the two header rows repeat on every page: they are the table's header
    assert [r for r in range(table.n_rows) if all(c.is_header for c in rows[r])] == [0, 1]


def test_pdf_running_header_footer_once(corpus):
    doc = read_document(corpus / PDF_004)
    marked = [(b.location.part, b.text) for b in doc.blocks if b.location.part != "body"]
    assert marked == [(HEADER, "Văn bản mẫu solieu — dựng lại từ seed 004"),
                      (FOOTER, "Bản dựng để kiểm thử; không có giá trị pháp lý")]
    assert doc.pages == 13


def test_pdf_max_pages_partial(corpus):
    doc = read_document(corpus / PDF_004, max_pages=2)
    assert (doc.status, doc.error) == ("partial", errors.TOO_MANY_PAGES.format(max_pages=2, pages=13))
    assert {b.location.page for b in doc.blocks} <= {1, 2}


@pytest.mark.parametrize(("ocr", "status", "error_code"), [
    (False, "partial", "ocr_disabled:"),
])
def test_pdf_scan_without_ocr(corpus, ocr, status, error_code):
    doc = read_document(corpus / SCAN_004, ocr=ocr)
    assert (doc.status, doc.error[:len(error_code)], doc.ocr) == (status, error_code, False)


def test_pdf_scan_without_tesseract(corpus, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    doc = read_document(corpus / SCAN_004)
    assert doc.status == "partial"
    assert doc.error.startswith("no_tesseract:") and "tesseract-ocr-vie" in doc.error


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_pdf_scan_ocr_finds_words(corpus):
    doc = read_document(corpus / SCAN_004)
    assert (doc.status, doc.ocr, doc.pages) == ("ok", True, 2)
    for words in ("Số: 89/BC-GDNN-GDTXTT", "Thanh Trì, ngày 6 tháng 3 năm 2025", "BÁO CÁO",
                  "Kế hoạch số 116/KH-PGD&ĐT", "749/QĐ-TTg"):
        assert words in doc.text
    assert all(b.confidence is not None and 0 < b.confidence <= 1 for b in doc.blocks)


@pytest.mark.skipif(not REPORTS.is_dir(), reason="reports-public not available")
def test_pdf_tcvn3_text_layer_converted():
    doc = read_document(REPORTS / "mpi-bc-congnghiep-t02-2007-tcvn3.pdf")
    assert (doc.status, doc.encoding) == ("ok", "tcvn3")
    assert "công nghiệp" in doc.text.lower()


@pytest.mark.parametrize(("content", "fmt"), [
    ("pdf/000_bb398ccc26e072e3.pdf", "pdf"),
    ("docx/000_bb398ccc26e072e3.docx", "docx"),
])
def test_pdf_format_from_content_not_name(corpus, tmp_path, content, fmt):
    other = {"pdf": "docx", "docx": "pdf"}[fmt]
    path = tmp_path / f"bao-cao.{other}"
    path.write_bytes((corpus / content).read_bytes())
    doc = read_document(path)
    assert (doc.status, doc.format) == ("ok", fmt)


@pytest.mark.skipif(not REPORTS.is_dir(), reason="reports-public not available")
@pytest.mark.parametrize(("name", "expected"), [
    # digits drawn over a row of blanks: pdfplumber alone reads 'Số: 9 0 /KHLT', 'ngày 0 3 tháng 1 0'
    ("hcm-sgddt-kh90-huongnghiep-tuyensinh-2025.pdf", "Số: 90 /KHLT-SGDĐT-TCGD"),
    ("hcm-sgddt-kh90-huongnghiep-tuyensinh-2025.pdf", "ngày 03 tháng 10 năm 2025"),
    # TCVN3 ư (byte 0xAD) printed as MINUS SIGN
    ("mpi-bc-congnghiep-t02-2007-tcvn3.pdf", "(GTSXCN) ước đạt 39.897 tỷ đồng"),
])
def test_pdf_real_report_text(name, expected):
    doc = read_document(REPORTS / name, ocr=False)
    assert expected in doc.text


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_pdf_ocr_time_budget_gives_partial(corpus, monkeypatch):
    from solieu.ingest import pdf

    monkeypatch.setattr(pdf, "OCR_TIME_BUDGET", -1)  # spent before the first page
    doc = read_document(corpus / SCAN_004)
    assert (doc.status, doc.ocr) == ("partial", False)
    assert doc.error == errors.OCR_INCOMPLETE.format(pages="1-2", seconds=-1)
