"""checks.csv: what an analyst should look at, computed document by document (issue 4, item 3).

`document_checks(rows, catalog, batch)` takes one document's documents/figures/
references rows (canonical strings, as written to CSV) and returns its checks in
order. Two checks look across reports (a symbol cited with another date
elsewhere, the same file sent twice): the document asks them as `BatchQuestion`s,
answered from a small `BatchIndex` of every document's sha256 and dated
citations. Everything else is local to the document, so `solieu run` makes it in
the worker that read the report (`local_checks_and_questions`) and the main
process only answers the questions and merges: every row comes with the sort key
that puts it in place (`in_check_order`). A batch of 10,000 reports is thus
checked one report at a time, and `frames_to_checks(frames, catalog)` does the
same over whole frames.

Each local check is one small function `check_<name>(rows, catalog)` that
yields rows; messages are Vietnamese templates in outputs/data/check_messages.tsv.

`refs` holds the figure_ids and/or ref_ids of the check's document, separated by
one space (`F0012 F0030`); a document-level check (`duplicate_input`, the date
line's `date_blank_day`) leaves it empty.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache, lru_cache
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import regex

from solieu.extractors.indicators import Indicator, fold_label, load_catalog

from .batch_index import BatchIndex
from .columns import CHECK_NAMES, CHECKS_COLUMNS

if TYPE_CHECKING:  # pandas only for frames_to_checks: a worker making a document's checks does not load it
    import pandas as pd

DATA = Path(__file__).parent / "data"

# The contract's tolerance: 0.5 points between a stated percent and count/total.
PERCENT_TOLERANCE = Decimal("0.5")
REF_SEPARATOR = " "
RE_MONTH_ONLY = regex.compile(r"^\d{4}-\d{2}$")
RE_TABLE_ROW = regex.compile(r"table\s+(?P<table>\d+)\s+row\s+(?P<row>\d+)")
RE_PAGE = regex.compile(r"p\.(?P<page>\d+)")
# A table's total row, folded: `Tổng cộng`, `Tổng số`, `Cộng`, `Tổng` alone (not
# `Tổng số giáo viên có máy tính`, which is a form row, seed 000 line 158).
TOTAL_ROW_LABELS = {"tong cong", "tong so", "cong", "tong", "tong chung", "toan truong"}
SUMMABLE_KINDS = ("count", "money")
# A message names at most this many other reports (a circular cited by a whole province
# would otherwise list thousands in every row): `a.txt, b.txt, … và 27 văn bản khác`.
OTHERS_SHOWN = 5
MORE_OTHERS = "{shown} và {n} văn bản khác"
CHECK_ORDER = {name: i for i, name in enumerate(CHECK_NAMES)}


@cache
def messages() -> dict[str, dict[str, str]]:
    """message_id -> {check, severity, message} from check_messages.tsv."""
    with open(DATA / "check_messages.tsv", encoding="utf-8", newline="") as f:
        return {row["message_id"]: row for row in csv.DictReader(f, delimiter="\t")}


@cache
def form_names() -> dict[str, str]:
    with open(DATA / "forms.tsv", encoding="utf-8", newline="") as f:
        return {row["form"]: row["name"] for row in csv.DictReader(f, delimiter="\t")}


@cache
def unit_groups() -> dict[str, str]:
    """Units that count the same people (`người học` → `học sinh`), from unit_groups.tsv."""
    with open(DATA / "unit_groups.tsv", encoding="utf-8", newline="") as f:
        return {row["unit"]: row["counts_as"] for row in csv.DictReader(f, delimiter="\t")}


def to_decimal(text) -> Decimal | None:
    """A canonical number cell as Decimal; None for empty or unreadable cells.

    >>> to_decimal("45.3"), to_decimal(""), to_decimal("'=1")
    (Decimal('45.3'), None, None)
    """
    if text is None or (isinstance(text, float) and text != text):
        return None
    try:
        return Decimal(str(text).strip()) if str(text).strip() else None
    except InvalidOperation:
        return None


def show(number: Decimal, places: int = 1) -> str:
    """A number for a Vietnamese message: decimal comma, at most `places` decimals.

    >>> show(Decimal("87.613")), show(Decimal("84"))
    ('87,6', '84')
    """
    # Half up, as a reader rounds (0,45 → 0,5), not Python's half-even.
    text = format(number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP).normalize(), "f")
    return text.replace(".", ",")


def name_list(names: list[str], limit: int = OTHERS_SHOWN) -> str:
    """Names joined by commas, the ones past `limit` counted instead of listed.

    >>> name_list(["a.txt", "b.txt"]), name_list([f"{i}.txt" for i in range(8)], 3)
    ('a.txt, b.txt', '0.txt, 1.txt, 2.txt và 5 văn bản khác')
    """
    if len(names) <= limit:
        return ", ".join(names)
    return MORE_OTHERS.format(shown=", ".join(names[:limit]), n=len(names) - limit)


def make_check(message_id: str, doc_id: str, refs: list[str], **fields) -> dict:
    template = messages()[message_id]
    return {"doc_id": doc_id, "check": template["check"], "severity": template["severity"],
            "message": template["message"].format(**fields), "refs": _refs_cell(refs)}


def _refs_cell(refs: list[str]) -> str:
    return REF_SEPARATOR.join(dict.fromkeys(r for r in refs if r))


def _records(frames: dict[str, pd.DataFrame], name: str) -> list[dict]:
    frame = frames.get(name)
    if isinstance(frame, list):  # already converted once by frames_to_checks
        return frame
    if frame is None or not len(frame):
        return []
    return frame.astype("object").where(frame.notna(), "").to_dict("records")


def _short(label: str, limit: int = 80) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= limit else label[: limit - 1] + "…"


# -- figures -------------------------------------------------------------------------------

def check_percent_mismatch(frames, catalog) -> Iterator[dict]:
    """A count's stated percent vs count/total, and vs the document's own total for its unit.

    Seed 000 states 1655 học sinh (`người học … hồ sơ số | 1655 | 100`): 750 → 45,3% and
    1355 → 81,8% agree with it, `1450 | 91` does not (1450/1655 = 87,6%).
    """
    figures = _records(frames, "figures")
    bases = _document_bases(figures)
    for fig in figures:
        if fig["kind"] != "count":
            continue
        value, total, percent = (to_decimal(fig[c]) for c in ("value", "total", "percent"))
        if value is None or percent is None:
            continue
        if total:
            expected = value / total * 100
            if abs(expected - percent) > PERCENT_TOLERANCE:
                yield make_check("percent_mismatch.total", fig["doc_id"], [fig["figure_id"]],
                                 percent=show(percent), value=show(value, 0), total=show(total, 0),
                                 expected=show(expected), gap=show(abs(expected - percent)),
                                 label=_short(fig["label"]))
            continue
        if percent == 100:
            continue  # a 100% row is itself a base
        candidates = [b for b in bases.get((fig["doc_id"], _unit_group(fig["unit"])), [])
                      if b["figure_id"] != fig["figure_id"]]
        if not candidates or value > max(to_decimal(b["value"]) for b in candidates):
            continue
        shares = [(value / to_decimal(b["value"]) * 100, b) for b in candidates]
        if any(abs(share - percent) <= PERCENT_TOLERANCE for share, _ in shares):
            continue
        share, base = min(shares, key=lambda s: abs(s[0] - percent))
        yield make_check("percent_mismatch.base", fig["doc_id"], [fig["figure_id"], base["figure_id"]],
                         percent=show(percent), value=show(value, 0), unit=fig["unit"],
                         base=show(to_decimal(base["value"]), 0), base_label=_short(base["label"], 60),
                         expected=show(share), gap=show(abs(share - percent)), label=_short(fig["label"]))


def _unit_group(unit: str) -> str:
    unit = str(unit).strip().lower()
    return unit_groups().get(unit, unit)


def _document_bases(figures: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """Counts a report states as 100% of their unit: the document's own totals, per unit group."""
    bases: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for fig in figures:
        if fig["kind"] == "count" and to_decimal(fig["percent"]) == 100 and to_decimal(fig["value"]):
            bases[(fig["doc_id"], _unit_group(fig["unit"]))].append(fig)
    return bases


def check_percent_over_100(frames, catalog) -> Iterator[dict]:
    """A percent figure, or a count's share, above 100."""
    for fig in _records(frames, "figures"):
        for column in ("value", "upper") if fig["kind"] == "percent" else ("percent",):
            percent = to_decimal(fig[column])
            if percent is not None and percent > 100:
                yield make_check("percent_over_100", fig["doc_id"], [fig["figure_id"]],
                                 percent=show(percent, 2), label=_short(fig["label"]))
                break


def check_total_below_count(frames, catalog) -> Iterator[dict]:
    """`55/282` is fine; `300/282` is not."""
    for fig in _records(frames, "figures"):
        value, total = to_decimal(fig["value"]), to_decimal(fig["total"])
        if value is not None and total is not None and total < value:
            yield make_check("total_below_count", fig["doc_id"], [fig["figure_id"]],
                             value=show(value, 2), total=show(total, 2), label=_short(fig["label"]))


def check_sum_mismatch(frames, catalog) -> Iterator[dict]:
    """Table total rows that do not add up, and 4725 score groups whose criteria do not."""
    figures = _records(frames, "figures")
    yield from _table_totals(figures)
    yield from _score_groups(figures, catalog)


def _table_totals(figures: list[dict]) -> Iterator[dict]:
    tables: dict[tuple, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for fig in figures:
        match = RE_TABLE_ROW.search(str(fig["location"])) if fig["source"] == "table" else None
        if match:
            page = RE_PAGE.search(str(fig["location"]))
            key = (fig["doc_id"], page["page"] if page else "", match["table"])
            tables[key][int(match["row"])].append(fig)
    for (doc_id, _page, table), rows in tables.items():
        totals = {n: r for n, r in rows.items() if fold_label(r[0]["label"]) in TOTAL_ROW_LABELS}
        parts = [r for n, r in sorted(rows.items()) if n not in totals]
        for total_row in totals.values():
            width = len(total_row)
            # Columns are aligned by position; a row with a blank cell shifts the others,
            # so a table whose rows do not all have the total row's width is left alone.
            if len(parts) < 2 or any(len(r) != width for r in parts):
                continue
            for column, total_fig in enumerate(total_row):
                column_figs = [r[column] for r in parts]
                if total_fig["kind"] not in SUMMABLE_KINDS or any(
                        f["kind"] != total_fig["kind"] for f in column_figs):
                    continue
                stated = to_decimal(total_fig["value"])
                added = sum((to_decimal(f["value"]) or Decimal(0) for f in column_figs), Decimal(0))
                if stated is not None and stated != added:
                    yield make_check("sum_mismatch.table", doc_id, [total_fig["figure_id"]]
                                     + [f["figure_id"] for f in column_figs],
                                     label=_short(total_fig["label"], 40), total=show(stated, 2),
                                     sum=show(added, 2), gap=show(abs(stated - added), 2), table=table)


def _score_groups(figures: list[dict], catalog: tuple[Indicator, ...]) -> Iterator[dict]:
    parts_of: dict[str, list[str]] = defaultdict(list)
    for indicator in catalog:
        if indicator.part_of:
            parts_of[indicator.part_of].append(indicator.key)
    labels = {i.key: i.label for i in catalog}
    by_doc: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for fig in figures:
        if fig["indicator"]:
            by_doc[fig["doc_id"]][fig["indicator"]].append(fig)
    for doc_id, found in sorted(by_doc.items()):
        for group, parts in parts_of.items():
            # Only when every criterion is there: a missing row is form_incomplete, not a bad sum.
            if group not in found or not all(p in found for p in parts):
                continue
            part_figs = [found[p][0] for p in parts]
            added = sum((to_decimal(f["value"]) or Decimal(0) for f in part_figs), Decimal(0))
            for total_fig in found[group]:
                stated = to_decimal(total_fig["value"])
                if stated is not None and stated != added:
                    yield make_check("sum_mismatch.score", doc_id,
                                     [total_fig["figure_id"]] + [f["figure_id"] for f in part_figs],
                                     label=_short(labels[group], 60), total=show(stated, 2), sum=show(added, 2),
                                     parts=" + ".join(show(to_decimal(f["value"]) or Decimal(0), 2)
                                                      for f in part_figs))


# -- references ----------------------------------------------------------------------------

def dated_citations(frames) -> list[tuple[str, str, list[dict]]]:
    """(symbol, doc_id, the document's citations of it) for citations with a symbol and a date.

    In order of first citation: both halves of symbol_date_conflict walk this list,
    and a symbol's place in it orders them (`.document`, then `.batch`, then the next symbol).
    """
    dated: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for ref in _records(frames, "references"):
        if ref["symbol"] and ref["issued_date"]:
            dated[ref["symbol"]][ref["doc_id"]].append(ref)
    return [(symbol, doc_id, refs) for symbol, docs in dated.items() for doc_id, refs in docs.items()]


def symbol_date_conflict(symbol: str, doc_id: str, refs: list[dict]) -> dict | None:
    """One symbol cited with two dates in a document (seed 004: 88/KH-GDNN-GDTXTT 2023 vs 2025).

    Cited with another date by other reports is `.batch`, asked of the index (`BatchQuestion`).
    """
    dates = sorted({r["issued_date"] for r in refs})
    if len(dates) < 2:
        return None
    return make_check("symbol_date_conflict.document", doc_id, [r["ref_id"] for r in refs],
                      symbol=symbol, n=len(dates), dates=", ".join(dates))


def check_symbol_number_conflict(frames, catalog) -> Iterator[dict]:
    """The same cited document with two numbers in one document: same type, issuer code and date.

    Seed 000: `Công văn số 75/PGDDĐT-CNTT ngày 21 tháng 02 năm 2024` on page 1 and
    `Công văn số 15 /PGDDĐT-CNTT ngày 21 tháng 02 năm 2024` over the appendix.
    """
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for ref in _records(frames, "references"):
        if ref["symbol"] and ref["code"] and ref["issued_date"]:
            groups[(ref["doc_id"], ref["ref_type"], ref["code"], ref["issued_date"])].append(ref)
    for (doc_id, ref_type, code, date), refs in groups.items():
        symbols = sorted({r["symbol"] for r in refs})
        if len({r["number"] or r["symbol"] for r in refs}) > 1:
            yield make_check("symbol_number_conflict", doc_id, [r["ref_id"] for r in refs],
                             ref_type=ref_type or "văn bản", code=code, date=date, symbols=", ".join(symbols))


def check_symbol_nonstandard(frames, catalog) -> Iterator[dict]:
    """A symbol as written that breaks Nghị định 30/2020/NĐ-CP (normalizers.symbols.symbol_problem)."""
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ref in _records(frames, "references"):
        if ref["raw"]:
            seen[(ref["doc_id"], ref["raw"])].append(ref["ref_id"])
    for (doc_id, raw), ref_ids in seen.items():
        problem = _symbol_problem(raw)
        if problem:
            yield make_check("symbol_nonstandard", doc_id, ref_ids, raw=raw, problem=problem)


@lru_cache(maxsize=4096)
def _symbol_problem(raw: str) -> str:
    """normalizers.symbols.symbol_problem, once per distinct symbol of a batch (most are cited in every report)."""
    from solieu.normalizers.symbols import symbol_problem
    return symbol_problem(raw)


def check_date_blank_day(frames, catalog) -> Iterator[dict]:
    """A date line `ngày   tháng 7 năm 2020` (→ `2020-07`), in the report or a citation."""
    for doc in _records(frames, "documents"):
        if RE_MONTH_ONLY.match(str(doc["issued_date"])):
            yield make_check("date_blank_day.document", doc["doc_id"], [], date=doc["issued_date"])
    for ref in _records(frames, "references"):
        if RE_MONTH_ONLY.match(str(ref["issued_date"])) and ref["relation"] != "self":
            yield make_check("date_blank_day.reference", ref["doc_id"], [ref["ref_id"]],
                             symbol=ref["symbol"] or ref["raw"], date=ref["issued_date"])


# -- documents -----------------------------------------------------------------------------

# A document answers a form when it reports at least this many of its keys.
FORM_MIN_KEYS = 3


def check_form_incomplete(frames, catalog) -> Iterator[dict]:
    """A document that answers a catalogue form (≥ 3 of its keys) but leaves some rows out.

    Seed 000 answers Phụ lục 3 and leaves `ở bậc tiểu học`, `đã triển khai`, … blank.
    """
    forms: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in catalog:
        forms[indicator.form].append(indicator)
    found: dict[str, set[str]] = defaultdict(set)
    for fig in _records(frames, "figures"):
        if fig["indicator"]:
            found[fig["doc_id"]].add(fig["indicator"])
    for doc_id, keys in sorted(found.items()):
        for form, rows in forms.items():
            present = [i for i in rows if i.key in keys]
            missing = [i for i in rows if i.key not in keys]
            if len(present) >= min(FORM_MIN_KEYS, len(rows)) and missing:
                yield make_check("form_incomplete", doc_id, [], form=form_names().get(form, form),
                                 n=len(missing), missing="; ".join(_short(i.label, 60) for i in missing))


# The checks a document answers alone (symbol_date_conflict's `.document` half aside:
# `local_checks_and_questions` makes it beside its `.batch` half).
LOCAL_CHECKS = (
    check_percent_mismatch, check_percent_over_100, check_total_below_count, check_sum_mismatch,
    check_symbol_number_conflict, check_symbol_nonstandard, check_date_blank_day, check_form_incomplete,
)


# -- across reports ------------------------------------------------------------------------

class BatchQuestion(NamedTuple):
    """A check that looks across reports, as one document asks it of the `BatchIndex`.

    Everything but the index's answer is known where the document is read, the
    row's sort key included; `answer` makes the row, if any, once every report is
    indexed. A NamedTuple, so it goes through JSON (the run's spool) as a list.
    """

    message_id: str   # duplicate_input, or symbol_date_conflict.batch
    doc_id: str
    subject: str      # the document's sha256, or the symbol it cites
    refs: list[str]   # the ref_ids of its citations of the symbol
    dates: list[str]  # the dates it gives the symbol, sorted
    key: tuple        # the row's place among the document's checks (`in_check_order`)


def answer(question: BatchQuestion, batch: BatchIndex) -> dict | None:
    """The check row the index gives `question`; None when no other report is concerned.

    `duplicate_input`: two inputs with the same sha256 (the same report sent twice, or
    renamed). `symbol_date_conflict.batch`: a symbol another report cites with another
    date (info, and only within one year for a symbol without its year).
    """
    if question.message_id == "duplicate_input":
        others = batch.same_content(question.subject, question.doc_id)
        return make_check("duplicate_input", question.doc_id, [], others=name_list(others)) if others else None
    others, other_dates = batch.other_citers(question.subject, question.doc_id, set(question.dates))
    if not others:
        return None
    return make_check("symbol_date_conflict.batch", question.doc_id, question.refs, symbol=question.subject,
                      dates=", ".join(question.dates), others=name_list(others),
                      other_dates=", ".join(other_dates))


def answered_checks(questions: list[BatchQuestion], batch: BatchIndex) -> list[tuple[tuple, dict]]:
    """The rows the index gives a document's questions, each after its sort key."""
    answers = ((question.key, answer(question, batch)) for question in questions)
    return [(key, row) for key, row in answers if row]


def local_checks_and_questions(rows: dict[str, list[dict]], catalog: tuple[Indicator, ...]
                               ) -> tuple[list[tuple[tuple, dict]], list[BatchQuestion]]:
    """One document's checks that need no other report (each after its sort key, in order), and its questions.

    The sort key is (doc_id, position of the first record the check points at,
    check, refs, rank); `rank` keeps symbol_date_conflict's rows in the order one
    pass over `dated_citations` makes them: a symbol's `.document` row, its
    `.batch` row, then the next symbol's.
    """
    positions = _positions(rows)
    dated = dated_citations(rows)
    checks = [(_sort_key(row["doc_id"], row["check"], row["refs"], positions), row)
              for check in LOCAL_CHECKS for row in check(rows, catalog)]
    for rank, (symbol, doc_id, refs) in enumerate(dated):
        row = symbol_date_conflict(symbol, doc_id, refs)
        if row:
            checks.append((_sort_key(doc_id, row["check"], row["refs"], positions, 2 * rank), row))
    questions = [_question("duplicate_input", doc["doc_id"], doc["sha256"], [], [], positions)
                 for doc in _records(rows, "documents") if doc["sha256"]]
    questions += [_question("symbol_date_conflict.batch", doc_id, symbol, [r["ref_id"] for r in refs],
                            sorted({r["issued_date"] for r in refs}), positions, 2 * rank + 1)
                  for rank, (symbol, doc_id, refs) in enumerate(dated)]
    return in_check_order(checks), questions


def _question(message_id: str, doc_id: str, subject: str, refs: list[str], dates: list[str],
              positions: dict, rank: int = 0) -> BatchQuestion:
    key = _sort_key(doc_id, messages()[message_id]["check"], _refs_cell(refs), positions, rank)
    return BatchQuestion(message_id, doc_id, subject, refs, dates, key)


def _sort_key(doc_id: str, check: str, refs: str, positions: dict, rank: int = 0) -> tuple:
    first = refs.split(REF_SEPARATOR)[0] if refs else ""
    return (doc_id, positions.get((doc_id, first), -1), CHECK_ORDER[check], refs, rank)


def in_check_order(keyed: list[tuple]) -> list[tuple]:
    """Checks of one document, each a tuple whose first item is its sort key, in checks.csv order.

    Stable: rows with equal keys keep their order.
    """
    return sorted(keyed, key=itemgetter(0))


def document_checks(rows: dict[str, list[dict]], catalog: tuple[Indicator, ...],
                    batch: BatchIndex | None = None) -> list[dict]:
    """The checks of one document, given its `documents`/`figures`/`references` rows (dicts of text).

    Ordered by the position of the first record a check points at, then check, then
    refs; without `batch`, the checks that look across reports are left out.
    """
    local, questions = local_checks_and_questions(rows, catalog)
    answered = answered_checks(questions, batch) if batch else []
    return [row for _, row in in_check_order(local + answered)]


def frames_to_checks(frames: dict[str, pd.DataFrame],
                     catalog: tuple[Indicator, ...] | None = None) -> pd.DataFrame:
    """The checks frame of a batch, ordered by doc_id, then as `document_checks` orders a document's."""
    import pandas as pd

    catalog = catalog or load_catalog()
    records = {name: _records(frames, name) for name in ("documents", "figures", "references")}
    batch = BatchIndex.of(records["documents"], records["references"])
    by_doc: dict[str, dict[str, list[dict]]] = defaultdict(lambda: {name: [] for name in records})
    for name, rows in records.items():
        for row in rows:
            by_doc[str(row["doc_id"])][name].append(row)
    rows = [row for doc_id in sorted(by_doc) for row in document_checks(by_doc[doc_id], catalog, batch)]
    return pd.DataFrame(rows, columns=list(CHECKS_COLUMNS), dtype="object")


def _positions(frames) -> dict[tuple[str, str], int]:
    positions = {}
    for name, id_column in (("figures", "figure_id"), ("references", "ref_id")):
        for row in _records(frames, name):
            start = to_decimal(row["char_start"])
            positions[(row["doc_id"], row[id_column])] = int(start) if start is not None else -1
    return positions
