"""Loaders: files in, Documents out.

:func:`load` reads one file (text, Markdown, HTML, PDF or Word .docx) into a
:class:`~kg.loaders.base.Document`; :func:`discover` lists the files to load
under the paths a user gives. A file that cannot be read raises
:class:`~kg.loaders.base.LoadError` whose message is one line, the reason
(the caller puts the file name in front of it).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "minutes.txt"
>>> _ = p.write_bytes(b"MINUTES\\r\\nDate: 26th March 2026\\r\\n")
>>> d = load(p)
>>> d.id, d.title, d.date, d.text
('minutes.txt', 'MINUTES', '2026-03-26', 'MINUTES\\nDate: 26th March 2026\\n')
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from kg.loaders.base import Document, LoadError
from kg.loaders.budget import Budgets, time_limit
from kg.loaders.discover import discover
from kg.loaders.docxfile import load_docx
from kg.loaders.htmlfile import load_html
from kg.loaders.pdffile import load_pdf
from kg.loaders.textfile import load_text

__all__ = ["Document", "LoadError", "load", "discover", "LOADERS", "SUPPORTED_SUFFIXES",
           "unsupported_reason", "Budgets"]

Loader = Callable[[Path, bytes], Document]

#: file suffix (lower case) -> function(path, file bytes) -> Document
LOADERS: dict[str, Loader] = {
    ".txt": load_text,
    ".text": load_text,
    ".md": load_text,
    ".markdown": load_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted(LOADERS))

# Formats people will try, with what to do instead.
_HINTS = {
    ".doc": "save it as .docx or PDF",
    ".rtf": "save it as .docx or PDF",
    ".odt": "save it as .docx or PDF",
    ".xls": "save the sheet as PDF or HTML",
    ".xlsx": "save the sheet as PDF or HTML",
    ".pptx": "save it as PDF",
}


def unsupported_reason(path: Path) -> str:
    """The one-line reason a file's type is not loaded.

    >>> unsupported_reason(Path("pack.doc"))
    "unsupported file type '.doc' (save it as .docx or PDF)"
    """
    suffix = path.suffix.lower()
    if not suffix:
        return "unsupported file type (no file extension; supported: " + ", ".join(SUPPORTED_SUFFIXES) + ")"
    hint = _HINTS.get(suffix, "supported: " + ", ".join(SUPPORTED_SUFFIXES))
    return f"unsupported file type '{suffix}' ({hint})"


def _read(path: Path) -> bytes:
    """The file's bytes. Opened without waiting and checked to be a regular file on what was
    opened: the walk saw a regular file, but another program may have put a FIFO (which would
    block the run for ever) or a link to a device (never ending) in its place since."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError(21, "Is a directory", str(path))
            if not stat.S_ISREG(mode):
                raise LoadError("not a regular file (a FIFO, device or socket)")
            with os.fdopen(os.dup(fd), "rb") as fh:
                return fh.read()
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise LoadError("no such file") from None
    except IsADirectoryError:
        raise LoadError("is a folder, not a file") from None
    except PermissionError:
        raise LoadError("permission denied") from None
    except MemoryError:
        raise LoadError("file too large to read into memory") from None
    except OSError as exc:
        raise LoadError(f"cannot read file ({exc.strerror or exc})") from None


def load(path: str | os.PathLike[str], budgets: Budgets | None = None) -> Document:
    """Read one file into a Document; raise LoadError (one line: the reason) if it cannot be read.

    The loader is chosen by suffix (``SUPPORTED_SUFFIXES``). ``Document.id`` is the file
    name. No other exception escapes for a bad file: anything unexpected from a parser
    is reported as a LoadError naming the format. A file past its budgets (``budgets``, by
    default ``loaders/budgets.yaml``: size, unpacked size of a Word package, time) is refused
    before it is read, or when the time runs out.
    """
    p = Path(path)
    loader = LOADERS.get(p.suffix.lower())
    if loader is None:
        raise LoadError(unsupported_reason(p))
    with contextlib.suppress(OSError):    # _read gives the reason a file cannot be read
        if p.is_dir():
            raise LoadError("is a folder, not a file")
        if not stat.S_ISREG(p.stat().st_mode):
            # a FIFO would block for ever, /dev/zero never end (`kg explain` reads what it is given)
            raise LoadError("not a regular file")
    if p.suffix.lower() in (".html", ".htm") and kg_page(p):
        raise LoadError(KG_PAGE)
    budgets = budgets or Budgets.default()
    with contextlib.suppress(OSError):    # _read gives the reason a file cannot be read
        budgets.check_size(p.suffix, p.stat().st_size)
    raw = _read(p)
    if not raw:
        raise LoadError("empty file")
    budgets.check_size(p.suffix, len(raw))   # it may have grown since the stat
    if p.suffix.lower() == ".docx":
        budgets.check_docx(raw)
    elif p.suffix.lower() == ".pdf":
        budgets.check_pdf(raw)
    try:
        with time_limit(budgets.seconds_for(len(raw)), "reading the file"):
            return loader(p, raw)
    except LoadError as exc:
        message = " ".join(str(exc).split()) or "cannot be read"
        raise LoadError(message) from None
    except MemoryError:
        raise LoadError("file too large to load into memory") from None
    except RecursionError:
        raise LoadError(f"cannot read {_kind(p)} file (structure nested too deeply)") from None
    except Exception as exc:   # a parser bug or damage we did not foresee: still one line, no traceback
        detail = " ".join(str(exc).split())[:120]
        raise LoadError(f"cannot read {_kind(p)} file "
                        f"({type(exc).__name__}{': ' + detail if detail else ''})") from None


#: the reason a page kg wrote is not read as a paper
KG_PAGE = "a page kg wrote (kg viz, atlas or explain), not a paper"


def kg_page(path: Path) -> bool:
    """True for an HTML page kg wrote (its generator tag in the first kilobyte): an atlas kept
    beside the papers would otherwise come back as hundreds of papers of kg's own making."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError:
        return False
    return b'<meta name="generator" content="kg' in head


def _kind(path: Path) -> str:
    return path.suffix.lower().lstrip(".").upper() or "the"
