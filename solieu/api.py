"""The Python API for notebooks: paths in, the run's tables out as DataFrames, no files written.

>>> from solieu import api                                    # doctest: +SKIP
>>> tables = api.run(["bao-cao/"], ocr=False)                 # doctest: +SKIP
>>> tables["figures"].query("indicator == 'teachers_with_computer'")  # doctest: +SKIP

The tables are the CSV files of `solieu run`, column for column and row for
row: every cell is the canonical text (`"45.3"`, `"2024-02-21"`, `""` for
unknown), so a notebook sees exactly what the spreadsheet will; `numeric()`
turns the number columns into Decimals when arithmetic is wanted.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import pandas as pd

from solieu.discover import discover
from solieu.outputs.tables import results_to_tables
from solieu.outputs.xlsx import NUMERIC_COLUMNS, to_number
from solieu.pipeline import DocResult, RunSettings, process_file

TABLES = ("documents", "figures", "references", "checks", "indicators")


def process(paths: Iterable[str | os.PathLike], *, ocr: bool = True, catalog: str | None = None,
            redact_pii: bool = False) -> list[DocResult]:
    """One DocResult per input file under `paths` (folders searched recursively), in doc_id order."""
    settings = RunSettings(ocr=ocr, redact_pii=redact_pii, catalog=str(catalog) if catalog else None)
    return [process_file(path, doc_id, settings) for path, doc_id in discover([str(p) for p in paths])]


def run(paths: Iterable[str | os.PathLike], *, ocr: bool = True, catalog: str | None = None,
        redact_pii: bool = False) -> dict[str, pd.DataFrame]:
    """documents, figures, references, checks and indicators of the files under `paths`.

    Documents are read one after the other in this process (for thousands of
    reports, `solieu run --workers N` and `pandas.read_csv` are faster).
    `catalog` is a CSV of extra indicators, as `--catalog`.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # run("report.docx") means one path, not one per character
    results = process(paths, ocr=ocr, catalog=catalog, redact_pii=redact_pii)
    return results_to_tables(results, str(catalog) if catalog else None)


def numeric(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """A copy of `frame` with the number columns of `table` as Decimal/int (None when empty).

    For `indicators`, every catalogue column is a number column.
    """
    if table == "indicators":
        columns = [c for c in frame.columns if c not in ("doc_id", "issuer", "issued_date")]
    else:
        columns = [c for c in frame.columns if c in NUMERIC_COLUMNS.get(table, ())]
    out = frame.copy()
    for column in columns:
        out[column] = [to_number(v) for v in frame[column]]
    return out

