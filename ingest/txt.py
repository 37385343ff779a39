"""Plain-text reports: encoding detection and paragraphs (placeholder: UTF-8 only)."""

from __future__ import annotations

from pathlib import Path

from .build import DocumentBuilder
from .model import Document


def read_txt(path: Path, doc_id: str) -> Document:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig", errors="replace")
    builder = DocumentBuilder(doc_id=doc_id, path=str(path), format="txt")
    for para in text.split("\n"):
        builder.add_paragraph(para)
    return builder.build(encoding="utf-8")
