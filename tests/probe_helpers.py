"""The probe's way of running `kg` (tests/test_hardening_probe*.py): in this process, as the console
script runs it, and what a failure must look like: one line, naming the file and the reason, the
exit code it means, no traceback.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.cli import main

KG = str(Path(sys.executable).parent / "kg")  # the console script of this environment


class Run:
    """What one `kg` run gave: exit code, standard output, and standard error's lines."""

    def __init__(self, code: Any, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err
        self.lines = err.strip().splitlines()

    def failed_in_one_line(self, *words: str, code: int | None = None) -> str:
        """Assert a failure said in one line holding ``words``; return the line."""
        assert "Traceback" not in self.err + self.out, self.err
        assert self.code != 0 and (code is None or self.code == code), (self.code, self.err)
        assert len(self.lines) == 1, self.lines
        line = self.lines[0]
        assert line.startswith("kg: ") and all(w in line for w in words), line
        return line


def kg_runner(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """``kg(*args, env={})``: run the `kg` console entry point in this process (a test module's
    ``kg`` fixture returns this)."""
    def run(*args: object, env: dict[str, str] | None = None) -> Run:
        capsys.readouterr()
        with monkeypatch.context() as m:
            m.setattr(sys, "argv", ["kg", *map(str, args)])
            for k, v in (env or {}).items():
                m.setenv(k, v)
            with pytest.raises(SystemExit) as exited:
                main()
        out, err = capsys.readouterr()
        return Run(exited.value.code, out, err)
    return run




def as_nobody(*args: object, cwd: str = "/") -> subprocess.CompletedProcess[str]:
    """`kg` as an unprivileged user (``setpriv`` when the tests run as root: root reads everything)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("running as root without setpriv: the permission cases cannot drop privileges")
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    return subprocess.run([*prefix, KG, *map(str, args)], capture_output=True, text=True, timeout=300, cwd=cwd)


@contextlib.contextmanager
def alarm(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the test run) if the block takes more than ``seconds``."""
    def hung(signum: int, frame: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s: kg hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
