"""HTML-like markup inside plain-text reports, reduced to its text.

Seed 003 carries cells such as `<ul style="…"> <li>- CSDL: <a href="http://pmis.vn">http://pmis.vn</a></li></ul>`
and `<b>Nội dung</b>`: the reader keeps only what a person would read.

>>> strip_markup('<b>Nội dung</b>')
'Nội dung'
>>> strip_markup('<ul> <li>- CSDL: <a href="http://pmis.vn">pmis.vn</a></li> <li>- Số 2</li></ul>')
'- CSDL: pmis.vn\\n- Số 2'
"""

from __future__ import annotations

import html

import regex

# Tags that end a line of text when read (list items, paragraphs, line breaks).
RE_BREAK_TAG = regex.compile(r"<\s*(?:br|/p|/li|/div|/tr|/h[1-6])\s*/?\s*>", regex.IGNORECASE)
RE_TAG = regex.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,2000})?/?>")
RE_HAS_TAG = regex.compile(r"</?(?:b|i|u|p|a|ul|ol|li|br|div|span|strong|em|table|tr|td|th|h[1-6]|sup|sub)\b[^<>]{0,2000}>",
                           regex.IGNORECASE)
RE_SPACES = regex.compile(r"[ \t]+")


def has_markup(text: str) -> bool:
    """True when `text` holds HTML-like tags (`<b>`, `<li>`, `<a href=…>`)."""
    return RE_HAS_TAG.search(text) is not None


def strip_markup(text: str) -> str:
    """The text of `text` with tags removed, list items and paragraphs on their own lines."""
    if not has_markup(text):
        return text
    text = RE_BREAK_TAG.sub("\n", text)
    text = RE_TAG.sub("", text)
    text = html.unescape(text)
    lines = [RE_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
