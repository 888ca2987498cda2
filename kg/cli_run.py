"""How the `kg` process runs: Ctrl-C, SIGTERM, usage mistakes and a standard output that cannot
be written are one line, never a traceback.

Ctrl-C is exit 130 and SIGTERM (``kill``, a service manager, ``timeout``) exit 143 at any moment:
while kg starts (its imports: nothing read or written yet), while Typer runs a command (Typer
turns the interrupt into a silent exit 130, so the line is said here), and outside both. A
store's own writes are transactions and outputs are renamed into place when whole: an
interrupted command leaves the old store and the old files. A usage mistake (an unknown option,
a bad number) is one line, exit 2, naming the command's help, instead of click's framed block. A
standard output that is full or gone (``kg stats > /dev/full``) is one line and exit 1; a reader
that went away (``kg export -o - | head``) ends the command quietly with exit 1.

>>> import signal
>>> before = signal.getsignal(signal.SIGINT)
>>> restore = quiet_start(); signal.getsignal(signal.SIGINT) is _quit_while_starting
True
>>> restore(); signal.getsignal(signal.SIGINT) is before
True
"""

from __future__ import annotations

# the C module: `signal` builds its enums when imported, a millisecond more before the guard is set
import _signal
import sys

TYPE_CHECKING = False   # not typing's: importing typing takes longer than the rest of this module
if TYPE_CHECKING:   # nothing more is imported before the guard is set: the window stays small
    from collections.abc import Callable
    from types import FrameType
    from typing import Any, NoReturn

INTERRUPTED = "kg: interrupted; the store is unchanged unless the last commit finished"
#: the signals that end kg with one line: Ctrl-C and SIGTERM
_STOPS = (_signal.SIGINT, _signal.SIGTERM)
_stopped_by: list[int] = []     # the signal that interrupted the running command


def _quit_while_starting(signum: int, frame: FrameType | None) -> None:
    sys.stderr.write("kg: interrupted\n")
    raise SystemExit(128 + signum)


def quiet_start() -> Callable[[], None]:
    """Until the returned function is called, Ctrl-C and SIGTERM exit 130 and 143 with one line
    (kg is importing); the function puts back the handlers there were (a test runner's, or
    Python's)."""
    try:
        previous = [(sig, _signal.signal(sig, _quit_while_starting)) for sig in _STOPS]
    except ValueError:        # not the main thread (kg imported from a thread): leave it be
        return lambda: None
    hook = sys.unraisablehook

    def unraisable(error: Any) -> None:
        _exit_if_interrupted(error, hook)
    sys.unraisablehook = unraisable
    # kg's console script (kg/launcher.py) holds both back until here: one that came is taken now
    _signal.pthread_sigmask(_signal.SIG_UNBLOCK, _STOPS)

    def restore() -> None:
        for sig, handler in previous:
            _signal.signal(sig, handler)
        if sys.unraisablehook is unraisable:
            sys.unraisablehook = hook
    return restore


def _exit_if_interrupted(unraisable: Any, otherwise: Callable[[Any], None]) -> None:
    """``sys.unraisablehook`` while kg starts. A signal's handler runs wherever Python is; inside
    a callback whose errors Python only prints (the import system's module-lock weakref callback, a
    ``__del__``), the exit :func:`_quit_while_starting` raised was printed as "Exception ignored",
    with a traceback, and lost: the command went on. Such an exit is taken here, at once (nothing
    is read or written yet); any other unraisable error is for ``otherwise`` (the hook there was)
    to print."""
    exc = unraisable.exc_value
    code = exc.code if isinstance(exc, SystemExit) else None
    if isinstance(code, int) and code in (128 + s for s in _STOPS):
        import os

        os._exit(code)   # the line was written before the exit was raised
    otherwise(unraisable)


def _terminated(signum: int, frame: FrameType | None) -> None:
    """SIGTERM while a command runs: unwound as Ctrl-C is (transactions rolled back, temporary
    files removed), then said as an interrupt with its own exit code."""
    _stopped_by.append(signum)
    # a second SIGTERM kills at once, as it did before kg took the first: kg may be waiting in C
    # code that retries an interrupted call and never gets back to Python to unwind
    _signal.signal(_signal.SIGTERM, _signal.SIG_DFL)
    raise KeyboardInterrupt


def _standard_output_failed(exc: OSError) -> NoReturn:
    """Exit 1 when standard output cannot be written: one line, except for a reader that went
    away (a closed pipe: `head` has what it wanted). Standard output is pointed at /dev/null
    first, so that Python's own last flush at exit does not fail again."""
    import errno
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass
    if exc.errno != errno.EPIPE and sys.stderr is not None:
        sys.stderr.write(f"kg: standard output: cannot write ({exc.strerror or type(exc).__name__})\n")
        sys.stderr.flush()
    raise SystemExit(1)


def _os_error(exc: OSError) -> NoReturn:
    """An OSError no command caught: one line, exit 1 (the run failed), never a traceback. Every
    file kg writes is opened by name and its errors are said with it by the command; one with no
    name that a stream refuses (full, gone, too large) is standard output's."""
    import errno

    if exc.filename is None and exc.errno in (errno.EPIPE, errno.ENOSPC, errno.EFBIG, errno.EIO,
                                              errno.EDQUOT, errno.EBADF, errno.ECONNRESET):
        _standard_output_failed(exc)
    from kg.cli_common import shortened, shown

    where = f"{exc.filename}: " if exc.filename is not None else ""
    sys.stderr.write(shortened(shown(f"kg: {where}{exc.strerror or type(exc).__name__}")) + "\n")
    sys.exit(1)


def guard_standard_streams() -> None:
    """Exit 1 with one line when standard output is closed (``kg stats >&-``): a file kg opens
    (the store) would take its descriptor, and anything printed would go into it. A closed
    standard input or error is given /dev/null for the same reason."""
    import os

    for fd in (0, 2, 1):
        try:
            os.fstat(fd)
        except OSError:
            if fd == 1:
                sys.stderr.write("kg: standard output is closed (redirect it to /dev/null to discard "
                                 "kg's output)\n")
                sys.stderr.flush()
                os._exit(1)
            try:
                null = os.open(os.devnull, os.O_RDWR)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)
            except OSError:
                pass
            if fd == 2 and sys.stderr is None:    # Python found no standard error at its start
                sys.stderr = open(os.devnull, "w", encoding="utf-8")  # for the process's life


def run(app: Callable[..., Any]) -> None:
    """Run the Typer app as the `kg` process: an interrupt anywhere in it is one line and exit 130
    (143 for SIGTERM), a usage mistake one line and exit 2, a standard output that cannot be
    written one line and exit 1."""
    import typer  # Typer carries its own click: its errors are typer.TyperException

    try:
        previous_term = _signal.signal(_signal.SIGTERM, _terminated)
    except ValueError:        # not the main thread
        previous_term = None
    del _stopped_by[:]
    try:
        code = app(standalone_mode=False)
        if sys.stdout is not None:
            sys.stdout.flush()      # here, where a failure can still be said in one line
    except KeyboardInterrupt:
        code = 130
    except typer.TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":   # `kg` alone: the help, as Typer gives it
            exc.show()  # type: ignore[attr-defined]  # a usage error's own method
            sys.exit(exc.exit_code)
        from kg.cli_common import shortened, shown

        ctx = getattr(exc, "ctx", None)
        where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""   # a usage error
        # the message may quote what was typed: control characters are written as \xNN, and a
        # value of thousands of characters is shortened
        sys.stderr.write(shortened(shown(f"kg: {' '.join(exc.format_message().split())}{where}")) + "\n")
        sys.exit(exc.exit_code)
    except typer.Abort:   # end of input at a prompt
        sys.stderr.write("kg: aborted\n")
        sys.exit(1)
    except OSError as exc:
        _os_error(exc)
    finally:
        if previous_term is not None:
            _signal.signal(_signal.SIGTERM, previous_term)
    if code == 130:   # Typer's exit for an interrupted command (nothing else exits 130)
        sys.stderr.write(INTERRUPTED + "\n")
        if _stopped_by:
            code = 128 + _stopped_by[-1]
    sys.exit(code if isinstance(code, int) else 0)
