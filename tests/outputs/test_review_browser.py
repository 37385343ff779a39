"""review.html in a real browser (Debian's headless chromium): highlights there, hostile script inert.

The page is made from seed 000 (corpus/txt, a school's report with tables: its
opening and its Phụ lục 3) with a hostile paragraph added; its figures and references are located by the small
patterns below (a stand-in for the extractors, so the page does not change when
they do). The screenshot is kept in tests/artifacts/review.png for people to look at.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import regex

from solieu.outputs.review import span_anchor, write_review
from solieu.pipeline import DocResult

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "txt" / "000_bb398ccc26e072e3.txt"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")

# A report that tries to run code in the analyst's browser (issue 6, item 4).
HOSTILE = (
    "\n\nGhi chú: <script>document.title='HACKED';"
    "document.body.insertAdjacentHTML('beforeend','<p id=\"pwned\">pwned</p>')</script>"
    " <img src=x onerror=\"document.title='HACKED'\"> 12 học sinh <b>đậm</b>\n"
)

# Stand-ins for the extractors, for this page only.
RE_PERCENT = regex.compile(r"\d+(?:,\d+)?\s?%")
RE_COUNT = regex.compile(r"\b\d+(?:\.\d{3})*(?=\s(?:học sinh|giáo viên|phòng|bộ máy|máy|lớp|em))")
RE_CELL = regex.compile(r"(?<=\t)\d+(?:\.\d{3})*(?=[\t\n])")  # a number alone in a table cell
RE_SYMBOL = regex.compile(r"\b\d+(?:/\d{4})?/\s?[\p{Lu}Đ][\p{L}Đ]*(?:-[\p{L}Đ]+)+")


def _seed_result() -> DocResult:
    seed = SEED.read_text(encoding="utf-8")
    # The report's opening, then its Phụ lục 3 tables: the screenshot's first 2000 pixels
    # then hold references, table figures, checks and the hostile paragraph.
    text = seed[:seed.index("II. CÔNG TÁC")] + seed[seed.index("**PHỤ LỤC 3"):] + HOSTILE
    doc_id = "txt/000_bb398ccc26e072e3.txt"
    figures, references = [], []
    for kind, pattern in (("percent", RE_PERCENT), ("count", RE_COUNT), ("score", RE_CELL)):
        for m in pattern.finditer(text):
            figures.append({"doc_id": doc_id, "figure_id": "", "kind": kind, "value": m.group(),
                            "unit": "%" if kind == "percent" else "", "char_start": str(m.start()),
                            "char_end": str(m.end())})
    figures.sort(key=lambda f: int(f["char_start"]))
    for i, figure in enumerate(figures, 1):
        figure["figure_id"] = f"F{i:04d}"
    for i, m in enumerate(RE_SYMBOL.finditer(text), 1):
        references.append({"doc_id": doc_id, "ref_id": f"R{i:04d}", "relation": "cites", "symbol": m.group(),
                           "char_start": str(m.start()), "char_end": str(m.end())})
    return DocResult(doc_id=doc_id, document={"doc_id": doc_id, "status": "ok", "format": "txt",
                                              "title": "Báo cáo sơ kết 02 năm thực hiện Quyết định 131/QĐ-TTg"},
                     figures=figures, references=references, text=text)


def _failed_result() -> DocResult:
    return DocResult(doc_id="văn bản <hỏng>.docx", document={"status": "failed", "error": "docx: zip hỏng"})


class _Marks(HTMLParser):
    """Collects the ids of <mark> elements, and the title and any `pwned` element of a dumped DOM."""

    def __init__(self):
        super().__init__()
        self.mark_ids: list[str] = []
        self.ids: set[str] = set()
        self.links: set[str] = set()
        self.title = ""
        self._in_title = False
        self.filter_hidden = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.links.add(attrs["href"][1:])
        if tag == "mark" and attrs.get("id"):
            self.mark_ids.append(attrs["id"])
        if attrs.get("id") == "filter-box":
            self.filter_hidden = "hidden" in attrs
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _chromium(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="solieu-chromium-") as profile:
        return subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> tuple[Path, DocResult]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (Debian package `chromium`)")
    result = _seed_result()
    checks = pd.DataFrame([
        {"doc_id": result.doc_id, "check": "percent_mismatch", "severity": "error",
         "message": "Tỷ lệ không khớp với số lượng/tổng số", "refs": result.figures[0]["figure_id"]},
        {"doc_id": result.doc_id, "check": "symbol_number_conflict", "severity": "warning",
         "message": "Cùng một văn bản được ghi với hai số khác nhau", "refs": result.references[1]["ref_id"]},
    ])
    frames = {"documents": pd.DataFrame({"doc_id": [result.doc_id, "văn bản <hỏng>.docx"]}),
              "figures": pd.DataFrame(result.figures), "references": pd.DataFrame(result.references),
              "checks": checks}
    path = tmp_path_factory.mktemp("review") / "review.html"
    write_review([result, _failed_result()], frames, path)
    return path, result


@pytest.fixture(scope="module")
def dom(page) -> _Marks:
    path, _ = page
    run = _chromium("--dump-dom", path.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    parsed = _Marks()
    parsed.feed(run.stdout)
    return parsed


def test_review_browser_shows_every_highlight(page, dom):
    _, result = page
    expected = [span_anchor(result.doc_id, r["figure_id"]) for r in result.figures]
    expected += [span_anchor(result.doc_id, r["ref_id"]) for r in result.references]
    assert len(result.figures) >= 20 and len(result.references) >= 3  # the seed gives a real page
    assert sorted(dom.mark_ids) == sorted(expected)


def test_review_browser_every_check_link_lands_on_an_element(dom):
    assert dom.links  # checks, table of contents
    assert dom.links - dom.ids == set()


def test_review_browser_document_script_does_not_run(dom):
    assert dom.title == "solieu — xem lại số liệu"
    assert "pwned" not in dom.ids


def test_review_browser_page_script_runs(dom):
    # The filter box is hidden in the HTML and shown by the page's own script: under the
    # Content-Security-Policy, only that script (allowed by its hash) may run.
    assert dom.filter_hidden is False


def test_review_browser_screenshot(page):
    path, _ = page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "review.png"
    shot.unlink(missing_ok=True)
    run = _chromium(f"--screenshot={shot}", "--window-size=1280,2000", "--hide-scrollbars", path.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a rendered page, not a blank one
