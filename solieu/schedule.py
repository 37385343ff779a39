"""In which order a batch's documents go to the workers: the longest first.

With N workers the batch ends when the last worker is done; a long report
started last runs alone while the other workers wait. Handing out the
documents longest-first (the classic LPT rule) keeps them busy together to the
end. The tables do not depend on this order (rows are sorted by doc_id).

How long a document takes is estimated without parsing it (the main process
must never hang or crash on a hostile file): a PDF by its page count, read
from the `/Count` of its page tree in the raw bytes; anything else by its size.
On the text PDFs of reports-public, seconds per page vary from 0.07 to 0.11
while seconds per byte vary 60-fold (scans and embedded fonts weigh, pages count).
"""

from __future__ import annotations

import os

import regex

# Rough seconds of work, only compared with each other: a PDF page, a MB of other input.
SECONDS_PER_PDF_PAGE = 0.1
SECONDS_PER_MB = 1.0
# The page tree's root: `<< /Type /Pages /Kids [...] /Count 58 >>`, keys in either order.
RE_PAGE_COUNT = regex.compile(
    rb"/Type\s*/Pages\b[^>]{0,400}?/Count\s+(\d{1,6})|/Count\s+(\d{1,6})[^>]{0,400}?/Type\s*/Pages\b")
# Reading the bytes costs little next to parsing them; past this size, the size alone is used.
MAX_SCANNED_BYTES = 32 * 1024 * 1024


def pdf_page_count(data: bytes) -> int | None:
    """The largest `/Count` of a page tree in `data` (an incremental update may add one); None if hidden.

    >>> pdf_page_count(b"1 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj")
    2
    >>> pdf_page_count(b"%PDF-1.5 ... /ObjStm ...") is None
    True
    """
    counts = [int(a or b) for a, b in RE_PAGE_COUNT.findall(data)]
    return max(counts) if counts else None


def estimated_seconds(path: str) -> float:
    """A rough, comparable estimate of the work `path` needs; 0 when it cannot be read."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return 0.0
    if path.lower().endswith(".pdf") and size <= MAX_SCANNED_BYTES:
        try:
            with open(path, "rb") as fh:
                pages = pdf_page_count(fh.read())
        except OSError:
            pages = None
        if pages:  # compressed object streams can hide the page tree: then the size decides
            return pages * SECONDS_PER_PDF_PAGE
    return size / (1024 * 1024) * SECONDS_PER_MB


def costliest_first(tasks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(path, doc_id) tasks ordered by estimated work, longest first; ties by doc_id."""
    return sorted(tasks, key=lambda task: (-estimated_seconds(task[0]), task[1]))
