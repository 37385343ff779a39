"""Names of units and people written in capitals, put back in Vietnamese sentence case."""

from __future__ import annotations

from functools import cache

import regex

from .data_files import read_tsv

RE_TOKEN = regex.compile(r"[^\s]+")


@cache
def unit_words() -> dict[tuple[str, ...], str]:
    """Word sequences (upper case) → how they are written in a unit name (data/unit_words.tsv)."""
    return {tuple(row["written"].split()): row["canonical"] for row in read_tsv("unit_words.tsv")}


def capitalize_word(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def title_case_unit(text: str) -> str:
    """A unit name from a header line in capitals, acronyms kept.

    >>> title_case_unit("TRƯỜNG THCS LAI UYÊN")
    'Trường THCS Lai Uyên'
    >>> title_case_unit("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN THANH TRÌ")
    'Phòng Giáo dục và Đào tạo huyện Thanh Trì'
    """
    words = text.split()
    if any(ch.islower() for ch in text):
        return " ".join(words)  # already written in mixed case: keep it as written
    table = unit_words()
    longest = max((len(key) for key in table), default=1)
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            key = tuple(w.upper() for w in words[i:i + size])
            if key in table:
                out.append(table[key])
                i += size
                break
        else:
            parts = regex.split(r"[-&]", words[i])
            # `THCS-THPT`: every part an acronym of the table, so the word is one too.
            keep = len(parts) > 1 and all((p.upper(),) in table and table[(p.upper(),)].isupper() for p in parts)
            out.append(words[i] if keep else capitalize_word(words[i]))
            i += 1
    if out:
        out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def title_case_name(text: str) -> str:
    """A person's name: `NGUYỄN THANH DANH` → `Nguyễn Thanh Danh`; mixed case kept."""
    words = text.split()
    if any(ch.islower() for ch in text):
        return " ".join(words)
    return " ".join(capitalize_word(w) for w in words)
