"""`solieu run`: process every input file and write the tables into DIR.

The run streams: each document's result goes to a spool on disk as its worker
finishes, with the pieces of the tables it makes alone (its rows as CSV text,
its local checks), and the tables are assembled from that spool in doc_id
order, so memory does not grow with the number of reports and the serial end
of the run only merges. Every output is written into a staging folder inside
DIR and moved into place at the very end; a run killed half-way leaves the
previous tables untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from solieu.cache import CACHE_FOLDER, ResultCache
from solieu.discover import discover
from solieu.executors import (DEFAULT_TIMEOUT, DaskExecutor, ProcessExecutor, Spooled, is_worker_failure,
                              hook_from_env)
from solieu.outputs.columns import TABLE_NAMES
from solieu.outputs.tables import TableLayout
from solieu.pipeline import DocResult, RunSettings
from solieu.progress import progress_bar
from solieu.schedule import costliest_first
from solieu.spool import ResultSpool

STAGING_PREFIX = ".solieu-staging-"
OPTIONAL_OUTPUTS = ("solieu.xlsx", "review.html")


@dataclass
class RunSummary:
    n_documents: int
    statuses: dict[str, int]
    n_processed: int = 0  # read by a worker in this run
    n_cached: int = 0     # taken from the cache

    @property
    def n_failed(self) -> int:
        return self.statuses.get("failed", 0)


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
    """Move every file written in `staging` into `out_dir`, each with one atomic rename.

    A workbook or review page this run did not write (`--no-xlsx`, `--no-html`) is
    removed: left from an earlier run, it would show other numbers than the CSVs.
    """
    written = set()
    for path in sorted(staging.iterdir()):
        if path.is_file():
            os.replace(path, out_dir / path.name)
            written.add(path.name)
    for name in OPTIONAL_OUTPUTS:
        if name not in written:
            (out_dir / name).unlink(missing_ok=True)


def run_outputs(out_dir: Path, cache: str | os.PathLike | None) -> list[Path]:
    """What a run writes in or beside its reports: never read back as reports by the next run."""
    files = [out_dir / name for name in (*(f"{table}.csv" for table in TABLE_NAMES), *OPTIONAL_OUTPUTS)]
    return [out_dir, Path(cache or out_dir / CACHE_FOLDER), *files]


def default_workers() -> int:
    """All the cores this process may use (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def make_executor(workers: int, settings: RunSettings, *, executor: str = "process",
                  scheduler: str | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                  spool_dir: Path | None = None, cache_dir: Path | None = None, catalog: str | None = None):
    """The executor of a run; process workers spool, make table pieces (for `catalog`) and use the cache
    themselves, Dask ones do not."""
    hook = hook_from_env()
    if executor == "dask":
        return DaskExecutor(workers, settings, scheduler=scheduler, timeout=timeout, hook=hook)
    return ProcessExecutor(workers, settings, timeout=timeout, hook=hook, spool_dir=spool_dir, cache_dir=cache_dir,
                           catalog=catalog)


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
    catalog = write_options.get("catalog")
    spool = None
    try:
        cache_dir = Path(cache or out_dir / CACHE_FOLDER) if use_cache else None
        # The pool first: its workers' imports start while this process loads the catalogue and lists the inputs.
        pool = make_executor(workers or default_workers(), settings, executor=executor, scheduler=scheduler,
                             timeout=timeout, spool_dir=staging / "spool", cache_dir=cache_dir, catalog=catalog)
        spool = ResultSpool(staging / "spool", TableLayout.load(catalog))
        inputs = discover(paths, skip=[*run_outputs(out_dir, cache), staging])
        # The process pool looks the cache up in its workers; for Dask (workers on other
        # machines may not see this disk) the main process does it here.
        store = ResultCache(cache_dir, settings) if cache_dir and isinstance(pool, DaskExecutor) else None
        n_cached = n_processed = 0
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
            for outcome in pool.map_unordered(costliest_first(todo)) if todo else ():
                if isinstance(outcome, Spooled):
                    spool.record(outcome.doc_id, outcome.entry, outcome.index_entry)
                    n_cached += outcome.cached
                    n_processed += not outcome.cached
                else:
                    spool.add(outcome)
                    n_processed += 1
                    key = keys.get(outcome.doc_id)
                    if store and key and not is_worker_failure(outcome):
                        store.put(key, outcome)
                bar.update()
            bar.set_postfix_str("writing tables")  # the tables of a large campaign take a while
            write_run(spool, tables_dir, **write_options)
        publish(tables_dir, out_dir)
        return RunSummary(n_documents=len(spool), statuses=dict(spool.statuses),
                          n_processed=n_processed, n_cached=n_cached)
    finally:
        if spool is not None:
            spool.close()
        shutil.rmtree(staging, ignore_errors=True)


def write_run(results: list[DocResult], out_dir: Path, *, xlsx: bool = True, html: bool = True,
              catalog: str | None = None) -> None:
    """Write the five CSV tables, solieu.xlsx (unless `xlsx` is false) and review.html (unless `html`).

    Document by document (outputs/run_files.py), so memory stays flat: from a
    ResultSpool's pieces, or from DocResults (read twice: a list, or any
    iterable in doc_id order); `catalog` is the --catalog file whose keys extend
    indicators.csv.
    """
    from solieu.outputs.run_files import write_run_files

    write_run_files(results, out_dir, xlsx=xlsx, html=html, catalog=catalog)
