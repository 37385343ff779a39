"""Results cached by file content, so a re-run reads only the reports that are new or changed.

The key is the file's sha256, its extension (a `.jpg` is skipped, the same bytes
as `.txt` are read), the solieu version and code, and every setting that changes
results (OCR, `--max-pages`, `--redact-pii`, the content of `--catalog`). The
doc_id is not in the key: `bao-cao/THCS Lai Uyên.docx` renamed to
`2025/lai-uyen.docx` is a cache hit and comes back under its new doc_id.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from solieu import __version__
from solieu.pipeline import DocResult, RunSettings

CACHE_FOLDER = ".solieu-cache"
# Source and data files whose content is part of the key: a changed extractor
# or unit table must not serve results computed by the old one.
CODE_SUFFIXES = (".py", ".tsv", ".csv", ".txt", ".json", ".yaml", ".yml")


def file_sha256(path: str | os.PathLike) -> str | None:
    """sha256 of a regular file's bytes; None for what cannot be read or is not a plain file (FIFO, device)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over solieu's own source and data files (the installed stages included)."""
    import solieu
    import solieu.extractors
    import solieu.ingest
    import solieu.normalizers
    import solieu.outputs

    digest = hashlib.sha256(__version__.encode())
    for package in (solieu, solieu.ingest, solieu.extractors, solieu.normalizers, solieu.outputs):
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*")):
            if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
                digest.update(f"{package.__name__}/{path.relative_to(root).as_posix()}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def settings_fingerprint(settings: RunSettings) -> str:
    """The settings part of the key; `catalog` counts by its content, not its path."""
    values = asdict(settings)
    if settings.catalog:
        values["catalog"] = file_sha256(settings.catalog) or settings.catalog
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def relabel(result: DocResult, doc_id: str, path: str) -> DocResult:
    """The cached result under the doc_id and path of this run."""
    document = dict(result.document, doc_id=doc_id, path=str(path))
    return DocResult(
        doc_id=doc_id, document=document,
        figures=[dict(row, doc_id=doc_id) for row in result.figures],
        references=[dict(row, doc_id=doc_id) for row in result.references],
        text=result.text,
    )


class ResultCache:
    """One JSON file per (content, settings, code) key under `folder`."""

    def __init__(self, folder: str | os.PathLike, settings: RunSettings):
        self.folder = Path(folder)
        self.prefix = hashlib.sha256(f"{code_fingerprint()}:{settings_fingerprint(settings)}".encode()).hexdigest()

    def key(self, path: str | os.PathLike) -> str | None:
        """The key of the file at `path`, None when its content cannot be read."""
        sha = file_sha256(path)
        if sha is None:
            return None
        suffix = Path(path).suffix.lower()
        return hashlib.sha256(f"{self.prefix}:{sha}:{suffix}".encode()).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, path: str, doc_id: str) -> DocResult | None:
        """The cached result relabelled for `doc_id`, or None (missing or unreadable entry)."""
        try:
            with open(self._entry(key), encoding="utf-8") as fh:
                return relabel(DocResult.from_json(json.load(fh)), doc_id, path)
        except (OSError, ValueError, TypeError):
            return None

    def put(self, key: str, result: DocResult) -> None:
        """Store `result`, whole or not at all (a killed run leaves no half entry).

        Best effort: a full disk or a read-only cache folder costs the next run
        time, never this run a document.
        """
        try:
            self._write(key, result)
        except OSError:
            pass

    def _write(self, key: str, result: DocResult) -> None:
        entry = self._entry(key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=entry.parent)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as fh:  # ASCII: a non-UTF-8 file name survives
                json.dump(result.to_json(), fh)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
