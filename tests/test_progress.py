"""The progress bar: on a terminal it shows documents done and the rate; otherwise nothing."""

import io

import pytest

from solieu.progress import progress_bar


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("stream, quiet, shown", [
    (FakeTerminal(), False, True),
    (FakeTerminal(), True, False),   # --quiet
    (io.StringIO(), False, False),   # stderr redirected to a file or a pipe
])
def test_progress_bar_shown_only_on_a_terminal_without_quiet(stream, quiet, shown):
    with progress_bar(3, quiet=quiet, stream=stream) as bar:
        bar.update(3)
    text = stream.getvalue()
    assert ("3/3" in text and "doc/s" in text) is shown
    assert (text == "") is not shown
