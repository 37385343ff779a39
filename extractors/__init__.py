"""Document -> records. `extract(doc)` runs every extractor in order and numbers the records.

The whole configuration is this module: references first (their spans, and
those of dates, are not figures), then figures, then the report's own fields.
"""

from __future__ import annotations

from solieu.ingest.model import Document

from .fields import find_report_fields
from .figures import find_figures
from .records import Extraction, Figure, Reference, ReportFields, number_records
from .references import find_references


def extract(doc: Document) -> Extraction:
    """All figures, references and report fields of `doc`, in document order."""
    references = tuple(find_references(doc))
    figures = tuple(find_figures(doc))
    fields = find_report_fields(doc, references)
    return number_records(Extraction(figures=figures, references=references, fields=fields))


__all__ = ["extract", "Extraction", "Figure", "Reference", "ReportFields"]
