"""How the `kg` process runs: Ctrl-C and usage mistakes are one line, never a traceback.

Ctrl-C is exit 130 at any moment: while kg starts (its imports: nothing read or written yet),
while Typer runs a command (Typer turns the interrupt into a silent exit 130, so the line is said
here), and outside both. A store's own writes are transactions: an interrupted commit leaves the
old store. A usage mistake (an unknown option, a bad number) is one line, exit 2, naming the
command's help, instead of click's framed block.

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
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # nothing more is imported before the guard is set: the window stays small
    from collections.abc import Callable
    from types import FrameType
    from typing import Any

INTERRUPTED = "kg: interrupted; the store is unchanged unless the last commit finished"


def _quit_while_starting(signum: int, frame: FrameType | None) -> None:
    sys.stderr.write("kg: interrupted\n")
    raise SystemExit(130)


def quiet_start() -> Callable[[], None]:
    """Until the returned function is called, Ctrl-C exits 130 with one line (kg is importing);
    the function puts back the handler there was (a test runner's, or Python's)."""
    try:
        previous = _signal.signal(_signal.SIGINT, _quit_while_starting)
    except ValueError:        # not the main thread (kg imported from a thread): leave it be
        return lambda: None

    def restore() -> None:
        _signal.signal(_signal.SIGINT, previous)
    return restore


def run(app: Callable[..., Any]) -> None:
    """Run the Typer app as the `kg` process: an interrupt anywhere in it is one line and exit 130,
    a usage mistake one line and exit 2."""
    import typer  # Typer carries its own click: its errors are typer.TyperException

    try:
        code = app(standalone_mode=False)
    except KeyboardInterrupt:
        code = 130
    except typer.TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":   # `kg` alone: the help, as Typer gives it
            exc.show()  # type: ignore[attr-defined]  # a usage error's own method
            sys.exit(exc.exit_code)
        from kg.cli_common import shown

        ctx = getattr(exc, "ctx", None)
        where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""   # a usage error
        # the message may quote what was typed: control characters are written as \xNN
        sys.stderr.write(shown(f"kg: {' '.join(exc.format_message().split())}{where}") + "\n")
        sys.exit(exc.exit_code)
    except typer.Abort:   # end of input at a prompt
        sys.stderr.write("kg: aborted\n")
        sys.exit(1)
    if code == 130:   # Typer's exit for an interrupted command (nothing else exits 130)
        sys.stderr.write(INTERRUPTED + "\n")
    sys.exit(code if isinstance(code, int) else 0)
