"""Plain-text reports (.txt, .md): encoding detection, paragraphs and tables.

The encoding is chosen by decoding with each candidate and keeping the one
whose text looks most Vietnamese (`legacy.vietnamese_score`): a Windows-1258
file decodes without error as Latin-1 too, but only cp1258 gives `Tổng số`.
Lines holding tabs form tables (seed 000 PL3, seed 003 `TT\\tNội dung\\t…`);
markdown pipe tables (`| a | b |` over a `|---|` row) do too.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import regex

from solieu import errors

from . import legacy
from .build import DocumentBuilder, TableCell
from .markup import strip_markup
from .model import Document

RE_PIPE_ROW = regex.compile(r"^\s*\|.*\|\s*$")
RE_SEPARATOR_CELL = regex.compile(r"^\s*:?-{2,}:?\s*$")
RE_MD_HEADING = regex.compile(r"^#{1,6}\s+")
# C0 control bytes other than tab, LF, CR, FF: text files barely hold any, random bytes ~12 %.
RE_CONTROL_BYTES = regex.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")


class UndecodableText(ValueError):
    """The bytes are not text in any encoding solieu knows (binary named .txt)."""


def _utf16_without_bom(raw: bytes) -> str | None:
    sample = raw[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def decode_text(raw: bytes) -> tuple[str, str]:
    """(text, encoding name) of `raw`; raises `UndecodableText` for binary content.

    >>> decode_text("Tổng số".encode("utf-16"))
    ('Tổng số', 'utf-16')
    >>> decode_text(bytes([0x54, 0xe6, 0x6e, 0x67, 0x20, 0x73, 0xe8]))
    ('Tổng số', 'tcvn3')
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            text = raw[len(bom):].decode(name.replace("-sig", ""), errors="replace")
            return text, "utf-8-bom" if name == "utf-8-sig" else "utf-16"
    wide = _utf16_without_bom(raw)
    if wide:
        return raw.decode(wide, errors="replace"), wide.replace("-le", "").replace("-be", "")
    sample = raw[:200_000]
    if len(RE_CONTROL_BYTES.findall(sample)) > max(2, len(sample) // 200):
        raise UndecodableText("the file holds binary data, not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
        # A UTF-8 file cut mid-letter or with a stray byte is still UTF-8, not Windows-1258.
        lenient = raw.decode("utf-8", errors="replace")
        if lenient.count("\ufffd") <= max(2, len(raw) // 2000) and legacy.vietnamese_score(lenient[:100_000]) > 1:
            text = lenient
    if text is not None:
        # Valid UTF-8 may still carry TCVN3/VNI characters typed in a legacy font and saved as UTF-8.
        found = legacy.detect_legacy(text)
        return (legacy.convert(text, found), found) if found else (text, "utf-8")
    candidates = {
        "cp1258": raw.decode("cp1258", errors="replace"),
        "tcvn3": legacy.convert_tcvn3(raw.decode("latin-1")),
        "vni": legacy.convert_vni(raw.decode("cp1252", errors="replace")),
    }
    scores = {name: legacy.vietnamese_score(text[:100_000]) for name, text in candidates.items()}
    best = max(scores, key=scores.get)
    return unicodedata.normalize("NFC", candidates[best]), best


def _split_cells(line: str) -> list[str]:
    return [strip_markup(cell).strip() for cell in line.split("\t")]


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()[1:-1]
    return [strip_markup(cell).strip() for cell in inner.split("|")]


def _is_separator(cells: list[str]) -> bool:
    """`----\\t---\\t---` (seed 003 line 23) or `|---|---|`: a rule, not a row."""
    filled = [c for c in cells if c]
    return bool(filled) and all(RE_SEPARATOR_CELL.match(c) for c in filled)


def _add_rows(builder: DocumentBuilder, rows: list[list[str]]) -> None:
    cells: list[TableCell] = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cells.append(TableCell(text=text, row=r, col=c, is_header=r == 0))
    builder.add_table(cells)


def _tab_table_rows(lines: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in lines:
        cells = _split_cells(line)
        if _is_separator(cells):
            continue
        # A line starting with a tab and an empty first cell continues the row above
        # (seed 003 line 32: more list items of the 'Kết quả' cell).
        if rows and line.startswith("\t") and not cells[0]:
            previous = rows[-1]
            for i, text in enumerate(cells):
                if not text:
                    continue
                if i < len(previous):
                    previous[i] = f"{previous[i]}\n{text}" if previous[i] else text
                else:
                    previous.append(text)
            continue
        rows.append(cells)
    return rows


def build_text_document(text: str, doc_id: str, path: str, fmt: str) -> DocumentBuilder:
    """Blocks of a decoded plain text: paragraphs, tab tables and pipe tables, in order."""
    builder = DocumentBuilder(doc_id=doc_id, path=path, format=fmt)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line and line.strip():
            group = [line]
            j = i + 1
            # Blank lines inside a tab table (seed 003) do not end it; a plain line does.
            while j < len(lines) and ("\t" in lines[j] or not lines[j].strip()):
                if lines[j].strip() or "\t" in lines[j] and lines[j].strip("\t "):
                    group.append(lines[j])
                j += 1
            rows = _tab_table_rows(group)
            if len(rows) >= 1:
                _add_rows(builder, rows)
            i = j
            continue
        if RE_PIPE_ROW.match(line):
            j = i
            rows = []
            while j < len(lines) and RE_PIPE_ROW.match(lines[j]):
                cells = _pipe_cells(lines[j])
                if not _is_separator(cells):
                    rows.append(cells)
                j += 1
            if j - i >= 2:
                _add_rows(builder, rows)
                i = j
                continue
        heading = RE_MD_HEADING.match(line)
        builder.add_paragraph(strip_markup(line[heading.end():] if heading else line),
                              style="heading" if heading else "")
        i += 1
    return builder


def read_txt(path: Path, doc_id: str, fmt: str = "txt") -> Document:
    raw = path.read_bytes()
    try:
        text, encoding = decode_text(raw)
    except UndecodableText as exc:
        return Document(doc_id=doc_id, path=str(path), format=fmt, status="failed",
                        error=errors.CORRUPT.format(detail=str(exc)))
    builder = build_text_document(text, doc_id, str(path), fmt)
    if not builder.blocks:
        return builder.build(encoding=encoding, status="failed", error=errors.NO_TEXT)
    return builder.build(encoding=encoding)
