"""Per-document results -> the rows of the contract's tables, in stable order.

Rows are ordered by `doc_id`, then by position in the document (`char_start`,
compared as a number: `95` before `1203`), so two runs diff cleanly. Every table
is made one document at a time (`document_tables`); the checks that look across
reports read a `BatchIndex` built beforehand. `solieu run` has each worker make
the `DocumentPieces` of the documents it reads — every row that needs no other
report, already rendered as CSV — so the run's last, serial step only answers
the cross-report checks and appends pieces in doc_id order (outputs/run_files.py);
`results_to_tables` gathers the rows into DataFrames for the Python API.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .batch_index import BatchIndex, IndexEntry
from .checks import BatchQuestion, answered_checks, document_checks, in_check_order, local_checks_and_questions
from .columns import CHECKS_COLUMNS, TABLE_COLUMNS, TABLE_NAMES
from .write import csv_text

if TYPE_CHECKING:  # pandas only for the Python API: a worker making pieces does not load it
    import pandas as pd

    from solieu.extractors.indicators import Indicator

RECORD_TABLES = ("documents", "figures", "references")
# The tables whose rows a document makes alone, as DocumentPieces carries them.
PIECE_TABLES = ("documents", "figures", "references", "indicators")


def contract_row(row: dict, columns: tuple[str, ...]) -> dict:
    """`row` with exactly the contract's columns: a missing or None cell is ""."""
    out = {}
    for column in columns:
        value = row.get(column)
        out[column] = "" if value is None or (isinstance(value, float) and value != value) else value
    return out


def position(value) -> float | None:
    """`char_start` as a number (`"1203"` → 1203.0); None when empty or not a number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def in_document_order(rows: list[dict]) -> list[dict]:
    """Rows by `char_start` as a number, those without one first; ties keep their order."""
    def key(row: dict) -> float:
        start = position(row.get("char_start"))
        return -1 if start is None else start
    return sorted(rows, key=key)


def document_rows(result) -> dict[str, list[dict]]:
    """A result's documents/figures/references rows, contract columns, in document order."""
    return {"documents": [contract_row(result.document or {"doc_id": result.doc_id}, TABLE_COLUMNS["documents"])],
            "figures": in_document_order([contract_row(r, TABLE_COLUMNS["figures"]) for r in result.figures]),
            "references": in_document_order([contract_row(r, TABLE_COLUMNS["references"])
                                             for r in result.references])}


def indicator_rows(rows: dict[str, list[dict]], catalog, indicator_columns: list[str]) -> list[dict]:
    """The document's indicators.csv row (none when it reports no catalogue figure), from its other rows."""
    from .indicators import indicator_row

    # The first figure of a key in the text wins; a figure without a position comes last.
    keys = {i.key for i in catalog}
    tagged = sorted((f for f in rows["figures"] if f["indicator"] in keys),
                    key=lambda f: (position(f["char_start"]) is None, position(f["char_start"]) or 0))
    indicators = indicator_row(rows["documents"][0], tagged, catalog, indicator_columns) if tagged else None
    return [indicators] if indicators else []


def record_tables(result, layout: TableLayout) -> dict[str, list[dict]]:
    """The rows one document adds to every table but checks.csv: documents, figures, references, indicators."""
    rows = document_rows(result)
    rows["indicators"] = indicator_rows(rows, layout.catalog, layout.columns["indicators"])
    return rows


def document_tables(result, layout: TableLayout, batch: BatchIndex | None) -> dict[str, list[dict]]:
    """The rows one document adds to each of the five tables."""
    rows = record_tables(result, layout)
    rows["checks"] = document_checks(rows, layout.catalog, batch)
    return rows


@dataclass(frozen=True)
class TableLayout:
    """The indicator catalogue of a run's tables and every table's columns (indicators.csv's follow the catalogue)."""

    catalog: tuple[Indicator, ...]
    columns: dict[str, list[str]]

    @classmethod
    def load(cls, catalog: str | None = None) -> TableLayout:
        """The layout for a --catalog file (None: the built-in catalogue only)."""
        from solieu.extractors.indicators import load_catalog

        from .indicators import indicator_columns

        indicators = load_catalog(catalog)
        return cls(indicators, {**{name: list(cols) for name, cols in TABLE_COLUMNS.items()},
                                "indicators": indicator_columns(indicators)})


@dataclass
class DocumentPieces:
    """One document's share of the five tables that needs no other report, ready to append.

    `csv`: the CSV text of its documents/figures/references/indicators rows.
    `checks`: its local checks as (sort key, row, CSV line), in order.
    `questions`: the cross-report checks it asks the BatchIndex (checks.BatchQuestion).
    """

    csv: dict[str, str]
    checks: list[tuple[tuple, dict, str]]
    questions: list[BatchQuestion]

    def checks_with(self, batch: BatchIndex) -> list[tuple[tuple, dict, str]]:
        """Every check of the document, as (sort key, row, CSV line) in checks.csv order, given the batch's index."""
        answered = [(key, row, csv_text([row], CHECKS_COLUMNS)) for key, row in answered_checks(self.questions, batch)]
        return in_check_order(self.checks + answered) if answered else self.checks

    def to_parts(self) -> list[bytes]:
        """The pieces as byte strings (the CSV texts, then the checks and questions as JSON) for the run's spool."""
        texts = [self.csv[name].encode("utf-8", "surrogatepass") for name in PIECE_TABLES]
        return [*texts, json.dumps([self.checks, self.questions]).encode("ascii")]

    @classmethod
    def from_parts(cls, parts: list[bytes]) -> DocumentPieces:
        *texts, checked = parts
        checks, questions = json.loads(checked)
        return cls({name: text.decode("utf-8", "surrogatepass") for name, text in zip(PIECE_TABLES, texts)},
                   [(tuple(key), row, line) for key, row, line in checks],
                   [BatchQuestion(*question[:-1], key=tuple(question[-1])) for question in questions])


def document_pieces(result, layout: TableLayout) -> tuple[DocumentPieces, IndexEntry]:
    """A document's pieces and what it adds to the BatchIndex: what a worker makes right after reading it.

    The same function serves the main process for results it holds itself (Dask,
    the Python API), so the tables are the same bytes wherever a document was read.
    """
    rows = record_tables(result, layout)
    checks, questions = local_checks_and_questions(rows, layout.catalog)
    pieces = DocumentPieces({name: csv_text(rows[name], layout.columns[name]) for name in PIECE_TABLES},
                            [(key, row, csv_text([row], CHECKS_COLUMNS)) for key, row in checks], questions)
    return pieces, IndexEntry.of(rows["documents"][0], rows["references"])


def batch_index(results: Iterable) -> BatchIndex:
    """The index of the checks that look across reports, in one pass over `results`."""
    index = BatchIndex()
    for result in results:
        index.add(contract_row(result.document or {"doc_id": result.doc_id}, TABLE_COLUMNS["documents"]),
                  (contract_row(r, TABLE_COLUMNS["references"]) for r in result.references))
    return index


def results_to_frames(results: Iterable) -> dict[str, pd.DataFrame]:
    """documents/figures/references frames from `DocResult`s, sorted by doc_id then position."""
    import pandas as pd

    rows: dict[str, list[dict]] = {name: [] for name in RECORD_TABLES}
    for result in sorted(results, key=lambda r: r.doc_id):
        for name, doc_rows in document_rows(result).items():
            rows[name].extend(doc_rows)
    return {name: pd.DataFrame(rows[name], columns=list(TABLE_COLUMNS[name]), dtype="object") for name in rows}


def results_to_tables(results: Iterable, catalog: str | None = None) -> dict[str, pd.DataFrame]:
    """All five tables of a run: documents, figures, references, checks, indicators.

    `catalog` is a --catalog file whose keys are added after the built-in ones.
    """
    import pandas as pd

    results = sorted(results, key=lambda r: r.doc_id)
    layout = TableLayout.load(catalog)
    index = batch_index(results)
    rows: dict[str, list[dict]] = {name: [] for name in TABLE_NAMES}
    for result in results:
        for name, doc_rows in document_tables(result, layout, index).items():
            rows[name].extend(doc_rows)
    return {name: pd.DataFrame(rows[name], columns=list(layout.columns[name]), dtype="object") for name in TABLE_NAMES}
