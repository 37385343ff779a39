"""`solieu eval RUN --gold GOLD`: score a run folder against hand-checked gold tables.

Figures match one-to-one on (doc_id, kind, value), references on (doc_id, symbol);
matched pairs then score their other columns, documents score each metadata column.
See shared/CONTRACT.md, "Gold and scoring", and corpus/gold/README.md for the gold rules.

    >>> f1(Decimal(1), Decimal(1))
    Decimal('1')
"""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
import regex

# Gold kinds that are recorded but not scored for recall; a predicted figure with the
# value (or upper bound) of one of them is not counted against precision either.
UNCOUNTED_KINDS = frozenset({"ratio", "duration", "measure", "ignore"})
FIGURE_ATTRIBUTES = ("unit", "qualifier", "total", "percent", "max_value", "indicator")
NUMERIC_ATTRIBUTES = frozenset({"value", "upper", "total", "percent", "max_value"})
REFERENCE_ATTRIBUTES = ("issued_date", "relation", "ref_type")
# A gold documents.csv cell holding only this is left open: not scored either way.
OPEN_CELL = "?"
# write_csv puts a `'` before text starting like a formula (CONTRACT.md, "Tables").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

RE_SPACE = regex.compile(r"\s+")
RE_DASH_SPACING = regex.compile(r"\s*([-–—/])\s*")
RE_EDGE_PUNCT = regex.compile(r"^[\s*.,;:]+|[\s*.,;:]+$")
RE_NON_DIGIT = regex.compile(r"\D+")


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """Read `<folder>/<name>.csv` as text cells ('' for empty); a missing file is an empty table."""
    path = Path(folder) / f"{name}.csv"
    if not path.exists():
        return pd.DataFrame(columns=["doc_id"])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame.map(unescape_formula)


def unescape_formula(cell: str) -> str:
    """Undo the writer's formula guard: `'-5` → `-5`; other text unchanged."""
    if isinstance(cell, str) and len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_START:
        return cell[1:]
    return cell


def to_decimal(text: str) -> Decimal | None:
    """A canonical number cell to Decimal: `19.50` → 19.5, `2.9E+10` → 29000000000, `` → None."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return Decimal(text).normalize()
    except InvalidOperation:
        return None


def normalize_text(text: str) -> str:
    """Compare text cells loosely: NFC, case, spacing around `-`, edge punctuation and `**`."""
    text = unicodedata.normalize("NFC", text or "").replace("\u00d0", "Đ")
    text = RE_DASH_SPACING.sub(r"\1", RE_SPACE.sub(" ", text))
    return RE_EDGE_PUNCT.sub("", text).casefold()


def normalize_symbol(text: str) -> str:
    """A reference symbol as a match key: NFC, no spaces, `Ð` read as `Đ` (`15 /PGDDĐT-CNTT` → `15/PGDDĐT-CNTT`)."""
    text = unicodedata.normalize("NFC", text or "").replace("\u00d0", "Đ")
    return RE_SPACE.sub("", text)


def same_cell(column: str, gold: str, pred: str) -> bool:
    """Whether a predicted cell agrees with the gold cell of `column`."""
    if column in NUMERIC_ATTRIBUTES:
        return to_decimal(gold) == to_decimal(pred)
    if column == "phone":
        return RE_NON_DIGIT.sub("", gold or "") == RE_NON_DIGIT.sub("", pred or "")
    return normalize_text(gold) == normalize_text(pred)


def f1(precision: Decimal, recall: Decimal) -> Decimal:
    if precision + recall == 0:
        return Decimal(0)
    return 2 * precision * recall / (precision + recall)


@dataclass
class Score:
    """True positives, false positives and false negatives of one slice."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def as_dict(self) -> dict:
        precision = Decimal(self.tp) / (self.tp + self.fp) if self.tp + self.fp else Decimal(1)
        recall = Decimal(self.tp) / (self.tp + self.fn) if self.tp + self.fn else Decimal(1)
        return {"gold": self.tp + self.fn, "predicted": self.tp + self.fp, "tp": self.tp,
                "fp": self.fp, "fn": self.fn, "precision": round(float(precision), 4),
                "recall": round(float(recall), 4), "f1": round(float(f1(precision, recall)), 4)}


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0
    wrong: list = field(default_factory=list)

    def add(self, ok: bool, example: dict) -> None:
        self.total += 1
        self.correct += ok
        if not ok:
            self.wrong.append(example)

    def as_dict(self, limit: int) -> dict:
        return {"correct": self.correct, "total": self.total,
                "accuracy": round(self.correct / self.total, 4) if self.total else None,
                "wrong": self.wrong[:limit]}


def records(frame: pd.DataFrame, doc_ids: set[str]) -> list[dict]:
    """Rows of `frame` whose doc_id is scored, as dicts in file order."""
    if frame.empty or "doc_id" not in frame.columns:
        return []
    return [row for row in frame.to_dict("records") if row.get("doc_id") in doc_ids]


def best_partner(gold: dict, candidates: list[dict], columns: list[str]) -> dict:
    """Of same-key candidates, the one agreeing with `gold` on most columns (first on a tie)."""
    return max(candidates, key=lambda pred: sum(same_cell(c, gold.get(c, ""), pred.get(c, ""))
                                              for c in columns))


def figure_key(row: dict) -> tuple:
    return (row.get("doc_id", ""), (row.get("kind") or "").strip(), to_decimal(row.get("value", "")))


def brief(row: dict, table: str) -> dict:
    """What a developer needs to find a miss: doc, kind/symbol, value, snippet."""
    keep = ("doc_id", "kind", "value", "unit", "label", "snippet") if table == "figures" else (
        "doc_id", "symbol", "relation", "issued_date", "raw", "snippet")
    out = {k: row.get(k, "") for k in keep if row.get(k, "")}
    if "snippet" in out:
        out["snippet"] = RE_SPACE.sub(" ", out["snippet"])[:100]
    return out


def score_figures(gold_frame: pd.DataFrame, pred_frame: pd.DataFrame, doc_ids: set[str],
                  limit: int) -> dict:
    gold_rows = records(gold_frame, doc_ids)
    pred_rows = [r for r in records(pred_frame, doc_ids) if r.get("kind") not in UNCOUNTED_KINDS]
    counted = [r for r in gold_rows if r.get("kind") not in UNCOUNTED_KINDS]
    excused_values = {}
    for row in gold_rows:
        if row.get("kind") in UNCOUNTED_KINDS:
            for col in ("value", "upper"):
                if to_decimal(row.get(col, "")) is not None:
                    excused_values.setdefault(row["doc_id"], set()).add(to_decimal(row[col]))
    attributes = [c for c in FIGURE_ATTRIBUTES if c in gold_frame.columns]

    pool: dict[tuple, list[dict]] = {}
    for pred in pred_rows:
        pool.setdefault(figure_key(pred), []).append(pred)
    by_kind: dict[str, Score] = {}
    by_doc: dict[str, Score] = {}
    accuracy = {c: Accuracy() for c in attributes}
    misses = []
    for gold in counted:
        kind, doc = gold["kind"], gold["doc_id"]
        candidates = pool.get(figure_key(gold), [])
        if not candidates:
            by_kind.setdefault(kind, Score()).fn += 1
            by_doc.setdefault(doc, Score()).fn += 1
            misses.append(brief(gold, "figures"))
            continue
        pred = best_partner(gold, candidates, attributes)
        candidates[:] = [c for c in candidates if c is not pred]
        by_kind.setdefault(kind, Score()).tp += 1
        by_doc.setdefault(doc, Score()).tp += 1
        for col in attributes:
            ok = same_cell(col, gold.get(col, ""), pred.get(col, ""))
            accuracy[col].add(ok, {"doc_id": doc, "kind": kind, "value": gold.get("value"),
                                   "gold": gold.get(col, ""), "predicted": pred.get(col, "")})
    extras, excused = [], 0
    unmatched = {id(p) for rows in pool.values() for p in rows}
    for pred in (p for p in pred_rows if id(p) in unmatched):  # in run order: doc, then position
        doc = pred["doc_id"]
        if to_decimal(pred.get("value", "")) in excused_values.get(doc, set()):
            excused += 1
            continue
        by_kind.setdefault(pred.get("kind", ""), Score()).fp += 1
        by_doc.setdefault(doc, Score()).fp += 1
        extras.append(brief(pred, "figures"))
    overall = Score(*(sum(getattr(s, a) for s in by_kind.values()) for a in ("tp", "fp", "fn")))
    return {"overall": overall.as_dict(),
            "by_kind": {k: by_kind[k].as_dict() for k in sorted(by_kind)},
            "by_doc": {d: by_doc[d].as_dict() for d in sorted(by_doc)},
            "attributes": {c: accuracy[c].as_dict(limit) for c in attributes},
            "excused": excused, "misses": misses, "extras": extras}


def collapse_references(rows: list[dict]) -> list[dict]:
    """One reference per (doc_id, symbol), split only by different stated dates; `self` wins.

    A symbol cited three times, once with `ngày 25/01/2022`, is one reference dated
    2022-01-25; `88/KH-GDNN-GDTXTT` cited with two dates (seed 004) stays two.
    """
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((row["doc_id"], normalize_symbol(row.get("symbol", ""))), []).append(row)
    out = []
    for (doc, symbol), members in groups.items():
        relation = "self" if any(m.get("relation") == "self" for m in members) else (
            members[0].get("relation", ""))
        dates = list(dict.fromkeys(m.get("issued_date", "") for m in members if m.get("issued_date")))
        for date in dates or [""]:
            first = next((m for m in members if m.get("issued_date", "") == date), members[0])
            out.append({**first, "symbol": symbol, "issued_date": date, "relation": relation})
    return out


def score_references(gold_frame: pd.DataFrame, pred_frame: pd.DataFrame, doc_ids: set[str],
                     limit: int) -> dict:
    gold_rows = collapse_references(records(gold_frame, doc_ids))
    pred_rows = collapse_references(records(pred_frame, doc_ids))
    attributes = [c for c in REFERENCE_ATTRIBUTES if c in gold_frame.columns]
    pool: dict[tuple, list[dict]] = {}
    for pred in pred_rows:
        pool.setdefault((pred["doc_id"], pred["symbol"]), []).append(pred)
    by_type: dict[str, Score] = {}
    overall = Score()
    accuracy = {c: Accuracy() for c in attributes}
    misses = []
    for gold in gold_rows:
        ref_type = gold.get("ref_type", "") or "(none)"
        candidates = pool.get((gold["doc_id"], gold["symbol"]), [])
        if not candidates:
            overall.fn += 1
            by_type.setdefault(ref_type, Score()).fn += 1
            misses.append(brief(gold, "references"))
            continue
        pred = best_partner(gold, candidates, attributes)
        candidates[:] = [c for c in candidates if c is not pred]
        overall.tp += 1
        by_type.setdefault(ref_type, Score()).tp += 1
        for col in attributes:
            ok = same_cell(col, gold.get(col, ""), pred.get(col, ""))
            accuracy[col].add(ok, {"doc_id": gold["doc_id"], "symbol": gold["symbol"],
                                   "gold": gold.get(col, ""), "predicted": pred.get(col, "")})
    extras = [brief(p, "references") for rows in pool.values() for p in rows]
    overall.fp = len(extras)
    for rows in pool.values():
        for pred in rows:
            by_type.setdefault(pred.get("ref_type", "") or "(none)", Score()).fp += 1
    return {"overall": overall.as_dict(),
            "by_type": {k: by_type[k].as_dict() for k in sorted(by_type)},
            "attributes": {c: accuracy[c].as_dict(limit) for c in attributes},
            "misses": misses, "extras": extras}


def score_documents(gold_frame: pd.DataFrame, pred_frame: pd.DataFrame, doc_ids: set[str],
                    limit: int) -> dict:
    """Accuracy per metadata column on documents present in both; filled cells also give P/R/F."""
    predicted = {row["doc_id"]: row for row in records(pred_frame, doc_ids)}
    columns = [c for c in gold_frame.columns if c != "doc_id"]
    accuracy = {c: Accuracy() for c in columns}
    overall = Score()
    missing = []
    for gold in records(gold_frame, doc_ids):
        pred = predicted.get(gold["doc_id"])
        if pred is None:
            missing.append(gold["doc_id"])
            continue
        for col in columns:
            want, got = gold.get(col, "").strip(), (pred.get(col, "") or "").strip()
            if want == OPEN_CELL:
                continue
            ok = same_cell(col, want, got)
            accuracy[col].add(ok, {"doc_id": gold["doc_id"], "gold": want, "predicted": got})
            overall.tp += bool(ok and want)
            overall.fn += bool(want and not ok)
            overall.fp += bool(got and not ok)
    return {"overall": overall.as_dict(), "missing": missing,
            "attributes": {c: accuracy[c].as_dict(limit) for c in columns}}


def evaluate(run_dir: str | Path, gold_dir: str | Path, limit: int = 20) -> dict:
    """Score the run folder against the gold folder; a dict of tables → overall, slices, misses.

    Only documents named in the gold documents.csv or figures.csv are scored.
    """
    run_dir, gold_dir = Path(run_dir), Path(gold_dir)
    gold = {name: read_table(gold_dir, name) for name in ("documents", "figures", "references")}
    run = {name: read_table(run_dir, name) for name in ("documents", "figures", "references")}
    doc_ids = set(gold["documents"].get("doc_id", [])) | set(gold["figures"].get("doc_id", []))
    return {"run": str(run_dir), "gold": str(gold_dir), "documents_scored": len(doc_ids),
            "figures": score_figures(gold["figures"], run["figures"], doc_ids, limit),
            "references": score_references(gold["references"], run["references"], doc_ids, limit),
            "documents": score_documents(gold["documents"], run["documents"], doc_ids, limit)}


def format_rows(rows: list[list[str]]) -> list[str]:
    """Left-align the first columns, right-align numbers, two spaces between columns."""
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    return lines


def score_row(table: str, slice_name: str, score: dict) -> list[str]:
    return [table, slice_name, score["gold"], score["predicted"], score["tp"], score["fp"], score["fn"],
            f"{score['precision']:.3f}", f"{score['recall']:.3f}", f"{score['f1']:.3f}"]


def report_text(result: dict, limit: int = 20) -> str:
    """The result as aligned text tables, then the misses a developer should look at."""
    out = [f"solieu eval {result['run']} --gold {result['gold']} ({result['documents_scored']} documents)", ""]
    rows = [["table", "slice", "gold", "pred", "tp", "fp", "fn", "P", "R", "F1"]]
    figures, refs, docs = result["figures"], result["references"], result["documents"]
    rows.append(score_row("figures", "all", figures["overall"]))
    rows += [score_row("figures", kind, s) for kind, s in figures["by_kind"].items()]
    rows.append(score_row("references", "all", refs["overall"]))
    rows += [score_row("references", t, s) for t, s in refs["by_type"].items()]
    rows.append(score_row("documents", "filled fields", docs["overall"]))
    out += format_rows(rows)
    out += ["", f"figures excused by ratio/duration/measure/ignore gold values: {figures['excused']}", ""]

    acc = [["table", "column", "correct", "of", "accuracy"]]
    for table in ("figures", "references", "documents"):
        for col, a in result[table]["attributes"].items():
            shown = "-" if a["accuracy"] is None else f"{a['accuracy']:.3f}"
            acc.append([table, col, a["correct"], a["total"], shown])
    out += format_rows(acc)
    if docs["missing"]:
        out += ["", "gold documents missing from the run: " + ", ".join(docs["missing"])]

    out += ["", "figures by document:"]
    out += format_rows([["doc_id", "", "gold", "pred", "tp", "fp", "fn", "P", "R", "F1"]]
                       + [score_row(d, "", s) for d, s in figures["by_doc"].items()])
    sections = [("figures missed (false negatives)", figures["misses"]),
                ("figures not in gold (false positives)", figures["extras"]),
                ("references missed", refs["misses"]),
                ("references not in gold", refs["extras"])]
    for title, items in sections:
        if items:
            out += ["", f"{title}: {len(items)} (first {min(limit, len(items))})"]
            out += ["  " + " | ".join(f"{v}" for v in item.values()) for item in items[:limit]]
    for table in ("figures", "references", "documents"):
        for col, a in result[table]["attributes"].items():
            if a["wrong"]:
                out += ["", f"{table}.{col} wrong on matched rows (first {len(a['wrong'])}):"]
                out += ["  " + " | ".join(f"{k}={v}" for k, v in w.items()) for w in a["wrong"]]
    return "\n".join(out) + "\n"


def cmd_eval(args) -> int:
    """Entry point of `solieu eval RUN --gold GOLD [--format text|json] [--misses N]`."""
    from solieu.cli import UsageError

    for label, folder in (("RUN", args.run), ("--gold", args.gold)):
        if not Path(folder).is_dir():
            raise UsageError(f"{label} {folder}: not a folder")
    limit = getattr(args, "misses", None) or 20
    result = evaluate(args.run, args.gold, limit=limit)
    if getattr(args, "format", "text") == "json":
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(report_text(result, limit))
    return 0
