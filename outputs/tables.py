"""Per-document results -> the DataFrames of the contract, in stable order.

Rows are ordered by `doc_id`, then by position in the document (`char_start`,
compared as a number: `95` before `1203`), so two runs diff cleanly.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .columns import TABLE_COLUMNS

RECORD_TABLES = ("documents", "figures", "references")


def results_to_frames(results: Iterable) -> dict[str, pd.DataFrame]:
    """documents/figures/references frames from `DocResult`s, sorted by doc_id then position."""
    rows: dict[str, list[dict]] = {name: [] for name in RECORD_TABLES}
    for result in sorted(results, key=lambda r: r.doc_id):
        rows["documents"].append(result.document)
        rows["figures"].extend(result.figures)
        rows["references"].extend(result.references)
    frames = {name: pd.DataFrame(rows[name], columns=list(TABLE_COLUMNS[name]), dtype="object")
              for name in rows}
    return {name: sort_by_position(frame) for name, frame in frames.items()}


def sort_by_position(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` sorted by doc_id, then char_start as a number (stable: ties keep their order)."""
    if not len(frame):
        return frame.reset_index(drop=True)
    keys = {"_doc": frame["doc_id"].astype(str)}
    if "char_start" in frame.columns:
        keys["_start"] = pd.to_numeric(frame["char_start"], errors="coerce").fillna(-1)
    ordered = frame.assign(**keys).sort_values(list(keys), kind="stable")
    return ordered.drop(columns=list(keys)).reset_index(drop=True)


def results_to_tables(results: Iterable, catalog: str | None = None) -> dict[str, pd.DataFrame]:
    """All five tables of a run: documents, figures, references, checks, indicators.

    `catalog` is a --catalog file whose keys are added after the built-in ones.
    """
    from solieu.extractors.indicators import load_catalog

    from .checks import frames_to_checks
    from .indicators import indicators_frame

    frames = results_to_frames(results)
    indicators = load_catalog(catalog)
    frames["checks"] = frames_to_checks(frames, indicators)
    frames["indicators"] = indicators_frame(frames["documents"], frames["figures"], indicators)
    return frames
