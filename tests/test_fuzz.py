"""Issue 6: extractors and normalizers on random and hostile text never raise and never hang.

Every public text function found in solieu.normalizers and solieu.extractors
(`parse_*`, `canonical_*`, `find_*`, `fold_*`… and `extract`) is fed
hypothesis text built from Vietnamese report pieces and from adversarial
pieces (digit runs, `%` storms, nested brackets, `1.1.1…`, `/QĐ-/QĐ-`, RTL
marks, NUL, spreadsheet formulas, `<script>`). The functions are found by name
at collection time, so the suite grows as issue 3 fills the stubs in.

The hypothesis `deadline` is an honest bound, not a speed test: a regex that
backtracks catastrophically takes seconds to minutes on these inputs, a sound
one milliseconds. The explicit adversarial cases run under an alarm of
`HANG_SECONDS` for the same reason.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from solieu.extractors import extract
from solieu.ingest.build import DocumentBuilder, TableCell
from solieu.redact import redact_text

HANG_SECONDS = 20
# Public text functions by their names; read_*/load_* take file names and are left out.
PREFIXES = ("parse_", "canonical_", "normalize_", "find_", "fold_", "clean_", "title_case_",
            "capitalize_", "symbol_", "is_standard_")
FUZZ = settings(max_examples=60, deadline=2000, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces of real reports (seeds) and pieces meant to hurt a parser.
REPORT_PIECES = [
    "Số: 26/BC-THCSLU", "Quyết định số 131/QĐ-TTg ngày 25/01/2022", "4725/ QĐ- BGDDT",
    "73/2019/NĐ-CP", "Thanh Trì, ngày 6 tháng 3 năm 2025", "ngày   tháng 7 năm 2020",
    "55/282 (19,50%)", "1.928 học sinh", "29 tỉ đồng", "6,76 tỷ USD", "15.507,3 m2",
    "từ 60% đến 80%", "khoảng 35%", "84/100 điểm", "Mức độ 2", "năm học 2023-2024",
    "Tổng số giáo viên có máy tính", "\t", "\n", " ", "Ð", "Đ", "đ", "%", ",", ".", "/",
    "-", "(", ")", "0978492914", "a.b@x.vn", "4.0", "10:30", "I.", "1.", "a)", "+",
]
HOSTILE_PIECES = [
    "1" * 50, "%" * 50, "(" * 50, ")" * 50, "1.1.1.1.", "/QĐ-/QĐ-", "\u200f", "\u202e", "\u200b",
    "\x00", "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "9" * 30 + ",", "ngày ngày ",
    "tháng tháng", "năm năm", "Số:Số:", "\ufeff", "\r", "\u0301", "𝟙𝟚𝟛", "١٢٣", "１２３",
]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(REPORT_PIECES + HOSTILE_PIECES), max_size=80).map("".join),
    st.lists(st.one_of(st.sampled_from(REPORT_PIECES), st.text(max_size=5)), max_size=60).map(" ".join),
)

ADVERSARIAL = {
    "digits_5000": "1" * 5000,
    "digits_5000_percent": "9" * 5000 + "%",
    "percent_5000": "%" * 5000,
    "brackets_open_5000": "(" * 5000,
    "brackets_nested": "(" * 2000 + "1" + ")" * 2000,
    "dotted_2500": "1." * 2500,
    "dotted_thousands": "1.000" * 1000,
    "decimal_commas": "1,5 " * 2000,
    "symbol_codes": "/QĐ-" * 1000,
    "symbol_numbers": "Số: " + "1/" * 2000,
    "symbol_spaced": "4725/ QĐ- " * 800,
    "rtl_marks": "\u200f55\u200e/282\u202e (19,50%)" * 300,
    "nul": "\x00" * 2000 + "55/282" + "\x00" * 2000,
    "formula": "=cmd|' /C calc'!A0 " * 200,
    "script": "<script>alert('x')</script> 55/282 (19,50%) " * 200,
    "dates_words": "ngày " * 2000 + "tháng 3 năm 2025",
    "spaces": " " * 20000,
    "newlines": "\n" * 5000,
    "tabs": "\t" * 5000,
    "money_words": "29 tỉ " * 1000 + "đồng",
    "percent_words": "từ 60% đến " * 1000 + "80%",
    "emails": "a" * 5000 + "@",
    "phones": "0" * 5000,
    "long_word": "Đ" * 20000,
}


def document_from_text(text: str):
    """A Document as a .txt reader would build it, plus the text's lines as a one-column table."""
    builder = DocumentBuilder(doc_id="fuzz.txt", path="fuzz.txt", format="txt")
    for line in text.split("\n"):
        builder.add_paragraph(line)
    rows = [line.split("\t") for line in text.split("\n")[:20]]
    builder.add_table([TableCell(text=cell, row=r, col=c)
                       for r, row in enumerate(rows) for c, cell in enumerate(row[:10])])
    return builder.build(encoding="utf-8")


def _public_text_functions() -> dict[str, tuple[object, str]]:
    """name -> (function, "doc" or "text") for every one-argument public function we can feed."""
    found: dict[str, tuple[object, str]] = {}
    for package_name in ("solieu.normalizers", "solieu.extractors"):
        package = importlib.import_module(package_name)
        modules = [package] + [importlib.import_module(f"{package_name}.{info.name}")
                               for info in pkgutil.iter_modules(package.__path__)]
        for module in modules:
            for name, function in vars(module).items():
                # inspect.unwrap: a cached function (functools.lru_cache) is still a text function.
                if not (name.startswith(PREFIXES) and inspect.isfunction(inspect.unwrap(function))):
                    continue
                if not function.__module__.startswith(package_name):
                    continue
                required = [p for p in inspect.signature(function).parameters.values()
                            if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
                if len(required) != 1:
                    continue
                annotation = str(required[0].annotation)
                if "Match" in annotation:  # takes a regex match, not text (symbol_from_match)
                    continue
                feed = ("doc" if "Document" in annotation or required[0].name == "doc"
                        else "lines" if "list" in annotation or required[0].name == "lines" else "text")
                found[f"{function.__module__.removeprefix('solieu.')}.{name}"] = (function, feed)
    return dict(sorted(found.items()))


FUNCTIONS = _public_text_functions()


@contextmanager
def hang_guard(seconds: int = HANG_SECONDS):
    """Raise TimeoutError if the block runs longer than `seconds` (a hang, not slowness)."""
    def on_alarm(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: catastrophic backtracking?")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check_extract(text: str) -> None:
    """extract(doc) never raises, and every record points inside the text."""
    doc = document_from_text(text)
    extraction = extract(doc)
    for record in (*extraction.figures, *extraction.references):
        start, end = getattr(record, "char_start", None), getattr(record, "char_end", None)
        if start is not None and end is not None:
            assert 0 <= start <= end <= len(doc.text), record


def call(function, feed: str, text: str):
    if feed == "doc":
        return function(document_from_text(text))
    return function(text.split("\n") if feed == "lines" else text)


def test_fuzz_finds_the_entry_points():
    """The discovery itself works: at least the extractor stubs are there to be fed."""
    assert "extractors.figures.find_figures" in FUNCTIONS
    assert "extractors.references.find_references" in FUNCTIONS


@FUZZ
@given(text=texts)
def test_fuzz_extract_never_raises(text):
    check_extract(text)


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_fuzz_function_never_raises(name):
    function, feed = FUNCTIONS[name]

    @FUZZ
    @given(text=texts)
    def run(text):
        call(function, feed, text)

    run()


@FUZZ
@given(text=texts)
@example(text="Người lập biểu: " + "Phạm " * 2000)
@example(text="a" * 5000 + "@")
def test_fuzz_redact_text_keeps_length(text):
    assert len(redact_text(text)) == len(text)


@pytest.mark.parametrize("case", list(ADVERSARIAL))
def test_fuzz_adversarial_extract(case):
    with hang_guard():
        check_extract(ADVERSARIAL[case])


@pytest.mark.parametrize(("case", "name"), [(case, name) for name in FUNCTIONS for case in ADVERSARIAL])
def test_fuzz_adversarial_function(case, name):
    function, feed = FUNCTIONS[name]
    with hang_guard():
        call(function, feed, ADVERSARIAL[case])


@pytest.mark.parametrize("case", list(ADVERSARIAL))
def test_fuzz_adversarial_redact_text(case):
    with hang_guard():
        assert len(redact_text(ADVERSARIAL[case])) == len(ADVERSARIAL[case])
