"""Word reader on the corpus: spans, order, header/footer, TCVN3 fonts; guards on hostile archives."""

import io
import zipfile

import pytest

from solieu.ingest.model import FOOTER, HEADER
from solieu.ingest.read import read_document

DOCX_004 = "docx/004_162c74f4c20a2e69.docx"


def test_docx_merged_header_spans(corpus):
    doc = read_document(corpus / DOCX_004)
    [table] = doc.tables()
    spans = [(c.text, c.row, c.col, c.row_span, c.col_span) for c in table.cells if c.row < 2][:3]
    assert spans == [
        ("STT", 0, 0, 2, 1),                   # vMerge over the two header rows
        ("Kết quả tự đánh giá", 0, 1, 1, 6),   # gridSpan over six columns
        ("Tiêu chí", 1, 1, 1, 1),
    ]
    assert (table.n_rows, table.n_cols) == (15, 7)
    assert all(c.is_header for c in table.cells if c.row < 2)


def test_docx_header_footer_and_body_order(corpus):
    doc = read_document(corpus / "docx/003_51e62799bb1779d2.docx")
    parts = [b.location.part for b in doc.blocks]
    assert parts[0] == HEADER and parts[-1] == FOOTER
    kinds = [b.kind for b in doc.blocks]
    # The first table stands after the paragraphs that introduce it, not at the end.
    assert 0 < kinds.index("table") < len(kinds) - 5
    assert [(t.n_rows, t.n_cols) for t in doc.tables()] == [(3, 3), (7, 3), (44, 5), (6, 3), (4, 3)]


def test_docx_tcvn3_vntime_reads_as_vietnamese(corpus):
    doc = read_document(corpus / "legacy/001-tcvn3-vntime.docx")
    assert (doc.status, doc.encoding) == ("ok", "tcvn3")
    assert doc.blocks[0].text == "BÁO CÁO TỔNG KẾT NĂM HỌC"  # .VnTimeH heading
    assert "Thực hiện Công văn số 1782/SGDĐT-VP ngày 25/9/2023 của Sở Giáo dục và Đào tạo" in doc.text


def _docx_bytes(document_xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("word/document.xml", document_xml)
    return out.getvalue()


@pytest.mark.parametrize(("content", "status", "error_code"), [
    (_docx_bytes(b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'), "failed", "corrupt:"),
    (_docx_bytes(b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'),
     "failed", "corrupt:"),
    (_docx_bytes(b"<w:document/>" + b" " * (300 * 1024 * 1024 // 10) * 10), "failed", "too_large:"),
    (b"PK\x03\x04" + b"\x00" * 100, "failed", "corrupt:"),
    # Only the prolog is read when it ends early; a DTD pushed past that window by a long
    # comment is still found, since then the part is searched whole.
    (_docx_bytes(b'<?xml version="1.0"?><!--' + b"x" * 100_000 + b'--><!DOCTYPE d [<!ENTITY a "a">]><d>&a;</d>'),
     "failed", "corrupt:"),
])
def test_docx_hostile_archives_refused(tmp_path, content, status, error_code):
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(content)
    doc = read_document(path)
    assert (doc.status, doc.error[:len(error_code)], doc.format) == (status, error_code, "docx")


@pytest.mark.parametrize(("path", "status", "error_code", "fmt"), [
    ("bad/cat-doi.docx", "failed", "corrupt:", "docx"),
    ("bad/rong.txt", "failed", "empty:", "txt"),
    ("bad/ma-hoa.pdf", "failed", "encrypted:", "pdf"),
    ("bad/anh-chup.jpg", "skipped", "unsupported:", "jpg"),
])
def test_docx_and_corpus_bad_files_rows(corpus, path, status, error_code, fmt):
    doc = read_document(corpus / path)
    assert (doc.status, doc.error[:len(error_code)], doc.format) == (status, error_code, fmt)


def test_docx_nested_table_follows_its_parent(tmp_path):
    from docx import Document as WordDocument

    word = WordDocument()
    word.add_paragraph("Bảng tổng hợp")
    outer = word.add_table(rows=2, cols=2)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "Đơn vị", "Chi tiết"
    outer.cell(1, 0).text = "Trường THPT Cao Lãnh 2"
    inner = outer.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Học sinh", "1.928"
    word.add_paragraph("Kết luận")
    path = tmp_path / "long-bang.docx"
    word.save(path)
    doc = read_document(path)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Bảng tổng hợp"),
        ("table", "Đơn vị\tChi tiết\nTrường THPT Cao Lãnh 2\t"),
        ("table", "Học sinh\t1.928"),
        ("paragraph", "Kết luận"),
    ]


def test_docx_text_box_read_once(tmp_path):
    """A text box is stored as DrawingML and again as a VML fallback: its text comes once."""
    from docx import Document as WordDocument
    from docx.oxml import parse_xml

    word = WordDocument()
    paragraph = word.add_paragraph("Kính gửi: ")
    box = ('<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<mc:Choice Requires="wps"><w:r><w:t>Sở GDĐT Đồng Tháp</w:t></w:r></mc:Choice>'
           '<mc:Fallback><w:r><w:t>Sở GDĐT Đồng Tháp</w:t></w:r></mc:Fallback></mc:AlternateContent>')
    paragraph._p.append(parse_xml(box))
    path = tmp_path / "hop-van-ban.docx"
    word.save(path)
    assert read_document(path).text == "Kính gửi: Sở GDĐT Đồng Tháp"


@pytest.mark.parametrize(("font", "typed", "text"), [
    (".VnTime", "Tæng sè häc sinh", "Tổng số học sinh"),
    ("VNI-Times", "Toång soá hoïc sinh", "Tổng số học sinh"),
    ("Times New Roman", "Tổng số học sinh", "Tổng số học sinh"),
])
def test_docx_font_named_only_in_a_style_converts(tmp_path, font, typed, text):
    """No run names its font: the Normal style does, so styles.xml must be read for it."""
    from docx import Document as WordDocument

    word = WordDocument()
    word.styles["Normal"].font.name = font
    word.add_paragraph(typed)
    path = tmp_path / "kieu-chu.docx"
    word.save(path)
    assert read_document(path).text == text


def test_docx_styles_parsed_only_when_their_bytes_may_name_a_legacy_font(tmp_path):
    from docx import Document as WordDocument
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    from solieu.ingest.docx_styles import LazyStylesPart, use_lazy_styles

    use_lazy_styles()
    plain, legacy = tmp_path / "unicode.docx", tmp_path / "vntime.docx"
    WordDocument().save(plain)
    word = WordDocument()
    word.styles["Normal"].font.name = ".VnTime"
    word.save(legacy)
    parts = {p.name: WordDocument(str(p)).part.part_related_by(RT.STYLES) for p in (plain, legacy)}
    assert all(isinstance(part, LazyStylesPart) for part in parts.values())
    assert [parts[name].may_name_legacy_font() for name in ("unicode.docx", "vntime.docx")] == [False, True]
    assert parts["unicode.docx"]._xml is not None  # looked at as bytes, not parsed
    # Other python-docx users see the styles as ever: parsed on first use, saved whole.
    reopened = WordDocument(str(legacy))
    assert reopened.styles["Normal"].font.name == ".VnTime"
    reopened.save(tmp_path / "again.docx")
    assert WordDocument(str(tmp_path / "again.docx")).styles["Normal"].font.name == ".VnTime"


def test_docx_with_broken_styles_still_read(tmp_path):
    """styles.xml that does not parse no longer loses the report: its text never needed it."""
    from docx import Document as WordDocument

    word = WordDocument()
    word.add_paragraph("Trường có 64 giáo viên.")
    good = tmp_path / "tot.docx"
    word.save(good)
    broken = tmp_path / "hong-kieu.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, b"<w:styles><w:style" if item.filename == "word/styles.xml" else data)
    doc = read_document(broken)
    assert (doc.status, doc.text) == ("ok", "Trường có 64 giáo viên.")
