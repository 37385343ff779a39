"""Legacy 8-bit Vietnamese (TCVN3 'ABC', VNI) to Unicode, and a score of how Vietnamese text looks.

Old reports typed in `.VnTime` (TCVN3) or `VNI-Times` fonts store Vietnamese
letters as Latin-1 look-alikes: TCVN3 `Tæng sè` is `Tổng số`, VNI `Toång soá`
is `Tổng số`. The maps live in `data/tcvn3.tsv` and `data/vni.tsv`.

>>> convert_tcvn3("Tæng sè häc sinh")
'Tổng số học sinh'
>>> convert_tcvn3("b¸o c¸o", upper=True)
'BÁO CÁO'
>>> convert_vni("Toång soá hoïc sinh")
'Tổng số học sinh'
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources

import regex

# A Vietnamese syllable: optional initial consonant cluster, a vowel nucleus, optional final.
RE_SYLLABLE = regex.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]{1,3}"
    r"(?:ng|nh|ch|[cmnpt])?", regex.IGNORECASE)
RE_WORD = regex.compile(r"\p{L}+")
# Letters that only Vietnamese uses (tone marks and ơ/ư/đ/ă): their share says "decoded right".
RE_VIETNAMESE_LETTER = regex.compile(r"[ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]",
                                     regex.IGNORECASE)


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("solieu.ingest").joinpath("data", name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return rows[1:] if rows and rows[0][0] in ("byte", "sequence") else rows


@lru_cache(maxsize=1)
def _tcvn3_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for byte, letter in _data_lines("tcvn3.tsv"):
        code = int(byte, 16)
        table[code] = letter
        # Word and PDF text layers may hand the byte over as its Windows-1252 character.
        cp1252 = bytes([code]).decode("cp1252", errors="ignore")
        if cp1252 and ord(cp1252) != code:
            table[ord(cp1252)] = letter
    # Byte 0xAD (ư) is the soft hyphen in Latin-1; PDF printers map it to MINUS SIGN
    # (mpi-bc-congnghiep-t02-2007-tcvn3.pdf: 'n−ớc' for 'nước').
    table[0x2212] = table[0xAD]
    return table


@lru_cache(maxsize=1)
def _vni_pattern() -> tuple[regex.Pattern, dict[str, str]]:
    pairs = dict((seq, letter) for seq, letter in _data_lines("vni.tsv"))
    keys = sorted(pairs, key=len, reverse=True)
    return regex.compile("|".join(regex.escape(k) for k in keys)), pairs


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    text = resources.files("solieu.ingest").joinpath("data", "common_words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def convert_tcvn3(text: str, *, upper: bool = False) -> str:
    """TCVN3 characters (bytes read as Latin-1/Windows-1252) to Unicode; `upper` for .VnTimeH fonts."""
    out = text.translate(_tcvn3_table())
    return unicodedata.normalize("NFC", out.upper() if upper else out)


def convert_vni(text: str) -> str:
    """VNI-Windows character sequences to Unicode letters."""
    pattern, pairs = _vni_pattern()
    return unicodedata.normalize("NFC", pattern.sub(lambda m: pairs[m.group(0)], text))


def vietnamese_score(text: str) -> float:
    """Share of words that are Vietnamese syllables, plus a bonus for frequent report words (0..2).

    >>> vietnamese_score("Tổng số học sinh") > vietnamese_score("Tæng sè häc sinh")
    True
    """
    words = RE_WORD.findall(unicodedata.normalize("NFC", text[:200_000]).lower())
    if not words:
        return 0.0
    syllables = sum(1 for w in words if RE_SYLLABLE.fullmatch(w))
    common = common_words()
    frequent = sum(1 for w in words if w in common)
    return syllables / len(words) + frequent / len(words)


RE_UNICODE_ONLY = regex.compile(r"[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def detect_legacy(text: str) -> str:
    """'tcvn3' or 'vni' when `text` reads better converted, else '' (already Unicode or not Vietnamese)."""
    sample = text[:50_000]
    if not regex.search(r"[\u00a1-\u00ff]", sample):
        return ""
    # Letters only Unicode has (ă ơ ư đ and the precomposed toned vowels U+1EA0–U+1EF9) never
    # come out of a legacy font read as Latin-1: text that holds many of them is Unicode already.
    # Scoring every word is what made .txt reading slow (bench/run_bench.py, issue 5).
    if len(RE_UNICODE_ONLY.findall(sample, endpos=20_000)) >= 20:
        return ""
    best, best_score = "", vietnamese_score(sample)
    for name, convert in (("tcvn3", convert_tcvn3), ("vni", convert_vni)):
        score = vietnamese_score(convert(sample))
        if score > best_score + 0.05:
            best, best_score = name, score
    return best


def convert(text: str, encoding: str, *, upper: bool = False) -> str:
    """Apply the converter named by `encoding` ('tcvn3', 'vni'); other names leave text as is."""
    if encoding == "tcvn3":
        return convert_tcvn3(text, upper=upper)
    if encoding == "vni":
        return convert_vni(text)
    return text
