"""Per-document results on disk while a batch runs, read back one at a time in doc_id order.

Each writer (a worker process, or the main process for results it holds itself)
appends to its own three files: rows as JSON, texts as UTF-8 bytes, and the
document's `DocumentPieces` (outputs/tables.py: its CSV text and local checks,
made by the writer right after reading it). The main process keeps only where
each document's parts sit and the `BatchIndex` of the cross-report checks, fed
with each result's small `IndexEntry` as it arrives; so a campaign of 10,000
reports costs a few hundred bytes of memory per report, and workers do the
table work in parallel instead of the main process.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate
from pathlib import Path

from solieu.outputs.batch_index import BatchIndex, IndexEntry
from solieu.outputs.tables import DocumentPieces, TableLayout, document_pieces
from solieu.pipeline import DocResult


@dataclass(frozen=True, slots=True)
class SpoolEntry:
    """Where one document's result was written: which writer, the row's, the text's and the pieces' bytes."""

    writer: str
    row_at: int
    row_size: int
    text_at: int
    text_size: int
    status: str
    pieces_at: int
    pieces_sizes: tuple[int, ...]  # each part of DocumentPieces.to_parts


def result_to_row(result: DocResult) -> dict:
    """The JSON row of a result, without its text (cheaper than `asdict`, which deep-copies)."""
    return {"doc_id": result.doc_id, "document": result.document,
            "figures": result.figures, "references": result.references}


class SpoolWriter:
    """Appends results to `<name>.rows`, `<name>.texts` and `<name>.pieces` in `folder`."""

    def __init__(self, folder: str | os.PathLike, name: str):
        self.name = name
        self._rows = open(Path(folder) / f"{name}.rows", "ab")
        self._texts = open(Path(folder) / f"{name}.texts", "ab")
        self._pieces = open(Path(folder) / f"{name}.pieces", "ab")

    def write(self, result: DocResult, pieces: DocumentPieces) -> SpoolEntry:
        """Append `result` and its pieces and flush: once this returns, they survive the writer's death."""
        # ASCII JSON and surrogatepass: a file name that is not UTF-8 (`bad-\udcff-name.txt`,
        # os.walk's surrogate escape) must travel through the spool like any other.
        text = result.text.encode("utf-8", "surrogatepass")
        row = json.dumps(result_to_row(result)).encode("ascii")
        parts = pieces.to_parts()
        text_at, row_at, pieces_at = self._texts.tell(), self._rows.tell(), self._pieces.tell()
        self._texts.write(text)
        self._rows.write(row)
        self._pieces.write(b"".join(parts))
        for file in (self._texts, self._rows, self._pieces):
            file.flush()
        return SpoolEntry(self.name, row_at, len(row), text_at, len(text), result.document.get("status", ""),
                          pieces_at, tuple(len(part) for part in parts))

    def close(self) -> None:
        for file in (self._rows, self._texts, self._pieces):
            file.close()


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

    `add` writes a result made in this process, with its pieces made here for
    `layout`; `record` files one a worker has already written with its own
    `SpoolWriter` in the same folder. `index` is the BatchIndex of every result
    filed so far; `documents` gives each document's pieces in doc_id order.
    """

    def __init__(self, folder: str | os.PathLike, layout: TableLayout | None = None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.layout = layout or TableLayout.load()
        self.index = BatchIndex()
        self._writer = SpoolWriter(self.folder, "main")
        self._entries: dict[str, SpoolEntry] = {}
        self._order: list[str] | None = None
        self._fds: dict[str, tuple[int, int, int]] = {}
        self.statuses: dict[str, int] = {}

    def add(self, result: DocResult) -> None:
        pieces, index_entry = document_pieces(result, self.layout)
        self.record(result.doc_id, self._writer.write(result, pieces), index_entry)

    def record(self, doc_id: str, entry: SpoolEntry, index_entry: IndexEntry) -> None:
        self._entries[doc_id] = entry
        self._order = None
        self.statuses[entry.status] = self.statuses.get(entry.status, 0) + 1
        self.index.add_entry(index_entry)

    def _ids(self) -> list[str]:
        if self._order is None:
            self._order = sorted(self._entries)
        return self._order

    def _files(self, writer: str) -> tuple[int, int, int]:
        if writer not in self._fds:
            self._fds[writer] = tuple(os.open(self.folder / f"{writer}.{kind}", os.O_RDONLY)
                                      for kind in ("rows", "texts", "pieces"))
        return self._fds[writer]

    def _load(self, doc_id: str) -> SpooledResult:
        entry = self._entries[doc_id]
        rows_fd, texts_fd, _ = self._files(entry.writer)
        data = json.loads(os.pread(rows_fd, entry.row_size, entry.row_at))
        return SpooledResult(doc_id, data["document"], data["figures"], data["references"],
                             text_fd=texts_fd, text_at=(entry.text_at, entry.text_size))

    def pieces(self, doc_id: str) -> DocumentPieces:
        """The document's pieces, as its writer made them."""
        entry = self._entries[doc_id]
        blob = os.pread(self._files(entry.writer)[2], sum(entry.pieces_sizes), entry.pieces_at)
        ends = list(accumulate(entry.pieces_sizes))
        return DocumentPieces.from_parts([blob[end - size:end] for size, end in zip(entry.pieces_sizes, ends)])

    def documents(self) -> Iterator[tuple[DocumentPieces, Callable[[], SpooledResult]]]:
        """Each document's pieces in doc_id order, with a function loading its result (the workbook, review.html)."""
        for doc_id in self._ids():
            yield self.pieces(doc_id), partial(self._load, doc_id)

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
        for fds in self._fds.values():
            for fd in fds:
                os.close(fd)
        self._fds.clear()
