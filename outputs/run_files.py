"""The files of a run — five CSV tables, solieu.xlsx, review.html — written one document at a time.

Memory does not grow with the batch: a first pass notes what the cross-report
checks need (`BatchIndex`: sha256 and dated citations); the second makes each
document's rows (`document_tables`) and appends them to the CSV files, to
review.html's parts and to one JSON-lines file per sheet. The workbook is then
written from those files, since a sheet's column widths must be known before
its first row. Everything is written beside its final name and renamed into
place only when the whole run succeeded.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

from . import xlsx as xlsx_module
from .columns import TABLE_COLUMNS, TABLE_NAMES
from .review import ReviewWriter
from .tables import batch_index, document_tables
from .write import CsvTableWriter

PARTS_PREFIX = ".solieu-parts-"


class SheetSpool:
    """The workbook's rows on disk, sheet by sheet, with their marks, links and column widths."""

    def __init__(self, folder: Path, columns: dict[str, list[str]], labels: dict[str, str]):
        self.columns = columns
        self.labels = {name: labels if name == "indicators" else None for name in columns}
        self.paths = {name: Path(folder) / f"sheet-{name}.jsonl" for name in columns}
        self._files = {name: open(path, "w", encoding="ascii") for name, path in self.paths.items()}
        self.widths = {name: xlsx_module.ColumnWidths(xlsx_module.header_rows(columns[name], self.labels[name]))
                       for name in columns}

    def add(self, tables: dict[str, list[dict]]) -> None:
        """One document's rows of every table."""
        marks = xlsx_module.flagged_cells(tables["checks"])
        size = xlsx_module.EXCEL_MAX_ROWS - 2
        rows_at = {}
        for table, id_column in xlsx_module.ID_COLUMNS.items():
            first = self.widths[table].n_rows
            for i, record in enumerate(tables[table]):
                rows_at[(table, record["doc_id"], record[id_column])] = xlsx_module.sheet_row(first + i, table, size)
        for name, records in tables.items():
            for record in records:
                row = xlsx_module.annotate(name, record, self.columns[name], marks, rows_at)
                self.widths[name].add(row[0])
                self._files[name].write(json.dumps(row) + "\n")

    def sources(self) -> list[xlsx_module.SheetSource]:
        for file in self._files.values():
            file.close()
        return [xlsx_module.SheetSource(name, self.columns[name], self.widths[name].n_rows,
                                        self.widths[name].widths(), self._rows(name), self.labels[name])
                for name in self.columns]

    def _rows(self, name: str) -> Iterator[tuple[list, dict, str]]:
        with open(self.paths[name], encoding="ascii") as lines:
            for line in lines:
                yield tuple(json.loads(line))

    def close(self) -> None:
        for file in self._files.values():
            file.close()


def write_run_files(results: Iterable, out_dir: Path, *, xlsx: bool = True, html: bool = True,
                    catalog: str | None = None) -> None:
    """Write the five CSV tables, solieu.xlsx (unless `xlsx` is false) and review.html (unless `html`).

    `results` is read twice (a spool reads each document back from disk each
    time); a list is put in doc_id order first. `catalog` is the --catalog file
    whose keys extend indicators.csv.
    """
    from solieu.extractors.indicators import load_catalog

    from .indicators import indicator_columns, indicator_labels

    indicators = load_catalog(catalog)
    columns = {**{name: list(cols) for name, cols in TABLE_COLUMNS.items()},
               "indicators": indicator_columns(indicators)}
    if isinstance(results, list):
        results = sorted(results, key=lambda r: r.doc_id)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    index = batch_index(results)
    work = Path(tempfile.mkdtemp(prefix=PARTS_PREFIX, dir=out_dir))
    try:
        with ExitStack() as stack:
            sheets = SheetSpool(work, {name: columns[name] for name in TABLE_NAMES},
                                indicator_labels(indicators)) if xlsx else None
            review = ReviewWriter(out_dir / "review.html", work) if html else None
            for writer in (sheets, review):
                if writer is not None:
                    stack.callback(writer.close)
            csvs = {name: stack.enter_context(CsvTableWriter(out_dir / f"{name}.csv", columns[name]))
                    for name in TABLE_NAMES}
            for result in results:
                tables = document_tables(result, indicators, index, columns["indicators"])
                for name, rows in tables.items():
                    for row in rows:
                        csvs[name].write(row)
                if sheets:
                    sheets.add(tables)
                if review:
                    review.add(result, tables["checks"])
            # Still inside the stack: a failure below removes the CSVs' temporary files too.
            if sheets:
                xlsx_module.write_workbook(sheets.sources(), out_dir / "solieu.xlsx")
            if review:
                review.finish()
    finally:
        shutil.rmtree(work, ignore_errors=True)
