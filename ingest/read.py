"""read_document(path) -> Document: sniff the format from content, dispatch, never raise for bad input."""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from solieu import errors

from .model import Document
from .sniff import sniff_format

# A plain-text report is a few hundred KB; a text file this big is a log or a dump, and
# decoding it whole would take the worker's memory.
MAX_TEXT_BYTES = 64 * 1024 * 1024


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _reader(fmt: str):
    """The reader function for `fmt` (imported late: pdfplumber is slow to import)."""
    if fmt == "txt":
        from .txt import read_txt
        return read_txt
    if fmt == "docx":
        from .docx import read_docx
        return read_docx
    if fmt == "pdf":
        from .pdf import read_pdf
        return read_pdf
    if fmt == "doc":
        from .doc import read_doc
        return read_doc
    return None


def read_document(path: str | os.PathLike, doc_id: str | None = None, *, ocr: bool = True,
                  max_pages: int | None = None) -> Document:
    """Read one file into a `Document`; bad input gives status failed/skipped, never an exception."""
    path = Path(path)
    doc_id = doc_id or path.name
    ext = path.suffix.lower().lstrip(".")
    base = Document(doc_id=doc_id, path=str(path), format=ext)
    try:
        size = path.stat().st_size
        sha = file_sha256(path)
        with open(path, "rb") as fh:
            head = fh.read(2048)
    except OSError as exc:
        return replace(base, status="failed", error=errors.UNREADABLE.format(detail=exc.strerror or exc))
    base = replace(base, size_bytes=size, sha256=sha)
    if size == 0:
        fmt = "txt" if ext in ("md", "text") else ext
        return replace(base, format=fmt, status="failed", error=errors.EMPTY)
    fmt = sniff_format(path, head)
    base = replace(base, format=fmt)
    if fmt == "txt" and size > MAX_TEXT_BYTES:
        return replace(base, status="failed", error=errors.TOO_LARGE.format(
            detail=f"a {size // (1024 * 1024)} MB text file is above the {MAX_TEXT_BYTES // (1024 * 1024)} MB limit"))
    reader = _reader(fmt)
    if reader is None:
        return replace(base, status="skipped", error=errors.UNSUPPORTED.format(ext=ext or "(none)"))
    try:
        if fmt == "pdf":
            doc = reader(path, doc_id, ocr=ocr, max_pages=max_pages)
        elif fmt == "doc":
            doc = reader(path, doc_id, ocr=ocr, max_pages=max_pages)
        else:
            doc = reader(path, doc_id)
    except MemoryError:
        return replace(base, status="failed", error=errors.TOO_LARGE.format(detail="reading it ran out of memory"))
    except RecursionError:
        return replace(base, status="failed", error=errors.CORRUPT.format(detail="structure nested too deeply"))
    except Exception as exc:  # a reader bug must not stop the batch
        return replace(base, status="failed", error=errors.INTERNAL.format(detail=f"{type(exc).__name__}: {exc}"))
    return replace(doc, format=fmt, sha256=sha, size_bytes=size)
