"""Figure labels -> indicator catalogue keys (issue 4, item 2).

The catalogue (extractors/data/catalog.csv, plus any `--catalog FILE` with the
same columns) lists the rows of the two national forms the reports answer.
A figure gets a key when its label, folded (no accents, lower case, no list
number), matches the key's label or one of its aliases closely enough:

>>> key_for_label("2. Tổng số giáo viên có đường truyền Internet", "count")
'teachers_with_internet'
>>> key_for_label("Tổng số học sinh", "count")
''
"""

from __future__ import annotations

import csv
import os
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

import regex
from rapidfuzz import fuzz

from .records import Extraction, Figure

CATALOG_PATH = Path(__file__).parent / "data" / "catalog.csv"
CATALOG_COLUMNS = ("key", "form", "label", "aliases", "kind", "order")

# Score (0–100) a folded label must reach against a folded alias. On the gold
# figures every true row scores 100 and the nearest wrong one 95: seed 003's
# "Số cơ sở giáo dục triển khai dạy học công nghệ thông tin bằng tiếng Anh" against
# "Số cơ sở giáo dục đã triển khai". 96 keeps a character or two of OCR noise in
# a long row and rejects that; "giáo viên" vs "học sinh" rows score ~75.
DEFAULT_THRESHOLD = 96
LEVEL_UNIT = "mức độ"

# A list number before a row label: "1.", "1.3.", "2.3", "a)", "-", "+".
RE_LIST_NUMBER = regex.compile(r"^\s*(?:(?:\d+\.)*\d+\.?|[a-zđ]\)|[-+*•])\s*")
RE_NOT_WORD = regex.compile(r"[^\p{L}\p{N}%]+")

# Which figure kinds may carry a key of each catalogue kind. A count row of the
# form also has a share (`Tỷ lệ %`), carried by the count figure itself; a share written
# alone in running text ("100% người học … hồ sơ số", seed 002) is not the form row (gold).
FIGURE_KINDS_FOR = {
    "count": ("count",),
    "percent": ("percent",),
    "score": ("score",),
    "level": ("score",),
}


@dataclass(frozen=True, slots=True)
class Indicator:
    """One catalogue row: key, form, Vietnamese label, aliases, kind, order, group it sums into."""

    key: str
    form: str
    label: str
    aliases: tuple[str, ...]
    kind: str  # count | percent | score | level
    order: int
    part_of: str = ""  # a 4725 criterion's group total key (dx_1_3 → dx_teaching_score)

    @property
    def has_share(self) -> bool:
        """A count row of a form has `Số lượng | Tỷ lệ %`, hence `<key>` and `<key>_pct`."""
        return self.kind == "count"


@lru_cache(maxsize=16_384)
def fold_label(text: str) -> str:
    """Label without list number, accents, case and punctuation.

    >>> fold_label("1.3. Triển khai phần mềm dạy học trực tuyến")
    'trien khai phan mem day hoc truc tuyen'
    >>> fold_label("Số lượng học liệu được số hoá")
    'so luong hoc lieu duoc so hoa'
    """
    text = RE_LIST_NUMBER.sub("", unicodedata.normalize("NFC", text or "").replace("\u00d0", "Đ"))
    text = text.replace("Đ", "D").replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return RE_NOT_WORD.sub(" ", text.lower()).strip()


def read_catalog(path: str | Path) -> list[Indicator]:
    """Catalogue rows of a CSV file (`key,form,label,aliases,kind,order[,part_of]`)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in CATALOG_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: catalogue columns missing: {', '.join(missing)}")
        rows = []
        for row in reader:
            if not (row.get("key") or "").strip():
                continue
            kind = row["kind"].strip() or "count"
            if kind not in FIGURE_KINDS_FOR:
                raise ValueError(f"{path}: {row['key']}: kind {kind!r} is not count/percent/score/level")
            rows.append(Indicator(
                key=row["key"].strip(), form=row["form"].strip(), label=row["label"].strip(),
                aliases=tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
                kind=kind, order=int(row["order"] or 0), part_of=(row.get("part_of") or "").strip()))
    return rows


def load_catalog(extra: str | None = None) -> tuple[Indicator, ...]:
    """The built-in catalogue in order, then the keys of `extra` (a --catalog file) not already in it."""
    # Keyed by the file's time and size too: a notebook that edits its catalogue and runs
    # again must see the new rows.
    stamp = None
    if extra:
        info = os.stat(extra)
        stamp = (info.st_mtime_ns, info.st_size)
    return _load_catalog(str(extra) if extra else None, stamp)


@cache
def _load_catalog(extra: str | None, stamp) -> tuple[Indicator, ...]:
    built_in = sorted(read_catalog(CATALOG_PATH), key=lambda i: i.order)
    if not extra:
        return tuple(built_in)
    known = {i.key for i in built_in}
    added = sorted((i for i in read_catalog(extra) if i.key not in known), key=lambda i: i.order)
    return tuple(built_in + added)


class _CatalogMemo:
    """A catalogue's folded names, and the keys already found for a (label, kind, unit, threshold).

    Reports of one campaign answer the same forms: the same row labels come back in
    every report, so each is matched against the catalogue once per worker. Memos
    are found by the catalogue's identity (load_catalog returns the same tuple for
    the same files): hashing a 28-row tuple of dataclasses for every label cost more
    than the look-up.
    """

    MAX_KEYS = 50_000  # labels remembered per catalogue: a few MB at most

    def __init__(self, catalog: tuple[Indicator, ...]):
        self.catalog = catalog
        self.names = tuple((i, tuple(dict.fromkeys(fold_label(n) for n in (i.label, *i.aliases) if fold_label(n))))
                           for i in catalog)
        self.keys: dict[tuple[str, str, str, int], str] = {}


_MEMOS: dict[int, _CatalogMemo] = {}


def _memo(catalog: tuple[Indicator, ...]) -> _CatalogMemo:
    memo = _MEMOS.get(id(catalog))
    if memo is None:  # (the memo holds its catalogue, so no other tuple can get this id)
        memo = _MEMOS[id(catalog)] = _CatalogMemo(catalog)
    return memo


def label_score(label: str, name: str) -> float:
    """How well a folded figure label matches a folded catalogue name (0–100).

    A label longer than the name may carry extra words after or before the
    form's text (the name is looked for inside it); a shorter label must match
    the whole name, so "học sinh" alone never matches a key.
    """
    if len(label) >= len(name):
        return fuzz.partial_ratio(name, label)
    return fuzz.ratio(name, label)


def key_for_label(label: str, figure_kind: str, catalog: tuple[Indicator, ...] | None = None,
                  threshold: int = DEFAULT_THRESHOLD, unit: str = "") -> str:
    """The catalogue key whose label or alias best matches `label`, or "" below `threshold`."""
    folded = fold_label(label)
    if not folded:
        return ""
    memo = _memo(catalog or load_catalog())
    known = (folded, figure_kind, unit, threshold)
    if known not in memo.keys:
        if len(memo.keys) >= memo.MAX_KEYS:
            memo.keys.clear()
        memo.keys[known] = _best_key(folded, figure_kind, memo.names, threshold, unit)
    return memo.keys[known]


def _best_key(folded: str, figure_kind: str, folded_names, threshold: int, unit: str) -> str:
    best: tuple[float, float, str] = (0.0, 0.0, "")
    for indicator, names in folded_names:
        if figure_kind not in FIGURE_KINDS_FOR[indicator.kind]:
            continue
        # A level (`Mức độ 3`) and a score in points are both kind `score`; the unit tells them apart.
        if figure_kind == "score" and (indicator.kind == "level") != (unit == LEVEL_UNIT):
            continue
        for name in names:
            # Ties on the partial score ("Số nền tảng" inside "Số nền tảng là sản phẩm
            # trong nước") go to the name closest as a whole.
            candidate = (label_score(folded, name), fuzz.ratio(name, folded), indicator.key)
            if candidate[:2] > best[:2]:
                best = candidate
    return best[2] if best[0] >= threshold else ""


def assign_indicators(extraction: Extraction, catalog: str | None = None) -> Extraction:
    """`extraction` with Figure.indicator set from the catalogue (built-in plus `catalog` file)."""
    indicators = load_catalog(catalog)
    figures = tuple(_with_key(f, indicators) for f in extraction.figures)
    return replace(extraction, figures=figures)


# A self-assessed score is exact. In seed 004's table the row of criterion 1.3 also holds
# "Tối đa 6 điểm" and "Mức độ 1: dưới 10 điểm": bounds of the scale, not the unit's score.
BOUND_QUALIFIERS = ("at_most", "at_least", "under", "over", "range")


def _with_key(figure: Figure, catalog: tuple[Indicator, ...]) -> Figure:
    if figure.indicator or not figure.label:
        return figure
    if figure.kind == "score" and figure.qualifier in BOUND_QUALIFIERS:
        return figure
    key = key_for_label(figure.label, figure.kind, catalog, unit=figure.unit)
    return replace(figure, indicator=key) if key else figure
