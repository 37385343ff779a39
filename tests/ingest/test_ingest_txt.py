"""Plain-text reader: encodings, tab/pipe tables and HTML-like markup (seeds 000, 003)."""

import codecs
import unicodedata

import pytest

from solieu.ingest.read import read_document
from solieu.ingest.txt import decode_text

SENTENCE = "Tổng số học sinh của trường năm học 2023 – 2024 là 1.928 em; Đồng Tháp."


def _cp1258_decomposed(text: str) -> bytes:
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
                   + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(("raw", "encoding"), [
    (SENTENCE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + SENTENCE.encode("utf-8"), "utf-8-bom"),
    (SENTENCE.encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"), "utf-16"),
    (_cp1258_decomposed(SENTENCE), "cp1258"),
])
def test_txt_decodes_encoding(raw, encoding):
    assert decode_text(raw) == (SENTENCE, encoding)


@pytest.mark.parametrize(("raw", "text", "encoding"), [
    ("Tæng sè häc sinh cña tr­êng".encode("latin-1"), "Tổng số học sinh của trường", "tcvn3"),
    ("Toång soá hoïc sinh cuûa tröôøng".encode("cp1252"), "Tổng số học sinh của trường", "vni"),
])
def test_txt_decodes_legacy_8bit(raw, text, encoding):
    assert decode_text(raw) == (text, encoding)


@pytest.mark.parametrize(("path", "encoding", "seed"), [
    ("legacy/001-utf16.txt", "utf-16", "txt/001_434dc28251da8230.txt"),
    ("legacy/002-cp1258.txt", "cp1258", "txt/002_7d1ba71b8e4bd192.txt"),
])
def test_txt_corpus_legacy_files_read_as_their_seed(corpus, path, encoding, seed):
    doc = read_document(corpus / path)
    assert (doc.status, doc.encoding) == ("ok", encoding)
    assert doc.text == read_document(corpus / seed).text


def test_txt_seed_000_pl3_is_one_table(corpus):
    doc = read_document(corpus / "txt/000_bb398ccc26e072e3.txt")
    [table] = doc.tables()
    rows = [[c.text for c in row] for row in table.rows()]
    assert (table.n_rows, table.n_cols) == (24, 3)
    assert rows[1] == ["1. Tổng số giáo viên có máy tính", "64", "100"]
    assert rows[4] == ["1. Tổng số học sinh có máy tính", "750", "45.3"]


def test_txt_seed_003_markup_reduced_and_continuation_joined(corpus):
    doc = read_document(corpus / "txt/003_51e62799bb1779d2.txt")
    tables = list(doc.tables())
    assert [c.text for c in tables[0].rows()[0]] == ["TT", "Nội dung",
                                                     "Nếu có, đề nghị cung cấp số hiệu, trích yếu, ngày văn bản"]
    result = tables[1].rows()[1][2].text
    assert not any(tag in doc.text for tag in ("<b>", "<ul", "<li>", "href", "</a>"))
    # Line 32 (starting with tabs) continues the 'Kết quả' cell of row 1.
    assert "CSDL ngành giáo dục: http://csdl.moet.gov.vn" in result
    assert "CSDL cán bộ công chức: http://pmis.vn" in result
    assert "----" not in doc.text  # the separator row '----\t---\t---' is not a row


def test_txt_pipe_table(tmp_path):
    path = tmp_path / "bang.md"
    path.write_text("Bảng 1\n\n| TT | Trường | Số học sinh |\n|---|---|---:|\n| 1 | THPT Cao Lãnh 2 | 1.928 |\n",
                    encoding="utf-8")
    doc = read_document(path)
    [table] = doc.tables()
    assert [[c.text for c in row] for row in table.rows()] == [["TT", "Trường", "Số học sinh"],
                                                               ["1", "THPT Cao Lãnh 2", "1.928"]]
    assert doc.format == "txt"


@pytest.mark.parametrize(("content", "status", "error_code"), [
    (bytes(range(256)) * 16, "failed", "corrupt:"),
    (b"", "failed", "empty:"),
    ("Báo cáo số 12".encode("utf-8"), "ok", ""),
])
def test_txt_bad_content_rows(tmp_path, content, status, error_code):
    path = tmp_path / "bao-cao.txt"
    path.write_bytes(content)
    doc = read_document(path)
    assert (doc.status, doc.error[:len(error_code)]) == (status, error_code)


def test_txt_utf8_with_a_stray_byte_stays_utf8():
    raw = SENTENCE.encode("utf-8") + b"\n" + SENTENCE.encode("utf-8")[:-3] + b"\xff"
    text, encoding = decode_text(raw)
    assert encoding == "utf-8" and text.startswith(SENTENCE)


def test_txt_too_large_refused(tmp_path, monkeypatch):
    from solieu.ingest import read

    monkeypatch.setattr(read, "MAX_TEXT_BYTES", 10)
    path = tmp_path / "nhat-ky.txt"
    path.write_text("Báo cáo số 12 năm 2024", encoding="utf-8")
    doc = read_document(path)
    assert (doc.status, doc.error[:10], doc.format) == ("failed", "too_large:", "txt")
