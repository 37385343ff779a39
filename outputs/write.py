"""Writers: every file is written to a temporary file beside it, then renamed."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .safe import FORMULA_LEAD, escape_formula_text, printable_text

if TYPE_CHECKING:
    import pandas as pd

# RFC 4180 as every spreadsheet reads it: quotes only where needed, CRLF line ends.
CSV_FORMAT = {"quoting": csv.QUOTE_MINIMAL, "lineterminator": "\r\n"}


@contextmanager
def atomic_path(path: Path, suffix: str = ""):
    """Yield a temporary path next to `path`; rename it over `path` only on success."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix + ".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        # mkstemp makes the file 0600; a run folder is shared with colleagues and their
        # spreadsheets, so give the finished file the mode a plain open() would have.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def csv_cell(value) -> str:
    """One CSV cell: empty for a missing value, formula-like text neutralized, other values as text."""
    if isinstance(value, str):
        if value.isascii() and not value.startswith(FORMULA_LEAD):
            return value  # most cells (ids, numbers, codes, ""): nothing to neutralize, no surrogate
        return escape_formula_text(printable_text(value))
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def csv_text(rows: Iterable[dict], columns: list[str] | tuple[str, ...]) -> str:
    """The lines `CsvTableWriter.write` appends for `rows`, as one text.

    A worker renders its document's rows with this; the main process then only
    appends the text (`CsvTableWriter.write_text`), in doc_id order.
    """
    text = io.StringIO()
    csv.writer(text, **CSV_FORMAT).writerows([csv_cell(row.get(c)) for c in columns] for row in rows)
    return text.getvalue()


class CsvTableWriter:
    """Rows appended one at a time to `path` (UTF-8 with BOM, RFC 4180, CRLF); renamed into place on close.

    >>> with CsvTableWriter(path, ["doc_id", "value"]) as table:   # doctest: +SKIP
    ...     table.write({"doc_id": "a.txt", "value": "=1+1"})       # written as '=1+1
    """

    def __init__(self, path: Path, columns: list[str]):
        self.columns = list(columns)
        self._atomic = atomic_path(path)
        self._tmp = self._atomic.__enter__()
        self._file = open(self._tmp, "w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._file, **CSV_FORMAT)
        self._writer.writerow([csv_cell(c) for c in self.columns])

    def write(self, row: dict) -> None:
        self._writer.writerow([csv_cell(row.get(c)) for c in self.columns])

    def write_values(self, values) -> None:
        self._writer.writerow([csv_cell(v) for v in values])

    def write_text(self, text: str) -> None:
        """Append lines already rendered for this table's columns (`csv_text`)."""
        self._file.write(text)

    def __enter__(self) -> CsvTableWriter:
        return self

    def __exit__(self, kind, error, trace) -> None:
        self._file.close()
        self._atomic.__exit__(kind, error, trace)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM, RFC 4180 quoting, formula-like text neutralized, written whole or not at all."""
    safe = frame.astype("object").where(frame.notna(), "")
    with CsvTableWriter(path, [str(c) for c in frame.columns]) as table:
        for values in safe.itertuples(index=False, name=None):
            table.write_values(values)
