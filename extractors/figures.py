"""Figures in running text and tables (stub: filled by the figures work of issue 3)."""

from __future__ import annotations

from collections.abc import Iterator

from solieu.ingest.model import Document

from .records import Figure


def find_figures(doc: Document) -> Iterator[Figure]:
    """Yield every figure of `doc`: counts, percents, scores, money, ratios, durations, measures."""
    return iter(())
