"""checks.csv: one test (or example table) per check, on literal frames shaped like a batch."""

import pandas as pd
import pytest

from solieu.outputs.checks import frames_to_checks, show, to_decimal
from solieu.outputs.columns import CHECK_NAMES, CHECKS_COLUMNS, DOCUMENTS_COLUMNS, FIGURES_COLUMNS, \
    REFERENCES_COLUMNS, SEVERITIES

SEED_000 = "txt/000_bb398ccc26e072e3.txt"
SEED_004 = "txt/004_162c74f4c20a2e69.txt"


def fig(doc_id, figure_id, kind, value, **cells):
    start = int(figure_id[1:]) * 10
    row = {"doc_id": doc_id, "figure_id": figure_id, "kind": kind, "value": value,
           "unit": "%" if kind == "percent" else "", "source": "table", "char_start": str(start),
           "char_end": str(start + 3), **cells}
    return {c: row.get(c, "") for c in FIGURES_COLUMNS}


def ref(doc_id, ref_id, symbol, issued_date="", **cells):
    number, _, code = symbol.partition("/")
    row = {"doc_id": doc_id, "ref_id": ref_id, "relation": "cites", "symbol": symbol, "raw": symbol,
           "number": number, "code": code, "issued_date": issued_date, "char_start": str(int(ref_id[1:]) * 10),
           **cells}
    return {c: row.get(c, "") for c in REFERENCES_COLUMNS}


def doc(doc_id, **cells):
    row = {"doc_id": doc_id, "status": "ok", "sha256": doc_id.encode().hex(), **cells}
    return {c: row.get(c, "") for c in DOCUMENTS_COLUMNS}


def checks_of(figures=(), references=(), documents=()):
    frames = {"documents": pd.DataFrame(list(documents), columns=list(DOCUMENTS_COLUMNS)),
              "figures": pd.DataFrame(list(figures), columns=list(FIGURES_COLUMNS)),
              "references": pd.DataFrame(list(references), columns=list(REFERENCES_COLUMNS))}
    return frames_to_checks(frames)


def only(checks, name):
    return checks[checks["check"] == name].to_dict("records")


# Seed 000, Phụ lục 3 (lines 158–180): the 100% rows state the school's own totals.
SEED_000_FIGURES = [
    fig(SEED_000, "F0001", "count", "64", unit="giáo viên", percent="100",
        indicator="teachers_with_computer", label="Tổng số giáo viên có máy tính"),
    fig(SEED_000, "F0002", "count", "750", unit="học sinh", percent="45.3",
        indicator="students_with_computer", label="Tổng số học sinh có máy tính"),
    fig(SEED_000, "F0003", "count", "1355", unit="học sinh", percent="81.8",
        indicator="students_with_internet", label="Tổng số học sinh có đường truyền Internet"),
    fig(SEED_000, "F0004", "count", "1450", unit="học sinh", percent="91",
        indicator="students_on_platform", label="Số lượng học sinh tham gia sử dụng nền tảng"),
    fig(SEED_000, "F0005", "count", "1655", unit="người học", percent="100",
        indicator="learners_digital_records",
        label="Số lượng người học được quản lý bằng hồ sơ số với định danh thống nhất"),
    fig(SEED_000, "F0006", "count", "15", unit="hồ sơ", percent="70",
        indicator="applications_online_level34", label="Số lượng hồ sơ giải quyết trực tuyến mức độ 3 và 4"),
]


def test_checks_percent_mismatch_against_documents_own_total():
    found = only(checks_of(SEED_000_FIGURES), "percent_mismatch")
    # 750 → 45,3% and 1355 → 81,8% of 1655 agree; 1450 is 87,6% of 1655, not 91%; 15 hồ sơ has no base.
    assert [c["refs"] for c in found] == ["F0004 F0005"]
    assert "87,6%" in found[0]["message"] and "1655" in found[0]["message"]
    assert found[0]["severity"] == "warning"


# fmt: off
PERCENT_VS_TOTAL = [
    # (value, total, percent, flagged)
    ("55", "282", "19.5", False),   # 19,50%: 55/282 = 19,50
    ("55", "282", "19", True),      # 0,5 points off: more than the tolerance
    ("55", "282", "20", False),     # 0,50 points: within the tolerance (≤ 0,5)
    ("64", "64", "100", False),
]
# fmt: on


@pytest.mark.parametrize("value,total,percent,flagged", PERCENT_VS_TOTAL)
def test_checks_percent_mismatch_against_stated_total(value, total, percent, flagged):
    figures = [fig("a.txt", "F0001", "count", value, total=total, percent=percent, unit="giáo viên")]
    assert bool(only(checks_of(figures), "percent_mismatch")) is flagged


@pytest.mark.parametrize("figure,flagged", [
    (fig("a.txt", "F0001", "percent", "120"), True),
    (fig("a.txt", "F0001", "percent", "100"), False),
    (fig("a.txt", "F0001", "percent", "60", upper="180", qualifier="range"), True),
    (fig("a.txt", "F0001", "count", "64", percent="100.5", unit="giáo viên"), True),
])
def test_checks_percent_over_100(figure, flagged):
    assert bool(only(checks_of([figure]), "percent_over_100")) is flagged


@pytest.mark.parametrize("value,total,flagged", [("55", "282", False), ("300", "282", True), ("282", "282", False)])
def test_checks_total_below_count(value, total, flagged):
    found = only(checks_of([fig("a.txt", "F0001", "count", value, total=total, unit="học sinh")]),
                 "total_below_count")
    assert bool(found) is flagged
    if flagged:
        assert found[0]["severity"] == "error"


def _table(rows):
    figures = []
    for row_number, (label, values) in enumerate(rows, 1):
        for value in values:
            figures.append(fig("t.txt", f"F{len(figures) + 1:04d}", "count", value, unit="học sinh",
                               label=label, location=f"p.1 table 1 row {row_number}"))
    return figures


def test_checks_sum_mismatch_table_total_row():
    figures = _table([("Trường A", ["120", "4"]), ("Trường B", ["80", "3"]), ("Tổng cộng", ["210", "7"])])
    found = only(checks_of(figures), "sum_mismatch")
    assert len(found) == 1  # the first column: 120 + 80 = 200, not 210; 4 + 3 = 7 is right
    assert found[0]["refs"] == "F0005 F0001 F0003" and "200" in found[0]["message"]


def test_checks_sum_mismatch_ignores_form_rows_that_start_with_tong_so():
    # Seed 000 line 158: "Tổng số giáo viên có máy tính" is a form row, not a total row.
    figures = _table([("Tổng số giáo viên có máy tính", ["64"]), ("Tổng số học sinh có máy tính", ["750"])])
    assert only(checks_of(figures), "sum_mismatch") == []


def test_checks_sum_mismatch_leaves_ragged_tables_alone():
    figures = _table([("Trường A", ["120", "4"]), ("Trường B", ["80"]), ("Tổng số", ["210", "7"])])
    assert only(checks_of(figures), "sum_mismatch") == []


def _self_assessment(group_total):
    # Seed 004, Bảng tự đánh giá: 25 + 10 + 15 + 16 + 18 = 84 for group 1.
    scores = [("dx_teaching_score", group_total), ("dx_1_3", "25"), ("dx_1_4", "10"), ("dx_1_5", "15"),
              ("dx_1_6", "16"), ("dx_1_7", "18")]
    return [fig(SEED_004, f"F{i:04d}", "score", value, unit="điểm", indicator=key)
            for i, (key, value) in enumerate(scores, 1)]


@pytest.mark.parametrize("group_total,flagged", [("84", False), ("86", True)])
def test_checks_sum_mismatch_score_group(group_total, flagged):
    found = only(checks_of(_self_assessment(group_total)), "sum_mismatch")
    assert bool(found) is flagged
    if flagged:
        assert "25 + 10 + 15 + 16 + 18" in found[0]["message"] and found[0]["refs"].startswith("F0001 ")


def test_checks_sum_mismatch_score_group_with_a_missing_criterion_is_left_to_form_incomplete():
    figures = [f for f in _self_assessment("86") if f["indicator"] != "dx_1_5"]
    assert only(checks_of(figures), "sum_mismatch") == []


def test_checks_symbol_date_conflict_in_one_document():
    # Seed 004: Kế hoạch số 88/KH-GDNN-GDTXTT ngày 06/3/2023, later ngày 06/3/2025.
    refs = [ref(SEED_004, "R0003", "88/KH-GDNN-GDTXTT", "2023-03-06"),
            ref(SEED_004, "R0009", "88/KH-GDNN-GDTXTT", "2025-03-06"),
            ref(SEED_004, "R0012", "4725/QĐ-BGDĐT", "2022-12-30"),
            ref(SEED_004, "R0013", "4725/QĐ-BGDĐT", "")]  # no date is no conflict
    found = only(checks_of(references=refs), "symbol_date_conflict")
    assert [(c["refs"], c["severity"]) for c in found] == [("R0003 R0009", "warning")]
    assert "2023-03-06, 2025-03-06" in found[0]["message"]


def test_checks_symbol_date_conflict_across_the_batch():
    refs = [ref("a.txt", "R0001", "4725/QĐ-BGDĐT", "2022-12-30"),
            ref("b.txt", "R0001", "4725/QĐ-BGDĐT", "2022-12-03"),
            ref("c.txt", "R0001", "4725/QĐ-BGDĐT", "2022-12-30")]
    found = only(checks_of(references=refs), "symbol_date_conflict")
    assert [c["doc_id"] for c in found] == ["a.txt", "b.txt", "c.txt"]
    assert {c["severity"] for c in found} == {"info"}
    assert "a.txt, c.txt" in found[1]["message"]


def test_checks_symbol_date_conflict_across_years_is_another_document():
    # A yearless number restarts every year: 88/KH-… of 2023 and of 2025 are two plans.
    refs = [ref("a.txt", "R0001", "88/KH-GDNN-GDTXTT", "2023-03-06"),
            ref("b.txt", "R0001", "88/KH-GDNN-GDTXTT", "2025-03-06")]
    assert only(checks_of(references=refs), "symbol_date_conflict") == []


# fmt: off
NUMBER_CONFLICTS = [
    # (first, second, flagged)
    (("75/PGDDĐT-CNTT", "2024-02-21"), ("15/PGDDĐT-CNTT", "2024-02-21"), True),   # seed 000 lines 7, 155
    (("75/PGDDĐT-CNTT", "2024-02-21"), ("15/PGDDĐT-CNTT", "2024-03-01"), False),  # another day: another letter
    (("75/PGDDĐT-CNTT", "2024-02-21"), ("75/PGDDĐT-CNTT", "2024-02-21"), False),  # the same letter twice
    (("75/PGDDĐT-CNTT", "2024-02-21"), ("15/PGDDĐT-VP", "2024-02-21"), False),    # another office
]
# fmt: on


@pytest.mark.parametrize("first,second,flagged", NUMBER_CONFLICTS)
def test_checks_symbol_number_conflict(first, second, flagged):
    refs = [ref(SEED_000, "R0002", first[0], first[1], ref_type="Công văn"),
            ref(SEED_000, "R0009", second[0], second[1], ref_type="Công văn")]
    found = only(checks_of(references=refs), "symbol_number_conflict")
    assert bool(found) is flagged
    if flagged:
        assert found[0]["refs"] == "R0002 R0009" and "15/PGDDĐT-CNTT, 75/PGDDĐT-CNTT" in found[0]["message"]


@pytest.mark.parametrize("raw,flagged", [
    ("131/QĐ-TTg", False),
    ("26/ KH-THCSLU", True),       # seed 000: a space after the slash
    ("4725/QĐ- BGDDT", True),      # seed 004: a space and a misspelt issuer code
    ("73/2019/NĐ-CP", False),
])
def test_checks_symbol_nonstandard(raw, flagged):
    found = only(checks_of(references=[ref("a.txt", "R0001", raw.replace(" ", ""), raw=raw)]),
                 "symbol_nonstandard")
    assert bool(found) is flagged
    if flagged:
        assert raw in found[0]["message"] and found[0]["severity"] == "info"


def test_checks_date_blank_day_in_document_and_reference():
    # `ngày   tháng 7 năm 2020` → 2020-07 (contract, documents.csv issued_date)
    found = only(checks_of(references=[ref("a.txt", "R0002", "12/KH-UBND", "2021-05"),
                                       ref("a.txt", "R0003", "13/KH-UBND", "2021-05-04")],
                           documents=[doc("a.txt", issued_date="2020-07"), doc("b.txt", issued_date="2020-07-15")]),
                 "date_blank_day")
    assert [(c["doc_id"], c["refs"]) for c in found] == [("a.txt", ""), ("a.txt", "R0002")]


def test_checks_form_incomplete():
    found = only(checks_of(SEED_000_FIGURES), "form_incomplete")
    assert len(found) == 1 and found[0]["doc_id"] == SEED_000
    assert "Phụ lục 3" in found[0]["message"] and "thiếu 12 dòng" in found[0]["message"]
    assert "Tổng số giáo viên có đường truyền Internet" in found[0]["message"]


def test_checks_form_incomplete_needs_a_few_keys_before_calling_it_a_form():
    assert only(checks_of(SEED_000_FIGURES[:2]), "form_incomplete") == []


def test_checks_duplicate_input():
    documents = [doc("a.txt", sha256="ab" * 32), doc("copy/a.txt", sha256="ab" * 32), doc("b.txt")]
    found = only(checks_of(documents=documents), "duplicate_input")
    assert [(c["doc_id"], c["severity"]) for c in found] == [("a.txt", "warning"), ("copy/a.txt", "warning")]
    assert "copy/a.txt" in found[0]["message"]


def test_checks_duplicate_input_names_five_others_and_counts_the_rest():
    # The same report sent by 9 schools: each row names 5 of the 8 others, not a list of thousands.
    documents = [doc(f"truong-{i}.txt", sha256="cd" * 32) for i in range(9)]
    found = only(checks_of(documents=documents), "duplicate_input")
    assert len(found) == 9
    assert "truong-1.txt, truong-2.txt, truong-3.txt, truong-4.txt, truong-5.txt và 3 văn bản khác" \
        in found[0]["message"]


def test_checks_frame_has_contract_columns_names_and_severities():
    checks = checks_of(SEED_000_FIGURES + _self_assessment("86"),
                       [ref(SEED_000, "R0001", "26/KH-THCSLU", raw="26/ KH-THCSLU")])
    assert tuple(checks.columns) == CHECKS_COLUMNS
    assert set(checks["check"]) <= set(CHECK_NAMES) and set(checks["severity"]) <= set(SEVERITIES)
    assert list(checks["doc_id"]) == sorted(checks["doc_id"])


def test_checks_empty_batch_gives_empty_frame():
    checks = checks_of()
    assert checks.empty and tuple(checks.columns) == CHECKS_COLUMNS


@pytest.mark.parametrize("text,shown", [("87.613", "87,6"), ("84", "84"), ("0.45", "0,5")])
def test_checks_numbers_in_messages_use_decimal_comma(text, shown):
    assert show(to_decimal(text)) == shown


def test_checks_cross_report_rows_merge_with_local_ones_by_position():
    # a.txt: a nonstandard symbol at R0001 (10), a date conflict at R0002/R0005 (20), the symbol
    # another report cites with another date at R0003 (30), the file sent twice (no refs: first).
    refs = [ref("a.txt", "R0001", "26/KH-THCSLU", raw="26/ KH-THCSLU"),
            ref("a.txt", "R0002", "88/KH-GDNN", "2023-03-06"), ref("a.txt", "R0005", "88/KH-GDNN", "2023-05-06"),
            ref("a.txt", "R0003", "4725/QĐ-BGDĐT", "2022-12-30"),
            ref("b.txt", "R0001", "4725/QĐ-BGDĐT", "2022-12-03")]
    documents = [doc("a.txt", sha256="ab" * 32), doc("b.txt", sha256="ab" * 32)]
    found = checks_of(references=refs, documents=documents)
    assert [(c["check"], c["refs"]) for c in found.to_dict("records") if c["doc_id"] == "a.txt"] == [
        ("duplicate_input", ""), ("symbol_nonstandard", "R0001"), ("symbol_date_conflict", "R0002 R0005"),
        ("symbol_date_conflict", "R0003")]


def test_checks_symbol_date_conflict_rows_on_equal_keys_keep_one_pass_order():
    # Citations without ref_ids: every symbol_date_conflict row of a.txt has the same sort key,
    # so the order is that of one pass over the symbols: X in a.txt, X across, Y in a.txt, Y across.
    def unnamed(doc_id, symbol, issued_date):
        row = {"doc_id": doc_id, "symbol": symbol, "raw": symbol, "issued_date": issued_date, "char_start": "5"}
        return {c: row.get(c, "") for c in REFERENCES_COLUMNS}

    refs = [unnamed("a.txt", "1/KH-X", "2023-01-01"), unnamed("a.txt", "2/KH-Y", "2023-02-01"),
            unnamed("a.txt", "1/KH-X", "2023-01-09"), unnamed("a.txt", "2/KH-Y", "2023-02-09"),
            unnamed("b.txt", "1/KH-X", "2023-01-20"), unnamed("b.txt", "2/KH-Y", "2023-02-20")]
    found = [c for c in only(checks_of(references=refs), "symbol_date_conflict") if c["doc_id"] == "a.txt"]
    assert [(c["severity"], c["message"].count("KH-X") > 0) for c in found] == [
        ("warning", True), ("info", True), ("warning", False), ("info", False)]


def test_checks_of_a_document_are_its_local_checks_merged_with_the_answers_of_its_questions():
    from solieu.extractors.indicators import load_catalog
    from solieu.outputs.batch_index import BatchIndex
    from solieu.outputs.checks import answered_checks, document_checks, in_check_order, local_checks_and_questions

    rows = {"documents": [doc("a.txt", sha256="ab" * 32)],
            "figures": [dict(f, doc_id="a.txt") for f in SEED_000_FIGURES],
            "references": [ref("a.txt", "R0003", "4725/QĐ-BGDĐT", "2022-12-30")]}
    index = BatchIndex.of([rows["documents"][0], doc("b.txt", sha256="ab" * 32)],
                          [*rows["references"], ref("b.txt", "R0001", "4725/QĐ-BGDĐT", "2022-12-03")])
    local, questions = local_checks_and_questions(rows, load_catalog())
    assert [q.message_id for q in questions] == ["duplicate_input", "symbol_date_conflict.batch"]
    assert [row for _, row in local] == document_checks(rows, load_catalog())  # no index: local checks only
    merged = [row for _, row in in_check_order(local + answered_checks(questions, index))]
    assert merged == document_checks(rows, load_catalog(), index)
    assert {r["check"] for r in merged} >= {"duplicate_input", "symbol_date_conflict", "percent_mismatch"}
