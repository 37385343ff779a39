"""Per-document results on disk while a batch runs, read back one at a time in doc_id order.

Each writer (a worker process, or the main process for rows it makes itself)
appends to its own pair of files: rows as JSON lines, texts as UTF-8 bytes.
The main process keeps only where each document's row and text sit, so a
campaign of 10,000 reports costs a few hundred bytes of memory per report, and
workers do the JSON work in parallel instead of the main process.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from solieu.pipeline import DocResult


@dataclass(frozen=True, slots=True)
class SpoolEntry:
    """Where one document's result was written: which writer, the row's and the text's bytes."""

    writer: str
    row_at: int
    row_size: int
    text_at: int
    text_size: int
    status: str


def result_to_row(result: DocResult) -> dict:
    """The JSON row of a result, without its text (cheaper than `asdict`, which deep-copies)."""
    return {"doc_id": result.doc_id, "document": result.document,
            "figures": result.figures, "references": result.references}


class SpoolWriter:
    """Appends results to `<name>.rows` and `<name>.texts` in `folder`."""

    def __init__(self, folder: str | os.PathLike, name: str):
        self.name = name
        self._rows = open(Path(folder) / f"{name}.rows", "ab")
        self._texts = open(Path(folder) / f"{name}.texts", "ab")

    def write(self, result: DocResult) -> SpoolEntry:
        """Append `result` and flush: once this returns, the result survives the writer's death."""
        # ASCII JSON and surrogatepass: a file name that is not UTF-8 (`bad-\udcff-name.txt`,
        # os.walk's surrogate escape) must travel through the spool like any other.
        text = result.text.encode("utf-8", "surrogatepass")
        row = json.dumps(result_to_row(result)).encode("ascii")
        text_at, row_at = self._texts.tell(), self._rows.tell()
        self._texts.write(text)
        self._rows.write(row)
        self._texts.flush()
        self._rows.flush()
        return SpoolEntry(self.name, row_at, len(row), text_at, len(text), result.document.get("status", ""))

    def close(self) -> None:
        self._rows.close()
        self._texts.close()


class SpooledResult(DocResult):
    """A DocResult read back from the spool whose `text` stays on disk until it is asked for.

    Sorting a whole batch of these keeps the rows in memory but not the texts,
    which are most of a report's weight (a 17 kB seed is 17 kB of text and a
    few hundred bytes of rows).
    """

    def __init__(self, doc_id, document, figures=(), references=(), text: str = "", *,
                 text_fd: int | None = None, text_at: tuple[int, int] = (0, 0)):
        # `text` given (dataclasses.replace, copy) keeps it in memory like a plain DocResult.
        self._inline, self._text_fd, self._text_at = text, text_fd, text_at
        super().__init__(doc_id=doc_id, document=document, figures=list(figures), references=list(references))

    @property
    def text(self) -> str:
        offset, size = self._text_at
        if self._text_fd is None or not size:
            return self._inline
        return os.pread(self._text_fd, size, offset).decode("utf-8", "surrogatepass")

    @text.setter
    def text(self, value) -> None:  # DocResult.__init__ assigns text; it was kept in __init__ already
        pass


class ResultSpool(Sequence):
    """The batch's results: a Sequence of `SpooledResult` in doc_id order, loaded lazily.

    `add` writes a result made in this process; `record` files one a worker has
    already written with its own `SpoolWriter` in the same folder.
    """

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._writer = SpoolWriter(self.folder, "main")
        self._entries: dict[str, SpoolEntry] = {}
        self._order: list[str] | None = None
        self._fds: dict[str, tuple[int, int]] = {}
        self.statuses: dict[str, int] = {}

    def add(self, result: DocResult) -> None:
        self.record(result.doc_id, self._writer.write(result))

    def record(self, doc_id: str, entry: SpoolEntry) -> None:
        self._entries[doc_id] = entry
        self._order = None
        self.statuses[entry.status] = self.statuses.get(entry.status, 0) + 1

    def _ids(self) -> list[str]:
        if self._order is None:
            self._order = sorted(self._entries)
        return self._order

    def _files(self, writer: str) -> tuple[int, int]:
        if writer not in self._fds:
            self._fds[writer] = (os.open(self.folder / f"{writer}.rows", os.O_RDONLY),
                                 os.open(self.folder / f"{writer}.texts", os.O_RDONLY))
        return self._fds[writer]

    def _load(self, doc_id: str) -> SpooledResult:
        entry = self._entries[doc_id]
        rows_fd, texts_fd = self._files(entry.writer)
        data = json.loads(os.pread(rows_fd, entry.row_size, entry.row_at))
        return SpooledResult(doc_id, data["document"], data["figures"], data["references"],
                             text_fd=texts_fd, text_at=(entry.text_at, entry.text_size))

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._load(self._ids()[index])

    def __iter__(self) -> Iterator[SpooledResult]:
        for doc_id in self._ids():
            yield self._load(doc_id)

    def table_rows(self, table: str) -> Iterator[dict]:
        """The rows of one table (`documents`, `figures`, `references`) in doc_id order, one document loaded at a time.

        For writers that stream: `csv.DictWriter(...).writerows(spool.table_rows("figures"))`
        holds one report's figures in memory, not the campaign's.
        """
        for result in self:
            if table == "documents":
                yield result.document
            else:
                yield from getattr(result, table)

    def close(self) -> None:
        self._writer.close()
        for rows_fd, texts_fd in self._fds.values():
            os.close(rows_fd)
            os.close(texts_fd)
        self._fds.clear()
