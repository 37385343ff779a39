"""Word 97 .doc through LibreOffice, and the skipped row without it."""

import shutil
from pathlib import Path

import pytest

from solieu import errors
from solieu.ingest.read import read_document

REPORTS = Path("/work/shared/reports-public")


def test_doc_without_libreoffice_is_skipped(tmp_path, monkeypatch):
    path = tmp_path / "cong-van.doc"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    doc = read_document(path)
    assert (doc.status, doc.error, doc.format) == ("skipped", errors.NO_LIBREOFFICE, "doc")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or not REPORTS.is_dir(), reason="needs soffice and reports")
@pytest.mark.parametrize(("name", "encoding", "words"), [
    # TCVN3 'ư' (0xAD) arrives as <w:softHyphen/> after LibreOffice
    ("cantho-ubnd-qd256-2004-cchc-tcvn3.doc", "tcvn3", "chương trình cải cách hành chính"),
    ("binhphuoc-ubnd-qd991-2008-vni.doc", "vni", "quyết định"),
])
def test_doc_legacy_fonts_converted(name, encoding, words):
    doc = read_document(REPORTS / name)
    assert (doc.status, doc.format, doc.encoding) == ("ok", "doc", encoding)
    assert words in doc.text.lower()


OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")


@pytest.mark.parametrize(("name", "content", "status", "error_code", "fmt"), [
    # a password-protected Word file is an OLE2 container with an EncryptedPackage stream
    ("bao-cao.docx", OLE2 + b"\x00" * 200 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 200,
     "failed", "encrypted:", "doc"),
    # OLE2 is also Excel 97: not read as a Word file
    ("bang-tinh.xls", OLE2 + b"\x00" * 504, "skipped", "unsupported:", "xls"),
])
def test_doc_ole2_files_rows(tmp_path, name, content, status, error_code, fmt):
    path = tmp_path / name
    path.write_bytes(content)
    doc = read_document(path)
    assert (doc.status, doc.error[:len(error_code)], doc.format) == (status, error_code, fmt)
