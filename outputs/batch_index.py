"""What the checks need to know about the other reports of a batch, and nothing more.

Two checks look across reports: `duplicate_input` (two files with the same
sha256) and `symbol_date_conflict.batch` (a symbol another report cites with a
date of the same year). Both are answered from this index, built in one pass
over the documents' sha256 and dated citations, so the tables can then be
written one report at a time. Each document's part is an `IndexEntry`, small
enough for a worker to send with its result: the main process builds the index
as results arrive instead of reading every report back.

>>> index = BatchIndex()
>>> index.add({"doc_id": "a.txt", "sha256": "11"}, [
...     {"doc_id": "a.txt", "symbol": "88/KH-GDNN", "issued_date": "2023-03-01", "year": ""}])
>>> index.add({"doc_id": "b.txt", "sha256": "11"}, [
...     {"doc_id": "b.txt", "symbol": "88/KH-GDNN", "issued_date": "2023-09-05", "year": ""}])
>>> index.same_content("11", "a.txt")
['b.txt']
>>> index.other_citers("88/KH-GDNN", "a.txt", {"2023-03-01"})
(['b.txt'], ['2023-09-05'])
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """What one document adds to the index: its sha256 and its citations that carry a symbol and a date.

    `citations` holds distinct (citing doc_id, symbol, issued_date, the citation states a year).
    """

    doc_id: str = ""
    sha256: str = ""
    citations: tuple[tuple[str, str, str, bool], ...] = ()

    @classmethod
    def of(cls, document: dict | None, references: Iterable[dict]) -> IndexEntry:
        """The entry of a document's `documents` row (None: none) and its `references` rows."""
        citations = dict.fromkeys((str(ref["doc_id"]), ref["symbol"], ref["issued_date"], bool(ref["year"]))
                                  for ref in references if ref["symbol"] and ref["issued_date"])
        if document is None or not document.get("sha256"):
            return cls(citations=tuple(citations))
        return cls(str(document["doc_id"]), document["sha256"], tuple(citations))


class BatchIndex:
    """sha256 → doc_ids, and symbol → issued_date → doc_ids of dated citations."""

    def __init__(self) -> None:
        self._by_hash: dict[str, list[str]] = defaultdict(list)
        self._dated: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._has_year: set[str] = set()

    @classmethod
    def of(cls, documents: Iterable[dict], references: Iterable[dict]) -> BatchIndex:
        """The index of whole tables (rows of every document at once)."""
        index = cls()
        for document in documents:
            index.add(document, ())
        index.add(None, references)
        return index

    def add(self, document: dict | None, references: Iterable[dict]) -> None:
        """Note one document's sha256 and its citations that have a symbol and a date."""
        self.add_entry(IndexEntry.of(document, references))

    def add_entry(self, entry: IndexEntry) -> None:
        """Note what one document adds (`IndexEntry.of` its rows, made here or by a worker)."""
        if entry.sha256:
            self._by_hash[entry.sha256].append(sys.intern(entry.doc_id))
        for doc_id, symbol, issued_date, has_year in entry.citations:
            self._dated[symbol][issued_date].add(sys.intern(doc_id))
            if has_year:
                self._has_year.add(symbol)

    def same_content(self, sha256: str, doc_id: str) -> list[str]:
        """The other documents with this sha256, sorted."""
        return sorted(d for d in self._by_hash.get(sha256, ()) if d != doc_id)

    def other_citers(self, symbol: str, doc_id: str, own_dates: set[str]) -> tuple[list[str], list[str]]:
        """Documents citing `symbol` with a date `doc_id` does not use, and those dates.

        Numbers restart every year: `88/KH-GDNN-GDTXTT` of 2023 and of 2025 can be two
        plans of the same centre, so only dates of the same year count, unless the
        symbol carries its year (`73/2019/NĐ-CP`) in some citation.
        """
        dates = self._dated.get(symbol)
        if not dates or len(dates) < 2:  # everyone cites it with one date (the common case)
            return [], []
        years = {d[:4] for d in own_dates}
        other_dates = sorted(d for d in dates if d not in own_dates
                             and (symbol in self._has_year or d[:4] in years))
        others = sorted(set().union(*(dates[d] for d in other_dates)) - {doc_id})
        return others, (other_dates if others else [])
