"""One command for the batch figures of issue 5: throughput, cost over bare parsing, speed-up, memory.

    python bench/run_bench.py --repeat 2 # full: about 25 minutes on 2 cores
    python bench/run_bench.py --quick    # smaller sets, for a smoke test

Prints markdown tables (README "Benchmarks"):
- docs/s and pages/s per format, 1 worker and all cores, from `solieu run`
  wall time minus the start-up of a one-document run (imports, pool start);
- solieu's 1-worker time over bare parsing (reading .txt bytes, python-docx,
  pdfplumber `extract_text`) of the same files;
- speed-up from 1 worker to all cores, and beside it the speed-up the same bare
  parsing gets from as many processes (the machine's own ceiling);
- the same runs writing every output (solieu.xlsx and review.html too), all cores;
- peak resident memory of the main process and of the biggest worker for
  runs over 1,000 and 10,000 generated reports;
- beside each timed run, the CPU time the hypervisor gave to other machines
  while it ran ("steal", from /proc/stat): on a shared virtual machine this,
  not solieu, is what moves the figures from one run to the next.

.txt and .docx are generated from the seeds (bench/generate.py); text PDFs are
the public reports in /work/shared/reports-public that have a text layer.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

PUBLIC = Path("/work/shared/reports-public")
BASE_OPTIONS = ["--no-ocr", "--no-cache", "--quiet"]
RUN_OPTIONS = [*BASE_OPTIONS, "--no-xlsx", "--no-html"]  # CSVs only


def cpu_ticks() -> tuple[int, int] | None:
    """(steal, busy + steal) clock ticks of the whole machine since boot; None where /proc/stat is missing.

    Steal is the time a virtual CPU wanted to run and the hypervisor ran another
    machine instead; busy is user + nice + system + irq + softirq (idle and
    iowait left out, so an idle core does not dilute the share).
    """
    try:
        with open("/proc/stat") as fh:
            user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fh.readline().split()[1:9])
    except (OSError, ValueError):
        return None
    return steal, user + nice + system + irq + softirq + steal


def steal_percent(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    """Share of the CPU time wanted between two `cpu_ticks()` readings that went to other machines."""
    if before is None or after is None or after[1] <= before[1]:
        return None
    return 100 * (after[0] - before[0]) / (after[1] - before[1])


def show_steal(percent: float | None) -> str:
    return "–" if percent is None else f"{percent:.0f}"


def run_cli(folder: Path, out: Path, workers: int, options: list[str] = RUN_OPTIONS) -> tuple[float, float | None]:
    """Wall seconds of one `solieu run` in a fresh process, and the steal % while it ran."""
    shutil.rmtree(out, ignore_errors=True)
    ticks = cpu_ticks()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "solieu.cli", "run", str(folder), "--out", str(out),
                    "--workers", str(workers), *options], check=True)
    return time.perf_counter() - start, steal_percent(ticks, cpu_ticks())


def count_pages(out: Path) -> tuple[int, dict[str, int]]:
    """Pages read (documents.csv `pages`, empty for formats without pages) and documents per status."""
    pages, statuses = 0, {}
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            pages += int(row["pages"] or 0)
            statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    return pages, statuses


def bare_parse_one(path: Path) -> None:
    """Get the text out of one file with the plain library: the bytes, python-docx, pdfplumber."""
    import docx
    import pdfplumber

    if path.suffix == ".txt":
        path.read_bytes().decode("utf-8", errors="replace")
    elif path.suffix == ".docx":
        doc = docx.Document(str(path))
        "\n".join(p.text for p in doc.paragraphs)
        for table in doc.tables:
            for row in table.rows:
                "\t".join(cell.text for cell in row.cells)
    elif path.suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()


def bare_parse(paths: list[Path]) -> tuple[float, float | None]:
    """Seconds of `bare_parse_one` over `paths` in one process, and the steal % meanwhile."""
    import docx  # noqa: F401  (imported before the clock starts)
    import pdfplumber  # noqa: F401

    ticks = cpu_ticks()
    start = time.perf_counter()
    for path in paths:
        bare_parse_one(path)
    return time.perf_counter() - start, steal_percent(ticks, cpu_ticks())


def bare_parse_parallel(paths: list[Path], workers: int) -> float:
    """Wall seconds of the same bare parsing in `workers` processes, longest files first.

    Its speed-up over one process is the ceiling the machine itself gives: two
    pdfplumber processes slow each other down (memory, shared caches) where two
    pure-Python loops do not. Called after `bare_parse`: the forked processes
    inherit its imported, warmed-up libraries.
    """
    import multiprocessing

    from solieu.schedule import costliest_first

    ordered = [Path(p) for p, _ in costliest_first([(str(p), p.name) for p in paths])]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        start = time.perf_counter()
        for _ in pool.imap_unordered(bare_parse_one, ordered, chunksize=1):
            pass
        return time.perf_counter() - start


def text_pdfs() -> list[Path]:
    """Public PDFs with a text layer (scans are named `-scan`; TCVN3 ones are text too)."""
    return sorted(p for p in PUBLIC.glob("*.pdf") if "scan" not in p.name)


def vm_hwm_mb(pid: int | str = "self") -> float:
    """Peak resident memory of one process (VmHWM), in MB; 0 if it is gone.

    Not `getrusage`: its ru_maxrss survives fork and exec, so a child started by
    this benchmark would report the benchmark's own peak.
    """
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def memory_child(folder: str, out: str, workers: int, outputs: bool = True) -> None:
    """Run one batch in this process and print its peak memory as JSON (used by `measure_memory`)."""
    import threading

    from solieu.batch import run_batch
    from solieu.pipeline import RunSettings

    peak_worker = [0.0]
    done = threading.Event()

    def watch_workers() -> None:  # workers are grandchildren (forkserver): sample their VmHWM
        while not done.wait(0.2):
            for pid in descendants(os.getpid()):
                peak_worker[0] = max(peak_worker[0], vm_hwm_mb(pid))

    watcher = threading.Thread(target=watch_workers, daemon=True)
    watcher.start()
    start = time.perf_counter()
    summary = run_batch([folder], Path(out), RunSettings(ocr=False), workers=workers, quiet=True,
                        use_cache=False, xlsx=outputs, html=outputs)
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    print(json.dumps({"documents": summary.n_documents, "seconds": seconds,
                      "main_mb": vm_hwm_mb(), "worker_mb": peak_worker[0]}))


def measure_memory(n: int, work: Path, workers: int) -> tuple[dict, dict]:
    """Peak memory of a run over `n` generated reports writing every output, and writing the CSVs only."""
    folder = work / f"mem-{n}"
    generate(n, folder, ("txt",))
    runs = []
    for options in ([], ["--csv-only"]):
        ticks = cpu_ticks()
        proc = subprocess.run([sys.executable, __file__, "--memory-child", str(folder), str(work / f"out-mem-{n}"),
                               "--workers", str(workers), *options], check=True, capture_output=True, text=True)
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]) | {"steal": steal_percent(ticks, cpu_ticks())})
        shutil.rmtree(work / f"out-mem-{n}", ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    return runs[0], runs[1]


def main() -> None:
    parser = argparse.ArgumentParser(description="solieu batch benchmarks (issue 5)")
    parser.add_argument("--quick", action="store_true", help="smaller sets (a smoke test, not the figures)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="all cores by default")
    parser.add_argument("--memory-child", nargs=2, metavar=("FOLDER", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--no-memory", action="store_true", help="skip the 1,000/10,000-report memory runs")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each timed solieu run this many times and keep the fastest (a shared machine is noisy)")
    parser.add_argument("--csv-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(*args.memory_child, args.workers, outputs=not args.csv_only)
        return

    def best_run(folder: Path, workers: int, options: list[str] = RUN_OPTIONS) -> tuple[float, float | None]:
        """The fastest of --repeat runs, with the steal % during it."""
        return min((run_cli(folder, work / "out", workers, options) for _ in range(max(1, args.repeat))),
                   key=lambda run: run[0])

    def rate(value: float) -> str:
        return f"{value:.1f}" if value < 10 else f"{value:.0f}"

    n_docs = {"txt": 100, "docx": 50} if args.quick else {"txt": 1000, "docx": 300}
    pdf_copies = 1 if args.quick else 3
    memory_sizes = (200, 1000) if args.quick else (1000, 10000)
    work = Path(tempfile.mkdtemp(prefix="solieu-bench-"))
    try:
        sets: dict[str, Path] = {}
        for fmt in ("txt", "docx"):
            sets[fmt] = work / fmt
            generate(n_docs[fmt], sets[fmt], (fmt,))
        sets["pdf"] = work / "pdf"
        sets["pdf"].mkdir()
        for copy in range(pdf_copies):
            for pdf in text_pdfs():
                shutil.copy(pdf, sets["pdf"] / f"{copy}-{pdf.name}")
        (work / "one").mkdir()
        (work / "one" / "a.txt").write_text("Trường có 64 giáo viên.", encoding="utf-8")

        worker_counts = sorted({1, args.workers})
        startup = {w: min(run_cli(work / "one", work / "out", w)[0] for _ in range(2)) for w in worker_counts}
        print(f"solieu bench — {os.cpu_count()} cores, workers {worker_counts}; start-up "
              + ", ".join(f"{startup[w]:.2f} s ({w} worker{'s' if w > 1 else ''})" for w in worker_counts)
              + f" subtracted from each run; the fastest of {max(1, args.repeat)} run(s) shown\n")
        print("| format | docs | pages | statuses | workers | wall s | docs/s | docs/s per core | pages/s |"
              " bare parse s | solieu ÷ bare | speed-up | bare parse speed-up | steal %, solieu / bare |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        csv_runs: dict[str, tuple[float, float | None]] = {}  # CSV-only run with all cores, by format
        for fmt, folder in sets.items():
            files = sorted(folder.iterdir())
            bare, bare_steal = bare_parse(files)
            # .txt bare parsing is reading bytes: too short for processes to speed it up.
            bare_speed = {w: "–" if fmt == "txt" or w == 1 else f"{bare / bare_parse_parallel(files, w):.2f}x"
                          for w in worker_counts}
            net: dict[int, float] = {}
            for w in worker_counts:
                wall, steal = csv_runs[fmt] = best_run(folder, w)  # the last: all cores
                net[w] = wall - startup[w]
                steals = f"{show_steal(steal)} / {show_steal(bare_steal) if w == 1 else ''}"
                pages, statuses = count_pages(work / "out")
                status_text = " ".join(f"{k}:{v}" for k, v in sorted(statuses.items()))
                if set(statuses) == {"skipped"} or net[w] < 0.05:  # nothing read: no rate to speak of
                    print(f"| {fmt} | {len(files)} | – | {status_text} | {w} | {wall:.2f} | – | – | – |"
                          f" {bare:.2f} | – | – | – | {steals} |", flush=True)
                    continue
                docs_s = len(files) / net[w]
                ratio = f"{net[w] / bare:.2f}x" if w == 1 else ""
                speed = f"{net[1] / net[w]:.2f}x" if w != 1 and net.get(1, 0) >= 0.05 else ""
                pages_s = f"{pages / net[w]:.0f}" if pages else "–"
                print(f"| {fmt} | {len(files)} | {pages or '–'} | {status_text} | {w} | {wall:.2f} | {rate(docs_s)} |"
                      f" {rate(docs_s / w)} | {pages_s} | {bare:.2f} | {ratio} | {speed} |"
                      f" {bare_speed[w] if w != 1 else ''} | {steals} |", flush=True)

        # What an analyst's plain `solieu run` costs: every output, solieu.xlsx and review.html too.
        print("\n| format | docs | workers | wall s, CSV only | wall s, CSV + solieu.xlsx + review.html |"
              " docs/s, all outputs | steal %, CSV only / all outputs |")
        print("|---|---|---|---|---|---|---|")
        for fmt, folder in sets.items():
            files = sorted(folder.iterdir())
            csv_only, csv_steal = csv_runs[fmt]  # from the table above
            full, full_steal = best_run(folder, args.workers, BASE_OPTIONS)
            print(f"| {fmt} | {len(files)} | {args.workers} | {csv_only:.2f} | {full:.2f} |"
                  f" {rate(len(files) / max(full - startup[args.workers], 0.05))} |"
                  f" {show_steal(csv_steal)} / {show_steal(full_steal)} |", flush=True)

        if not args.no_memory:
            print("\n| generated .txt reports | workers | seconds | docs/s | peak MB main process |"
                  " peak MB worker | peak MB main process, CSVs only | steal % |")
            print("|---|---|---|---|---|---|---|---|")
            for n in memory_sizes:
                m, csv_only = measure_memory(n, work, args.workers)
                print(f"| {n:,} | {args.workers} | {m['seconds']:.1f} | {m['documents'] / m['seconds']:.0f} |"
                      f" {m['main_mb']:.0f} | {m['worker_mb']:.0f} | {csv_only['main_mb']:.0f} |"
                      f" {show_steal(m['steal'])} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
