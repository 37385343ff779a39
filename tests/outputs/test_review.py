"""review.html: highlights, tooltips, check links, escaping, atomic write."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from solieu.outputs.review import (checks_html, doc_anchor, figure_tooltip, highlight_text, span_anchor, text_html,
                                   write_review)
from solieu.pipeline import DocResult

TEXT = (
    "Thực hiện Công văn số 1782/SGDĐT-VP ngày 25/9/2023.\n"
    "Có 55/282 (19,50%) giáo viên có máy tính. <script>document.title='HACKED'</script>\n"
    "TT\tNội dung\tSố lượng\n1\tTổng số học sinh\t1.928\n"
)


def _figure(figure_id: str, surface: str, **cells) -> dict:
    start = TEXT.index(surface)
    return {"doc_id": "txt/a.txt", "figure_id": figure_id, "char_start": str(start),
            "char_end": str(start + len(surface)), **cells}


def _result(doc_id: str = "txt/a.txt") -> DocResult:
    start = TEXT.index("1782/SGDĐT-VP")
    return DocResult(
        doc_id=doc_id,
        document={"doc_id": doc_id, "status": "ok", "format": "txt"},
        figures=[
            _figure("F0001", "55/282", kind="count", value="55", unit="giáo viên", total="282", percent="19.5"),
            _figure("F0002", "1.928", kind="count", value="1928", unit="học sinh", label="Tổng số học sinh"),
            {"doc_id": doc_id, "figure_id": "F0003", "kind": "percent", "value": "7", "char_start": "",
             "char_end": ""},
        ],
        references=[{"doc_id": doc_id, "ref_id": "R0001", "relation": "cites", "ref_type": "Công văn",
                     "symbol": "1782/SGDĐT-VP", "char_start": str(start), "char_end": str(start + 13)}],
        text=TEXT,
    )


CHECKS = pd.DataFrame([
    {"doc_id": "txt/a.txt", "check": "percent_over_100", "severity": "info", "message": "xem F0003",
     "refs": "F0003"},
    {"doc_id": "txt/a.txt", "check": "percent_mismatch", "severity": "error",
     "message": "55/282 là 19,50%? <b>", "refs": "F0001; R0001"},
])


def _write(tmp_path: Path, checks=CHECKS, results=None) -> str:
    path = tmp_path / "review.html"
    frames = {"documents": pd.DataFrame({"doc_id": ["txt/a.txt"]})}
    if checks is not None:
        frames["checks"] = checks
    write_review(results if results is not None else [_result()], frames, path)
    return path.read_text(encoding="utf-8")


# fmt: off
@pytest.mark.parametrize("text, spans, expected", [
    ("55 giáo viên", [(0, 2, "a", "k-count", "t")],
     '<mark id="a" class="k-count" title="t">55</mark> giáo viên'),
    # a figure inside a reference nests inside its mark
    ("số 15/KH", [(3, 8, "r", "k-ref", "t"), (3, 5, "f", "k-count", "t")],
     'số <mark id="r" class="k-ref" title="t"><mark id="f" class="k-count" title="t">15</mark>/KH</mark>'),
    # a span crossing the end of an open one is cut there, the markup stays well formed
    ("abcdef", [(0, 3, "a", "k-count", "t"), (2, 5, "b", "k-percent", "t")],
     '<mark id="a" class="k-count" title="t">ab<mark id="b" class="k-percent" title="t">c</mark></mark>def'),
    ("<i>&", [], "&lt;i&gt;&amp;"),
    ("a\tb", [], 'a<span class="tab">\t</span>b'),
    ('x"', [(0, 1, "a", "k-count", 'say "<hi>"')],
     '<mark id="a" class="k-count" title="say &quot;&lt;hi&gt;&quot;">x</mark>&quot;'),
])
# fmt: on
def test_review_highlight_text_marks_and_escapes(text, spans, expected):
    assert highlight_text(text, spans) == expected


# fmt: off
@pytest.mark.parametrize("row, expected", [
    ({"figure_id": "F1", "kind": "percent", "value": "60", "upper": "80", "unit": "%", "qualifier": "range"},
     "F1 · percent · range 60–80 %"),
    ({"figure_id": "F2", "kind": "money", "value": "29000000000", "unit": "VND"},
     "F2 · money · 29000000000 VND"),
    ({"figure_id": "F3", "kind": "score", "value": "84", "unit": "điểm", "max_value": "100",
      "indicator": "dx_teaching_score"},
     "F3 · score · 84 điểm · tối đa 100 · dx_teaching_score"),
])
# fmt: on
def test_review_figure_tooltip_shows_normalized_value(row, expected):
    assert figure_tooltip(row) == expected


def test_review_every_figure_and_reference_is_highlighted_by_kind(tmp_path):
    page = _write(tmp_path)
    anchor = span_anchor("txt/a.txt", "F0001")
    assert f'<mark id="{anchor}" class="k-count flagged" title="F0001 · count · 55 giáo viên · /282 · 19.5%' in page
    assert f'id="{span_anchor("txt/a.txt", "F0002")}" class="k-count"' in page
    assert f'id="{span_anchor("txt/a.txt", "R0001")}" class="k-ref flagged"' in page
    assert ">1782/SGDĐT-VP</mark>" in page


def test_review_figure_without_offsets_is_listed_with_its_anchor(tmp_path):
    page = _write(tmp_path)
    assert "Không định vị được trong văn bản" in page
    assert f'id="{span_anchor("txt/a.txt", "F0003")}"' in page


def test_review_checks_come_first_errors_first_and_link_to_spans(tmp_path):
    page = _write(tmp_path)
    checks_at, text_at = page.index('<table class="checks">'), page.index('<div class="text">')
    assert checks_at < text_at
    assert page.index("percent_mismatch") < page.index("percent_over_100")
    assert f'<a href="#{span_anchor("txt/a.txt", "F0001")}">F0001</a>' in page
    assert f'<a href="#{span_anchor("txt/a.txt", "R0001")}">R0001</a>' in page
    assert "55/282 là 19,50%? &lt;b&gt;" in page


@pytest.mark.parametrize("checks", [None, pd.DataFrame(), pd.DataFrame(columns=["doc_id", "check"])])
def test_review_page_is_written_without_checks(tmp_path, checks):
    page = _write(tmp_path, checks=checks)
    assert "Không có kiểm tra nào." in page
    assert "Kiểm tra (0)" in page


def test_review_document_script_is_escaped(tmp_path):
    page = _write(tmp_path)
    assert "&lt;script&gt;document.title=&#x27;HACKED&#x27;&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # the page's own filter script only


def test_review_is_self_contained(tmp_path):
    page = _write(tmp_path)
    assert "http://" not in page and "https://" not in page
    assert "default-src &#x27;none&#x27;" in page  # CSP: nothing may load


def test_review_filter_and_table_of_contents_name_each_document(tmp_path):
    page = _write(tmp_path)
    assert '<option value="txt/a.txt">' in page
    assert f'<li data-doc="txt/a.txt"><a href="#{doc_anchor("txt/a.txt")}">' in page
    assert f'<section class="doc" id="{doc_anchor("txt/a.txt")}" data-doc="txt/a.txt">' in page


def test_review_failed_document_shows_status_and_error(tmp_path):
    failed = DocResult(doc_id="văn bản hỏng.docx", document={"status": "failed", "error": "corrupt <zip>"}, text="")
    page = _write(tmp_path, results=[_result(), failed])
    assert '<span class="status-failed">failed</span>' in page
    assert "lỗi: corrupt &lt;zip&gt;" in page
    assert page.index("txt/a.txt</h2>") < page.index("văn bản hỏng.docx</h2>")  # doc_id order


@pytest.mark.parametrize("doc_id", ['Báo cáo "số 1".txt', "a b.txt", "a-b.txt", "x/<y>.txt"])
def test_review_doc_anchor_is_html_safe(doc_id):
    anchor = doc_anchor(doc_id)
    assert html.escape(anchor) == anchor and " " not in anchor


def test_review_doc_anchor_keeps_similar_names_apart():
    assert doc_anchor("a b.txt") != doc_anchor("a-b.txt")


def test_review_failed_write_leaves_previous_page(tmp_path):
    path = tmp_path / "review.html"
    path.write_text("previous", encoding="utf-8")

    class Broken(DocResult):
        @property
        def text(self):
            raise RuntimeError("spool gone")

        @text.setter
        def text(self, value):
            pass

    with pytest.raises(RuntimeError):
        write_review([Broken(doc_id="x", document={})], {}, path)
    assert path.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["review.html"]


def test_review_checks_html_links_document_level_check_to_section():
    checks = pd.DataFrame([{"doc_id": "b.txt", "check": "duplicate_input", "severity": "warning",
                            "message": "trùng a.txt", "refs": ""}])
    assert f'<a href="#{doc_anchor("b.txt")}">b.txt</a>' in checks_html(checks)


def test_review_document_section_repeats_its_checks(tmp_path):
    page = _write(tmp_path)
    section = page[page.index('<section class="doc"'):]
    assert '<ul class="doc-checks"><li><span class="sev-error">error</span> percent_mismatch:' in section


# fmt: off
@pytest.mark.parametrize("text, spans, expected", [
    # tab-separated rows become a table; each figure stays in its cell
    ("Bảng\nA\t64\nB\t100\nhết", [(7, 9, "f1", "k-count", "t"), (12, 15, "f2", "k-count", "t")],
     'Bảng\n<table class="doc-table"><tr><td>A</td><td><mark id="f1" class="k-count" title="t">64</mark></td></tr>'
     '<tr><td>B</td><td><mark id="f2" class="k-count" title="t">100</mark></td></tr></table>\nhết'),
    # a span across two cells: its id in the first cell, a continuation mark in the next
    ("a\tbc", [(0, 4, "r", "k-ref", "t")],
     '<table class="doc-table"><tr><td><mark id="r" class="k-ref" title="t">a</mark></td>'
     '<td><mark class="k-ref" title="t">bc</mark></td></tr></table>'),
    # a span that starts on the tab itself keeps its id, in the next cell
    ("a\tbc", [(1, 3, "g", "k-count", "t")],
     '<table class="doc-table"><tr><td>a</td><td><mark id="g" class="k-count" title="t">b</mark>c</td></tr></table>'),
    ("<x>\t&", [], '<table class="doc-table"><tr><td>&lt;x&gt;</td><td>&amp;</td></tr></table>'),
])
# fmt: on
def test_review_text_html_renders_tables_and_keeps_every_anchor(text, spans, expected):
    assert text_html(text, spans) == expected


class _Tree(HTMLParser):
    """Checks that marks nest properly and collects mark ids and the text shown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.data: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        self.ids += [value for name, value in attrs if name == "id"]

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"</{tag}> closes nothing open"

    def handle_data(self, data):
        self.data.append(data)


@st.composite
def _text_and_spans(draw):
    text = draw(st.text(alphabet="ab 5%\t\n<&đ", max_size=40))
    n = draw(st.integers(0, 6))
    spans = []
    for i in range(n):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        spans.append((start, end, f"s{i}", "k-count", "t"))
    return text, sorted(spans, key=lambda s: (s[0], -s[1]))


@given(_text_and_spans())
def test_review_text_html_is_well_formed_with_one_anchor_per_span(case):
    text, spans = case
    tree = _Tree()
    tree.feed(text_html(text, spans))
    tree.close()
    assert tree.stack == []
    assert sorted(tree.ids) == sorted(s[2] for s in spans)
    assert "".join("".join(tree.data).split()) == "".join(text.split())  # no text lost or added


def test_review_written_by_solieu_run_with_hostile_report(tmp_path):
    from solieu.cli import main

    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "<img src=x onerror=alert(1)>.txt").write_text(
        "Thực hiện Công văn số 1782/SGDĐT-VP ngày 25/9/2023.\n<script>alert('x')</script>\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(reports), "--out", str(out), "--workers", "1", "--quiet", "--no-xlsx"]) == 0
    page = (out / "review.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<h2>&lt;img src=x onerror=alert(1)&gt;.txt</h2>" in page
    assert page.count("<script>") == 1
    assert main(["run", str(reports), "--out", str(tmp_path / "plain"), "--workers", "1", "--quiet",
                 "--no-xlsx", "--no-html"]) == 0
    assert not (tmp_path / "plain" / "review.html").exists()


def test_review_check_ref_without_a_span_is_not_a_broken_link(tmp_path):
    checks = pd.DataFrame([{"doc_id": "txt/a.txt", "check": "symbol_date_conflict", "severity": "warning",
                            "message": "hai ngày", "refs": "R0001 R0404"}])
    path = tmp_path / "review.html"
    frames = {"figures": pd.DataFrame(_result().figures), "references": pd.DataFrame(_result().references),
              "checks": checks}
    write_review([_result()], frames, path)
    page = path.read_text(encoding="utf-8")
    assert f'<a href="#{span_anchor("txt/a.txt", "R0001")}">R0001</a> R0404' in page
    assert "R0404</a>" not in page


def test_review_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    result = DocResult(doc_id="bad-\udcff-name.txt", document={"status": "ok"}, text="55 học sinh")
    page = _write(tmp_path, results=[result])
    assert "<h2>bad-\\udcff-name.txt</h2>" in page
