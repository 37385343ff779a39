"""solieu components on a blank Vietnamese spaCy pipeline (extractors/spacy_pipe.py)."""

import pytest

from solieu.extractors.spacy_pipe import make_pipeline, render_spans_html, snap_span

TEXT = ("Thực hiện Quyết định số 131/QĐ-TTg, ngày 25/01/2022 của Thủ tướng Chính phủ; "
        "55/282 (19,50%) giáo viên và 1.928 học sinh.")


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline()


def test_spacy_pipe_needs_no_download(nlp):
    assert nlp.lang == "vi"
    assert nlp.pipe_names == ["solieu_references", "solieu_dates", "solieu_figures"]


def test_spacy_pipe_reference_glued_to_comma_is_kept(nlp):
    doc = nlp(TEXT)
    # `131/QĐ-TTg,` is one whitespace token: the span is expanded, never dropped.
    assert [(s.text, s.label_) for s in doc.spans["references"]] == [("131/QĐ-TTg,", "Quyết định")]
    assert doc.user_data["solieu"]["references"][0].symbol == "131/QĐ-TTg"


def test_spacy_pipe_dates(nlp):
    doc = nlp(TEXT)
    assert [s.text for s in doc.spans["dates"]] == ["25/01/2022"]


@pytest.mark.parametrize(("start_text", "expected"), [
    pytest.param("19,50%", "(19,50%)", id="percent-inside-parentheses"),
    pytest.param("131/QĐ-TTg", "131/QĐ-TTg,", id="symbol-before-comma"),
    pytest.param("1.928", "1.928", id="count-own-token"),
])
def test_spacy_pipe_snap_span_never_drops(nlp, start_text, expected):
    doc = nlp.make_doc(TEXT)
    start = TEXT.index(start_text)
    span = snap_span(doc, start, start + len(start_text), "x")
    assert span.text == expected


def test_spacy_pipe_snap_span_inside_whitespace_still_gives_a_span(nlp):
    doc = nlp.make_doc("55  giáo viên")
    assert snap_span(doc, 2, 3, "x").text == "55"


def test_spacy_pipe_figures_group_holds_every_figure(nlp):
    doc = nlp(TEXT)
    figures = doc.user_data["solieu"]["figures"]
    assert len(doc.spans["figures"]) == len(figures)
    for span, figure in zip(doc.spans["figures"], figures):
        assert span.start_char <= figure.char_start and figure.char_end <= span.end_char


def test_spacy_pipe_renders_displacy_spans(nlp):
    html = render_spans_html(nlp(TEXT), "references")
    assert "131/QĐ-TTg" in html and "Quyết định" in html
