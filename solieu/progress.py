"""The progress bar of `solieu run`: documents done, rate and ETA, on stderr when it is a terminal."""

from __future__ import annotations

import io
import os
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
    # A terminal that reports no width (a bare pty, some CI consoles) would get an empty bar.
    fixed_width = None if _terminal_width(stream) else 80
    return tqdm(total=total, unit="doc", desc="solieu", file=stream, disable=quiet or not interactive,
                dynamic_ncols=fixed_width is None, ncols=fixed_width, smoothing=0.1)


def _terminal_width(stream) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return 0
