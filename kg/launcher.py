"""The `kg` console script that ``scripts/install.sh`` writes over the one pip writes.

pip's script runs ``from kg.cli_start import main`` after Python's whole start-up, ``site`` and
the ``.pth`` files of site-packages included (the editable install's finder imports ``pathlib``,
``re``, ``urllib``...: about 15 ms). A Ctrl-C or SIGTERM in that time is Python's: a
``KeyboardInterrupt`` traceback through ``site``, before any of kg runs. This script starts
Python without ``site`` (``-S``), holds Ctrl-C and SIGTERM back (a signal mask, not ignored: a
signal that comes is kept pending), then runs ``site`` and kg. kg's guard
(:func:`kg.cli_run.quiet_start`) lets them through once its handlers are in place, so a Ctrl-C
at any moment after Python reaches this script's first line is kg's one line, exit 130 (143
for SIGTERM). Before that line there are only Python's own first milliseconds.

A later ``pip install`` writes pip's script back: run ``scripts/install.sh`` (or this module:
``python -m kg.launcher .venv/bin/kg``) again.

>>> text = script_text("/opt/venv/bin/python")
>>> text.splitlines()[0]
'#!/opt/venv/bin/python -S'
>>> "pthread_sigmask" in text and "site.main()" in text and "from kg.cli_start import main" in text
True
"""

from __future__ import annotations

import os
import sys

_SCRIPT = '''#!{python} -S
# kg's console script, written by scripts/install.sh (kg/launcher.py says why): Python starts
# without site, Ctrl-C and SIGTERM are held back until kg's guard takes them
import _signal
_signal.pthread_sigmask(_signal.SIG_BLOCK, (_signal.SIGINT, _signal.SIGTERM))
import site
import sys
site.main()
from kg.cli_start import main
if __name__ == "__main__":
    sys.argv[0] = sys.argv[0].removesuffix(".exe")
    sys.exit(main())
'''


def script_text(python: str) -> str:
    """The script, for the interpreter at ``python`` (an absolute path)."""
    return _SCRIPT.format(python=python)


def write_script(target: str, python: str | None = None) -> None:
    """Write the script at ``target`` (executable), through a temporary file and a rename."""
    text = script_text(python or sys.executable)
    tmp = f"{target}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o755)
    os.replace(tmp, target)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: python -m kg.launcher PATH-OF-THE-KG-SCRIPT\n")
        sys.exit(2)
    write_script(sys.argv[1])
