"""Executors: a slow or crashing document costs that document only, never the batch."""

import os

import pytest

from solieu.executors import ProcessExecutor, failed_result, is_worker_failure
from solieu.pipeline import RunSettings

REPORT = "Số: 12/BC-THCS\nTrường có 64 giáo viên, 1.928 học sinh."


@pytest.fixture
def folder(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (tmp_path / name).write_text(REPORT, encoding="utf-8")
    return tmp_path


def run_pool(folder, hook, workers=2, timeout=30.0):
    tasks = [(str(folder / name), name) for name in ("a.txt", "b.txt", "c.txt", "d.txt")]
    pool = ProcessExecutor(workers, RunSettings(ocr=False), timeout=timeout, hook=hook)
    return {r.doc_id: (r.document["status"], r.document["error"]) for r in pool.map_unordered(tasks)}


@pytest.mark.parametrize("hook, error", [
    ("crash:b.txt", "crashed: the worker process was killed by SIGSEGV"),
    ("exit:b.txt", "crashed: the worker process exited with code 3"),
    ("memory:b.txt", "crashed: out of memory (MemoryError)"),
    ("sleep:b.txt:60", "timed out: reading took longer than 1 s"),
])
def test_executors_bad_document_fails_alone_and_the_rest_complete(folder, hook, error):
    timeout = 1.0 if hook.startswith("sleep") else 30.0
    outcome = run_pool(folder, hook, timeout=timeout)
    assert outcome == {"a.txt": ("ok", ""), "b.txt": ("failed", error), "c.txt": ("ok", ""), "d.txt": ("ok", "")}


def test_executors_one_worker_survives_two_crashes_in_a_row(folder):
    outcome = run_pool(folder, "crash:a.txt;exit:b.txt", workers=1)
    assert [outcome[d][0] for d in ("a.txt", "b.txt", "c.txt", "d.txt")] == ["failed", "failed", "ok", "ok"]


def test_executors_failed_result_is_a_complete_documents_row(folder):
    result = failed_result(str(folder / "a.txt"), "a.txt", "timed out: reading took longer than 5 s")
    row = result.document
    assert (row["doc_id"], row["format"], row["status"], row["size_bytes"]) == (
        "a.txt", "txt", "failed", str(len(REPORT.encode())))
    assert len(row["sha256"]) == 64
    assert is_worker_failure(result)


@pytest.mark.parametrize("error, is_failure", [
    ("timed out: reading took longer than 120 s", True),
    ("crashed: the worker process was killed by SIGSEGV", True),
    ("corrupt: not a zip file", False),
    ("", False),
])
def test_executors_only_worker_failures_are_not_cached(error, is_failure):
    assert is_worker_failure(failed_result("/nonexistent/x.txt", "x.txt", error)) is is_failure


@pytest.mark.parametrize("hook, error", [
    ("memory:b.txt", "crashed: out of memory (MemoryError)"),
    ("crash:b.txt", "crashed: the worker process was killed by SIGSEGV"),
    ("sleep:b.txt:60", "timed out: reading took longer than 1 s"),
])
def test_executors_dask_bad_document_fails_alone(folder, hook, error):
    pytest.importorskip("distributed")
    from solieu.executors import DaskExecutor

    tasks = [(str(folder / name), name) for name in ("a.txt", "b.txt", "c.txt")]
    pool = DaskExecutor(1, RunSettings(ocr=False), hook=hook, timeout=1.0, processes=False)
    outcome = {r.doc_id: (r.document["status"], r.document["error"]) for r in pool.map_unordered(tasks)}
    assert outcome == {"a.txt": ("ok", ""), "b.txt": ("failed", error), "c.txt": ("ok", "")}


def test_executors_named_pipe_input_times_out_instead_of_hanging_the_batch(folder):
    os.mkfifo(folder / "b.txt.fifo")
    (folder / "b.txt").unlink()
    os.rename(folder / "b.txt.fifo", folder / "b.txt")  # reading it blocks forever: nobody writes
    assert run_pool(folder, "", timeout=1.0) == {
        "a.txt": ("ok", ""), "b.txt": ("failed", "timed out: reading took longer than 1 s"),
        "c.txt": ("ok", ""), "d.txt": ("ok", "")}


def test_executors_task_queued_behind_a_crash_is_read_by_the_next_worker(folder):
    # One worker, short reports: after a.txt it keeps a second task queued, so d.txt
    # waits behind c.txt when c.txt crashes; d.txt must still come out.
    outcome = run_pool(folder, "crash:c.txt", workers=1)
    assert outcome == {"a.txt": ("ok", ""), "b.txt": ("ok", ""),
                       "c.txt": ("failed", "crashed: the worker process was killed by SIGSEGV"), "d.txt": ("ok", "")}


def test_executors_spooling_worker_writes_the_pieces_and_sends_the_index_entry(folder, tmp_path):
    from solieu.executors import Spooled
    from solieu.outputs.tables import document_pieces
    from solieu.pipeline import process_file
    from solieu.spool import ResultSpool

    spool = ResultSpool(tmp_path / "spool")
    tasks = [(str(folder / name), name) for name in ("a.txt", "b.txt", "c.txt", "d.txt")]
    pool = ProcessExecutor(2, RunSettings(ocr=False), spool_dir=spool.folder)
    for outcome in pool.map_unordered(tasks):
        assert isinstance(outcome, Spooled) and outcome.index_entry.doc_id == outcome.doc_id
        spool.record(outcome.doc_id, outcome.entry, outcome.index_entry)
    made_here = [document_pieces(process_file(path, doc_id, RunSettings(ocr=False)), spool.layout)[0]
                 for path, doc_id in tasks]
    assert [pieces for pieces, _ in spool.documents()] == made_here
    # Four copies of one report: the index the main process built from the entries knows it.
    assert spool.index.same_content(spool[0].document["sha256"], "a.txt") == ["b.txt", "c.txt", "d.txt"]
    spool.close()
