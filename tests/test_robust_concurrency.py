"""Two `kg ingest` processes on one embedded store at the same time.

The store has one writer lock (``STORE/.lock``, flock). A second writer waits for it up to
``KG_LOCK_TIMEOUT`` seconds, then re-reads the store and adds its documents; with a short
timeout it fails with "store is locked by another kg process" and exit code 2. Either way
the store is never corrupted, and the end result equals a clean ingest of what was ingested.
Real processes only (the installed ``kg`` script).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.store import NetworkxStore

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
KG = str(Path(sys.executable).parent / "kg")

pytestmark = pytest.mark.slow


# the three shorter papers of the corpus (a fifth of its text): the locking does not depend on how
# long each paper takes, and four ingests of the whole corpus twice over took a minute
PAPERS = sorted(CORPUS.glob("*.txt"), key=lambda p: p.stat().st_size)[:3]


def make_inputs(folder: Path, tag: str, copies: int) -> Path:
    """The shorter papers ``copies`` times under names starting with ``tag``, each copy changed by one
    line."""
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(copies):
        for src in PAPERS:
            text = src.read_text(encoding="utf-8") + f"\n{tag} copy {k}.\n"
            (folder / f"{tag}{k}-{src.name}").write_text(text, encoding="utf-8")
    return folder


def env(timeout: float) -> dict[str, str]:
    return {**os.environ, "KG_LOCK_TIMEOUT": str(timeout)}


def popen_ingest(store: Path, *paths: Path, timeout: float) -> subprocess.Popen[str]:
    return subprocess.Popen([KG, "ingest", *map(str, paths), "--store", str(store), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(timeout))


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KG, *args], capture_output=True, text=True, timeout=600, env=env(60))


def export_sorted(store: Path, out: Path) -> list[str]:
    res = kg("export", "--store", str(store), "-o", str(out))
    assert res.returncode == 0, res.stderr
    return sorted(out.read_text(encoding="utf-8").splitlines())


def lock_is_held(store: Path) -> bool:
    """True when another process holds the store's writer lock (probed without waiting)."""
    try:
        fh = open(store / ".lock", "a+")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        fh.close()   # closing drops our lock if we took it
    return False


def wait_for_lock(store: Path, proc: subprocess.Popen[str], limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while not lock_is_held(store):
        assert proc.poll() is None, "the first ingest ended before it was seen holding the lock"
        assert time.monotonic() < deadline
        time.sleep(0.01)


def assert_readable(store: Path) -> None:
    graph = NetworkxStore(store).graph()
    assert graph.nodes and graph.rels


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("conc")
    return make_inputs(base / "a", "a", 2), make_inputs(base / "b", "b", 1)


@pytest.fixture(scope="module")
def clean_union(inputs: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    store = tmp_path_factory.mktemp("union") / "store"
    res = kg("ingest", str(inputs[0]), str(inputs[1]), "--store", str(store), "-q")
    assert res.returncode == 0, res.stderr
    return export_sorted(store, store.parent / "union.jsonl")


@pytest.fixture(scope="module")
def clean_a_store(inputs: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the first inputs alone (copy it to write)."""
    store = tmp_path_factory.mktemp("onlya") / "store"
    res = kg("ingest", str(inputs[0]), "--store", str(store), "-q")
    assert res.returncode == 0, res.stderr
    return store


@pytest.fixture(scope="module")
def clean_a(clean_a_store: Path) -> list[str]:
    return export_sorted(clean_a_store, clean_a_store.parent / "a.jsonl")


def test_second_writer_waits_then_adds_its_documents(inputs: tuple[Path, Path], clean_union: list[str],
                                                     tmp_path: Path) -> None:
    a, b = inputs
    store = tmp_path / "store"
    first = popen_ingest(store, a, timeout=300)
    wait_for_lock(store, first)
    second = popen_ingest(store, b, timeout=300)   # starts while the first holds the lock
    out1, err1 = first.communicate(timeout=600)
    out2, err2 = second.communicate(timeout=600)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert "6 added" in out1 and "3 added" in out2   # the second saw the first's documents as stored
    assert_readable(store)
    assert export_sorted(store, tmp_path / "after.jsonl") == clean_union


@pytest.mark.ci  # a repeat of the waiting writer's union above without the arranged order (CI runs it)
def test_both_writers_started_together_end_with_the_union(inputs: tuple[Path, Path], clean_union: list[str],
                                                          tmp_path: Path) -> None:
    """No ordering arranged: both start at once, whichever gets the lock first goes first."""
    a, b = inputs
    store = tmp_path / "store"
    procs = [popen_ingest(store, a, timeout=300), popen_ingest(store, b, timeout=300)]
    results = [p.communicate(timeout=600) for p in procs]
    for p, (_, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
    assert export_sorted(store, tmp_path / "after.jsonl") == clean_union


def test_short_lock_timeout_fails_with_a_clear_line(inputs: tuple[Path, Path], clean_a_store: Path, clean_a: list[str],
                                                    clean_union: list[str], tmp_path: Path) -> None:
    """A writer holds the lock (this process holds the store's flock, as a `kg ingest` does while it
    works: a real ingest of these short papers could end before the refused one gave up)."""
    _, b = inputs
    store = Path(shutil.copytree(clean_a_store, tmp_path / "store"))
    before = (store / "graph.sqlite").read_bytes()
    with open(store / ".lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        second = subprocess.run([KG, "ingest", str(b), "--store", str(store), "-q"], capture_output=True,
                                text=True, env=env(1), timeout=120)
    assert second.returncode == 2
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1 and "store is locked by another kg process" in lines[0], second.stderr
    assert str(store) in lines[0] and "Traceback" not in second.stderr
    # the refused ingest changed nothing
    assert (store / "graph.sqlite").read_bytes() == before
    assert_readable(store)
    assert export_sorted(store, tmp_path / "after.jsonl") == clean_a
    # and once the lock is free the refused ingest goes through, giving the union
    res = subprocess.run([KG, "ingest", str(b), "--store", str(store), "-q"], capture_output=True,
                         text=True, env=env(1), timeout=600)
    assert res.returncode == 0, res.stderr
    assert export_sorted(store, tmp_path / "union.jsonl") == clean_union


def test_readers_during_a_write_see_a_whole_store(inputs: tuple[Path, Path], clean_a: list[str],
                                                  tmp_path: Path) -> None:
    """Readers take no lock: while a writer works they see the old store or the new, never a mix."""
    a, _ = inputs
    store = tmp_path / "store"
    first = popen_ingest(store, a, timeout=300)
    # until the writer renames its new store file into place a reader is told there is no store
    # (exit 2: a folder without a store file is not an empty graph); from then on it must see the
    # whole new store, never a mix, and never "no store" again
    while not store.exists() and first.poll() is None:
        time.sleep(0.01)
    seen: list[int | None] = []
    while first.poll() is None:
        res = kg("stats", "--store", str(store))
        if res.returncode == 2 and "no kg store here" in res.stderr:
            seen.append(None)
            continue
        assert res.returncode == 0, res.stderr
        seen.append(int(res.stdout.split("documents:")[1].split()[0]))
    first.communicate()
    assert first.returncode == 0
    assert set(seen) <= {None, 6}
    assert None not in seen[seen.index(6):] if 6 in seen else True
    assert export_sorted(store, tmp_path / "after.jsonl") == clean_a
