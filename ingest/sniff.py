"""The real format of a file, from its first bytes; the extension only when content says nothing.

A PDF sent as `bao-cao.docx` is read as a PDF (reliability collection:
`pdf-named.docx`), and documents.csv `format` says `pdf`.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

PDF_MAGIC = b"%PDF"
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
TEXT_EXTENSIONS = {"txt", "md"}
KNOWN = {"txt", "docx", "pdf", "doc"}


def sniff_format(path: Path, head: bytes) -> str:
    """'pdf', 'docx', 'doc' or 'txt' from content, else the lower-case extension.

    >>> sniff_format(Path("x.docx"), b"%PDF-1.7 ...")
    'pdf'
    >>> sniff_format(Path("bao-cao.md"), b"# Bao cao")
    'txt'
    """
    ext = path.suffix.lower().lstrip(".")
    # A PDF may start after some junk bytes (allowed up to 1024 by readers).
    if head.startswith(PDF_MAGIC) or PDF_MAGIC in head[:1024]:
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return ext if ext in ("docx", "doc") else "docx" if ext == "" else ext
        if "word/document.xml" in names:
            return "docx"
        return ext
    if head.startswith(ZIP_MAGIC[:2]) and ext == "docx":
        return "docx"  # a truncated .docx still says docx; its reader reports it corrupt
    if head.startswith(OLE2_MAGIC):
        # OLE2 also holds .xls/.ppt: only a Word name (or none) makes it a .doc; a password-protected
        # .docx is an OLE2 file too (its reader says so).
        return "doc" if ext in ("doc", "docx", "dot", "rtf", "") else ext
    if ext in TEXT_EXTENSIONS:
        return "txt"
    return ext
