"""`solieu diff OLD NEW`: what changed between two run folders, per document.

Figures are matched across runs by (document, kind, label, location) and
references by (document, raw text, page) — never by figure_id/ref_id, which a
run renumbers freely — so re-ordering or renumbering is not a change (issue 4,
item 6). Records sharing a key pair up equal ones first, then by position
(`char_start`), so duplicates that swapped places in the file are not changes.
The core is the pure function `diff_runs`; `cmd_diff` reads the folders and
prints or writes it.
"""

from __future__ import annotations

import csv
import html
import io
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd

from .columns import TABLE_COLUMNS
from .safe import escape_formula_text
from .write import atomic_path, write_csv

DIFF_COLUMNS = ("doc_id", "table", "change", "key", "column", "old", "new")
DIFF_TABLES = ("documents", "figures", "references")
ADDED, REMOVED, CHANGED = "added", "removed", "changed"

# The identity of a record across runs (issue 4: "by document, kind, label and location").
MATCH_KEYS = {
    "documents": ("doc_id",),
    "figures": ("kind", "label", "location"),
    # references.csv has no label or location; the text as written and its page play that part.
    "references": ("raw", "page"),
}
# Columns never compared: ids are renumbered by every run, offsets move whenever
# ingest changes the text layout, and `path` depends on where the run was started.
NOT_COMPARED = {
    "documents": {"doc_id", "path"},
    "figures": {"doc_id", "figure_id", "char_start", "char_end"},
    "references": {"doc_id", "ref_id", "char_start", "char_end"},
}
# What an added or removed record shows in old/new: its value and unit, or its symbol.
SUMMARY_COLUMNS = {"documents": ("status",), "figures": ("value", "unit"), "references": ("symbol",)}


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _rows(frame: pd.DataFrame | None) -> dict[str, list[dict]]:
    """doc_id → that document's rows (dicts of text), in file order."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    if frame is None or frame.empty or "doc_id" not in frame.columns:
        return by_doc
    for row in frame.to_dict("records"):
        row = {col: _cell(v) for col, v in row.items()}
        by_doc[row["doc_id"]].append(row)
    return by_doc


def _summary(table: str, row: dict) -> str:
    return " ".join(row.get(col, "") for col in SUMMARY_COLUMNS[table] if row.get(col, "")) or row.get("raw", "")


def _position(item: tuple[int, dict]) -> tuple[int, int]:
    """Where a record stands in its document: char_start as a number, then file order."""
    index, row = item
    start = row.get("char_start", "")
    return (int(start) if start.isdigit() else -1, index)


def pair_records(olds: list, news: list, columns: list[str]) -> tuple[list, list, list]:
    """(pairs, only_old, only_new) of one key's records, each list of (index, row) in position order.

    Records equal on every compared column pair first (so a duplicate that moved is not
    a change); the rest pair in document order.
    """
    olds, news = sorted(olds, key=_position), sorted(news, key=_position)
    same = lambda a, b: all(a.get(c, "") == b.get(c, "") for c in columns)  # noqa: E731
    pairs, free_old, free_new = [], list(olds), []
    for item in news:
        match = next((o for o in free_old if same(o[1], item[1])), None)
        if match is None:
            free_new.append(item)
        else:
            free_old.remove(match)
            pairs.append((match, item))
    n = min(len(free_old), len(free_new))
    pairs += list(zip(free_old[:n], free_new[:n]))
    return pairs, free_old[n:], free_new[n:]


def _diff_records(doc_id: str, table: str, old: list[dict], new: list[dict], columns: list[str]) -> list[tuple]:
    """(sort key, row) for every difference between one document's old and new rows."""
    key_columns = MATCH_KEYS[table]
    groups: dict[tuple, tuple[list, list]] = {}
    for side, rows in ((0, old), (1, new)):
        for index, row in enumerate(rows):
            key = tuple(row.get(col, "") for col in key_columns)
            groups.setdefault(key, ([], []))[side].append((index, row))
    events = []
    for key, (olds, news) in groups.items():
        shown = " | ".join(part for part in key if part) if table != "documents" else ""
        pairs, only_old, only_new = pair_records(olds, news, columns)
        # Duplicates of a key are told apart by their rank in the document (#1, #2…).
        rank = {id(item): n for side in (sorted(olds, key=_position), sorted(news, key=_position))
                for n, item in enumerate(side, 1)}
        many = max(len(olds), len(news)) > 1

        def label(item) -> str:
            return f"{shown} #{rank[id(item)]}" if many else shown

        for item in only_old:
            row = item[1]
            events.append(((_position(item), 0, rank[id(item)]),
                           (doc_id, table, REMOVED, label(item), "", _summary(table, row), "")))
        for item in only_new:
            row = item[1]
            events.append(((_position(item), 1, rank[id(item)]),
                           (doc_id, table, ADDED, label(item), "", "", _summary(table, row))))
        for (_, before), item in pairs:
            after = item[1]
            for col_order, column in enumerate(columns):
                if before.get(column, "") != after.get(column, ""):
                    events.append(((_position(item), 2, rank[id(item)], col_order),
                                   (doc_id, table, CHANGED, label(item), column, before.get(column, ""),
                                    after.get(column, ""))))
    return events


def _compared_columns(table: str, old: pd.DataFrame | None, new: pd.DataFrame | None) -> list[str]:
    """Columns both runs have, in contract order, minus ids, offsets and keys."""
    present = [set(frame.columns) for frame in (old, new) if frame is not None]
    shared = set.intersection(*present) if present else set()
    order = list(TABLE_COLUMNS[table]) + sorted(shared - set(TABLE_COLUMNS[table]))
    skip = NOT_COMPARED[table] | set(MATCH_KEYS[table])
    return [col for col in order if col in shared and col not in skip]


def diff_runs(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The differences between two runs' tables, one row per added/removed record or changed cell.

    Columns `doc_id, table, change, key, column, old, new`: a figure whose value
    went from 1928 to 1929 is `(doc, "figures", "changed", "count | Tổng số học
    sinh | p.1 table 1 row 2", "value", "1928", "1929")`; a figure only in NEW is
    `added` with its value and unit in `new`. A document only in one run is one
    `documents` row (its status), without its figures listed.
    """
    grouped = {table: (_rows(old.get(table)), _rows(new.get(table))) for table in DIFF_TABLES}
    columns = {table: _compared_columns(table, old.get(table), new.get(table)) for table in DIFF_TABLES}
    old_docs, new_docs = grouped["documents"]
    out: list[tuple] = []
    for doc_id in sorted(set(old_docs) | set(new_docs)):
        if doc_id not in new_docs:
            out.append((doc_id, "documents", REMOVED, "", "", _summary("documents", old_docs[doc_id][0]), ""))
            continue
        if doc_id not in old_docs:
            out.append((doc_id, "documents", ADDED, "", "", "", _summary("documents", new_docs[doc_id][0])))
            continue
        for table in DIFF_TABLES:
            old_rows, new_rows = grouped[table]
            events = _diff_records(doc_id, table, old_rows.get(doc_id, []), new_rows.get(doc_id, []),
                                   columns[table])
            out.extend(row for _, row in sorted(events, key=lambda e: e[0]))
    return pd.DataFrame(out, columns=list(DIFF_COLUMNS), dtype="object")


def read_run(folder: str | Path) -> dict[str, pd.DataFrame]:
    """The tables of a run folder, every cell as text; a missing table reads as empty."""
    from solieu.cli import UsageError

    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such run folder")
    if not (folder / "documents.csv").is_file():
        raise UsageError(f"{folder}: not a run folder (no documents.csv)")
    frames = {}
    for table in DIFF_TABLES:
        path = folder / f"{table}.csv"
        if path.is_file():
            frames[table] = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        else:
            frames[table] = pd.DataFrame(columns=list(TABLE_COLUMNS[table]), dtype="object")
    return frames


def _shown(value: str) -> str:
    return value if value != "" else '""'


def _grouped_lines(diff: pd.DataFrame):
    """(doc_id, lines) per document: one line per added/removed record or per changed record."""
    for doc_id, rows in diff.groupby("doc_id", sort=False):
        lines: list[str] = []
        previous = None
        for row in rows.itertuples(index=False):
            if row.table == "documents" and row.change in (ADDED, REMOVED):
                lines.append(f"document {row.change} ({row.new or row.old})")
                continue
            where = f"{row.table} {row.key}".rstrip()
            if row.change == CHANGED:
                change = f"{row.column} {_shown(row.old)} → {_shown(row.new)}"
                if previous == (row.table, row.key):  # more columns of the same record
                    lines[-1] += f"; {change}"
                else:
                    lines.append(f"~ {where}: {change}")
                previous = (row.table, row.key)
                continue
            sign = "+" if row.change == ADDED else "-"
            lines.append(f"{sign} {where}: {row.new or row.old}")
            previous = None
        yield doc_id, lines


def summarize(diff: pd.DataFrame) -> str:
    """One line: how many documents differ, and per table how many records were added/removed/changed.

    Changed counts records, not cells: a figure whose value and unit changed counts once.
    """
    if diff.empty:
        return "no differences"
    parts = []
    for table in DIFF_TABLES:
        rows = diff[diff["table"] == table]
        counts = []
        for change in (ADDED, REMOVED, CHANGED):
            picked = rows[rows["change"] == change]
            n = len(picked.drop_duplicates(["doc_id", "key"])) if change == CHANGED else len(picked)
            if n:
                counts.append(f"{n} {change}")
        if counts:
            parts.append(f"{table} {', '.join(counts)}")
    n_docs = diff["doc_id"].nunique()
    verb = "document differs" if n_docs == 1 else "documents differ"
    return f"{n_docs} {verb}: " + "; ".join(parts)


def diff_to_text(diff: pd.DataFrame, old_name: str = "OLD", new_name: str = "NEW") -> str:
    """The diff grouped per document, for a terminal: `+` added, `-` removed, `~` changed (old → new)."""
    out = [f"--- {old_name}", f"+++ {new_name}"]
    for doc_id, lines in _grouped_lines(diff):
        out.append("")
        out.append(doc_id)
        out.extend(f"  {line}" for line in lines)
    out.append("")
    out.append(summarize(diff))
    return "\n".join(out) + "\n"


HTML_STYLE = """
body { font: 15px/1.45 system-ui, "Noto Sans", sans-serif; margin: 1rem auto; max-width: 72rem; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.2rem; font-size: .92rem; }
th, td { border: 1px solid #ddd; padding: .2rem .4rem; text-align: left; vertical-align: top; white-space: pre-wrap; }
th { background: #eee; }
h2 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; word-break: break-all; }
.added td { background: #e6f6e6; } .removed td { background: #fde8e8; } .changed td { background: #fff7dd; }
"""


def diff_to_html(diff: pd.DataFrame, old_name: str = "OLD", new_name: str = "NEW") -> str:
    """A self-contained page: one table per document, every cell escaped, no script."""
    esc = html.escape
    out = ["<!DOCTYPE html>", '<html lang="vi"><head><meta charset="utf-8">',
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
           f"<title>solieu diff</title><style>{HTML_STYLE}</style></head><body>",
           f"<h1>solieu diff</h1><p>--- {esc(old_name)}<br>+++ {esc(new_name)}</p>",
           f"<p>{esc(summarize(diff))}</p>"]
    for doc_id, rows in diff.groupby("doc_id", sort=False):
        out.append(f"<h2>{esc(doc_id)}</h2><table><thead><tr><th>table</th><th>change</th><th>key</th>"
                   "<th>column</th><th>old</th><th>new</th></tr></thead><tbody>")
        for row in rows.itertuples(index=False):
            cells = "".join(f"<td>{esc(str(v))}</td>" for v in
                            (row.table, row.change, row.key, row.column, row.old, row.new))
            out.append(f'<tr class="{esc(row.change)}">{cells}</tr>')
        out.append("</tbody></table>")
    out.append("</body></html>\n")
    return "\n".join(out)


def _write_text(text: str, out: str | None) -> None:
    # A doc_id from a file name that is not UTF-8 carries surrogates: print them as `\udcff`.
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if out is None:
        sys.stdout.write(text)
        return
    with atomic_path(Path(out)) as tmp:
        Path(tmp).write_text(text, encoding="utf-8")


def _csv_text(diff: pd.DataFrame) -> str:
    safe = diff.map(lambda v: escape_formula_text(v) if isinstance(v, str) else v)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    return buffer.getvalue()


def cmd_diff(args) -> int:
    """`solieu diff OLD NEW [--format text|csv|html] [--out FILE]`: exit 0 equal, 1 different, 2 usage."""
    from solieu.cli import UsageError

    old, new = read_run(args.old), read_run(args.new)
    if args.out is not None:
        parent = Path(args.out).resolve().parent
        if not parent.is_dir():
            raise UsageError(f"--out {args.out}: no such folder {parent}")
        if Path(args.out).is_dir():
            raise UsageError(f"--out {args.out}: is a folder, give a file name")
    diff = diff_runs(old, new)
    fmt = getattr(args, "format", "text") or "text"
    if fmt == "csv":
        if args.out is None:
            _write_text(_csv_text(diff), None)
        else:
            write_csv(diff, Path(args.out))  # BOM, formula-safe, atomic: like every solieu CSV
    elif fmt == "html":
        _write_text(diff_to_html(diff, args.old, args.new), args.out)
    else:
        _write_text(diff_to_text(diff, args.old, args.new), args.out)
    return 0 if diff.empty else 1
