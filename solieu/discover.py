"""Find the input files of a run and give each its stable `doc_id`."""

from __future__ import annotations

import os
from pathlib import Path


def discover(paths: list[str]) -> list[tuple[str, str]]:
    """(path, doc_id) for every file under `paths`, sorted by doc_id, each file once.

    A folder is searched recursively and its files get ids relative to it,
    `/`-separated; a file given directly is identified by its name. Symlinked
    folders are not followed (a link loop must not hang a batch).
    """
    found: dict[str, str] = {}
    for given in paths:
        root = Path(given)
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames.sort()
                for name in sorted(filenames):
                    full = Path(dirpath) / name
                    doc_id = full.relative_to(root).as_posix()
                    found.setdefault(doc_id, str(full))
        else:
            found.setdefault(root.name, str(root))
    return sorted(((p, d) for d, p in found.items()), key=lambda pd: pd[1])
