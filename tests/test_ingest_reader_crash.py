"""A reader that crashes on one paper costs that paper only, with one job as with many.

`kg ingest -j 1` read every paper in its own process: a parser's segfault or the out-of-memory
killer on one hostile file ended the whole run (no line, nothing stored), where `--jobs 2` lost
only that paper. And a parser that calls ``exit()`` ended the run on either. Here the crash is
made by a loader patched in a child `kg` process (a real SIGKILL of whatever process reads
``p3.txt``) and in this process (a loader that raises SystemExit).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from probe_helpers import Run, alarm, kg_runner

from kg.store import NetworkxStore

PLACES = ["West", "East", "North", "South", "Up", "Down"]
MINUTES = ("Minutes of the {place}ford Community Safety Partnership held on 3 March 2026.\n"
           "Present: Cllr. Jane Roe (Chair), Cllr. Tom Fenn\n"
           "The Partnership agreed to award £25,000 to the {place}ford Youth Trust for 2026/27.\n")

# `kg` in a child process whose text loader kills the process that reads p3.txt (as a segfault
# in a parser would end it), then the real console entry point
CRASHING_KG = """
import os, signal, sys
from pathlib import Path
from typing import Any
import kg.loaders as loaders
real = loaders.LOADERS[".txt"]
def dies_on_p3(path, raw):
    if Path(path).name == "p3.txt":
        os.kill(os.getpid(), signal.SIGKILL)
    return real(path, raw)
loaders.LOADERS[".txt"] = dies_on_p3
from kg.cli import main
sys.argv = ["kg", *sys.argv[1:]]
main()
"""


@pytest.fixture
def kg(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    return kg_runner(capsys, monkeypatch)


def _papers(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for i, place in enumerate(PLACES):
        (folder / f"p{i}.txt").write_text(MINUTES.format(place=place), encoding="utf-8")
    return folder


def _documents(store: Path) -> list[str]:
    return sorted(n.name for n in NetworkxStore(store).graph().nodes.values() if n.label == "Document")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_reader_killed_on_one_paper_costs_only_that_paper(tmp_path: Path, jobs: str) -> None:
    folder = _papers(tmp_path / "papers")
    res = subprocess.run([sys.executable, "-c", CRASHING_KG, "ingest", str(folder), "--store", str(tmp_path / "st"),
                          "-q", "-j", jobs], capture_output=True, text=True, timeout=300)
    lines = res.stderr.splitlines()
    assert res.returncode == 1, (res.returncode, res.stderr)
    assert len(lines) == 1 and lines[0].startswith("kg: ") and "p3.txt" in lines[0] and "process" in lines[0], lines
    assert "5 added" in res.stdout and "1 failed" in res.stdout
    assert _documents(tmp_path / "st") == [f"p{i}.txt" for i in (0, 1, 2, 4, 5)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_loader_that_calls_exit_costs_only_its_paper(kg: Callable[..., Run], tmp_path: Path, jobs: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.loaders as loaders

    real = loaders.LOADERS[".txt"]

    def exits_on_p1(path: Path, raw: bytes) -> object:
        if Path(path).name == "p1.txt":
            sys.exit(3)
        return real(path, raw)

    monkeypatch.setitem(loaders.LOADERS, ".txt", exits_on_p1)
    folder = _papers(tmp_path / "papers")
    with alarm(300):
        res = kg("ingest", folder, "--store", tmp_path / "st", "-q", "-j", jobs)
    res.failed_in_one_line("p1.txt", "exit(3)", code=1)
    assert "5 added" in res.out
    assert _documents(tmp_path / "st") == [f"p{i}.txt" for i in (0, 2, 3, 4, 5)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_no_paper_is_read_in_kgs_own_process(tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every paper is read in a worker, with one job as with many, and so is a paper read again
    because its bytes were, when a worker saw them, a stored document that this run then replaced
    (two papers whose contents were swapped)."""
    import os

    import kg.loaders as loaders
    from kg.ingest import ingest

    me, real, read_here = os.getpid(), loaders.load, []

    def load(path: Any, *args: Any, **kwargs: Any) -> Any:
        if os.getpid() == me:
            read_here.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(loaders, "load", load)
    folder = tmp_path / "papers"
    folder.mkdir()
    west, east, north = (MINUTES.format(place=p) for p in ("West", "East", "North"))
    (folder / "a.txt").write_text(west, encoding="utf-8")
    (folder / "b.txt").write_text(east, encoding="utf-8")
    assert sorted(ingest([folder], NetworkxStore(tmp_path / "st"), jobs=jobs).added) == ["a.txt", "b.txt"]
    (folder / "a.txt").write_text(north, encoding="utf-8")
    (folder / "b.txt").write_text(west, encoding="utf-8")      # a.txt's bytes before
    report = ingest([folder], NetworkxStore(tmp_path / "st"), jobs=jobs)
    assert sorted(report.updated) == ["a.txt", "b.txt"] and not report.duplicates and not report.failures
    boards = {n.name for n in NetworkxStore(tmp_path / "st").graph().nodes.values() if n.label == "Board"}
    assert boards == {"Northford Community Safety Partnership", "Westford Community Safety Partnership"}
    assert read_here == []
