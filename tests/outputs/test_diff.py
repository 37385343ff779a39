"""solieu diff: records matched by document, kind, label and location; old → new per column."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from solieu.cli import main
from solieu.outputs.diff import DIFF_COLUMNS, diff_runs, diff_to_html, diff_to_text, summarize

FIGURE_COLUMNS = ["doc_id", "figure_id", "kind", "value", "unit", "label", "location", "char_start"]
REFERENCE_COLUMNS = ["doc_id", "ref_id", "relation", "symbol", "issued_date", "raw", "page"]


def _run(documents, figures, references=()) -> dict[str, pd.DataFrame]:
    return {
        "documents": pd.DataFrame(documents, columns=["doc_id", "path", "status", "n_figures"]),
        "figures": pd.DataFrame(figures, columns=FIGURE_COLUMNS),
        "references": pd.DataFrame(references, columns=REFERENCE_COLUMNS),
    }


def _expected(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(DIFF_COLUMNS), dtype="object")


# fmt: off
OLD = _run(
    documents=[
        ("a.txt", "/old/a.txt", "ok", "4"),
        ("b.txt", "/old/b.txt", "ok", "0"),
    ],
    figures=[
        ("a.txt", "F0001", "count",   "1928", "học sinh",  "Tổng số học sinh",  "p.1 table 1 row 2", "10"),
        ("a.txt", "F0002", "percent", "19.5", "%",         "giáo viên có máy tính", "para 3",        "50"),
        ("a.txt", "F0003", "count",   "10",   "phòng",     "phòng học",         "para 5",            "80"),
        ("a.txt", "F0004", "count",   "20",   "phòng",     "phòng học",         "para 5",            "90"),
    ],
    references=[
        ("a.txt", "R0001", "cites", "75/PGDDĐT-CNTT", "2024-02-21", "75/PGDDĐT-CNTT", ""),
    ],
)
NEW = _run(
    documents=[
        ("a.txt", "/new/a.txt", "partial", "4"),
        ("c.txt", "/new/c.txt", "ok", "2"),
    ],
    figures=[
        # renumbered and moved (char_start): matched by kind, label and location, so no change
        ("a.txt", "F0009", "count",   "1929", "học sinh",  "Tổng số học sinh",  "p.1 table 1 row 2", "12"),
        ("a.txt", "F0010", "count",   "10",   "phòng",     "phòng học",         "para 5",            "82"),
        ("a.txt", "F0011", "count",   "25",   "phòng",     "phòng học",         "para 5",            "92"),
        ("a.txt", "F0012", "money",   "29000000000", "VND", "kinh phí",         "para 7",            "120"),
    ],
    references=[
        ("a.txt", "R0001", "cites", "75/PGDĐT-CNTT", "2024-02-21", "75/PGDDĐT-CNTT", ""),
    ],
)
EXPECTED = _expected([
    ("a.txt", "documents",  "changed", "", "status", "ok", "partial"),
    ("a.txt", "figures",    "changed", "count | Tổng số học sinh | p.1 table 1 row 2", "value", "1928", "1929"),
    ("a.txt", "figures",    "removed", "percent | giáo viên có máy tính | para 3", "", "19.5 %", ""),
    ("a.txt", "figures",    "changed", "count | phòng học | para 5 #2", "value", "20", "25"),
    ("a.txt", "figures",    "added",   "money | kinh phí | para 7", "", "", "29000000000 VND"),
    ("a.txt", "references", "changed", "75/PGDDĐT-CNTT", "symbol", "75/PGDDĐT-CNTT", "75/PGDĐT-CNTT"),
    ("b.txt", "documents",  "removed", "", "", "ok", ""),
    ("c.txt", "documents",  "added",   "", "", "", "ok"),
])
# fmt: on


def test_diff_runs_lists_added_removed_and_changed_per_document():
    assert_frame_equal(diff_runs(OLD, NEW), EXPECTED)


def test_diff_runs_same_run_is_empty():
    assert_frame_equal(diff_runs(OLD, OLD), _expected([]))


def test_diff_runs_renumbering_and_reordering_is_not_a_change():
    figures = OLD["figures"].iloc[::-1].copy()
    figures["figure_id"] = ["F0101", "F0102", "F0103", "F0104"]
    figures["char_start"] = ["1", "2", "3", "4"]
    # rows of one key keep their order among themselves (they pair in document order)
    figures = pd.concat([figures.iloc[[0, 1]].iloc[::-1], figures.iloc[[2, 3]]])
    shuffled = {**OLD, "figures": figures}
    assert_frame_equal(diff_runs(OLD, shuffled), _expected([]))


def test_diff_runs_duplicate_key_pairs_in_order():
    # fmt: off
    old = _run([("a.txt", "", "ok", "1")], [("a.txt", "F1", "count", "5", "lớp", "lớp", "para 1", "0")])
    new = _run([("a.txt", "", "ok", "1")], [("a.txt", "F1", "count", "5", "lớp", "lớp", "para 1", "0"),
                                            ("a.txt", "F2", "count", "6", "lớp", "lớp", "para 1", "9")])
    # fmt: on
    assert_frame_equal(diff_runs(old, new), _expected([("a.txt", "figures", "added", "count | lớp | para 1 #2",
                                                        "", "", "6 lớp")]))


def test_diff_runs_accepts_missing_tables_and_nan():
    old = {"documents": pd.DataFrame({"doc_id": ["a.txt"], "status": ["ok"], "error": [None]})}
    new = {"documents": pd.DataFrame({"doc_id": ["a.txt"], "status": ["ok"], "error": [""]})}
    assert_frame_equal(diff_runs(old, new), _expected([]))


def test_diff_text_groups_per_document_and_keeps_vietnamese():
    text = diff_to_text(EXPECTED, "old", "new")
    assert text.splitlines() == [
        "--- old",
        "+++ new",
        "",
        "a.txt",
        "  ~ documents: status ok → partial",
        "  ~ figures count | Tổng số học sinh | p.1 table 1 row 2: value 1928 → 1929",
        "  - figures percent | giáo viên có máy tính | para 3: 19.5 %",
        "  ~ figures count | phòng học | para 5 #2: value 20 → 25",
        "  + figures money | kinh phí | para 7: 29000000000 VND",
        "  ~ references 75/PGDDĐT-CNTT: symbol 75/PGDDĐT-CNTT → 75/PGDĐT-CNTT",
        "",
        "b.txt",
        "  document removed (ok)",
        "",
        "c.txt",
        "  document added (ok)",
        "",
        "3 documents differ: documents 1 added, 1 removed, 1 changed; figures 1 added, 1 removed, 2 changed;"
        " references 1 changed",
    ]


def test_diff_summary_counts_a_record_once_when_several_columns_changed():
    diff = _expected([("a.txt", "figures", "changed", "k", "value", "1", "2"),
                      ("a.txt", "figures", "changed", "k", "unit", "lớp", "phòng")])
    assert summarize(diff) == "1 document differs: figures 1 changed"
    assert "~ figures k: value 1 → 2; unit lớp → phòng" in diff_to_text(diff)


def test_diff_html_is_escaped_and_self_contained():
    diff = _expected([("<script>alert(1)</script>.txt", "documents", "added", "", "", "", "ok")])
    page = diff_to_html(diff)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;.txt" in page
    assert "http://" not in page and "https://" not in page


def _write_run(folder: Path, run: dict[str, pd.DataFrame]) -> Path:
    folder.mkdir()
    for table, frame in run.items():
        frame.to_csv(folder / f"{table}.csv", index=False, encoding="utf-8-sig")
    return folder


@pytest.fixture
def runs(tmp_path) -> tuple[Path, Path]:
    return _write_run(tmp_path / "old", OLD), _write_run(tmp_path / "new", NEW)


def test_diff_cli_prints_text_and_exits_1_when_different(runs, capsys):
    old, new = runs
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "  ~ figures count | Tổng số học sinh | p.1 table 1 row 2: value 1928 → 1929" in out


def test_diff_cli_exits_0_when_equal(runs, capsys):
    old, _ = runs
    assert main(["diff", str(old), str(old)]) == 0
    assert capsys.readouterr().out.endswith("no differences\n")


def test_diff_cli_writes_csv_with_bom_and_formula_safe(runs, tmp_path):
    old, new = runs
    figures = pd.read_csv(new / "figures.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    figures.loc[0, "value"] = "=1+1"  # a hostile cell must not become a formula in the diff either
    figures.to_csv(new / "figures.csv", index=False, encoding="utf-8-sig")
    out = tmp_path / "diff.csv"
    assert main(["diff", str(old), str(new), "--format", "csv", "--out", str(out)]) == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert list(rows[0]) == list(DIFF_COLUMNS)
    assert {"doc_id": "a.txt", "table": "figures", "change": "changed",
            "key": "count | Tổng số học sinh | p.1 table 1 row 2", "column": "value", "old": "1928",
            "new": "'=1+1"} in rows


def test_diff_cli_writes_html(runs, tmp_path):
    old, new = runs
    out = tmp_path / "diff.html"
    assert main(["diff", str(old), str(new), "--format", "html", "--out", str(out)]) == 1
    page = out.read_text(encoding="utf-8")
    assert "<td>1928</td><td>1929</td>" in page


@pytest.mark.parametrize("make_args", [
    lambda old, new, tmp: ["diff", str(tmp / "missing"), str(new)],
    lambda old, new, tmp: ["diff", str(old), str(tmp)],  # a folder without documents.csv
    lambda old, new, tmp: ["diff", str(old), str(new), "--out", str(tmp / "no" / "such" / "dir.csv")],
    lambda old, new, tmp: ["diff", str(old), str(new), "--format", "xlsx"],
], ids=["missing-folder", "not-a-run", "bad-out", "bad-format"])
def test_diff_cli_usage_error_exits_2_with_one_line(runs, tmp_path, capsys, make_args):
    old, new = runs
    assert main(make_args(old, new, tmp_path)) == 2
    err = capsys.readouterr().err
    assert err.startswith("solieu: ") and err.count("\n") == 1


def test_diff_runs_duplicate_key_pairs_equal_records_first():
    # fmt: off
    old = _run([("a.txt", "", "ok", "2")], [("a.txt", "F1", "count", "5", "lớp", "lớp", "para 1", "10"),
                                            ("a.txt", "F2", "count", "6", "lớp", "lớp", "para 1", "20")])
    new = _run([("a.txt", "", "ok", "2")], [("a.txt", "F7", "count", "6", "lớp", "lớp", "para 1", "11")])
    # fmt: on
    # the 6 is still there (it moved): only the 5 went, not "5 → 6 and 6 removed"
    assert_frame_equal(diff_runs(old, new), _expected([("a.txt", "figures", "removed", "count | lớp | para 1 #1",
                                                        "", "5 lớp", "")]))


def test_diff_runs_duplicates_pair_by_position_not_file_order():
    def run(rows):  # two citations of one symbol on one page: (char_start, issued_date), in file order
        references = pd.DataFrame([("a.txt", "R", "cites", "75/PGDDĐT-CNTT", date, "75/PGDDĐT-CNTT", "", start)
                                   for start, date in rows], columns=REFERENCE_COLUMNS + ["char_start"])
        return {**OLD, "references": references}

    old = run([("10", "2024-02-21"), ("30", "2024-03-01")])
    new = run([("31", "2024-03-02"), ("11", "2024-02-22")])  # written in the other order
    assert_frame_equal(diff_runs(old, new), _expected([
        ("a.txt", "references", "changed", "75/PGDDĐT-CNTT #1", "issued_date", "2024-02-21", "2024-02-22"),
        ("a.txt", "references", "changed", "75/PGDDĐT-CNTT #2", "issued_date", "2024-03-01", "2024-03-02"),
    ]))


def test_diff_cli_text_with_a_file_name_that_is_not_utf8(runs, capsys, monkeypatch):
    from solieu.outputs import diff as diff_module

    old, new = runs
    odd = _expected([("bad-\udcff-name.txt", "documents", "added", "", "", "", "ok")])
    monkeypatch.setattr(diff_module, "diff_runs", lambda a, b: odd)
    assert main(["diff", str(old), str(new)]) == 1
    assert "bad-\\udcff-name.txt" in capsys.readouterr().out
