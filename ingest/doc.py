"""Word 97 .doc: converted to .docx with LibreOffice headless, then read as a .docx.

Each conversion gets its own LibreOffice profile directory, so parallel
workers do not fight over one profile lock, and a time limit.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from solieu import errors

from .docx import read_docx
from .model import Document

SOFFICE_TIMEOUT = 90  # seconds


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# An encrypted Office file (any version) is an OLE2 file with this stream name in its directory.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def is_encrypted_office(path: Path) -> bool:
    with open(path, "rb") as fh:
        return ENCRYPTED_STREAM in fh.read(1 << 20)


def read_doc(path: Path, doc_id: str, *, ocr: bool = True, max_pages: int | None = None) -> Document:
    if is_encrypted_office(path):
        return Document(doc_id=doc_id, path=str(path), format="doc", status="failed",
                        error=errors.ENCRYPTED_WORD)
    binary = soffice_binary()
    if binary is None:
        return Document(doc_id=doc_id, path=str(path), format="doc", status="skipped",
                        error=errors.NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="solieu-doc-") as tmp:
        tmpdir = Path(tmp)
        source = tmpdir / "in.doc"  # a plain name: LibreOffice mangles some Unicode/quote names
        shutil.copyfile(path, source)
        command = [binary, f"-env:UserInstallation=file://{tmpdir / 'profile'}", "--headless",
                   "--norestore", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmpdir / "out"),
                   str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=SOFFICE_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            return Document(doc_id=doc_id, path=str(path), format="doc", status="failed",
                            error=errors.CORRUPT.format(detail=f"LibreOffice did not convert it within {SOFFICE_TIMEOUT} s"))
        converted = tmpdir / "out" / "in.docx"
        if not converted.exists():
            return Document(doc_id=doc_id, path=str(path), format="doc", status="failed",
                            error=errors.CORRUPT.format(detail="LibreOffice could not convert the .doc file"))
        doc = read_docx(converted, doc_id)
    return replace(doc, path=str(path), format="doc")
