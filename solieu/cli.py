"""The `solieu` command: run, diff, eval."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from solieu import __version__


class UsageError(Exception):
    """A bad option or an unusable path: one line on stderr, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage + message and exits 2; keep it to one line
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="solieu", description="Figures from Vietnamese education reports into tables.")
    parser.add_argument("--version", action="version", version=f"solieu {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="read reports and write the tables")
    run.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)")
    run.add_argument("--out", required=True, metavar="DIR", help="folder for the tables")
    run.add_argument("--workers", type=int, default=None, metavar="N", help="processes (default: all cores)")
    run.add_argument("--catalog", metavar="FILE", help="extra indicator definitions (CSV)")
    run.add_argument("--no-ocr", action="store_true", help="do not OCR pages without a text layer")
    run.add_argument("--redact-pii", action="store_true", help="mask phones, e-mails and personal names")
    run.add_argument("--no-xlsx", action="store_true", help="do not write solieu.xlsx")
    run.add_argument("--no-html", action="store_true", help="do not write review.html")
    run.add_argument("--strict", action="store_true", help="exit 1 if any document failed")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--max-pages", type=int, default=500, metavar="N",
                     help="read at most N pages of a PDF (default 500)")
    run.add_argument("--cache", metavar="DIR", help="cache folder (default: DIR/.solieu-cache under --out)")
    run.add_argument("--no-cache", action="store_true", help="read every document again")
    run.add_argument("--executor", choices=("process", "dask"), default="process",
                     help="where documents are read: local processes or Dask distributed")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="Dask scheduler, e.g. tcp://host:8786 (default: a local cluster)")
    run.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                     help="give up on a document after SECONDS (default 120)")

    diff = sub.add_parser("diff", help="what changed between two run folders")
    diff.add_argument("old", metavar="OLD")
    diff.add_argument("new", metavar="NEW")
    diff.add_argument("--format", choices=("text", "csv", "html"), default="text")
    diff.add_argument("--out", metavar="FILE")

    ev = sub.add_parser("eval", help="score a run folder against gold tables")
    ev.add_argument("run", metavar="RUN")
    ev.add_argument("--gold", required=True, metavar="GOLD")
    ev.add_argument("--format", choices=("text", "json"), default="text")
    ev.add_argument("--misses", type=int, default=20, metavar="N",
                    help="list the first N misses of each kind (default 20)")
    return parser


def _check_out_dir(out: str) -> Path:
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot create it ({exc.strerror})")
    if not os.access(path, os.W_OK):
        raise UsageError(f"--out {out}: not writable")
    return path


def cmd_run(args) -> int:
    from solieu.batch import run_batch
    from solieu.pipeline import RunSettings

    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        raise UsageError(f"no such file or folder: {missing[0]}")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be 1 or more")
    if args.timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds")
    if args.scheduler and args.executor != "dask":
        raise UsageError("--scheduler needs --executor dask")
    if args.cache and os.path.exists(args.cache) and not os.path.isdir(args.cache):
        raise UsageError(f"--cache {args.cache}: exists and is not a folder")
    if args.max_pages < 1:
        raise UsageError("--max-pages must be 1 or more")
    if args.catalog and not os.path.isfile(args.catalog):
        raise UsageError(f"--catalog {args.catalog}: no such file")
    if args.catalog:  # a catalogue with missing columns or a bad kind is the user's to fix, once
        from solieu.extractors.indicators import read_catalog
        try:
            read_catalog(args.catalog)
        except (ValueError, KeyError, UnicodeDecodeError) as exc:
            raise UsageError(f"--catalog {exc}") from None
    out = _check_out_dir(args.out)
    settings = RunSettings(ocr=not args.no_ocr, redact_pii=args.redact_pii,
                           max_pages=args.max_pages, catalog=args.catalog)
    summary = run_batch(args.paths, out, settings, workers=args.workers, quiet=args.quiet,
                        cache=args.cache, use_cache=not args.no_cache, executor=args.executor,
                        scheduler=args.scheduler, timeout=args.timeout,
                        xlsx=not args.no_xlsx, html=not args.no_html, catalog=args.catalog)
    if not args.quiet:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(summary.statuses.items()))
        print(f"solieu: {summary.n_documents} documents ({counts}) -> {out}", file=sys.stderr)
    return 1 if args.strict and summary.n_failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "run":
            return cmd_run(args)
        if args.command == "diff":
            from solieu.outputs.diff import cmd_diff
            return cmd_diff(args)
        if args.command == "eval":
            from solieu.outputs.evaluate import cmd_eval
            return cmd_eval(args)
    except UsageError as exc:
        print(f"solieu: {exc}", file=sys.stderr)
        return 2
    return 2


if __name__ == "__main__":
    sys.exit(main())
