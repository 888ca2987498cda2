"""The `kg` console script's first step: `kg --help` from a cache, every other command through typer.

Importing typer (and through it the parts of the standard library it needs) takes about three
bare Python start-ups, more than everything else `kg --help` does (``bench/startup.py``). So the
text typer renders for the top-level help is kept in a cache file, and the next `kg --help`
prints it without importing typer. The file's first line is the key of everything the text
depends on, checked on every use:

* kg's version, the Python and the typer installed (typer's ``__init__.py``: size and time);
* every ``kg/cli*.py`` module (size and modification time): the commands and their help;
* the program name (``kg``) and the help's width, which click takes from the terminal (its
  columns, at most 80, less 2; 78 when the output is not a terminal).

A key that differs renders the help again with typer and rewrites the file. The file lives in
``kg/__pycache__`` beside Python's own bytecode cache; where that cannot be written, the help is
rendered every time, as before. Only ``kg --help`` exactly is answered here: anything else,
including ``kg`` alone and ``kg CMD --help``, is typer's.

>>> width = help_width()
>>> 50 <= width <= 78
True
>>> key = cache_key("kg", width)
>>> key.startswith("kg-help 1 ") and "cli_start.py" in key
True
"""

# ruff: noqa: E402  (the imports follow the interrupt guard on purpose)
from __future__ import annotations

from kg.cli_run import quiet_start

# first, before anything else is imported: from here on Ctrl-C is one line and exit 130, never a
# traceback (what runs before this is Python's own start-up and site-packages' .pth files)
_restore_sigint = quiet_start()

import os
import sys
from pathlib import Path

import kg

_HERE = Path(__file__).resolve().parent
_CACHE_DIR = _HERE / "__pycache__"
_FORMAT = "1"   # of the cache file: bump when its layout changes


def help_width() -> int:
    """The width click formats help at: the terminal's columns (``$COLUMNS`` first), at most 80,
    less 2, and at least 50 (click's ``HelpFormatter``)."""
    import shutil

    return max(min(shutil.get_terminal_size().columns, 80) - 2, 50)


def _stamp(path: str | os.PathLike[str]) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}"


def cache_key(prog: str, width: int) -> str:
    """One line naming everything the top-level help text depends on (see the module docstring)."""
    import importlib.util

    spec = importlib.util.find_spec("typer")
    typer_file = spec.origin if spec is not None and spec.origin else "-"
    modules = sorted(e.name for e in os.scandir(_HERE) if e.name.startswith("cli") and e.name.endswith(".py"))
    parts = [f"kg-help {_FORMAT}", f"prog={prog}", f"width={width}", f"kg={kg.__version__}",
             f"python={sys.version_info[0]}.{sys.version_info[1]}", f"typer={typer_file}@{_stamp(typer_file)}",
             *(f"{m}@{_stamp(_HERE / m)}" for m in modules)]
    return " ".join(parts)


def _cache_file(width: int) -> Path:
    return _CACHE_DIR / f"kg-help-{width}.txt"


def cached_help(prog: str, width: int) -> str | None:
    """The cached help text for this key, or None."""
    try:
        with open(_cache_file(width), encoding="utf-8") as fh:
            key, _, text = fh.read().partition("\n")
    except (OSError, ValueError):
        return None
    return text if key == cache_key(prog, width) else None


def render_help(prog: str) -> str:
    """The top-level help as typer prints it for ``kg --help`` (with its final line break)."""
    import typer.main

    from kg.cli import app

    command = typer.main.get_command(app)
    # resilient parsing: no arguments must not be taken for "show the help and exit 2" here
    with command.make_context(prog, [], resilient_parsing=True) as ctx:
        return ctx.get_help() + "\n"


def store_help(prog: str, width: int, text: str) -> None:
    """Write the cache file (through a temporary file and a rename); never fails the command."""
    write_cache(_cache_file(width), cache_key(prog, width) + "\n" + text)


def write_cache(target: Path, text: str) -> None:
    """Write a cache file under kg/__pycache__ through a temporary file and a rename; a cache that
    cannot be written is left out (the command builds what it holds every time)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        _CACHE_DIR.mkdir(exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


def _program_name() -> str | None:
    """``kg`` when run as a console script (click names the program after the script then); None
    for ``python -m`` and the like, left to typer."""
    main_module = sys.modules.get("__main__")
    if getattr(main_module, "__package__", None) not in (None, ""):
        return None
    return os.path.basename(sys.argv[0]) or None


def main() -> None:
    """Console entry point: ``kg --help`` from the cache when it is current, else :func:`kg.cli.main`."""
    from kg.cli_run import guard_standard_streams

    guard_standard_streams()
    prog = _program_name()
    if sys.argv[1:] == ["--help"] and prog:
        width = help_width()
        text = cached_help(prog, width)
        if text is None:
            text = render_help(prog)
            store_help(prog, width, text)
        _write_out(text)
        return
    if sys.argv[1:2] == ["query"]:
        from kg.cli_quick import run as quick

        try:
            done = quick(sys.argv[2:])
            if done:
                sys.stdout.flush()
        except OSError as exc:   # `kg query ... | head`, a full disk under a redirect
            _output_failed(exc)
        if done:
            _quick_exit(0)
            os._exit(1)           # the output could not be flushed
    from kg.cli import main as run

    _restore_sigint()   # kg is loaded: Ctrl-C is a KeyboardInterrupt again, said by kg.cli_run

    try:
        run()
    except SystemExit as done:
        # the command is over and its exit code known: a Ctrl-C or SIGTERM during Python's own
        # shutdown would only turn that code into a silent kill (or a traceback of the shutdown)
        import _signal

        for sig in (_signal.SIGINT, _signal.SIGTERM):
            _signal.signal(sig, _signal.SIG_IGN)
        if sys.argv[1:2] and sys.argv[1] in _READERS | _WRITERS and (done.code is None or isinstance(done.code, int)):
            if sys.argv[1] in _WRITERS:
                import atexit

                atexit._run_exitfuncs()   # what was asked to run at exit runs (the shutdown's walk does not)
            _quick_exit(done.code or 0)
        raise


def _write_out(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:    # `kg --help | head`, `kg --help > /dev/full`
        _output_failed(exc)


def _output_failed(exc: OSError) -> None:
    from kg.cli_run import _standard_output_failed

    _standard_output_failed(exc)


#: commands that only read and print: nothing is left to do when they return
_READERS = frozenset({"query", "show", "stats"})
#: commands that write and have closed their store when they return: ended the same way, once the
#: functions registered to run at exit have run (Python's shutdown took 0.4 CPU s after an ingest
#: of 600 papers, a tenth of kg's own work, freeing what the process would give back anyway)
_WRITERS = frozenset({"ingest"})


def _quick_exit(code: int) -> None:
    """End a reader without Python's shutdown, once its output is flushed: the shutdown's final
    collection walks every object still alive (networkx's graph holds reference cycles), 0.3 s of
    a 1 s query on a 2,000-paper store. If the output cannot be flushed (a closed pipe), return and
    let the usual exit report it."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)
