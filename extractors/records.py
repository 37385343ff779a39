"""The records extractors produce: figures, references and report fields.

Values are `Decimal` (never float), dates are ISO strings (`2024-02-21`, or
`2020-07` when the day was left blank). Field names follow the columns of
shared/CONTRACT.md; ids (`figure_id`, `ref_id`) are given when a document's
records are numbered in order, in `number_records`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure in a document, normalized, with where it stands."""

    kind: str  # count | percent | score | money | ratio | duration | measure
    value: Decimal
    char_start: int
    char_end: int
    upper: Decimal | None = None
    unit: str = ""
    qualifier: str = ""  # about | over | under | at_least | at_most | range
    total: Decimal | None = None
    percent: Decimal | None = None
    max_value: Decimal | None = None
    indicator: str = ""
    label: str = ""
    period: str = ""
    source: str = "text"  # text | table
    page: int | None = None
    location: str = ""
    snippet: str = ""
    confidence: float = 1.0
    figure_id: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
    """One document reference: the report's own number (`self`) or a cited document."""

    relation: str  # self | cites
    symbol: str
    raw: str
    char_start: int
    char_end: int
    ref_type: str = ""
    number: str = ""
    year: str = ""
    code: str = ""
    issuer: str = ""
    issued_date: str = ""
    page: int | None = None
    snippet: str = ""
    ref_id: str = ""


@dataclass(frozen=True, slots=True)
class ReportFields:
    """The metadata columns of documents.csv that come from the report's own text."""

    title: str = ""
    doc_type: str = ""
    symbol: str = ""
    issuer: str = ""
    place: str = ""
    issued_date: str = ""
    school_year: str = ""
    reporter: str = ""
    phone: str = ""
    email: str = ""
    signer: str = ""
    # Offsets of the date line's date, so checks can point at it (not a contract column).
    issued_date_blank_day: bool = False


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything found in one document, in document order."""

    figures: tuple[Figure, ...] = ()
    references: tuple[Reference, ...] = ()
    fields: ReportFields = field(default_factory=ReportFields)


def number_records(extraction: Extraction) -> Extraction:
    """Sort records by position and give them ids `F0001…`, `R0001…`."""
    figures = sorted(extraction.figures, key=lambda f: (f.char_start, f.char_end, f.kind))
    refs = sorted(extraction.references, key=lambda r: (r.char_start, r.char_end))
    return replace(
        extraction,
        figures=tuple(replace(f, figure_id=f"F{i:04d}") for i, f in enumerate(figures, 1)),
        references=tuple(replace(r, ref_id=f"R{i:04d}") for i, r in enumerate(refs, 1)),
    )
