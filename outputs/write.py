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


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM, RFC 4180 quoting, formula-like text neutralized, written whole or not at all."""
    safe = frame.astype("object").where(frame.notna(), "")
    safe = safe.map(lambda v: escape_formula_text(printable_text(v)) if isinstance(v, str) else v)
    with atomic_path(path) as tmp:
        safe.to_csv(tmp, index=False, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL,
                    lineterminator="\r\n")
