"""The report generator of bench/: figures redrawn, symbols, dates and years kept."""

import random
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from generate import generate, vary_text  # noqa: E402


@pytest.mark.parametrize("text", [
    "Công văn số 1782/SGDĐT-VP ngày 25/9/2023",
    "năm học 2023 – 2024",
    "giai đoạn 2022 - 2025",
    "Quyết định 131/QĐ-TTg",
    "1.1. Thực hiện",
])
def test_generate_keeps_symbols_dates_years_and_list_numbers(text):
    assert vary_text(text, random.Random(7)) == text


@pytest.mark.parametrize("text, pattern", [
    ("có 64 giáo viên", r"có \d+ giáo viên"),
    ("1.928 học sinh", r"\d{1,3}(\.\d{3})* học sinh"),
    ("đạt 19,50%", r"đạt \d+,\d\d%"),
])
def test_generate_redraws_figures_in_their_written_form(text, pattern):
    varied = [vary_text(text, random.Random(seed)) for seed in range(5)]
    assert all(re.fullmatch(pattern, v) for v in varied)
    assert any(v != text for v in varied)


def test_generate_writes_txt_and_docx_in_turn(tmp_path):
    paths = generate(4, tmp_path, ("txt", "docx"))
    assert [p.name for p in paths] == ["bao-cao-00000.txt", "bao-cao-00001.docx",
                                       "bao-cao-00002.txt", "bao-cao-00003.docx"]
    assert paths[1].read_bytes()[:2] == b"PK"
