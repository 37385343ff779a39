"""read_document(path) -> Document: sniff the format, dispatch, never raise for bad input."""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from solieu import errors

from .model import Document
from .txt import read_txt

READERS = {"txt": read_txt}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_document(path: str | os.PathLike, doc_id: str | None = None, *, ocr: bool = True,
                  max_pages: int | None = None) -> Document:
    """Read one file into a `Document`; bad input gives status failed/skipped, never an exception."""
    path = Path(path)
    doc_id = doc_id or path.name
    fmt = path.suffix.lower().lstrip(".")
    base = Document(doc_id=doc_id, path=str(path), format=fmt)
    try:
        size = path.stat().st_size
        sha = file_sha256(path)
    except OSError as exc:
        return replace(base, status="failed", error=errors.UNREADABLE.format(detail=exc.strerror or exc))
    base = replace(base, size_bytes=size, sha256=sha)
    reader = READERS.get(fmt)
    if reader is None:
        return replace(base, status="skipped", error=errors.UNSUPPORTED.format(ext=fmt or "(none)"))
    if size == 0:
        return replace(base, status="failed", error=errors.EMPTY)
    try:
        doc = reader(path, doc_id)
    except Exception as exc:  # a reader bug must not stop the batch
        return replace(base, status="failed", error=errors.INTERNAL.format(detail=f"{type(exc).__name__}: {exc}"))
    return replace(doc, sha256=sha, size_bytes=size)
