"""Document -> records. `extract(doc)` runs every extractor in order and numbers the records."""

from __future__ import annotations

from solieu.ingest.model import Document

from .records import Extraction, Figure, Reference, ReportFields, number_records


def extract(doc: Document) -> Extraction:
    """All figures, references and report fields of `doc`, in document order."""
    return number_records(Extraction())


__all__ = ["extract", "Extraction", "Figure", "Reference", "ReportFields"]
