"""`solieu run`: process every input file and write the tables into DIR.

The run streams: each document's result goes to a JSON-lines spool on disk as
its worker finishes, and the tables are assembled from that spool in doc_id
order, so memory does not grow with the number of reports. Every output is
written into a staging folder inside DIR and moved into place at the very end;
a run killed half-way leaves the previous tables untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from solieu.cache import CACHE_FOLDER, ResultCache
from solieu.discover import discover
from solieu.executors import (DEFAULT_TIMEOUT, DaskExecutor, ProcessExecutor, is_worker_failure,
                              test_hook_from_env)
from solieu.outputs.tables import results_to_frames
from solieu.outputs.write import write_csv
from solieu.pipeline import DocResult, RunSettings
from solieu.progress import progress_bar

STAGING_PREFIX = ".solieu-staging-"


@dataclass
class RunSummary:
    n_documents: int
    statuses: dict[str, int]
    n_processed: int = 0  # read by a worker in this run
    n_cached: int = 0     # taken from the cache

    @property
    def n_failed(self) -> int:
        return self.statuses.get("failed", 0)


class SpooledResult(DocResult):
    """A DocResult read back from the spool whose `text` stays on disk until it is asked for.

    Sorting a whole batch of these keeps the rows in memory but not the texts,
    which are most of a report's weight (a 17 kB seed is 17 kB of text and a
    few hundred bytes of rows).
    """

    def __init__(self, doc_id, document, figures, references, text_fd: int, text_at: tuple[int, int]):
        super().__init__(doc_id=doc_id, document=document, figures=figures, references=references)
        self._text_fd, self._text_at = text_fd, text_at

    @property
    def text(self) -> str:
        offset, size = getattr(self, "_text_at", (0, 0))
        return os.pread(self._text_fd, size, offset).decode("utf-8") if size else ""

    @text.setter
    def text(self, value) -> None:  # DocResult.__init__ assigns text; the spool keeps it on disk
        pass


class ResultSpool(Sequence):
    """Per-document results on disk, read back one at a time in doc_id order.

    Rows go to a JSON-lines file, texts to a second file; only byte offsets stay
    in memory, so `write_run` can stream a batch of any size.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._rows = open(self.path, "w+b")
        self._texts = open(self.path.with_suffix(".texts"), "w+b")
        self._offsets: dict[str, tuple[int, int, int]] = {}  # doc_id -> row offset, text offset, text size
        self._order: list[str] | None = None
        self.statuses: dict[str, int] = {}

    def add(self, result: DocResult) -> None:
        data = result.to_json()
        text = data.pop("text").encode("utf-8")
        self._texts.seek(0, os.SEEK_END)
        text_at = self._texts.tell()
        self._texts.write(text)
        self._rows.seek(0, os.SEEK_END)
        self._offsets[result.doc_id] = (self._rows.tell(), text_at, len(text))
        self._rows.write(json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n")
        self._order = None
        status = result.document.get("status", "")
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def _ids(self) -> list[str]:
        if self._order is None:
            self._order = sorted(self._offsets)
        return self._order

    def __len__(self) -> int:
        return len(self._offsets)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        self._flush()
        row_at, text_at, size = self._offsets[self._ids()[index]]
        with open(self.path, "rb") as fh:
            fh.seek(row_at)
            return self._result(fh.readline(), text_at, size)

    def __iter__(self) -> Iterator[SpooledResult]:
        self._flush()
        with open(self.path, "rb") as fh:
            for doc_id in self._ids():
                row_at, text_at, size = self._offsets[doc_id]
                fh.seek(row_at)
                yield self._result(fh.readline(), text_at, size)

    def _result(self, line: bytes, text_at: int, size: int) -> SpooledResult:
        data = json.loads(line)
        return SpooledResult(data["doc_id"], data["document"], data["figures"], data["references"],
                             self._texts.fileno(), (text_at, size))

    def _flush(self) -> None:
        self._rows.flush()
        self._texts.flush()

    def close(self) -> None:
        self._rows.close()
        self._texts.close()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_staging(out_dir: Path) -> None:
    """Delete staging folders left by runs that were killed (their process is gone)."""
    for folder in out_dir.glob(STAGING_PREFIX + "*"):
        pid_text = folder.name[len(STAGING_PREFIX):].split("-")[0]
        if folder.is_dir() and pid_text.isdigit() and not _pid_alive(int(pid_text)):
            shutil.rmtree(folder, ignore_errors=True)


def publish(staging: Path, out_dir: Path) -> None:
    """Move every file written in `staging` into `out_dir`, each with one atomic rename."""
    for path in sorted(staging.iterdir()):
        if path.is_file():
            os.replace(path, out_dir / path.name)


def make_executor(workers: int, settings: RunSettings, *, executor: str = "process",
                  scheduler: str | None = None, timeout: float | None = DEFAULT_TIMEOUT):
    hook = test_hook_from_env()
    if executor == "dask":
        return DaskExecutor(workers, settings, scheduler=scheduler, timeout=timeout, hook=hook)
    return ProcessExecutor(workers, settings, timeout=timeout, hook=hook)


def run_batch(paths: list[str], out_dir: Path, settings: RunSettings = RunSettings(), *,
              workers: int | None = None, quiet: bool = False, cache: str | os.PathLike | None = None,
              use_cache: bool = True, executor: str = "process", scheduler: str | None = None,
              timeout: float | None = DEFAULT_TIMEOUT, **write_options) -> RunSummary:
    """Process `paths` and write the run's tables into `out_dir`.

    Documents found in the cache (`out_dir/.solieu-cache` unless `cache` is
    given) are not read again; the others run on `executor` with `workers`
    processes, each given at most `timeout` seconds.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out_dir))
    tables_dir = staging / "tables"
    tables_dir.mkdir()
    spool = ResultSpool(staging / "results.jsonl")
    try:
        inputs = discover(paths)
        store = ResultCache(cache or out_dir / CACHE_FOLDER, settings) if use_cache else None
        n_cached = 0
        keys: dict[str, str | None] = {}
        todo: list[tuple[str, str]] = []
        with progress_bar(len(inputs), quiet=quiet) as bar:
            for path, doc_id in inputs:
                key = store.key(path) if store else None
                hit = store.get(key, path, doc_id) if key else None
                if hit is not None:
                    spool.add(hit)
                    n_cached += 1
                    bar.update()
                else:
                    keys[doc_id] = key
                    todo.append((path, doc_id))
            if todo:
                pool = make_executor(workers or os.cpu_count() or 1, settings, executor=executor,
                                     scheduler=scheduler, timeout=timeout)
                for result in pool.map_unordered(todo):
                    spool.add(result)
                    key = keys.get(result.doc_id)
                    if store and key and not is_worker_failure(result):
                        store.put(key, result)
                    bar.update()
        write_run(spool, tables_dir, **write_options)
        publish(tables_dir, out_dir)
        return RunSummary(n_documents=len(spool), statuses=dict(spool.statuses),
                          n_processed=len(todo), n_cached=n_cached)
    finally:
        spool.close()
        shutil.rmtree(staging, ignore_errors=True)


def write_run(results: list[DocResult], out_dir: Path) -> None:
    frames = results_to_frames(results)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        write_csv(frame, out_dir / f"{name}.csv")
