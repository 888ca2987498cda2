"""Writing an output file (an export, a picture, an atlas page) so that a failure costs nothing.

A regular file (or a new one) is written to a temporary file beside it and renamed over it: a
failed write (a full disk, an interrupt) leaves the old file as it was and no partial file. Any
other target is written through, never replaced: a symbolic link writes its target (the link
stays), and a FIFO, a terminal or a device (``/dev/stdout``, ``/dev/null``) is opened and written
as it is. A new file gets the mode ``open()`` would give it; a replaced one keeps its mode, and one
the user may not write is refused (``PermissionError``) as ``open()`` would refuse it.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "graph.jsonl"
>>> write_text(out, "one\\n")
>>> out.read_text(), sorted(p.name for p in out.parent.iterdir())
('one\\n', ['graph.jsonl'])
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = ["open_output", "write_text"]

_TMP_PREFIX = ".kg-tmp-"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_HELD = {signal.SIGINT, signal.SIGTERM}


def _hold_signals() -> set[int] | None:
    """Hold Ctrl-C and SIGTERM back (kept pending); the mask there was, or None where there are
    no signal masks."""
    try:
        return set(signal.pthread_sigmask(signal.SIG_BLOCK, _HELD))
    except (AttributeError, OSError, ValueError):
        return None


def _release_signals(before: set[int] | None) -> None:
    if before is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


@contextlib.contextmanager
def open_output(path: str | os.PathLike[str], encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file to write ``path`` through (see the module docstring); OSError if it cannot be.

    The file is in place only when the block ends without an exception.
    """
    out = Path(path)
    try:
        st = os.lstat(out)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(out))
        # a symbolic link, FIFO, device or socket: written through, never replaced
        with open(out, "w", encoding=encoding) as fh:
            yield fh
        return
    if st is not None and not os.access(out, os.W_OK):
        # a file the user made read-only stays so, as the shell's `>` leaves it (a rename would
        # replace it: the folder's permission, not the file's, allows that)
        raise PermissionError(13, "Permission denied", str(out))
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    # the temporary file is made with Ctrl-C and SIGTERM held back, and they are let through inside
    # the `try` that removes it: one that came between its making and the `try` would leave it
    held = _hold_signals()
    try:
        fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=".tmp", dir=out.parent if str(out.parent) else ".")
    except BaseException:
        _release_signals(held)
        raise
    try:
        _release_signals(held)     # a signal that came meanwhile is taken here
        with os.fdopen(fd, "w", encoding=encoding) as fh:
            yield fh
        os.chmod(tmp, mode)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` through :func:`open_output`."""
    with open_output(path) as fh:
        fh.write(text)
