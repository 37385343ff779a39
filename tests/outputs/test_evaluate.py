"""The scorer behind `solieu eval`, on tiny literal tables (CONTRACT.md, "Gold and scoring")."""

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from solieu.outputs.evaluate import (
    collapse_references, evaluate, normalize_symbol, same_cell, to_decimal, unescape_formula,
)

DOC = "txt/003_x.txt"
FIGURE_COLUMNS = ["doc_id", "kind", "value", "upper", "unit", "qualifier", "total", "percent",
                  "max_value", "indicator", "snippet"]


def figure(kind, value, unit="", total="", percent="", max_value="", indicator="", upper="",
           qualifier="", doc=DOC, snippet=""):
    return {"doc_id": doc, "kind": kind, "value": value, "upper": upper, "unit": unit,
            "qualifier": qualifier, "total": total, "percent": percent, "max_value": max_value,
            "indicator": indicator, "snippet": snippet}


def write(folder: Path, figures=(), references=(), documents=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(list(figures), columns=FIGURE_COLUMNS).to_csv(folder / "figures.csv", index=False)
    ref_cols = ["doc_id", "symbol", "ref_type", "issued_date", "relation"]
    pd.DataFrame(list(references), columns=ref_cols).to_csv(folder / "references.csv", index=False)
    docs = documents if documents is not None else [{"doc_id": DOC, "status": "ok"}]
    pd.DataFrame(docs).to_csv(folder / "documents.csv", index=False, encoding="utf-8-sig")
    return folder


GOLD_FIGURES = [
    figure("count", "55", unit="trường", total="282", percent="19.5", snippet="55/282 (19,50%) trường"),
    figure("count", "1928", unit="giáo viên", snippet="1.928 giáo viên"),
    figure("money", "29000000000", unit="VND", qualifier="about", snippet="khoảng 29 tỉ đồng"),
]


@pytest.mark.parametrize("text, expected", [
    ("1928", Decimal("1928")),
    ("19.50", Decimal("19.5")),
    ("2.9E+10", Decimal("29000000000")),
    ("", None),
    ("abc", None),
])
def test_evaluate_to_decimal_reads_canonical_values(text, expected):
    assert to_decimal(text) == expected


@pytest.mark.parametrize("raw, key", [
    ("15 /PGDDĐT-CNTT", "15/PGDDĐT-CNTT"),
    ("4725/QĐ- BGDĐT", "4725/QĐ-BGDĐT"),
    ("131/Q\u00d0-TTg", "131/QĐ-TTg"),
])
def test_evaluate_normalize_symbol_drops_spaces_and_reads_eth_as_d_stroke(raw, key):
    assert normalize_symbol(raw) == key


@pytest.mark.parametrize("column, gold, predicted, same", [
    ("percent", "19.5", "19.50", True),
    ("total", "282", "", False),
    ("unit", "giáo viên", "Giáo viên", True),
    ("title", "năm học 2024- 2025", "Năm học 2024-2025", True),
    ("phone", "0942252112", "0942.252.112", True),
    ("issued_date", "2020-07", "2020-07-01", False),
])
def test_evaluate_same_cell_compares_by_column(column, gold, predicted, same):
    assert same_cell(column, gold, predicted) is same


@pytest.mark.parametrize("cell, plain", [("'-5", "-5"), ("'=SUM(A1)", "=SUM(A1)"), ("'tis", "'tis")])
def test_evaluate_unescape_formula_undoes_the_writers_guard(cell, plain):
    assert unescape_formula(cell) == plain


def test_evaluate_perfect_run_scores_one(tmp_path):
    gold = write(tmp_path / "gold", GOLD_FIGURES)
    run = write(tmp_path / "run", GOLD_FIGURES)
    result = evaluate(run, gold)
    assert result["figures"]["overall"]["f1"] == 1.0
    assert all(a["accuracy"] == 1.0 for a in result["figures"]["attributes"].values())


def test_evaluate_one_missing_figure_lowers_recall_only(tmp_path):
    gold = write(tmp_path / "gold", GOLD_FIGURES)
    run = write(tmp_path / "run", GOLD_FIGURES[:2])
    overall = evaluate(run, gold)["figures"]["overall"]
    assert (overall["tp"], overall["fn"], overall["fp"]) == (2, 1, 0)
    assert overall["precision"] == 1.0
    assert overall["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert evaluate(run, gold)["figures"]["misses"][0]["snippet"] == "khoảng 29 tỉ đồng"


def test_evaluate_extra_figure_lowers_precision_per_kind(tmp_path):
    gold = write(tmp_path / "gold", GOLD_FIGURES)
    run = write(tmp_path / "run", GOLD_FIGURES + [figure("count", "2018", unit="năm")])
    result = evaluate(run, gold)["figures"]
    assert result["by_kind"]["count"]["fp"] == 1
    assert result["by_kind"]["money"]["precision"] == 1.0
    assert result["extras"] == [{"doc_id": DOC, "kind": "count", "value": "2018", "unit": "năm"}]


def test_evaluate_ignore_rows_count_neither_way(tmp_path):
    gold = write(tmp_path / "gold", GOLD_FIGURES + [figure("ignore", "3")])
    run_without = write(tmp_path / "without", GOLD_FIGURES)
    run_with = write(tmp_path / "with", GOLD_FIGURES + [figure("count", "3"), figure("score", "3")])
    assert evaluate(run_without, gold)["figures"]["overall"]["f1"] == 1.0
    result = evaluate(run_with, gold)["figures"]
    assert result["overall"]["f1"] == 1.0
    assert result["excused"] == 2


def test_evaluate_measure_and_ratio_rows_are_not_counted_for_recall(tmp_path):
    uncounted = [figure("measure", "15507.3", unit="m2"), figure("ratio", "2", upper="3", unit="học sinh/máy tính")]
    gold = write(tmp_path / "gold", GOLD_FIGURES + uncounted)
    run = write(tmp_path / "run", GOLD_FIGURES + [figure("count", "3", unit="học sinh")])
    result = evaluate(run, gold)["figures"]
    assert result["overall"]["gold"] == 3
    assert result["overall"]["f1"] == 1.0, "a count on the ratio's upper bound is excused"


def test_evaluate_same_value_in_another_document_is_not_excused(tmp_path):
    gold = write(tmp_path / "gold", GOLD_FIGURES + [figure("ignore", "3")],
                 documents=[{"doc_id": DOC}, {"doc_id": "txt/other.txt"}])
    run = write(tmp_path / "run", GOLD_FIGURES + [figure("count", "3", doc="txt/other.txt")])
    assert evaluate(run, gold)["figures"]["overall"]["fp"] == 1


def test_evaluate_percent_is_scored_on_matched_pairs(tmp_path):
    gold = write(tmp_path / "gold", GOLD_FIGURES)
    wrong_share = [figure("count", "55", unit="trường", total="282", percent="19.6")] + GOLD_FIGURES[1:]
    run = write(tmp_path / "run", wrong_share + [figure("percent", "19.5", unit="%")])
    result = evaluate(run, gold)["figures"]
    assert result["overall"]["tp"] == 3
    assert result["by_kind"]["percent"]["fp"] == 1, "a share stated with a count is not its own row"
    percent = result["attributes"]["percent"]
    assert (percent["correct"], percent["total"]) == (2, 3)
    assert percent["wrong"][0]["predicted"] == "19.6"


def test_evaluate_pairs_same_value_figures_by_their_attributes(tmp_path):
    gold_rows = [figure("count", "64", unit="giáo viên", indicator="teachers_with_computer"),
                 figure("count", "64", unit="giáo viên", indicator="teachers_with_internet")]
    gold = write(tmp_path / "gold", gold_rows)
    run = write(tmp_path / "run", list(reversed(gold_rows)))
    assert evaluate(run, gold)["figures"]["attributes"]["indicator"]["accuracy"] == 1.0


def test_evaluate_only_gold_documents_are_scored(tmp_path):
    gold = write(tmp_path / "gold", GOLD_FIGURES)
    run = write(tmp_path / "run", GOLD_FIGURES + [figure("count", "7", doc="txt/not_in_gold.txt")])
    assert evaluate(run, gold)["figures"]["overall"]["fp"] == 0


def test_evaluate_references_match_on_symbol_then_score_date_and_relation(tmp_path):
    gold_refs = [{"doc_id": DOC, "symbol": "4725/QĐ-BGDĐT", "ref_type": "Quyết định",
                  "issued_date": "2022-12-30", "relation": "cites"},
                 {"doc_id": DOC, "symbol": "89/BC-GDNN-GDTXTT", "ref_type": "Báo cáo",
                  "issued_date": "2025-03-06", "relation": "self"}]
    run_refs = [{**gold_refs[0], "symbol": "4725/QĐ- BGDĐT", "issued_date": ""},
                {**gold_refs[1], "relation": "cites"},
                {"doc_id": DOC, "symbol": "131/QĐ-TTg", "ref_type": "Quyết định",
                 "issued_date": "", "relation": "cites"}]
    gold = write(tmp_path / "gold", references=gold_refs)
    run = write(tmp_path / "run", references=run_refs)
    result = evaluate(run, gold)["references"]
    assert (result["overall"]["tp"], result["overall"]["fp"], result["overall"]["fn"]) == (2, 1, 0)
    assert result["attributes"]["issued_date"]["correct"] == 1
    assert result["attributes"]["relation"]["correct"] == 1


def test_evaluate_collapse_references_keeps_one_per_symbol_and_stated_date():
    rows = [{"doc_id": DOC, "symbol": "131/QĐ-TTg", "issued_date": "2022-01-25", "relation": "cites"},
            {"doc_id": DOC, "symbol": "131/QĐ-TTg", "issued_date": "", "relation": "cites"},
            {"doc_id": DOC, "symbol": "88/KH-GDNN-GDTXTT", "issued_date": "2023-03-06", "relation": "cites"},
            {"doc_id": DOC, "symbol": "88/KH-GDNN-GDTXTT", "issued_date": "2025-03-06", "relation": "cites"},
            {"doc_id": DOC, "symbol": "89/BC-GDNN-GDTXTT", "issued_date": "2025-03-06", "relation": "self"},
            {"doc_id": DOC, "symbol": "89/BC-GDNN-GDTXTT", "issued_date": "2025-03-06", "relation": "cites"}]
    collapsed = [(r["symbol"], r["issued_date"], r["relation"]) for r in collapse_references(rows)]
    assert collapsed == [("131/QĐ-TTg", "2022-01-25", "cites"),
                         ("88/KH-GDNN-GDTXTT", "2023-03-06", "cites"),
                         ("88/KH-GDNN-GDTXTT", "2025-03-06", "cites"),
                         ("89/BC-GDNN-GDTXTT", "2025-03-06", "self")]


def test_evaluate_documents_score_each_column_and_skip_open_cells(tmp_path):
    gold_docs = [{"doc_id": DOC, "status": "ok", "symbol": "", "place": "Thanh Trì",
                  "issued_date": "2025-03-06", "phone": "?"}]
    run_docs = [{"doc_id": DOC, "status": "ok", "symbol": "12/BC-X", "place": "Thanh Trì",
                 "issued_date": "2025-03", "phone": "0963092882"}]
    gold = write(tmp_path / "gold", documents=gold_docs)
    run = write(tmp_path / "run", documents=run_docs)
    columns = evaluate(run, gold)["documents"]["attributes"]
    assert {c: a["accuracy"] for c, a in columns.items()} == {
        "status": 1.0, "symbol": 0.0, "place": 1.0, "issued_date": 0.0, "phone": None}


def test_evaluate_command_prints_aligned_scores_and_misses(tmp_path, capsys):
    from solieu import cli

    gold = write(tmp_path / "gold", GOLD_FIGURES)
    run = write(tmp_path / "run", GOLD_FIGURES[:2])
    assert cli.main(["eval", str(run), "--gold", str(gold)]) == 0
    out = capsys.readouterr().out
    assert "figures     money" in out
    assert "figures missed (false negatives): 1" in out
    assert "khoảng 29 tỉ đồng" in out


def test_evaluate_command_json_holds_the_same_scores(tmp_path, capsys):
    import json

    from solieu import cli

    gold = write(tmp_path / "gold", GOLD_FIGURES)
    run = write(tmp_path / "run", GOLD_FIGURES[:2])
    assert cli.main(["eval", str(run), "--gold", str(gold), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["figures"]["by_kind"]["money"]["recall"] == 0.0


def test_evaluate_command_missing_run_folder_is_a_usage_error(tmp_path, capsys):
    from solieu import cli

    gold = write(tmp_path / "gold", GOLD_FIGURES)
    assert cli.main(["eval", str(tmp_path / "nope"), "--gold", str(gold)]) == 2
    assert "not a folder" in capsys.readouterr().err
