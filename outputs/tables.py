"""Per-document results -> the DataFrames of the contract, in stable order."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .columns import TABLE_COLUMNS


def results_to_frames(results: Iterable) -> dict[str, pd.DataFrame]:
    """documents/figures/references frames from `DocResult`s, sorted by doc_id then position."""
    rows: dict[str, list[dict]] = {"documents": [], "figures": [], "references": []}
    for result in sorted(results, key=lambda r: r.doc_id):
        rows["documents"].append(result.document)
        rows["figures"].extend(result.figures)
        rows["references"].extend(result.references)
    return {name: pd.DataFrame(rows[name], columns=list(TABLE_COLUMNS[name]), dtype="object")
            for name in rows}
