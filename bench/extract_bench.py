"""Figure extraction time against ingest time on the corpus (target: extraction ≤ 50% of ingest).

    python3 bench/extract_bench.py [--repeat 3] [--no-scan]

Ingest is `read_document` per file (the scan is OCR'd unless --no-scan); extraction is
`find_figures` on the ingested documents, and `extract` (all extractors) for comparison.
Each stage is the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from solieu.extractors import extract  # noqa: E402
from solieu.extractors.figures import find_figures  # noqa: E402
from solieu.ingest.read import read_document  # noqa: E402
from ingest_bench import best_of  # noqa: E402  (bench/ is this script's folder)

CORPUS = ROOT / "corpus"


def corpus_files(scan: bool) -> list[Path]:
    files = [p for p in sorted(CORPUS.rglob("*")) if p.is_file() and "gold" not in p.parts
             and p.suffix.lower() in (".txt", ".docx", ".pdf", ".doc")]
    return [p for p in files if scan or "scan" not in p.parts]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-scan", action="store_true", help="leave the OCR'd scan out")
    args = parser.parse_args(argv)
    files = corpus_files(not args.no_scan)
    ingest_s, docs = best_of(args.repeat, lambda: [read_document(p, p.name) for p in files])
    figures_s, counts = best_of(args.repeat, lambda: [sum(1 for _ in find_figures(d)) for d in docs])
    extract_s, _ = best_of(args.repeat, lambda: [extract(d) for d in docs])
    print(f"documents        {len(docs)}")
    print(f"figures          {sum(counts)}")
    print(f"ingest           {ingest_s:8.3f} s")
    print(f"find_figures     {figures_s:8.3f} s   ratio {figures_s / ingest_s:.3f}")
    print(f"extract (all)    {extract_s:8.3f} s   ratio {extract_s / ingest_s:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
