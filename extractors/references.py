"""Document references (stub: filled by the references work of issue 3)."""

from __future__ import annotations

from collections.abc import Iterator

from solieu.ingest.model import Document

from .records import Reference


def find_references(doc: Document) -> Iterator[Reference]:
    """Yield every reference of `doc`: `Quyết định số 131/QĐ-TTg ngày 25/01/2022`, `Số: 89/BC-…`."""
    return iter(())


def find_reference_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every document symbol in `text`; numbers inside them are not figures."""
    return []
