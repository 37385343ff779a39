"""review.html: every document's text with its figures and references highlighted.

One self-contained page (CSS and JavaScript inline, nothing fetched), written
document by document so a batch of thousands of reports never sits in memory
as one string. Every piece of document text goes through `html.escape`, and a
Content-Security-Policy allows only the page's own script (by hash), so a
report that contains `<script>` shows it as text (issue 6, item 4).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from .columns import FIGURE_KINDS, SEVERITIES
from .write import atomic_path

if TYPE_CHECKING:  # frames only from the Python API; `solieu run` streams rows without pandas
    import pandas as pd

TEMPLATES = Path(__file__).parent / "templates"
DOCUMENTS_MARK = "{{documents}}"

# checks.csv `refs` holds figure_ids or ref_ids; the checks engineer may join them with
# spaces, commas or semicolons, so accept all three.
RE_REF_SEPARATOR = regex.compile(r"[\s,;]+")
# Characters kept as they are in an anchor id; anything else (Vietnamese letters, spaces,
# quotes, `/`) becomes `-`, and a short hash keeps `a b.txt` and `a-b.txt` apart.
RE_ID_UNSAFE = regex.compile(r"[^A-Za-z0-9_.-]+")
RE_PLACEHOLDER = regex.compile(r"\{\{\w+\}\}")


@cache
def _template() -> tuple[str, str, str]:
    """The page template split around the documents, and the inline script."""
    page = (TEMPLATES / "review.html").read_text(encoding="utf-8")
    script = (TEMPLATES / "review.js").read_text(encoding="utf-8")
    head, tail = page.split(DOCUMENTS_MARK)
    return head, tail, script


@cache
def legend_html() -> str:
    """The colour legend, one sample per kind, labels from templates/legend.tsv."""
    with open(TEMPLATES / "legend.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    samples = []
    for row in rows:
        css = row["class"] if row["class"] != "flagged" else "k-other flagged"
        samples.append(f'<mark class="{css}">{html.escape(row["label"])}</mark>')
    return "".join(samples)


def content_security_policy(script: str) -> str:
    """Only inline styles and the page's own script (by its SHA-256) may run; nothing loads."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"


def doc_anchor(doc_id: str) -> str:
    """A stable, HTML-safe id for a document's section.

    >>> doc_anchor("txt/000_bb398ccc26e072e3.txt")
    'doc-txt-000_bb398ccc26e072e3.txt-641d55'
    >>> doc_anchor("Báo cáo số 1.txt")[:12]
    'doc-B-o-c-o-'
    """
    slug = RE_ID_UNSAFE.sub("-", doc_id).strip("-")[:48]
    digest = hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"doc-{slug}-{digest}"


def span_anchor(doc_id: str, record_id: str) -> str:
    """The id of one figure's or reference's span: `doc-…-F0001`."""
    return f"{doc_anchor(doc_id)}-{RE_ID_UNSAFE.sub('-', str(record_id))}"


def _offsets(row: dict, text_length: int) -> tuple[int, int] | None:
    """(start, end) when the row's offsets are usable in the text, else None."""
    try:
        start, end = int(row.get("char_start", "")), int(row.get("char_end", ""))
    except (TypeError, ValueError):
        return None
    return (start, end) if 0 <= start <= end <= text_length else None


def figure_tooltip(row: dict) -> str:
    """The normalized figure as one line for the hover title.

    >>> figure_tooltip({"figure_id": "F0001", "kind": "count", "value": "55", "unit": "giáo viên",
    ...                 "total": "282", "percent": "19.5", "label": "giáo viên có máy tính"})
    'F0001 · count · 55 giáo viên · /282 · 19.5% · «giáo viên có máy tính»'
    """
    value = row.get("value", "")
    if row.get("upper"):
        value = f"{value}–{row['upper']}"
    amount = " ".join(filter(None, [row.get("qualifier", ""), value, row.get("unit", "")]))
    parts = [row.get("figure_id", ""), row.get("kind", ""), amount]
    if row.get("total"):
        parts.append(f"/{row['total']}")
    if row.get("percent"):
        parts.append(f"{row['percent']}%")
    if row.get("max_value"):
        parts.append(f"tối đa {row['max_value']}")
    for column in ("indicator", "period"):
        if row.get(column):
            parts.append(row[column])
    if row.get("label"):
        parts.append(f"«{row['label']}»")
    return " · ".join(p for p in parts if p)


def reference_tooltip(row: dict) -> str:
    """The normalized reference as one line for the hover title.

    >>> reference_tooltip({"ref_id": "R0001", "relation": "cites", "ref_type": "Công văn",
    ...                    "symbol": "1782/SGDĐT-VP", "issued_date": "2023-09-25"})
    'R0001 · cites · Công văn 1782/SGDĐT-VP · 2023-09-25'
    """
    name = " ".join(filter(None, [row.get("ref_type", ""), row.get("symbol", "")]))
    parts = [row.get("ref_id", ""), row.get("relation", ""), name, row.get("issued_date", ""),
             row.get("issuer", "")]
    return " · ".join(p for p in parts if p)


def _spans(result, flagged: dict[str, list[str]]) -> tuple[list[tuple], list[tuple]]:
    """(placed, unplaced) spans: (start, end, anchor, css class, title) for every record."""
    text_length = len(result.text)
    placed, unplaced = [], []
    records = [(row, row.get("figure_id", ""), f"k-{row.get('kind', '')}"
                if row.get("kind") in FIGURE_KINDS else "k-other", figure_tooltip(row))
               for row in result.figures]
    records += [(row, row.get("ref_id", ""), "k-ref-self" if row.get("relation") == "self" else "k-ref",
                 reference_tooltip(row)) for row in result.references]
    for row, record_id, css, title in records:
        messages = flagged.get(record_id)
        if messages:
            css += " flagged"
            title += "\n⚠ " + "\n⚠ ".join(messages)
        span = (span_anchor(result.doc_id, record_id), css, title)
        offsets = _offsets(row, text_length)
        if offsets:
            placed.append((*offsets, *span))
        else:
            unplaced.append((-1, -1, *span))
    # Outer spans first when two start together, so a figure inside a reference nests.
    placed.sort(key=lambda s: (s[0], -s[1]))
    return placed, unplaced


def _escape_text(text: str) -> str:
    """Escaped document text; table cells (tab-separated) get a visible separator."""
    return html.escape(text).replace("\t", '<span class="tab">\t</span>')


def highlight_text(text: str, spans: list[tuple]) -> str:
    """`text` escaped, each span wrapped in `<mark id=… class=… title=…>`.

    Spans are sorted by (start, -end). A span inside another nests; one that
    crosses the end of an open span is cut at that end, so the markup stays
    well formed and every span keeps its anchor.

    >>> highlight_text("có 55/282 <b>", [(3, 9, "a", "k-count", "55 giáo viên")])
    'có <mark id="a" class="k-count" title="55 giáo viên">55/282</mark> &lt;b&gt;'
    """
    out: list[str] = []
    open_ends: list[int] = []
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while open_ends and open_ends[-1] <= limit:
            end = open_ends.pop()
            out.append(_escape_text(text[pos:end]))
            out.append("</mark>")
            pos = end

    for start, end, anchor, css, title in spans:
        start, end = min(start, len(text)), min(end, len(text))  # never an unclosed mark
        close_until(start)
        if open_ends:
            end = min(end, open_ends[-1])
        start = max(start, pos)
        out.append(_escape_text(text[pos:start]))
        pos = start
        id_attr = f'id="{html.escape(anchor)}" ' if anchor else ""  # None: a span's continuation
        out.append(f'<mark {id_attr}class="{css}" title="{html.escape(title)}">')
        open_ends.append(max(end, start))
    close_until(len(text))
    out.append(_escape_text(text[pos:]))
    return "".join(out)


class RegionHighlighter:
    """Highlights a document region by region (paragraph text, table cells), in text order.

    A span that runs past the end of its region goes on in the next region as a
    mark without id; a span that starts in a gap between regions (the tab
    between two cells) gets its id in the next region, so every span keeps
    exactly one anchor.
    """

    def __init__(self, text: str, spans: list[tuple]):
        self.text, self.spans = text, spans  # spans sorted by (start, -end)
        self.next = 0
        self.carry: list[tuple] = []
        self.emitted: set[int] = set()

    def region(self, lo: int, hi: int) -> str:
        """The escaped, highlighted html of text[lo:hi]."""
        last = hi == len(self.text)
        while self.next < len(self.spans) and (self.spans[self.next][0] < hi or last):
            self.carry.append((self.next, self.spans[self.next]))
            self.next += 1
        pieces, keep = [], []
        for number, (start, end, anchor, css, title) in self.carry:
            if number in self.emitted and end <= lo:
                continue  # done in an earlier region
            cut_start, cut_end = max(start, lo), max(min(end, hi), max(start, lo))
            pieces.append((cut_start - lo, cut_end - lo, None if number in self.emitted else anchor, css, title))
            self.emitted.add(number)
            if end > hi:
                keep.append((number, (start, end, anchor, css, title)))
        self.carry = keep
        pieces.sort(key=lambda p: (p[0], -p[1]))
        return highlight_text(self.text[lo:hi], pieces)


# A run of lines that each hold a tab: a table, one row per line, cells tab-separated
# (ingest/model.py lays tables out this way).
RE_TABLE_LINES = regex.compile(r"^[^\n]*\t[^\n]*(?:\n[^\n]*\t[^\n]*)*", regex.MULTILINE)


def text_html(text: str, spans: list[tuple]) -> str:
    """The document text as html: paragraphs pre-wrapped, tables as <table>, spans highlighted."""
    marker = RegionHighlighter(text, spans)
    out, pos = [], 0
    for table in RE_TABLE_LINES.finditer(text):
        out.append(marker.region(pos, table.start()))
        out.append('<table class="doc-table">')
        row_start = table.start()
        for line in table.group().split("\n"):
            cells, cell_start = [], row_start
            for cell in line.split("\t"):
                cells.append(f"<td>{marker.region(cell_start, cell_start + len(cell))}</td>")
                cell_start += len(cell) + 1
            out.append(f"<tr>{''.join(cells)}</tr>")
            row_start += len(line) + 1
        out.append("</table>")
        pos = table.end()
    out.append(marker.region(pos, len(text)))
    return "".join(out)


def checks_by_document(checks: pd.DataFrame | None) -> dict[str, dict[str, list[str]]]:
    """doc_id → record id → messages of the checks that point at it."""
    flagged: dict[str, dict[str, list[str]]] = {}
    for row in _check_rows(checks):
        for ref in _refs(row["refs"]):
            flagged.setdefault(row["doc_id"], {}).setdefault(ref, []).append(
                f"{row['check']}: {row['message']}")
    return flagged


def _check_rows(checks) -> list[dict]:
    """checks.csv rows as dicts of text, errors first; an absent or empty frame gives none.

    `checks` is a frame, or a list of check rows (one document's, when streaming).
    """
    if checks is None or not len(checks):
        return []
    if hasattr(checks, "columns"):  # a frame
        if "doc_id" not in checks.columns:
            return []
        checks = checks.astype("object").where(checks.notna(), "").to_dict("records")
    rows = [{col: str(row.get(col, "")) for col in ("doc_id", "check", "severity", "message", "refs")}
            for row in checks]
    rank = {severity: i for i, severity in enumerate(SEVERITIES)}
    return sorted(rows, key=lambda r: rank.get(r["severity"], len(rank)))


def _refs(refs: str) -> list[str]:
    return [r for r in RE_REF_SEPARATOR.split(refs) if r]


def _check_links(row: dict, known: set[tuple[str, str]] | None = None) -> str:
    """Links to the spans a check points at; a ref with no span on the page stays plain text."""
    links = []
    for ref in _refs(row["refs"]):
        if known is None or (row["doc_id"], ref) in known:
            links.append(f'<a href="#{html.escape(span_anchor(row["doc_id"], ref))}">{html.escape(ref)}</a>')
        else:
            links.append(html.escape(ref))
    return " ".join(links)


def record_ids(frames: dict[str, pd.DataFrame]) -> set[tuple[str, str]] | None:
    """(doc_id, figure_id or ref_id) of every record on the page; None when the frames are not given."""
    known: set[tuple[str, str]] = set()
    for table, column in (("figures", "figure_id"), ("references", "ref_id")):
        frame = frames.get(table)
        if frame is None or column not in frame.columns:
            return None
        known.update(zip(frame["doc_id"].astype(str), frame[column].astype(str)))
    return known


def doc_checks_html(rows: list[dict], known: set[tuple[str, str]] | None = None) -> str:
    """A document's own checks, repeated at the top of its section so a reader scrolling it sees them."""
    if not rows:
        return ""
    items = "".join(f'<li><span class="sev-{html.escape(r["severity"])}">{html.escape(r["severity"])}</span> '
                    f'{html.escape(r["check"])}: {html.escape(r["message"])} {_check_links(r, known)}</li>'
                    for r in rows)
    return f'<ul class="doc-checks">{items}</ul>'


NO_CHECKS_HTML = "<p>Không có kiểm tra nào.</p>"
CHECKS_TABLE_HEAD = ('<table class="checks"><thead><tr><th>Văn bản</th><th>Mức</th><th>Kiểm tra</th>'
                     "<th>Nội dung</th><th>Số liệu, dẫn chiếu</th></tr></thead><tbody>")
CHECKS_TABLE_TAIL = "</tbody></table>"


def check_row_html(row: dict, known: set[tuple[str, str]] | None = None) -> str:
    """One row of the checks table, linked to its document and to the spans it points at."""
    doc_id = row["doc_id"]
    return (f'<tr data-doc="{html.escape(doc_id)}">'
            f'<td><a href="#{doc_anchor(doc_id)}">{html.escape(doc_id)}</a></td>'
            f'<td class="sev-{html.escape(row["severity"])}">{html.escape(row["severity"])}</td>'
            f'<td>{html.escape(row["check"])}</td><td>{html.escape(row["message"])}</td>'
            f"<td>{_check_links(row, known)}</td></tr>")


def checks_html(checks: pd.DataFrame | None, known: set[tuple[str, str]] | None = None) -> str:
    """The table of checks, each linked to the spans it points at (or to its document)."""
    rows = _check_rows(checks)
    if not rows:
        return NO_CHECKS_HTML
    return "\n".join([CHECKS_TABLE_HEAD, *(check_row_html(row, known) for row in rows), CHECKS_TABLE_TAIL])


def document_html(result, flagged: dict[str, list[str]] | None = None, checks: list[dict] = ()) -> str:
    """One document's section: header, metadata line, highlighted text."""
    doc = result.document or {}
    doc_id = result.doc_id
    status = doc.get("status", "")
    meta = [f'<span class="status-{html.escape(status)}">{html.escape(status)}</span>']
    for column in ("format", "doc_type", "symbol", "issuer", "issued_date"):
        if doc.get(column):
            meta.append(html.escape(str(doc[column])))
    meta.append(f"{len(result.figures)} số liệu, {len(result.references)} dẫn chiếu")
    if doc.get("error"):
        meta.append("lỗi: " + html.escape(str(doc["error"])))
    title = doc.get("title", "")
    placed, unplaced = _spans(result, flagged or {})
    parts = [f'<section class="doc" id="{doc_anchor(doc_id)}" data-doc="{html.escape(doc_id)}">',
             f"<h2>{html.escape(doc_id)}</h2>"]
    if title:
        parts.append(f"<div><b>{html.escape(str(title))}</b></div>")
    parts.append(f'<div class="meta">{" · ".join(meta)}</div>')
    known = {(doc_id, r.get("figure_id", "")) for r in result.figures}
    known |= {(doc_id, r.get("ref_id", "")) for r in result.references}
    parts.append(doc_checks_html(list(checks), known))
    if unplaced:  # offsets missing or outside the text: still listed, so check links land
        marks = " ".join(f'<mark id="{html.escape(a)}" class="{css}" title="{html.escape(t)}">'
                         f"{html.escape(t.split(' · ')[0])}</mark>" for _, _, a, css, t in unplaced)
        parts.append(f'<p class="unplaced">Không định vị được trong văn bản: {marks}</p>')
    parts.append(f'<div class="text">{text_html(result.text, placed)}</div></section>\n')
    return "".join(parts)


def _summary(counts: dict[str, int], n_checks: int) -> str:
    bits = [f"{counts[name]} {label}" for name, label in
            (("documents", "văn bản"), ("figures", "số liệu"), ("references", "dẫn chiếu")) if name in counts]
    bits.append(f"{n_checks} kiểm tra")
    return html.escape(", ".join(bits)) + ". Di chuột lên phần tô màu để xem giá trị đã chuẩn hoá."


def _doc_ids(frames: dict[str, pd.DataFrame]) -> list[str]:
    documents = frames.get("documents")
    if documents is None or "doc_id" not in documents.columns:
        return []
    return [str(d) for d in documents["doc_id"].tolist()]


def toc_html(doc_id: str) -> str:
    return f'<li data-doc="{html.escape(doc_id)}"><a href="#{doc_anchor(doc_id)}">{html.escape(doc_id)}</a></li>'


def datalist_html(doc_id: str) -> str:
    return f'<option value="{html.escape(doc_id)}">'


def write_review(results: Iterable, frames: dict[str, pd.DataFrame], path: Path) -> None:
    """Write review.html for `results` (DocResults, in doc_id order) to `path`, whole or not at all.

    `frames` gives the checks (an absent or empty "checks" frame is fine) and
    the document list for the table of contents.
    """
    checks = frames.get("checks")
    doc_ids = _doc_ids(frames)
    n_checks = len(_check_rows(checks))
    counts = {name: len(frames[name]) for name in ("documents", "figures", "references")
              if frames.get(name) is not None}
    head = {"{{summary}}": _summary(counts, n_checks), "{{n_checks}}": str(n_checks),
            "{{checks}}": checks_html(checks, record_ids(frames)),
            "{{datalist}}": "".join(datalist_html(d) for d in doc_ids),
            "{{toc}}": "".join(toc_html(d) for d in doc_ids)}
    flagged = checks_by_document(checks)
    checks_of: dict[str, list[dict]] = {}
    for row in _check_rows(checks):
        checks_of.setdefault(row["doc_id"], []).append(row)
    if isinstance(results, list):  # a spool is already in doc_id order; a plain list may not be
        results = sorted(results, key=lambda r: r.doc_id)
    sections = (document_html(result, flagged.get(result.doc_id), checks_of.get(result.doc_id, ()))
                for result in results)
    _write_page(Path(path), head, sections)


class ReviewWriter:
    """review.html written one document at a time, for a batch too big to hold.

    Sections and the rows of the head's checks table and table of contents go to
    temporary files in `work_dir` as documents come (in doc_id order); `finish`
    writes the page around them. The page is the one `write_review` writes.
    """

    def __init__(self, path: Path, work_dir: Path):
        self.path = Path(path)
        self.parts = {name: Path(work_dir) / f"review-{name}.part"
                      for name in ("sections", "toc", "datalist", *SEVERITIES, "other")}
        self._files = {name: open(part, "w", encoding="utf-8", errors="backslashreplace", newline="\n")
                       for name, part in self.parts.items()}
        self.counts = {"documents": 0, "figures": 0, "references": 0}
        self.n_checks = 0

    def add(self, result, checks: list[dict]) -> None:
        """One document's section; `checks` are its check rows (document_checks order)."""
        rows = _check_rows(checks)
        known = {(result.doc_id, str(r.get("figure_id", ""))) for r in result.figures}
        known |= {(result.doc_id, str(r.get("ref_id", ""))) for r in result.references}
        for row in rows:
            severity = row["severity"] if row["severity"] in SEVERITIES else "other"
            self._files[severity].write("\n" + check_row_html(row, known))
        self._files["sections"].write(document_html(result, checks_by_document(rows).get(result.doc_id), rows))
        self._files["toc"].write(toc_html(result.doc_id))
        self._files["datalist"].write(datalist_html(result.doc_id))
        self.counts["documents"] += 1
        self.counts["figures"] += len(result.figures)
        self.counts["references"] += len(result.references)
        self.n_checks += len(rows)

    def finish(self) -> None:
        for file in self._files.values():
            file.close()

        def checks_table() -> Iterator[str]:
            if not self.n_checks:
                yield NO_CHECKS_HTML
                return
            yield CHECKS_TABLE_HEAD
            for severity in (*SEVERITIES, "other"):
                yield from _chunks(self.parts[severity])
            yield "\n" + CHECKS_TABLE_TAIL

        head = {"{{summary}}": _summary(self.counts, self.n_checks), "{{n_checks}}": str(self.n_checks),
                "{{checks}}": checks_table, "{{datalist}}": lambda: _chunks(self.parts["datalist"]),
                "{{toc}}": lambda: _chunks(self.parts["toc"])}
        _write_page(self.path, head, _chunks(self.parts["sections"]))

    def close(self) -> None:
        for file in self._files.values():
            file.close()
        for part in self.parts.values():
            part.unlink(missing_ok=True)


def _chunks(path: Path, size: int = 1 << 20) -> Iterator[str]:
    with open(path, encoding="utf-8", newline="") as part:
        while chunk := part.read(size):
            yield chunk


def _write_page(path: Path, head: dict, sections: Iterable[str]) -> None:
    """The template around `sections`; a head value is text, or a function giving it in pieces."""
    top, bottom, script = _template()
    values = {"{{csp}}": html.escape(content_security_policy(script)), "{{legend}}": legend_html(),
              "{{script}}": script, **head}
    # A file name that is not UTF-8 reaches us as surrogate escapes (`bad-\udcff-name.txt`):
    # shown as `\udcff` rather than failing the whole page (tests/test_bad_inputs.py).
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", errors="backslashreplace",
                                        newline="\n") as out:
        _fill(out, top, values)
        for section in sections:
            out.write(section)
        _fill(out, bottom, values)


def _fill(out, part: str, values: dict) -> None:
    # One pass over the placeholders: a value is never searched for placeholders again.
    at = 0
    for match in RE_PLACEHOLDER.finditer(part):
        out.write(part[at:match.start()])
        value = values.get(match.group(0), match.group(0))
        if callable(value):
            for piece in value():
                out.write(piece)
        else:
            out.write(value)
        at = match.end()
    out.write(part[at:])
