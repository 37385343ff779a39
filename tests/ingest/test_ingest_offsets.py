"""Offsets invariant on every corpus file: block and cell texts sit at their offsets in Document.text."""

from pathlib import Path

import pytest

from solieu.ingest.read import read_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
FILES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*")
               if p.parent.name in ("txt", "docx", "pdf", "legacy"))


@pytest.mark.parametrize("name", FILES)
def test_offsets_blocks_and_cells_point_into_text(name):
    doc = read_document(CORPUS / name)
    assert doc.status == "ok" and doc.blocks
    for i, block in enumerate(doc.blocks):
        assert doc.text[block.start:block.end] == block.text
        assert block.location.block == i
        for cell in block.cells:
            assert doc.text[cell.start:cell.end] == cell.text
            assert doc.cell_at(cell.start) in (cell, None) or not cell.text
