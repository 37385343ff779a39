"""Report fields for documents.csv (stub: filled by the references work of issue 3)."""

from __future__ import annotations

from collections.abc import Sequence

from solieu.ingest.model import Document

from .records import Reference, ReportFields


def find_report_fields(doc: Document, references: Sequence[Reference]) -> ReportFields:
    """Title, type, own symbol, issuer, place, date, school year, reporter, phone, e-mail, signer."""
    return ReportFields()
