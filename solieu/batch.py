"""`solieu run`: process every input file and write the tables into DIR."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from solieu.discover import discover
from solieu.outputs.tables import results_to_frames
from solieu.outputs.write import write_csv
from solieu.pipeline import DocResult, RunSettings, process_file


@dataclass
class RunSummary:
    n_documents: int
    statuses: dict[str, int]

    @property
    def n_failed(self) -> int:
        return self.statuses.get("failed", 0)


def run_batch(paths: list[str], out_dir: Path, settings: RunSettings = RunSettings(), *,
              workers: int | None = None, quiet: bool = False) -> RunSummary:
    """Process `paths` and write the run's tables into `out_dir`."""
    inputs = discover(paths)
    results: list[DocResult] = []
    for path, doc_id in inputs:
        results.append(process_file(path, doc_id, settings))
    write_run(results, out_dir)
    statuses: dict[str, int] = {}
    for r in results:
        statuses[r.document["status"]] = statuses.get(r.document["status"], 0) + 1
    return RunSummary(n_documents=len(results), statuses=statuses)


def write_run(results: list[DocResult], out_dir: Path) -> None:
    frames = results_to_frames(results)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        write_csv(frame, out_dir / f"{name}.csv")
