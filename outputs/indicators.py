"""indicators.csv: one row per document that reports catalogue indicators (issue 4, item 3).

Columns: `doc_id, issuer, issued_date`, then one column per catalogue key in
catalogue order; a count row of a form (`Số lượng | Tỷ lệ %`) has `<key>` and
`<key>_pct`. Keys added by `--catalog` come after the built-in ones. Seed 000's
row `1. Tổng số giáo viên có máy tính | 64 | 100` gives
`teachers_with_computer=64, teachers_with_computer_pct=100`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from solieu.extractors.indicators import Indicator, load_catalog

if TYPE_CHECKING:  # pandas only for the frames of the Python API: workers make rows, without it (0.6 s)
    import pandas as pd

from .columns import INDICATORS_LEAD_COLUMNS


def indicator_columns(catalog: tuple[Indicator, ...]) -> list[str]:
    """The header of indicators.csv for `catalog`.

    >>> indicator_columns(load_catalog())[:6]
    ['doc_id', 'issuer', 'issued_date', 'teachers_with_computer', 'teachers_with_computer_pct', 'teachers_with_internet']
    """
    columns = list(INDICATORS_LEAD_COLUMNS)
    for indicator in catalog:
        columns.append(indicator.key)
        if indicator.has_share:
            columns.append(f"{indicator.key}_pct")
    return columns


def indicator_labels(catalog: tuple[Indicator, ...]) -> dict[str, str]:
    """Vietnamese label of every indicators.csv column (the workbook's second header row)."""
    labels = {"doc_id": "Tệp", "issuer": "Đơn vị", "issued_date": "Ngày báo cáo"}
    for indicator in catalog:
        labels[indicator.key] = indicator.label
        if indicator.has_share:
            labels[f"{indicator.key}_pct"] = f"{indicator.label} — Tỷ lệ %"
    return labels


def indicator_row(document: dict | None, figures: list[dict], catalog: tuple[Indicator, ...],
                  columns: list[str] | None = None) -> dict | None:
    """One document's indicators.csv row, or None when it reports no catalogue figure.

    `figures` are the document's figures in document order; the first figure of a
    key wins (seed 004 states 84 points in the text and again in the table;
    checks.csv compares them, sum_mismatch).
    """
    known = {i.key: i for i in catalog}
    row: dict[str, str] = {}
    for fig in figures:
        key = fig.get("indicator") or ""
        if key not in known or key in row:
            continue
        row[key] = fig.get("value", "")
        if known[key].has_share and fig.get("percent", ""):
            row[f"{key}_pct"] = fig["percent"]
    if not row:
        return None
    document = document or {}
    values = {"doc_id": figures[0]["doc_id"], "issuer": document.get("issuer", ""),
              "issued_date": document.get("issued_date", ""), **row}
    return {c: values.get(c, "") for c in columns or indicator_columns(catalog)}


def indicators_frame(documents: pd.DataFrame, figures: pd.DataFrame,
                     catalog: tuple[Indicator, ...] | None = None) -> pd.DataFrame:
    """One row per document with at least one catalogue figure (`indicator_row`), in doc_id order."""
    import pandas as pd

    catalog = catalog or load_catalog()
    columns = indicator_columns(catalog)
    by_doc: dict[str, list[dict]] = {}
    if figures is not None and len(figures) and "indicator" in figures.columns:
        tagged = figures[figures["indicator"].fillna("").isin([i.key for i in catalog])]
        for fig in _in_document_order(tagged).to_dict("records"):
            by_doc.setdefault(fig["doc_id"], []).append(fig)
    meta = {}
    if documents is not None and len(documents):
        meta = {d["doc_id"]: d for d in documents.to_dict("records")}
    out = [indicator_row(meta.get(doc_id), by_doc[doc_id], catalog, columns) for doc_id in sorted(by_doc)]
    return pd.DataFrame(out, columns=columns, dtype="object")


def _in_document_order(figures: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    start = pd.to_numeric(figures["char_start"], errors="coerce") if "char_start" in figures else 0
    return figures.assign(_start=start).sort_values(["doc_id", "_start"], kind="stable").drop(columns="_start")
