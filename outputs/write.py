"""Writers: every file is written to a temporary file beside it, then renamed."""

from __future__ import annotations

import csv
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from .safe import escape_formula_text, printable_text


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
        return escape_formula_text(printable_text(value))
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


class CsvTableWriter:
    """Rows appended one at a time to `path` (UTF-8 with BOM, RFC 4180, CRLF); renamed into place on close.

    >>> with CsvTableWriter(path, ["doc_id", "value"]) as table:   # doctest: +SKIP
    ...     table.write({"doc_id": "a.txt", "value": "=1+1"})       # written as '=1+1
    """

    def __init__(self, path: Path, columns: list[str]):
        self.columns = list(columns)
        self.n_rows = 0
        self._atomic = atomic_path(path)
        self._tmp = self._atomic.__enter__()
        self._file = open(self._tmp, "w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._file, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        self._writer.writerow([csv_cell(c) for c in self.columns])

    def write(self, row: dict) -> None:
        self._writer.writerow([csv_cell(row.get(c)) for c in self.columns])
        self.n_rows += 1

    def write_values(self, values) -> None:
        self._writer.writerow([csv_cell(v) for v in values])
        self.n_rows += 1

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
