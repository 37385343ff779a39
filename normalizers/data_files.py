"""The language data of normalizers/data: one reader for every TSV file there.

Each file has a header row; rows come back as dicts keyed by it, NFC-normalized,
so `giáo viên` typed with combining marks still matches text from ingest.
tests/normalizers/test_data.py validates the files themselves.
"""

from __future__ import annotations

import csv
import unicodedata
from importlib import resources


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of `normalizers/data/<name>` as dicts, NFC.

    >>> read_tsv("qualifiers.tsv")[0]["qualifier"] in {"about", "over", "under", "at_least", "at_most"}
    True
    """
    text = resources.files("solieu.normalizers").joinpath("data", name).read_text(encoding="utf-8")
    text = unicodedata.normalize("NFC", text)
    return list(csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
