"""`run_batch` at scale: same bytes whatever the workers, incremental, staged, killable, Dask."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from solieu.batch import run_batch
from solieu.pipeline import RunSettings

SEEDS = Path("/work/shared/seeds")
REPORTS = {
    "a.txt": "Số: 12/BC-THCS\nThanh Trì, ngày 6 tháng 3 năm 2025\nTrường có 64 giáo viên, 1.928 học sinh.",
    "sub/Báo cáo số 2.txt": "Tổng số giáo viên có máy tính: 55/282 (19,50%).",
    "sub/deep/c.txt": "Căn cứ Quyết định số 131/QĐ-TTg ngày 25/01/2022.",
    "d.txt": "Đạt 84/100 điểm, mức độ 2.",
    "e.jpg": "not a picture",
}
SETTINGS = RunSettings(ocr=False)


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    for name, text in REPORTS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(seed, root / seed.name)
    return root


def output_bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_batch_output_is_byte_identical_for_1_and_2_workers(folder, tmp_path):
    run_batch([str(folder)], tmp_path / "w1", SETTINGS, workers=1, quiet=True, use_cache=False)
    run_batch([str(folder)], tmp_path / "w2", SETTINGS, workers=2, quiet=True, use_cache=False)
    one, two = output_bytes(tmp_path / "w1"), output_bytes(tmp_path / "w2")
    assert "documents.csv" in one and one == two


def test_batch_rerun_reads_only_the_new_report(folder, tmp_path):
    out = tmp_path / "out"
    first = run_batch([str(folder)], out, SETTINGS, workers=2, quiet=True)
    assert (first.n_processed, first.n_cached) == (len(REPORTS) + 3, 0)
    before = output_bytes(out)
    (folder / "late.txt").write_text("Báo cáo muộn: 12 trường.", encoding="utf-8")
    second = run_batch([str(folder)], out, SETTINGS, workers=2, quiet=True)
    assert (second.n_processed, second.n_cached) == (1, len(REPORTS) + 3)
    assert b"late.txt" in (out / "documents.csv").read_bytes()
    assert (out / "documents.csv").read_bytes() != before["documents.csv"]
    forced = run_batch([str(folder)], out, SETTINGS, workers=2, quiet=True, use_cache=False)
    assert (forced.n_processed, forced.n_cached) == (len(REPORTS) + 4, 0)


def test_batch_cached_tables_equal_fresh_tables(folder, tmp_path):
    cache = tmp_path / "cache"
    run_batch([str(folder)], tmp_path / "fresh", SETTINGS, workers=2, quiet=True, cache=cache)
    again = run_batch([str(folder)], tmp_path / "cached", SETTINGS, workers=2, quiet=True, cache=cache)
    assert again.n_processed == 0
    assert output_bytes(tmp_path / "fresh") == output_bytes(tmp_path / "cached")


def test_batch_renamed_file_is_a_cache_hit_under_its_new_doc_id(folder, tmp_path):
    out = tmp_path / "out"
    run_batch([str(folder)], out, SETTINGS, workers=1, quiet=True)
    (folder / "a.txt").rename(folder / "sub" / "renamed.txt")
    summary = run_batch([str(folder)], out, SETTINGS, workers=1, quiet=True)
    assert summary.n_processed == 0
    rows = (out / "documents.csv").read_text(encoding="utf-8-sig")
    assert "sub/renamed.txt" in rows and "\r\na.txt," not in rows


def test_batch_leaves_no_staging_folder_behind(folder, tmp_path):
    out = tmp_path / "out"
    run_batch([str(folder)], out, SETTINGS, workers=1, quiet=True)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".solieu-cache"]


def test_batch_killed_run_keeps_previous_outputs_and_next_run_completes(folder, tmp_path):
    out = tmp_path / "out"
    run_batch([str(folder)], out, SETTINGS, workers=2, quiet=True, use_cache=False)
    before = output_bytes(out)
    (folder / "a.txt").write_text("Trường có 65 giáo viên.", encoding="utf-8")  # the next run changes tables
    env = dict(os.environ, SOLIEU_TEST_HOOK="sleep:d.txt:120")
    proc = subprocess.Popen([sys.executable, "-m", "solieu.cli", "run", str(folder), "--out", str(out),
                             "--workers", "2", "--no-ocr", "--no-cache", "--quiet"],
                            env=env, start_new_session=True)
    try:
        spool = None
        for _ in range(600):  # wait until the run is half-way: results spooled, d.txt still asleep
            spool = next((p for p in out.glob(".solieu-staging-*/spool/w*.rows") if p.stat().st_size), None)
            if spool is not None:
                break
            time.sleep(0.1)
        assert spool is not None and proc.poll() is None
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert output_bytes(out) == before
    summary = run_batch([str(folder)], out, SETTINGS, workers=2, quiet=True, use_cache=False)
    assert summary.n_documents == len(REPORTS) + 3
    assert b"65 gi" not in before["documents.csv"] and not list(out.glob(".solieu-staging-*"))


def test_batch_dask_local_cluster_gives_the_same_tables_as_the_process_pool(folder, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    import solieu.batch as batch
    from solieu.executors import DaskExecutor

    run_batch([str(folder)], tmp_path / "pool", SETTINGS, workers=2, quiet=True, use_cache=False)
    # processes=False: a LocalCluster of threads in this process starts in a blink and runs the
    # same run_document; the CLI's default cluster (processes) is exercised by the next test.
    monkeypatch.setattr(batch, "make_executor",
                        lambda workers, settings, **kw: DaskExecutor(workers, settings, processes=False))
    run_batch([str(folder)], tmp_path / "dask", SETTINGS, workers=2, quiet=True, use_cache=False, executor="dask")
    assert output_bytes(tmp_path / "dask") == output_bytes(tmp_path / "pool")


def test_batch_cli_executor_dask_on_a_local_process_cluster(folder, tmp_path):
    pytest.importorskip("distributed")
    run_batch([str(folder)], tmp_path / "pool", SETTINGS, workers=1, quiet=True, use_cache=False)
    proc = subprocess.run([sys.executable, "-m", "solieu.cli", "run", str(folder), "--out", str(tmp_path / "dask"),
                           "--executor", "dask", "--workers", "1", "--no-ocr", "--no-cache", "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert output_bytes(tmp_path / "dask") == output_bytes(tmp_path / "pool")


@pytest.mark.parametrize("options, message", [
    (["--timeout", "0"], "solieu: --timeout must be more than 0 seconds"),
    (["--scheduler", "tcp://127.0.0.1:8786"], "solieu: --scheduler needs --executor dask"),
    (["--cache", __file__], f"solieu: --cache {__file__}: exists and is not a folder"),
    (["--executor", "spark"], "solieu: argument --executor: invalid choice: 'spark' (choose from 'process', 'dask')"),
])
def test_batch_cli_options_usage_errors(folder, tmp_path, capsys, options, message):
    from solieu.cli import main

    assert main(["run", str(folder), "--out", str(tmp_path / "out"), *options]) == 2
    assert capsys.readouterr().err.strip() == message


def test_batch_default_workers_are_the_cores_this_process_may_use():
    from solieu.batch import default_workers

    assert default_workers() == len(os.sched_getaffinity(0))


def test_batch_longest_documents_are_dispatched_first(tmp_path):
    from solieu.schedule import costliest_first

    # A 58-page PDF of 400 kB outweighs a 2-page one of 1 MB (scans and fonts weigh, pages count).
    (tmp_path / "dai.pdf").write_bytes(b"%PDF-1.4 << /Type /Pages /Count 58 >>" + b" " * 400_000)
    (tmp_path / "ngan.pdf").write_bytes(b"%PDF-1.4 << /Type /Pages /Count 2 >>" + b" " * 1_000_000)
    (tmp_path / "nen.pdf").write_bytes(b"%PDF-1.5 /ObjStm" + b" " * 3_000_000)  # page tree hidden: by size
    for name, size in [("a.txt", 10), ("c.docx", 300_000), ("d.txt", 300_000)]:
        (tmp_path / name).write_bytes(b"x" * size)
    names = ("a.txt", "c.docx", "d.txt", "dai.pdf", "nen.pdf", "ngan.pdf", "missing.txt")
    tasks = [(str(tmp_path / n), n) for n in names]
    assert [doc_id for _, doc_id in costliest_first(tasks)] == \
        ["dai.pdf", "nen.pdf", "c.docx", "d.txt", "ngan.pdf", "a.txt", "missing.txt"]


def test_batch_workers_make_the_tables_of_the_run_catalog(folder, tmp_path):
    from solieu.batch import write_run
    from solieu.discover import discover
    from solieu.pipeline import process_file

    extra = tmp_path / "extra.csv"
    extra.write_text("key,form,label,aliases,kind,order\nschools,local,Số trường,trường|giáo viên,count,1\n",
                     encoding="utf-8")
    run_batch([str(folder)], tmp_path / "run", SETTINGS, workers=2, quiet=True, use_cache=False,
              catalog=str(extra), xlsx=False)
    results = [process_file(path, doc_id, SETTINGS) for path, doc_id in discover([str(folder)])]
    write_run(results, tmp_path / "list", catalog=str(extra), xlsx=False)
    assert b"schools" in (tmp_path / "run" / "indicators.csv").read_bytes()
    assert output_bytes(tmp_path / "run") == output_bytes(tmp_path / "list")
