"""Issue 6: broken and hostile inputs never stop a batch, and each gets an honest row.

The collection is tests/bad_inputs/files/ (made by tests/bad_inputs/make_bad_inputs.py);
an unreadable file and a symlink loop are added at test time because git cannot
store them. `solieu run` reads everything once; each test checks one row of
documents.csv against the table below (status and the error code users filter on).
"""

from __future__ import annotations

import csv
import os
import shutil
import stat
from pathlib import Path

import pytest

from solieu.cli import main

BAD_INPUTS = Path(__file__).resolve().parent / "bad_inputs" / "files"
GOOD_TEXT = (BAD_INPUTS / "good" / "bao-cao-tot.txt").read_bytes()

# doc_id -> (status, error code prefix, format detected from content)
EXPECTED = [
    ("good/bao-cao-tot.txt", "ok", "", "txt"),
    ("good/bao-cao-tot.docx", "ok", "", "docx"),
    ("good/bao-cao-tot.pdf", "ok", "", "pdf"),
    ('Báo cáo "số 1" của trường.txt', "ok", "", "txt"),
    ("truncated.docx", "failed", "corrupt:", "docx"),
    ("corrupt.docx", "failed", "corrupt:", "docx"),
    ("bomb.docx", "failed", "too_large:", "docx"),
    ("billion-laughs.docx", "failed", "corrupt:", "docx"),
    ("deep-nesting.docx", "failed", "corrupt:", "docx"),
    ("xxe.docx", "failed", "corrupt:", "docx"),
    ("encrypted.pdf", "failed", "encrypted:", "pdf"),
    ("many-pages.pdf", "partial", "too_many_pages:", "pdf"),
    ("empty.txt", "failed", "empty:", "txt"),
    ("empty.docx", "failed", "empty:", "docx"),
    ("garbage.txt", "failed", "corrupt:", "txt"),
    ("pdf-named.docx", "ok", "", "pdf"),
    ("docx-named.pdf", "ok", "", "docx"),
    # made at test time
    ("unreadable.txt", "failed", "unreadable:", "txt"),
    ("loop/a.txt", "failed", "unreadable:", "txt"),
    ("loop/b.txt", "failed", "unreadable:", "txt"),
    ("loop/inside.txt", "ok", "", "txt"),
]


def _add_unreadable_file(root: Path) -> Path:
    path = root / "unreadable.txt"
    path.write_bytes(GOOD_TEXT)
    path.chmod(0)
    return path


def _add_symlink_loop(root: Path) -> None:
    """loop/self -> loop (a folder that contains itself) and a.txt <-> b.txt (links to each other)."""
    loop = root / "loop"
    loop.mkdir()
    (loop / "inside.txt").write_bytes(GOOD_TEXT)
    (loop / "self").symlink_to(".", target_is_directory=True)
    (loop / "a.txt").symlink_to("b.txt")
    (loop / "b.txt").symlink_to("a.txt")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Run `solieu run` once over the collection; yield (exit status, rows by doc_id, out dir, root)."""
    base = tmp_path_factory.mktemp("bad_inputs")
    root = base / "in"
    shutil.copytree(BAD_INPUTS, root, symlinks=True)
    unreadable = _add_unreadable_file(root)
    _add_symlink_loop(root)
    out = base / "out"
    try:
        status = main(["run", str(root), "--out", str(out), "--workers", "2", "--no-ocr",
                       "--quiet", "--no-cache"])
    finally:
        unreadable.chmod(stat.S_IRUSR | stat.S_IWUSR)  # so tmp_path can be cleaned up
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {row["doc_id"]: row for row in csv.DictReader(fh)}
    unreadable.chmod(0)
    yield status, rows, out, root
    unreadable.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_bad_inputs_batch_completes_with_exit_0(run):
    status, rows, out, _ = run
    assert status == 0
    assert (out / "documents.csv").exists()


def test_bad_inputs_one_row_per_input_and_no_row_through_the_loop(run):
    _, rows, _, _ = run
    assert sorted(rows) == sorted(doc_id for doc_id, *_ in EXPECTED)
    assert not [d for d in rows if d.startswith("loop/self/")]


@pytest.mark.parametrize(("doc_id", "status", "error_code", "fmt"), EXPECTED,
                         ids=[doc_id for doc_id, *_ in EXPECTED])
def test_bad_inputs_row(run, doc_id, status, error_code, fmt):
    _, rows, _, root = run
    if doc_id == "unreadable.txt" and os.access(root / doc_id, os.R_OK):
        pytest.skip("running as root: chmod 000 does not stop root reading the file")
    row = rows[doc_id]
    assert (row["status"], row["error"][: len(error_code)], row["format"]) == (status, error_code, fmt)
    if status == "ok":
        assert row["error"] == ""
    else:
        assert len(row["error"]) > len(error_code), "the error code is followed by a sentence"


def test_bad_inputs_many_pages_reads_only_the_first_max_pages(run):
    _, rows, _, _ = run
    row = rows["many-pages.pdf"]
    assert "500 of 2000" in row["error"]


def test_bad_inputs_good_files_come_out_whole(run):
    """The same report as .txt, under a hostile name and behind a symlink loop: same hash, read."""
    _, rows, _, _ = run
    good = ["good/bao-cao-tot.txt", 'Báo cáo "số 1" của trường.txt', "loop/inside.txt"]
    assert {rows[d]["sha256"] for d in good} == {__import__("hashlib").sha256(GOOD_TEXT).hexdigest()}
    assert {rows[d]["status"] for d in good} == {"ok"}


def test_bad_inputs_xxe_never_reads_local_files(run):
    """The xxe.docx entity points at /etc/passwd; no output may contain it."""
    _, _, out, _ = run
    passwd_line = "root:x:0:0"
    for path in out.iterdir():
        if path.is_file():
            assert passwd_line.encode() not in path.read_bytes(), path.name


def test_bad_inputs_undecodable_file_name(tmp_path):
    """A name that is not UTF-8 (bytes from an old Windows zip, `\\xff`) still gets its row.

    Made at test time in its own run, so that if it stops the batch, only this test says so.
    """
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_bytes(GOOD_TEXT)
    with open(os.path.join(os.fsencode(folder), b"bad-\xff-name.txt"), "wb") as fh:
        fh.write(GOOD_TEXT)
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["doc_id"].startswith("bad-") and r["doc_id"].endswith("-name.txt"), r["status"])
            for r in rows] == [(True, "ok"), (False, "ok")]
