"""solieu's extractors as spaCy pipeline components, on a blank Vietnamese pipeline.

`make_pipeline()` gives `spacy.blank("vi")` with its whitespace tokenizer (`use_pyvi`
off: no download, no word segmenter) and the components `solieu_references`,
`solieu_dates` and `solieu_figures`, which put their mentions in `doc.spans["references"]`,
`["dates"]` and `["figures"]`. The offsets come from the regex extractors over the text;
a span is snapped outwards to whole tokens (`131/QĐ-TTg,` is one whitespace token), and a
mention is never dropped when the token boundaries do not line up. The solieu records
stay in `doc.user_data["solieu"][key]`, in the same order as the spans.
"""

from __future__ import annotations

import spacy
from spacy import displacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from solieu.ingest.model import Document

from .dates import find_dates
from .figures import find_figures
from .references import find_references

PIPES = ("solieu_references", "solieu_dates", "solieu_figures")


def snap_span(doc: Doc, start: int, end: int, label: str) -> Span:
    """The token span covering characters start..end, expanded to whole tokens; never None."""
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is not None and span.text.strip():
        return span
    # None (or a whitespace token) when the range holds no word start, e.g. it lies in a
    # double space: take the words that overlap it, else the nearest word before it.
    covering = [t.i for t in doc if not t.is_space and t.idx < end and t.idx + len(t.text) > start]
    if not covering:
        before = [t.i for t in doc if t.idx <= start and not t.is_space] or [0]
        covering = [before[-1]]
    return Span(doc, covering[0], covering[-1] + 1, label=label)


def text_document(doc: Doc) -> Document:
    return Document(doc_id=doc.user_data.get("doc_id", ""), path="", format="txt", text=doc.text)


def set_group(doc: Doc, key: str, mentions: list[tuple[int, int, str]], records: list) -> Doc:
    """Put (start, end, label) mentions in doc.spans[key] and their records in doc.user_data."""
    doc.spans[key] = [snap_span(doc, start, end, label) for start, end, label in mentions]
    doc.user_data.setdefault("solieu", {})[key] = records
    return doc


@Language.component("solieu_references")
def references_component(doc: Doc) -> Doc:
    """Document symbols (`131/QĐ-TTg`) as spans labelled with their type, or `self`."""
    refs = list(find_references(text_document(doc)))
    mentions = [(r.char_start, r.char_end, "self" if r.relation == "self" else (r.ref_type or "reference"))
                for r in refs]
    return set_group(doc, "references", mentions, refs)


@Language.component("solieu_dates")
def dates_component(doc: Doc) -> Doc:
    """Dates (`25/01/2022`, `ngày   tháng 7 năm 2020`) as spans labelled `date`."""
    dates = find_dates(doc.text)
    return set_group(doc, "dates", [(d.start, d.end, "date") for d in dates], dates)


@Language.component("solieu_figures")
def figures_component(doc: Doc) -> Doc:
    """Figures (`1.928`, `19,50%`) as spans labelled with their kind."""
    figures = list(find_figures(text_document(doc)))
    return set_group(doc, "figures", [(f.char_start, f.char_end, f.kind) for f in figures], figures)


def make_pipeline(pipes: tuple[str, ...] = PIPES) -> Language:
    """A blank Vietnamese pipeline that needs no download, with solieu's components."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    for name in pipes:
        nlp.add_pipe(name)
    return nlp


def render_spans_html(doc: Doc, key: str = "figures") -> str:
    """displaCy span markup of doc.spans[key], for the review page (a fragment, not a page)."""
    return displacy.render(doc, style="span", options={"spans_key": key}, page=False, jupyter=False)
