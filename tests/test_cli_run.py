"""`solieu run` end to end on small folders: one documents.csv row per file, exit codes."""

import csv
import subprocess
import sys

import pytest

from solieu.cli import main
from solieu.outputs.columns import DOCUMENTS_COLUMNS


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_run_writes_documents_csv_with_contract_header(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Số: 12/BC-THCS\nCó 64 giáo viên.", encoding="utf-8")
    assert main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    raw = (tmp_path / "out" / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = read_rows(tmp_path / "out" / "documents.csv")
    assert tuple(rows[0].keys()) == DOCUMENTS_COLUMNS
    assert [(r["doc_id"], r["status"]) for r in rows] == [("a.txt", "ok")]


def test_run_unsupported_and_empty_files_are_rows_not_crashes(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "b.txt").write_text("Tổng số 1.928 học sinh", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    assert main(["run", str(folder), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    rows = {r["doc_id"]: r for r in read_rows(tmp_path / "out" / "documents.csv")}
    assert list(rows) == ["empty.txt", "photo.jpg", "sub/b.txt"]
    assert rows["empty.txt"]["status"] == "failed" and rows["empty.txt"]["error"].startswith("empty:")
    assert rows["photo.jpg"]["status"] == "skipped" and rows["photo.jpg"]["error"].startswith("unsupported:")
    assert rows["sub/b.txt"]["status"] == "ok"
    # --strict: the batch still completes, but a failed document makes the exit status 1.
    assert main(["run", str(folder), "--out", str(tmp_path / "out2"), "--quiet", "--strict"]) == 1


def test_run_usage_errors_exit_2_with_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = subprocess.run([sys.executable, "-m", "solieu.cli", "run", str(tmp_path), "--out", str(blocker)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    proc = subprocess.run([sys.executable, "-m", "solieu.cli", "run", "--bogus"], capture_output=True, text=True)
    assert proc.returncode == 2


@pytest.mark.parametrize("out_name", ["ket-qua", "."])  # a sub-folder, or the reports' folder itself
def test_run_output_folder_inside_the_reports_is_not_read_as_reports(tmp_path, out_name):
    # An analyst keeps the results beside the reports and re-runs as late reports arrive:
    # the second run must not read the first one's tables, cache or staging as reports.
    reports = tmp_path / "bao-cao"
    reports.mkdir()
    (reports / "a.txt").write_text("Có 64 giáo viên.", encoding="utf-8")
    out = reports / out_name
    for _ in range(2):
        assert main(["run", str(reports), "--out", str(out), "--quiet"]) == 0
    assert [r["doc_id"] for r in read_rows(out / "documents.csv")] == ["a.txt"]


def test_run_without_workbook_removes_the_stale_one(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Có 64 giáo viên.", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--quiet"]) == 0
    assert (out / "solieu.xlsx").exists() and (out / "review.html").exists()
    (tmp_path / "in" / "a.txt").write_text("Có 65 giáo viên.", encoding="utf-8")
    # The old workbook would say 64 beside a figures.csv that says 65.
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--quiet", "--no-xlsx", "--no-html"]) == 0
    assert not (out / "solieu.xlsx").exists() and not (out / "review.html").exists()
    assert [r["value"] for r in read_rows(out / "figures.csv")] == ["65"]
