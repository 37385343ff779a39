"""Where `process_file` runs: worker processes that outlive slow and crashing documents, or Dask.

Both executors take `(path, doc_id)` tasks and yield one result per task, in
the order they finish (the batch sorts by doc_id before writing tables): Dask a
whole `DocResult`; a process worker given a spool folder writes the result and
its table pieces there itself and sends back only where they are (`Spooled`).
A document that runs past the time limit or kills its worker becomes a
`failed` row — `timed out: …` or `crashed: …` — and the batch goes on:
a province's campaign must not stop on one hostile `Báo cáo số 89/BC-…`.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from solieu import errors
from solieu.cache import ResultCache, file_sha256
from solieu.outputs.batch_index import IndexEntry
from solieu.outputs.columns import DOCUMENTS_COLUMNS
from solieu.outputs.tables import TableLayout, document_pieces
from solieu.pipeline import DocResult, RunSettings, process_file
from solieu.spool import SpoolEntry, SpoolWriter

DEFAULT_TIMEOUT = 120.0

# TEST-ONLY hook: `SOLIEU_TEST_HOOK=sleep:<doc_id>:<seconds>` makes that document
# sleep before it is read, `crash:<doc_id>` kills its worker with SIGSEGV,
# `exit:<doc_id>` with os._exit, `memory:<doc_id>` raises MemoryError. Several
# hooks are separated by `;`. The batch reads it once and hands it to workers,
# so tests can prove a time limit and a crash cost one document only.
TEST_HOOK_ENV = "SOLIEU_TEST_HOOK"


def hook_from_env() -> str:
    """The test-only hook string (empty in real runs)."""
    return os.environ.get(TEST_HOOK_ENV, "")


def _apply_test_hook(hook: str, doc_id: str) -> None:
    for spec in filter(None, hook.split(";")):
        action, _, rest = spec.partition(":")
        target, _, arg = rest.partition(":") if action == "sleep" else (rest, "", "")
        if target != doc_id:
            continue
        if action == "sleep":
            time.sleep(float(arg or 3600))
        elif action == "crash":
            os.kill(os.getpid(), signal.SIGSEGV)
        elif action == "exit":
            os._exit(3)
        elif action == "memory":
            raise MemoryError("test hook")


def run_document(path: str, doc_id: str, settings: RunSettings, hook: str = "") -> DocResult:
    """`process_file` plus the test-only hook; what every worker (process or Dask) calls."""
    if hook:
        _apply_test_hook(hook, doc_id)
    return process_file(path, doc_id, settings)


def failed_result(path: str, doc_id: str, error: str) -> DocResult:
    """The documents.csv row of a document the worker could not finish (timed out, crashed).

    >>> failed_result("in/a.txt", "a.txt", "crashed: x").document["status"]
    'failed'
    """
    row = {col: "" for col in DOCUMENTS_COLUMNS}
    row.update(doc_id=doc_id, path=str(path), format=Path(path).suffix.lower().lstrip("."),
               status="failed", error=error, ocr="false", n_figures="0", n_references="0")
    sha = file_sha256(path)  # None for a FIFO or device: opening one here would hang the main process
    if sha is not None:
        row.update(sha256=sha, size_bytes=str(os.path.getsize(path)))
    return DocResult(doc_id=doc_id, document=row)


def is_worker_failure(result: DocResult) -> bool:
    """True for a row made by the executor (timed out, crashed): not a property of the file, never cached."""
    error = result.document.get("error", "")
    return error.startswith((errors.TIMED_OUT.split(":")[0] + ":", errors.CRASHED.split(":")[0] + ":"))


def _describe_exit(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"the worker process was killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            pass
    return f"the worker process exited with code {exitcode}"


@dataclass(frozen=True)
class WorkerJob:
    """What every worker of a run is told once: settings, where to spool, which cache to use."""

    settings: RunSettings
    hook: str = ""
    spool_dir: str | None = None   # None: send whole results back (Dask, tests)
    cache_dir: str | None = None   # None: no cache
    catalog: str | None = None     # the --catalog of the tables, for the pieces a spooling worker makes


@dataclass(frozen=True)
class Spooled:
    """A result a worker already wrote to the spool with its pieces: where they are, whether it came
    from the cache, and what it adds to the run's BatchIndex."""

    doc_id: str
    entry: SpoolEntry
    cached: bool
    index_entry: IndexEntry


def _spool(writer: SpoolWriter, layout: TableLayout, doc_id: str, result: DocResult, cached: bool) -> Spooled:
    """Make the document's table pieces here, in parallel with the other workers, and write them beside it."""
    pieces, index_entry = document_pieces(result, layout)
    return Spooled(doc_id, writer.write(result, pieces), cached, index_entry)


def _worker_main(conn, job: WorkerJob) -> None:
    """Worker loop: receive (path, doc_id), send back (Spooled or DocResult, still_alive); None means stop."""
    writer = SpoolWriter(job.spool_dir, f"w{os.getpid()}") if job.spool_dir else None
    layout = TableLayout.load(job.catalog) if writer else None
    cache = ResultCache(job.cache_dir, job.settings) if job.cache_dir else None
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        path, doc_id = task
        alive, cached = True, False
        try:
            key = cache.key(path) if cache else None
            result = cache.get(key, path, doc_id) if key else None
            cached = result is not None
            if result is None:
                result = run_document(path, doc_id, job.settings, job.hook)
                if key and not is_worker_failure(result):
                    cache.put(key, result)
        except MemoryError:
            result = failed_result(path, doc_id, errors.CRASHED.format(detail="out of memory (MemoryError)"))
            alive = False  # memory may be fragmented or half-freed; a fresh worker is safer
        except Exception as exc:  # process_file promises not to raise; if it does, lose one document
            result = failed_result(path, doc_id, errors.CRASHED.format(detail=f"{type(exc).__name__}: {exc}"))
        conn.send((_spool(writer, layout, doc_id, result, cached) if writer else result, alive))
        if not alive:
            os._exit(1)


class _Worker:
    """One worker process and the tasks it holds, the first of which it is working on."""

    def __init__(self, ctx, job: WorkerJob):
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, job), daemon=True)
        self.process.start()
        child.close()
        self.tasks: deque[tuple[str, str]] = deque()
        self.alive = True  # False once the worker said it is exiting after its last result
        self.failed = False  # True once it crashed or ran out of time: it is replaced
        self.started = 0.0  # when the first task began
        self.last_seconds = float("inf")  # how long the last document took (unknown: treat as slow)

    def give(self, task: tuple[str, str]) -> None:
        if not self.tasks:
            self.started = time.monotonic()
        self.tasks.append(task)
        self.conn.send(task)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


# What a worker imports, loaded once by the fork server: the pipeline, and the table pieces
# with what the indicators row needs (outputs/indicators.py; no pandas).
WORKER_MODULES = ["solieu.pipeline", "solieu.executors", "solieu.outputs.indicators"]


def _context():
    # forkserver: workers fork from a clean server that has already imported
    # WORKER_MODULES, so neither a worker nor the replacement of a crashed one
    # imports them again, and no thread of the parent (tqdm's monitor, a Dask
    # client) is forked.
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(WORKER_MODULES)
        return ctx
    return mp.get_context("spawn")


class ProcessExecutor:
    """A pool of `workers` processes with a per-document time limit.

    A worker whose last document took less than `QUEUE_BELOW` seconds gets a
    second task queued behind the current one, so it never waits for the main
    process between two short reports (a seed-size .txt takes milliseconds);
    a slow document (a 100-page PDF) is never queued behind another. When a
    worker crashes or runs out of time, its current document fails and the
    task queued behind it goes to another worker.
    """

    QUEUE_BELOW = 0.1

    def __init__(self, workers: int, settings: RunSettings, *, timeout: float | None = DEFAULT_TIMEOUT,
                 hook: str = "", spool_dir: str | None = None, cache_dir: str | None = None,
                 catalog: str | None = None):
        self.workers = max(1, workers)
        self.job = WorkerJob(settings, hook, str(spool_dir) if spool_dir else None,
                             str(cache_dir) if cache_dir else None, catalog)
        self.timeout = timeout
        if _context().get_start_method() == "forkserver":
            from multiprocessing import forkserver  # POSIX only, as the start method

            # Started now, the server imports WORKER_MODULES while this process lists the inputs.
            forkserver.ensure_running()

    def map_unordered(self, tasks: Iterable[tuple[str, str]]) -> Iterator[DocResult | Spooled]:
        ctx = _context()
        pending = deque(tasks)
        pool: list[_Worker] = []
        try:
            while pending or any(w.tasks for w in pool):
                self._dispatch(ctx, pending, pool)
                busy = [w for w in pool if w.tasks]
                deadline = None
                if self.timeout:
                    deadline = max(0.0, min(w.started for w in busy) + self.timeout - time.monotonic())
                wait([w.conn for w in busy] + [w.process.sentinel for w in busy], deadline)
                for worker in busy:
                    while worker.tasks and not worker.failed:
                        outcome = self._collect(worker)
                        if outcome is None:
                            break
                        yield outcome
                    if worker.failed or not worker.alive or worker.process.exitcode is not None:
                        pool.remove(worker)
                        pending.extendleft(reversed(worker.tasks))  # queued behind the failed one
                        worker.tasks.clear()
                        worker.stop(kill=True)
        finally:
            for worker in pool:
                worker.stop(kill=bool(worker.tasks))

    def _dispatch(self, ctx, pending: deque, pool: list[_Worker]) -> None:
        while len(pool) < min(self.workers, len(pending) + sum(len(w.tasks) for w in pool)):
            pool.append(_Worker(ctx, self.job))
        for worker in pool:
            if pending and not worker.tasks:
                worker.give(pending.popleft())
        for worker in pool:
            if pending and len(worker.tasks) == 1 and worker.last_seconds < self.QUEUE_BELOW:
                worker.give(pending.popleft())

    def _collect(self, worker: _Worker) -> DocResult | Spooled | None:
        """The worker's next result if it has one; a failed row if it crashed or ran out of time."""
        path, doc_id = worker.tasks[0]
        if worker.conn.poll():
            try:
                outcome, worker.alive = worker.conn.recv()
                worker.tasks.popleft()
                now = time.monotonic()
                worker.last_seconds, worker.started = now - worker.started, now
                return outcome
            except Exception:  # EOF, a broken pipe or an unpicklable result: the document is lost, not the run
                # A dead worker's exit status reaches its sentinel a moment after its pipe closes.
                worker.process.join(timeout=5)
                worker.tasks.popleft()
                worker.failed = True
                return failed_result(path, doc_id, errors.CRASHED.format(detail=_describe_exit(worker.process.exitcode)))
        if worker.process.exitcode is not None:
            worker.process.join()
            worker.tasks.popleft()
            worker.failed = True
            return failed_result(path, doc_id, errors.CRASHED.format(detail=_describe_exit(worker.process.exitcode)))
        if self.timeout and time.monotonic() - worker.started > self.timeout:
            worker.tasks.popleft()
            worker.failed = True
            return failed_result(path, doc_id, errors.TIMED_OUT.format(seconds=f"{self.timeout:g}"))
        return None


class _GuardedRunner:
    """One child process kept by a Dask worker thread: the document's time limit and crash cost only it."""

    def __init__(self, job: WorkerJob):
        self.job = job
        self.worker: _Worker | None = None

    def run(self, path: str, doc_id: str, timeout: float | None) -> DocResult:
        if self.worker is None:
            self.worker = _Worker(_context(), self.job)
        worker = self.worker
        worker.give((path, doc_id))
        if not wait([worker.conn, worker.process.sentinel], timeout):
            error = errors.TIMED_OUT.format(seconds=f"{timeout:g}")
        else:
            try:
                result, alive = worker.conn.recv()
                if not alive:
                    self.stop()
                return result
            except Exception:  # EOF or a broken pipe: the child died
                # Its exit status reaches the sentinel a moment after the pipe closes.
                worker.process.join(timeout=5)
                error = errors.CRASHED.format(detail=_describe_exit(worker.process.exitcode))
        self.stop()
        return failed_result(path, doc_id, error)

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop(kill=True)
            self.worker = None


_RUNNERS = threading.local()


def run_document_guarded(path: str, doc_id: str, settings: RunSettings, hook: str = "",
                         timeout: float | None = DEFAULT_TIMEOUT) -> DocResult:
    """What a Dask worker runs: the document in a child process with `timeout`, when the worker may have children.

    Dask starts its worker processes as daemons, which may not; then the
    document runs in the worker itself (a crash costs the worker, which Dask
    restarts; there is no time limit). `DASK_DISTRIBUTED__WORKER__DAEMON=False`
    on `dask worker` lifts this.
    """
    if mp.current_process().daemon:
        return run_document(path, doc_id, settings, hook)
    job = WorkerJob(settings, hook)
    runner = getattr(_RUNNERS, "runner", None)
    if runner is None or runner.job != job:
        if runner is not None:
            runner.stop()
        runner = _RUNNERS.runner = _GuardedRunner(job)
    return runner.run(path, doc_id, timeout)


class DaskExecutor:
    """The same `run_document` on Dask distributed: a scheduler address, or a local cluster.

    Workers need solieu installed and must see the input files at the same paths.
    """

    def __init__(self, workers: int, settings: RunSettings, *, scheduler: str | None = None,
                 timeout: float | None = DEFAULT_TIMEOUT, hook: str = "", processes: bool = True):
        self.workers = max(1, workers)
        self.settings = settings
        self.scheduler = scheduler
        self.timeout = timeout
        self.hook = hook
        self.processes = processes

    def map_unordered(self, tasks: Iterable[tuple[str, str]]) -> Iterator[DocResult]:
        import dask
        from distributed import Client, LocalCluster, as_completed

        cluster = None
        if self.scheduler:
            client = Client(self.scheduler)
        else:
            # Non-daemon workers may start the child process that enforces --timeout.
            with dask.config.set({"distributed.worker.daemon": False}):
                cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=self.processes,
                                       dashboard_address=None, silence_logs=logging.CRITICAL)
            client = Client(cluster)
        try:
            where: dict[str, tuple[str, str]] = {}
            futures = []
            for path, doc_id in tasks:
                future = client.submit(run_document_guarded, path, doc_id, self.settings, self.hook, self.timeout,
                                       pure=False)
                where[future.key] = (path, doc_id)
                futures.append(future)
            for future in as_completed(futures):
                path, doc_id = where.pop(future.key)
                try:
                    yield future.result()
                except Exception as exc:  # a worker died (KilledWorker) or the task raised
                    yield failed_result(path, doc_id, errors.CRASHED.format(detail=_describe_dask_error(exc)))
                future.release()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def _describe_dask_error(exc: Exception) -> str:
    """One stable line for documents.csv (Dask's own message names a random task key).

    >>> class KilledWorker(Exception): pass
    >>> _describe_dask_error(KilledWorker("Attempted to run task 'run_document-1c5a' on 4 different workers"))
    'every Dask worker that tried this document died (KilledWorker)'
    """
    name = type(exc).__name__
    if name == "KilledWorker":
        return f"every Dask worker that tried this document died ({name})"
    first_line = (str(exc).splitlines() or [""])[0]
    return f"{name}: {first_line[:200]}"
