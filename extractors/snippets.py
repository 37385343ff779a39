"""The snippet every record carries: the sentence or table cell a mention stands in.

>>> text = "Mở đầu. Có 64 giáo viên có máy tính; còn lại"
>>> snippet_around(text, text.index("64"), text.index("64") + 2)
'Có 64 giáo viên có máy tính;'
"""

from __future__ import annotations

import regex

SNIPPET_CHARS = 240


RE_SENTENCE_END = regex.compile(r"[.;!?](?=\s)|\n|\t")
# The same, searched backwards from the mention: the nearest sentence end before it in one
# search, instead of walking every sentence end of the 400 characters before it.
RE_SENTENCE_END_BEFORE = regex.compile("(?r)" + RE_SENTENCE_END.pattern)


def snippet_around(text: str, start: int, end: int) -> str:
    """The sentence (or table cell) the mention stands in, cut to SNIPPET_CHARS around the mention."""
    before = RE_SENTENCE_END_BEFORE.search(text, max(0, start - 400), start)
    left = before.end() if before else max(0, start - 400)
    after = RE_SENTENCE_END.search(text, end, end + 400)
    right = after.end() if after else min(len(text), end + 400)
    if right - left > SNIPPET_CHARS:
        left = max(left, min(start - 60, right - SNIPPET_CHARS))
        right = min(right, left + SNIPPET_CHARS)
        while left < start and not text[left - 1].isspace():  # start on a word
            left += 1
    return " ".join(text[left:right].split())
