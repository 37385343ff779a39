"""One unit of work, end to end: path -> Document -> records -> table rows.

`process_file` is the function every executor runs (in-process, process pool,
Dask): it takes plain arguments, returns a plain, picklable, JSON-able
`DocResult`, and never raises for bad input — a failure is a documents.csv row.
"""

from __future__ import annotations

import traceback
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from solieu import errors
from solieu.extractors import extract
from solieu.extractors.indicators import assign_indicators
from solieu.extractors.records import Extraction
from solieu.ingest.model import Document
from solieu.ingest.read import read_document
from solieu.outputs.columns import DOCUMENTS_COLUMNS, FIGURES_COLUMNS, REFERENCES_COLUMNS


@dataclass(frozen=True)
class RunSettings:
    """What a run was asked to do; passed to every worker."""

    ocr: bool = True
    redact_pii: bool = False
    max_pages: int = 500
    catalog: str | None = None  # extra indicator definitions (CSV), see --catalog


@dataclass
class DocResult:
    """The rows one document contributes to the tables, plus its text for review.html."""

    doc_id: str
    document: dict
    figures: list[dict] = field(default_factory=list)
    references: list[dict] = field(default_factory=list)
    text: str = ""

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "DocResult":
        return cls(**data)


def format_value(value) -> str:
    """Canonical text of a cell value: Decimal without exponent or trailing zeros.

    >>> format_value(Decimal("19.50")), format_value(Decimal("2.9E+10")), format_value(None)
    ('19.5', '29000000000', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    return str(value)


def _record_row(record, doc_id: str, columns: tuple[str, ...]) -> dict:
    row = {}
    for col in columns:
        value = getattr(record, col, None)
        row[col] = value if value.__class__ is str else format_value(value)  # most cells are text already
    row["doc_id"] = doc_id
    return row


def document_row(doc: Document, extraction: Extraction) -> dict:
    """The documents.csv row for `doc`."""
    f = extraction.fields
    values = {
        "doc_id": doc.doc_id, "path": doc.path, "format": doc.format, "sha256": doc.sha256,
        "size_bytes": doc.size_bytes, "pages": doc.pages, "status": doc.status,
        "error": doc.error, "encoding": doc.encoding,
        "ocr": "true" if doc.ocr else "false",
        "n_figures": len(extraction.figures), "n_references": len(extraction.references),
    }
    for col in DOCUMENTS_COLUMNS:
        if col not in values:
            values[col] = getattr(f, col, "")
    return {col: format_value(values[col]) for col in DOCUMENTS_COLUMNS}


def process_file(path: str, doc_id: str, settings: RunSettings = RunSettings()) -> DocResult:
    """Read, extract and tabulate one file. Never raises."""
    doc = read_document(Path(path), doc_id, ocr=settings.ocr, max_pages=settings.max_pages)
    extraction = Extraction()
    if doc.status in ("ok", "partial") and doc.text:
        try:
            extraction = extract(doc)
            # Catalogue keys (built-in + --catalog) on figure labels; issue 4 item 2.
            extraction = assign_indicators(extraction, settings.catalog)
        except Exception as exc:  # an extractor bug loses this document's records, not the batch
            detail = f"{type(exc).__name__}: {exc} at {traceback.extract_tb(exc.__traceback__)[-1].name}"
            doc = replace(doc, status="partial",
                          error="; ".join(filter(None, [doc.error, errors.INTERNAL.format(detail=detail)])))
    result = DocResult(
        doc_id=doc.doc_id,
        document=document_row(doc, extraction),
        figures=[_record_row(fig, doc.doc_id, FIGURES_COLUMNS) for fig in extraction.figures],
        references=[_record_row(ref, doc.doc_id, REFERENCES_COLUMNS) for ref in extraction.references],
        text=doc.text,
    )
    if settings.redact_pii:  # --redact-pii: masks keep lengths, so offsets stay valid (issue 6)
        from solieu.redact import redact_result
        result = redact_result(result)
    return result
