"""The files of a run — five CSV tables, solieu.xlsx, review.html — written one document at a time.

Memory does not grow with the batch, and the serial end of a run does little:
each document comes as `DocumentPieces` (outputs/tables.py), made by the worker
that read it — the CSV text of its rows and its local checks — plus the two
cross-report checks as questions, answered here from the `BatchIndex`
(sha256 and dated citations) that was built as results arrived. The CSV files
are these pieces appended in doc_id order. review.html's parts and the
workbook's sheets (one JSON-lines file per sheet) need the rows themselves, read
back one document at a time; the workbook is then written from those files,
since a sheet's column widths must be known before its first row. Results given
as a list (the Python API, tests) get their index and pieces made here, with the
same functions. Everything is written beside its final name and renamed into
place only when the whole run succeeded.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

from . import xlsx as xlsx_module
from .columns import TABLE_NAMES
from .review import ReviewWriter
from .tables import DocumentPieces, TableLayout, batch_index, document_pieces, record_tables
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


class PiecesMadeHere:
    """A batch given as DocResults: its index and each document's pieces made in this process.

    With the functions a worker uses, so the files are the same bytes. A list is
    put in doc_id order first; any other iterable must be in doc_id order, and is
    read twice (the index, then the pieces), one document at a time.
    """

    def __init__(self, results: Iterable, layout: TableLayout):
        self.results = sorted(results, key=lambda r: r.doc_id) if isinstance(results, list) else results
        self.layout = layout
        self.index = batch_index(self.results)

    def documents(self) -> Iterator[tuple[DocumentPieces, Callable]]:
        for result in self.results:
            pieces, _ = document_pieces(result, self.layout)
            yield pieces, lambda result=result: result


def write_run_files(results: Iterable, out_dir: Path, *, xlsx: bool = True, html: bool = True,
                    catalog: str | None = None) -> None:
    """Write the five CSV tables, solieu.xlsx (unless `xlsx` is false) and review.html (unless `html`).

    `results` is a ResultSpool (solieu/spool.py) whose documents already have
    their pieces for this `catalog`, or DocResults (`PiecesMadeHere`). `catalog`
    is the --catalog file whose keys extend indicators.csv.
    """
    from .indicators import indicator_labels

    layout = TableLayout.load(catalog)
    batch = results if getattr(results, "layout", None) == layout else PiecesMadeHere(results, layout)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=PARTS_PREFIX, dir=out_dir))
    try:
        with ExitStack() as stack:
            sheets = SheetSpool(work, {name: layout.columns[name] for name in TABLE_NAMES},
                                indicator_labels(layout.catalog)) if xlsx else None
            review = ReviewWriter(out_dir / "review.html", work) if html else None
            for writer in (sheets, review):
                if writer is not None:
                    stack.callback(writer.close)
            csvs = {name: stack.enter_context(CsvTableWriter(out_dir / f"{name}.csv", layout.columns[name]))
                    for name in TABLE_NAMES}
            for pieces, load_result in batch.documents():
                checks = pieces.checks_with(batch.index)
                for name, text in pieces.csv.items():
                    csvs[name].write_text(text)
                csvs["checks"].write_text("".join(line for _, _, line in checks))
                if sheets or review:
                    result = load_result()
                    # The workbook and review.html need the rows themselves: made again from the result.
                    tables = record_tables(result, layout) | {"checks": [row for _, row, _ in checks]}
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
