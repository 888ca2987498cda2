"""`kg query`'s quick path (kg/cli_quick.py) waits for a writer's lock as long as the usual path
does, ``$KG_LOCK_TIMEOUT`` seconds, and a bad value is the command's one line (exit 2). The quick
path waited 5 seconds whatever the setting said, and answered with any value set."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

import pytest
from probe_helpers import KG

# a query the quick path answers on the sample corpus (tests/test_query_fast.py checks its bytes)
QUERY = ["board-members", "-p", "board=OPCC"]


@contextmanager
def _write_locked(store: Path, release_after: float | None = None) -> Iterator[None]:
    """A writer's exclusive lock on the store's file (released after ``release_after`` seconds, or
    at the end of the block)."""
    con = sqlite3.connect(store / "graph.sqlite", isolation_level=None, check_same_thread=False)
    con.execute("BEGIN EXCLUSIVE")
    timer = threading.Timer(release_after, con.rollback) if release_after is not None else None
    if timer:
        timer.start()
    try:
        yield
    finally:
        if timer:
            timer.join()
        if con.in_transaction:
            con.rollback()
        con.close()


def _quick(store: Path) -> tuple[bool, str, float]:
    from kg.cli_quick import run

    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")     # the quick path answers a UTF-8 output only
    start = time.monotonic()
    with redirect_stdout(out):
        answered = run([*QUERY, "--store", str(store)])
    waited = time.monotonic() - start
    out.flush()
    return answered, raw.getvalue().decode("utf-8"), waited


def test_the_quick_path_waits_as_long_as_kg_lock_timeout_says(corpus_store_copy: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    answered, rows, _ = _quick(corpus_store_copy)
    assert answered and rows.startswith("board ")     # the control: no lock, the quick path answers
    # a writer that commits after 6 seconds, within the 30 the user allows: the quick path waits for
    # it and answers (it gave up after 5 seconds and left the command to the slow path)
    monkeypatch.setenv("KG_LOCK_TIMEOUT", "30")
    with _write_locked(corpus_store_copy, release_after=6.0):
        answered, out, waited = _quick(corpus_store_copy)
    assert answered and out == rows and waited >= 5.5
    # a quarter of a second allowed: given up long before the 5 seconds it waited
    monkeypatch.setenv("KG_LOCK_TIMEOUT", "0.25")
    with _write_locked(corpus_store_copy):
        answered, out, waited = _quick(corpus_store_copy)
    assert not answered and out == "" and waited < 4.0


@pytest.mark.parametrize("value", ["nan", "-1", "5 minutes"])
def test_a_bad_kg_lock_timeout_is_one_line_on_the_quick_path_too(corpus_store_dir: Path, value: str) -> None:
    """The console script, which takes the quick path first (kg/cli_start.py)."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "KG_LOCK_TIMEOUT": value}
    res = subprocess.run([KG, "query", *QUERY, "--store", str(corpus_store_dir)], capture_output=True, text=True,
                         env=env, timeout=120)
    assert res.returncode == 2, (res.returncode, res.stdout, res.stderr)
    assert res.stdout == "" and len(res.stderr.splitlines()) == 1
    assert res.stderr.startswith("kg: ") and "KG_LOCK_TIMEOUT" in res.stderr and "Traceback" not in res.stderr


def test_the_quick_path_leaves_the_query_twins_as_they_were(corpus_store_copy: Path) -> None:
    """Answered in this process, the quick path puts back the query twins' type lists it set from its
    plan: a later query here reads the schema as it is then (a type added to it is followed)."""
    from kg.queries import nx_impl

    assert nx_impl.TYPE_LISTS is None
    answered, rows, _ = _quick(corpus_store_copy)
    assert answered and rows
    assert nx_impl.TYPE_LISTS is None
