"""`kg query` run the two ways the quick-path tests compare: through the console script (and
whether it took the quick path), and through typer in this process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app

KG = str(Path(sys.executable).parent / "kg")


def quick_query(*args: str | Path) -> tuple[subprocess.CompletedProcess[str], bool]:
    """`kg query ...` through the console script; and whether it ran without importing typer (the
    quick path) or networkx, read from -X importtime (its lines taken out of stderr)."""
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    proc = subprocess.run([sys.executable, "-X", "importtime", KG, "query", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=120)
    lines = proc.stderr.splitlines(keepends=True)
    imported = {ln.rsplit("|", 1)[-1].strip() for ln in lines if ln.startswith("import time:")}
    proc.stderr = "".join(ln for ln in lines if not ln.startswith("import time:"))
    return proc, "typer" not in imported and "networkx" not in imported


def usual_query(*args: str | Path) -> tuple[str, str, int]:
    """The same command through typer (kg.cli, never the quick path), in-process."""
    res = CliRunner().invoke(app, ["query", *map(str, args)])
    return res.stdout, res.stderr, res.exit_code
