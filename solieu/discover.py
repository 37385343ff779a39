"""Find the input files of a run and give each its stable `doc_id`."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

# solieu's own folders (`.solieu-cache`, `.solieu-staging-…`, `.solieu-parts-…`) hold
# results and temporary tables, never reports, wherever they are found.
INTERNAL_PREFIX = ".solieu-"


def discover(paths: list[str], skip: Iterable[str | os.PathLike] = ()) -> list[tuple[str, str]]:
    """(path, doc_id) for every file under `paths`, sorted by doc_id, each file once.

    A folder is searched recursively and its files get ids relative to it,
    `/`-separated; a file given directly is identified by its name. Symlinked
    folders are not followed (a link loop must not hang a batch). Folders in
    `skip` are not searched: a run's own output and cache folder may sit inside
    the folder of reports (`solieu run bao-cao --out bao-cao/ket-qua`), and the
    next run must not read last run's tables as reports.
    """
    skip = [Path(path) for path in skip]
    skipped = {_identity(path) for path in skip}
    skipped.discard(None)
    skipped_names = {path.name for path in skip}
    found: dict[str, str] = {}
    for given in paths:
        root = Path(given)
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(INTERNAL_PREFIX)
                                     and _identity(Path(dirpath) / d) not in skipped)
                for name in sorted(filenames):
                    if name in skipped_names and _identity(Path(dirpath) / name) in skipped:
                        continue
                    full = Path(dirpath) / name
                    doc_id = full.relative_to(root).as_posix()
                    found.setdefault(doc_id, str(full))
        else:
            found.setdefault(root.name, str(root))
    return sorted(((p, d) for d, p in found.items()), key=lambda pd: pd[1])


def _identity(folder: str | os.PathLike) -> tuple[int, int] | None:
    """(device, inode) of a file or folder, so `out`, `./out` and a path through a symlink are one."""
    try:
        stat = os.stat(folder)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino
