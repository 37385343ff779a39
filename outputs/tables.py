"""Per-document results -> the rows of the contract's tables, in stable order.

Rows are ordered by `doc_id`, then by position in the document (`char_start`,
compared as a number: `95` before `1203`), so two runs diff cleanly. Every table
is made one document at a time (`document_tables`); the checks that look across
reports read a `BatchIndex` built beforehand. `solieu run` streams these rows to
disk (solieu/batch.py); `results_to_tables` gathers them into DataFrames for the
Python API.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .batch_index import BatchIndex
from .columns import TABLE_COLUMNS, TABLE_NAMES

RECORD_TABLES = ("documents", "figures", "references")


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


def document_tables(result, catalog, batch: BatchIndex | None, indicator_columns: list[str]) -> dict[str, list[dict]]:
    """The rows one document adds to each of the five tables."""
    from .checks import document_checks
    from .indicators import indicator_row

    rows = document_rows(result)
    rows["checks"] = document_checks(rows, catalog, batch)
    # The first figure of a key in the text wins; a figure without a position comes last.
    keys = {i.key for i in catalog}
    tagged = sorted((f for f in rows["figures"] if f["indicator"] in keys),
                    key=lambda f: (position(f["char_start"]) is None, position(f["char_start"]) or 0))
    indicators = indicator_row(rows["documents"][0], tagged, catalog, indicator_columns) if tagged else None
    rows["indicators"] = [indicators] if indicators else []
    return rows


def batch_index(results: Iterable) -> BatchIndex:
    """The index of the checks that look across reports, in one pass over `results`."""
    index = BatchIndex()
    for result in results:
        index.add(contract_row(result.document or {"doc_id": result.doc_id}, TABLE_COLUMNS["documents"]),
                  (contract_row(r, TABLE_COLUMNS["references"]) for r in result.references))
    return index


def results_to_frames(results: Iterable) -> dict[str, pd.DataFrame]:
    """documents/figures/references frames from `DocResult`s, sorted by doc_id then position."""
    rows: dict[str, list[dict]] = {name: [] for name in RECORD_TABLES}
    for result in sorted(results, key=lambda r: r.doc_id):
        for name, doc_rows in document_rows(result).items():
            rows[name].extend(doc_rows)
    return {name: pd.DataFrame(rows[name], columns=list(TABLE_COLUMNS[name]), dtype="object") for name in rows}


def results_to_tables(results: Iterable, catalog: str | None = None) -> dict[str, pd.DataFrame]:
    """All five tables of a run: documents, figures, references, checks, indicators.

    `catalog` is a --catalog file whose keys are added after the built-in ones.
    """
    from solieu.extractors.indicators import load_catalog

    from .indicators import indicator_columns

    results = sorted(results, key=lambda r: r.doc_id)
    indicators = load_catalog(catalog)
    columns = {**TABLE_COLUMNS, "indicators": indicator_columns(indicators)}
    index = batch_index(results)
    rows: dict[str, list[dict]] = {name: [] for name in TABLE_NAMES}
    for result in results:
        for name, doc_rows in document_tables(result, indicators, index, columns["indicators"]).items():
            rows[name].extend(doc_rows)
    return {name: pd.DataFrame(rows[name], columns=list(columns[name]), dtype="object") for name in TABLE_NAMES}
