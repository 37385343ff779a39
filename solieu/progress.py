"""The progress bar of `solieu run`: documents done, rate and ETA, on stderr when it is a terminal."""

from __future__ import annotations

import sys
from typing import TextIO

from tqdm import tqdm


def progress_bar(total: int, *, quiet: bool = False, stream: TextIO | None = None) -> tqdm:
    """A tqdm bar counting documents (`37/120 [00:02<00:05, 18.4 doc/s]`).

    Silent with `--quiet`, and when the stream is a file or pipe (a log or a CI
    job must not fill with carriage-return updates).
    """
    stream = stream if stream is not None else sys.stderr
    interactive = hasattr(stream, "isatty") and stream.isatty()
    return tqdm(total=total, unit="doc", desc="solieu", file=stream, disable=quiet or not interactive,
                dynamic_ncols=True, smoothing=0.1)
