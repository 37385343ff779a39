"""Every TSV file in normalizers/data is clean: header with `source`, NFC, no stray spaces, unique keys."""

import unicodedata
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "normalizers" / "data"
TSV_FILES = sorted(DATA.glob("*.tsv"))


def rows_of(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line and not line.startswith("#")]
    return lines[0].split("\t"), [line.split("\t") for line in lines[1:]]


def test_data_there_are_tsv_files():
    assert {"doc_types.tsv", "issuer_fixes.tsv"} <= {p.name for p in TSV_FILES}


@pytest.mark.parametrize("path", TSV_FILES, ids=lambda p: p.name)
def test_data_tsv_is_nfc(path):
    text = path.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text


@pytest.mark.parametrize("path", TSV_FILES, ids=lambda p: p.name)
def test_data_tsv_header_and_width(path):
    header, rows = rows_of(path)
    assert header and all(name and name == name.strip() for name in header)
    assert len(set(header)) == len(header)
    assert rows, "a data file without rows"
    for row in rows:
        assert len(row) == len(header), row


@pytest.mark.parametrize("path", TSV_FILES, ids=lambda p: p.name)
def test_data_tsv_has_no_stray_spaces(path):
    _, rows = rows_of(path)
    for row in rows:
        for cell in row:
            assert cell == cell.strip(), repr(cell)
            assert "  " not in cell, repr(cell)
            assert "\u00d0" not in cell, f"Ð (U+00D0) instead of Đ in {cell!r}"


@pytest.mark.parametrize("path", TSV_FILES, ids=lambda p: p.name)
def test_data_tsv_keys_are_unique(path):
    _, rows = rows_of(path)
    keys = [row[0] for row in rows]
    assert [k for k in keys if keys.count(k) > 1] == []
    assert all(keys)


@pytest.mark.parametrize("path", [p for p in TSV_FILES if p.name in {"doc_types.tsv", "issuer_fixes.tsv", "unit_words.tsv"}],
                         ids=lambda p: p.name)
def test_data_tsv_rows_cite_a_source(path):
    header, rows = rows_of(path)
    assert "source" in header
    column = header.index("source")
    assert all(row[column] for row in rows)
