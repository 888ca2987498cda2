"""A third hostile-input probe (issue 15), from angles tests/test_hardening_probe.py does not take.

The first probe runs ``kg.cli.main`` in this process; a user runs the console script, which answers
`kg --help` and most of `kg query` before typer is loaded (kg/cli_start.py, kg/cli_quick.py). So
here the cases about what the process itself meets run the real `kg` in a child process: standard
output that is full, closed or a pipe that went away, SIGTERM and SIGINT at many moments, an
environment that is not UTF-8, a file size limit (a full disk). The rest, in-process for speed:
`--help` of every command, odd numbers and names on every command line, files that vanish or
change while an ingest reads them, a store the user may not write, every loader given an empty or
odd file, decisions files no one would write by hand, outputs onto every kind of path.

Each case asks what the issue asks: one line on stderr naming the file and the reason, the rest of
the run goes on, nothing stored lost or half-written, an exit code that says what happened, no
traceback.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from probe_helpers import KG, Run, alarm, as_nobody, kg_runner

from kg.store import NetworkxStore

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "examples" / "corpus" / "000_0b54970cb6e1f35d.txt"
MINUTES = ("Minutes of the Westfield Community Safety Partnership held on 3 March 2026.\n"
           "Present: Cllr. Jane Roe (Chair), Cllr. Tom Fenn\n"
           "The Partnership agreed to award £25,000 to the Westfield Youth Trust for 2026/27.\n")


@pytest.fixture
def kg(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """``kg(*args, env={})``: run the `kg` console entry point in this process."""
    return kg_runner(capsys, monkeypatch)


def _paper(path: Path, text: str = MINUTES) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _bytes(store: Path) -> bytes:
    return (store / "graph.sqlite").read_bytes()


def _doc_ids(store: Path) -> list[str]:
    return sorted(n.id for n in NetworkxStore(store).graph().nodes.values() if n.label == "Document")


def _leftovers(folder: Path) -> list[str]:
    """Temporary files a write left behind, anywhere under ``folder``."""
    return sorted(str(p) for p in folder.rglob("*") if p.name.startswith(".kg-tmp-") or p.name.endswith(".tmp"))


def _proc(*args: object, env: dict[str, str] | None = None, stdout: Any = subprocess.PIPE,
          timeout: float = 300, **kw: Any) -> subprocess.CompletedProcess[str]:
    """The real `kg` console script in a child process."""
    full = {**os.environ, **(env or {})}
    return subprocess.run([KG, *map(str, args)], stdout=stdout, stderr=subprocess.PIPE, text=True,
                          env=full, timeout=timeout, **kw)


def _one_line(err: str, *words: str) -> str:
    lines = err.strip().splitlines()
    assert "Traceback" not in err and len(lines) == 1, err[-2000:]
    assert lines[0].startswith("kg: ") and all(w in lines[0] for w in words), lines
    return lines[0]


# == 1. `--help` of every command: exit 0, the usage on stdout, nothing on stderr ==========================
COMMANDS = [["ingest"], ["remove"], ["push"], ["query"], ["query", "list"], ["show"], ["stats"], ["export"],
            ["viz"], ["atlas"], ["explain"], ["audit"], ["review"], ["cypher"], ["neo4j"], ["neo4j", "start"],
            ["neo4j", "stop"], ["neo4j", "status"]]


@pytest.mark.parametrize("command", COMMANDS, ids=["-".join(c) for c in COMMANDS])
def test_help_of_every_command(kg: Callable[..., Run], command: list[str], tmp_path: Path) -> None:
    res = kg(*command, "--help", env={"KG_STORE": str(tmp_path / "nowhere")})
    assert res.code == 0 and res.err == "", res.err
    # click names the program after sys.argv[0], or `python -m pytest` when pytest runs as a module
    usage = "kg " + " ".join(c for c in command if c != "list") + " [OPTIONS]"     # `list` is a query's name
    first = res.out.splitlines()[0]
    assert first.startswith("Usage: ") and usage in first, res.out[:200]
    assert list(tmp_path.iterdir()) == []        # --help reads and writes nothing


# == 2. standard output that cannot be written (the real console script) ==================================
FULL_STDOUT = {
    "help": ["--help"],
    "ingest-help": ["ingest", "--help"],
    "stats": ["stats", "--store", "{store}"],
    "show": ["show", "OPCC", "--store", "{store}"],
    "query-quick": ["query", "board-members", "-p", "board=OPCC", "--store", "{store}"],
    "query-typer": ["query", "board-members", "-p", "board=OPCC", "--cypher", "--store", "{store}"],
    "query-list": ["query", "list"],
    "audit": ["audit", "--store", "{store}"],
    "review": ["review", "--store", "{store}"],
    "export-stdout": ["export", "-o", "-", "--store", "{store}"],
}


@pytest.mark.parametrize("case", sorted(FULL_STDOUT))
def test_a_full_standard_output_is_one_line_and_exit_1(corpus_store_dir: Path, case: str) -> None:
    """`kg stats > /dev/full` (a full disk under a redirect): a traceback from deep in click."""
    args = [a.replace("{store}", str(corpus_store_dir)) for a in FULL_STDOUT[case]]
    with open("/dev/full", "w") as full:
        res = _proc(*args, stdout=full)
    _one_line(res.stderr, "standard output", "No space left on device")
    assert res.returncode == 1


@pytest.mark.parametrize("case", ["stats", "show", "query-quick", "help"])
def test_a_closed_standard_output_is_one_line(corpus_store_dir: Path, case: str) -> None:
    """`kg stats >&-`: Python has no sys.stdout at all (an AttributeError traceback)."""
    args = [a.replace("{store}", str(corpus_store_dir)) for a in FULL_STDOUT[case]]
    res = subprocess.run(["/bin/sh", "-c", 'exec "$0" "$@" >&-', KG, *args], stderr=subprocess.PIPE, text=True,
                         timeout=300)
    _one_line(res.stderr, "standard output")
    assert res.returncode == 1


def test_a_closed_standard_error_still_gives_the_exit_code(corpus_store_dir: Path, tmp_path: Path) -> None:
    """`kg ... 2>&-`: no word can be said, but the exit code still says what happened (Python has
    no sys.stderr then: the message itself was an AttributeError)."""
    def closed_err(*args: object, out: str = "") -> int:
        script = 'exec "$0" "$@" 2>&-' + (f" >{out}" if out else "")
        return subprocess.run(["/bin/sh", "-c", script, KG, *map(str, args)], stdout=subprocess.DEVNULL,
                              timeout=300).returncode
    assert closed_err("stats", "--store", tmp_path) == 2
    assert closed_err("stats", "--store", corpus_store_dir, out="/dev/full") == 1
    assert closed_err("stats", "--store", corpus_store_dir) == 0


@pytest.mark.parametrize("case", ["stats", "show", "query-quick", "export-stdout", "review", "audit"])
def test_a_reader_that_went_away_is_no_traceback(corpus_store_dir: Path, case: str) -> None:
    """`kg ... | head -c 1`: the pipe closes under kg; it ends quietly or with one line."""
    args = [a.replace("{store}", str(corpus_store_dir)) for a in FULL_STDOUT[case]]
    p = subprocess.Popen([KG, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.read(1)
    p.stdout.close()
    err = p.stderr.read()
    p.wait(300)
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 1, err
    assert p.returncode in (0, 1, -signal.SIGPIPE), p.returncode


def test_a_standard_output_that_cannot_take_the_names_is_one_line_or_escaped(tmp_path: Path) -> None:
    """An ASCII terminal (LANG=C on an old box, PYTHONIOENCODING=ascii): a paper's name with an
    accent in an export to standard output was a UnicodeEncodeError traceback."""
    st = tmp_path / "st"
    paper = _paper(tmp_path / "p" / "procès-verbal.txt")
    assert _proc("ingest", paper, "--store", st, "-q", "-j", "1").returncode == 0
    env = {"PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"}
    board = "Westfield Community Safety Partnership"
    for args in (["show", board], ["query", "board-members", "-p", f"board={board}"], ["export", "-o", "-"],
                 ["stats"], ["audit"]):
        res = _proc(*args, "--store", st, env=env)
        assert "Traceback" not in res.stderr, (args, res.stderr[-1500:])
        assert res.returncode == 0 or len(res.stderr.strip().splitlines()) == 1, (args, res.stderr)
        if args[0] == "export":       # JSON Lines are UTF-8 whatever the terminal takes
            assert res.returncode == 0 and "procès-verbal.txt" in res.stdout, res.stderr


# == 3. signals: SIGTERM and SIGINT at many moments (the real console script) =============================
def _signal_at(sig: int, delay: float, *args: object) -> subprocess.CompletedProcess[str]:
    p = subprocess.Popen([KG, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    p.send_signal(sig)
    out, err = p.communicate(timeout=300)
    return subprocess.CompletedProcess(p.args, p.returncode, out, err)


def _said_interrupted(res: subprocess.CompletedProcess[str], sig: int, early: bool = False) -> None:
    """Ended by the signal: one line saying so and exit 128 + the signal; or it had finished; or
    (``early``: in Python's own start, before any of kg runs) killed by it without a word."""
    assert "Traceback" not in res.stderr, res.stderr[-1500:]
    if res.returncode == -sig and early:
        assert res.stderr == "", res.stderr
    elif res.returncode != 0:
        assert res.returncode == 128 + sig, (res.returncode, res.stderr)
        assert res.stderr.strip().splitlines()[-1].startswith("kg: interrupted"), res.stderr


@pytest.fixture(scope="module")
def eight_papers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("eight")
    for i, place in enumerate(["West", "East", "North", "South", "Up", "Down", "Mid", "Far"]):
        _paper(folder / f"paper-{i}.txt", MINUTES.replace("Westfield", f"{place}ford") * 20)
    return folder


# (cases past a few seconds run in CI only: marker ci, see tests/conftest.py)
@pytest.mark.parametrize("delay", [0.5, 1.0, pytest.param(2.0, marks=pytest.mark.ci),
                                   pytest.param(3.5, marks=pytest.mark.ci)])
def test_sigterm_during_an_ingest_is_one_line_and_leaves_a_whole_store(corpus_store_copy: Path, eight_papers: Path,
                                                                       delay: float) -> None:
    """`kill PID` (a service manager, a timeout): the ingest died without a word; the store must be
    the old one or the new one, never a mixture, with no hot journal or temporary file left."""
    before = _doc_ids(corpus_store_copy)
    res = _signal_at(signal.SIGTERM, delay, "ingest", eight_papers, "--store", corpus_store_copy, "-q", "-j", "1")
    _said_interrupted(res, signal.SIGTERM)
    after = _doc_ids(corpus_store_copy)
    assert after in (before, sorted([*before, *(f"doc:paper-{i}.txt" for i in range(8))])), after
    assert _leftovers(corpus_store_copy) == [] and not (corpus_store_copy / "graph.sqlite-journal").exists()
    assert _proc("stats", "--store", corpus_store_copy).returncode == 0


@pytest.mark.parametrize("command", [pytest.param("atlas", marks=pytest.mark.ci),
                                     pytest.param("viz", marks=pytest.mark.ci), "export"])
def test_sigterm_while_an_output_is_written_keeps_the_old_output(corpus_store_dir: Path, tmp_path: Path,
                                                                command: str) -> None:
    target = {"atlas": tmp_path / "atlas" / "index.html", "viz": tmp_path / "page.html",
              "export": tmp_path / "out.jsonl"}[command]
    _paper(target, "the old file\n")
    args = {"atlas": ["atlas", tmp_path / "atlas"], "viz": ["viz", "governance", "-o", target],
            "export": ["export", "-o", target]}[command]
    assert _proc(*args, "--store", corpus_store_dir).returncode == 0
    whole = target.read_text(encoding="utf-8")              # what an uninterrupted run writes
    _paper(target, "the old file\n")
    for delay in (0.4, 0.8, 1.2, 1.6):
        res = _signal_at(signal.SIGTERM, delay, *args, "--store", corpus_store_dir)
        _said_interrupted(res, signal.SIGTERM)
        text = target.read_text(encoding="utf-8")
        assert text in ("the old file\n", whole), (delay, res.returncode, text[:40])    # never a part
        assert _leftovers(tmp_path) == [], delay
        _paper(target, "the old file\n")


@pytest.mark.parametrize("sig", [signal.SIGINT, pytest.param(signal.SIGTERM, marks=pytest.mark.ci)],
                         ids=["SIGINT", "SIGTERM"])
def test_a_signal_in_the_first_tenth_of_a_second_shows_no_traceback(corpus_store_dir: Path, sig: int) -> None:
    """The console script's first import sets kg's guard: from then on an interrupt is one line. Before
    it Python's own start-up runs (and the editable install's finder, from a .pth file): the guard
    must come early enough that 40 signals in the first 0.1 s give at most 2 tracebacks, and none
    names a frame of kg. Python installs its own Ctrl-C handler before the console script's first
    line, which holds the signals back: a Ctrl-C between the two is Python's bare
    "KeyboardInterrupt", exit 1, counted with the tracebacks."""
    shown = []
    for i in range(40):
        res = _signal_at(sig, i * 0.0025, "stats", "--store", corpus_store_dir)
        if sig == signal.SIGINT and (res.returncode, res.stderr) == (1, "KeyboardInterrupt\n"):
            shown.append(res.stderr)
        elif "Traceback" in res.stderr:
            shown.append(res.stderr)
            assert f"{os.sep}kg{os.sep}" not in res.stderr.replace(f"{os.sep}bin{os.sep}kg", ""), res.stderr
        else:
            _said_interrupted(res, sig, early=True)
    assert len(shown) <= 2, shown[0][-1500:]


# == 4. odd numbers and words on command lines (in-process) ==============================================
@pytest.mark.parametrize(("args", "words"), [
    (["ingest", "{paper}", "--jobs", "-3"], ["--jobs", "kg ingest --help"]),
    (["ingest", "{paper}", "--jobs", "1.5"], ["--jobs"]),
    (["ingest", "{paper}", "--decisions", ""], ["decisions"]),
    (["viz", "ego", "--focus", "OPCC", "--depth", "1e3", "-o", "{tmp}/v.html"], ["--depth"]),
    (["viz", "ego", "--focus", "OPCC", "--depth", "nan", "-o", "{tmp}/v.html"], ["--depth"]),
    (["query", "board-members", "-p", "board=OPCC", "--max-width", "-1"], ["--max-width"]),
    (["query", "board-members", "-p", "board=OPCC", "--max-width", "1e3"], ["--max-width"]),
    (["neo4j", "start", "--port", "70000", "--dir", "{tmp}/n"], ["70000"]),
    (["neo4j", "start", "--port", "http", "--dir", "{tmp}/n"], ["--port"]),
    (["neo4j", "start", "--port", "0", "--dir", "{tmp}/n"], ["port"]),
    (["audit", "--rule", ""], ["rule"]),
    (["show", "OPCC", "--backend", "NetworkX "], ["backend"]),
], ids=["jobs-negative", "jobs-fraction", "decisions-empty-name", "depth-exponent", "depth-nan", "max-width-negative",
        "max-width-exponent", "port-too-big", "port-word", "port-zero", "rule-empty", "backend-spaced"])
def test_odd_numbers_and_words_are_one_line_exit_2(kg: Callable[..., Run], corpus_store_copy: Path, tmp_path: Path,
                                                   args: list[str], words: list[str]) -> None:
    before = _bytes(corpus_store_copy)
    args = [a.replace("{tmp}", str(tmp_path)).replace("{paper}", str(PAPER)) for a in args]
    if args[0] != "neo4j":
        args += ["--store", str(corpus_store_copy)]
    with alarm(60):
        kg(*args).failed_in_one_line(*words, code=2)
    assert _bytes(corpus_store_copy) == before
    assert not (tmp_path / "v.html").exists() and not (tmp_path / "n").exists()


def test_a_name_of_a_hundred_thousand_characters_is_one_short_line(kg: Callable[..., Run],
                                                                   corpus_store_dir: Path) -> None:
    name = "Board " * 20_000
    for args in (["show", name], ["query", "board-members", "-p", f"board={name}"]):
        with alarm(60):
            line = kg(*args, "--store", corpus_store_dir).failed_in_one_line(code=2)
        assert len(line) < 2_000, len(line)


def test_the_same_paper_given_twice_is_read_once(kg: Callable[..., Run], tmp_path: Path) -> None:
    paper = _paper(tmp_path / "p" / "minutes.txt")
    link = tmp_path / "p" / "link.txt"
    link.symlink_to(paper)
    res = kg("ingest", paper, paper, tmp_path / "p", "--store", tmp_path / "st", "-q", "-j", "1")
    assert "Traceback" not in res.err and res.code == 0, res.err
    assert "1 added" in res.out and len(_doc_ids(tmp_path / "st")) == 1, res.out


def test_a_paper_named_like_an_option_is_read_after_a_double_dash(kg: Callable[..., Run], tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _paper(tmp_path / "-q.txt")
    res = kg("ingest", "--store", tmp_path / "st", "-j", "1", "-q", "--", "-q.txt")
    assert res.code == 0 and "1 added" in res.out, res.err
    assert _doc_ids(tmp_path / "st") == ["doc:-q.txt"]


def test_a_url_is_not_fetched(kg: Callable[..., Run], tmp_path: Path) -> None:
    res = kg("ingest", "https://example.org/minutes.pdf", "--store", tmp_path / "st", "-q", "-j", "1")
    res.failed_in_one_line("minutes.pdf", "no such file", code=1)
    kg("explain", "https://example.org/minutes.pdf", "-o", tmp_path / "x.html").failed_in_one_line(
        "minutes.pdf", code=1)


def test_a_file_name_at_the_length_limit_is_read_and_named(kg: Callable[..., Run], tmp_path: Path) -> None:
    name = "m" * 251 + ".txt"
    _paper(tmp_path / "p" / name)
    (tmp_path / "p" / ("e" * 251 + ".pdf")).write_bytes(b"")
    res = kg("ingest", tmp_path / "p", "--store", tmp_path / "st", "-q", "-j", "1")
    res.failed_in_one_line("e" * 251 + ".pdf", "empty", code=1)
    assert "1 added" in res.out and _doc_ids(tmp_path / "st") == [f"doc:{name}"]


def test_a_store_path_past_the_length_limit_is_one_line(kg: Callable[..., Run], tmp_path: Path) -> None:
    where = tmp_path / ("s" * 300)
    for args in (["ingest", PAPER, "-q", "-j", "1"], ["stats"], ["export", "-o", "-"]):
        kg(*args, "--store", where).failed_in_one_line(code=2)


# == 5. the environment ====================================================================================
@pytest.mark.parametrize(("name", "value"), [("KG_OCR", "perhaps"), ("COLUMNS", "-4"), ("COLUMNS", "lots"),
                                             ("TERM", "dumb"), ("TMPDIR", "/nonexistent/tmp")],
                         ids=["ocr-word", "columns-negative", "columns-word", "term-dumb", "tmpdir-missing"])
def test_odd_environment_values_do_not_stop_a_command(kg: Callable[..., Run], corpus_store_dir: Path,
                                                      tmp_path: Path, name: str, value: str) -> None:
    env = {name: value}
    res = kg("query", "board-members", "-p", "board=OPCC", "--store", corpus_store_dir, env=env)
    assert res.code == 0 and "rows" in res.err, res.err
    res = kg("export", "-o", tmp_path / "out.jsonl", "--store", corpus_store_dir, env=env)
    assert res.code == 0 and (tmp_path / "out.jsonl").stat().st_size > 0, res.err
    res = kg("ingest", _paper(tmp_path / "new.txt"), "--store", tmp_path / "st", "-q", "-j", "1", env=env)
    assert res.code == 0 and "1 added" in res.out, res.err


@pytest.mark.parametrize("value", [" ", "\n", "kg-store\tx", "~/kg-store"], ids=["space", "newline", "tab", "tilde"])
def test_a_store_named_by_an_odd_kg_store_is_one_line(kg: Callable[..., Run], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.chdir(tmp_path)
    line = kg("stats", env={"KG_STORE": value}).failed_in_one_line("no kg store here", code=2)
    assert "\t" not in line and "\n" not in line
    assert list(tmp_path.iterdir()) == []


# == 6. the store: not writable, not readable, locked, changed underfoot ====================================


@pytest.fixture
def shared(corpus_store_dir: Path) -> Iterator[Path]:
    """A folder another user can reach, holding a copy of the corpus store and a paper."""
    import tempfile

    where = Path(tempfile.mkdtemp(prefix="kg-probe3-"))
    shutil.copytree(corpus_store_dir, where / "st", ignore=shutil.ignore_patterns(".lock"))
    shutil.copy(PAPER, where / "paper.txt")
    for p in [where, *where.rglob("*")]:
        p.chmod(0o777 if p.is_dir() else 0o666)
    try:
        yield where
    finally:
        for p in [where, *where.rglob("*")]:
            with contextlib.suppress(OSError):
                p.chmod(0o777 if p.is_dir() and not p.is_symlink() else 0o666)
        shutil.rmtree(where)


def test_a_store_file_the_user_may_only_read_is_read_and_not_written(shared: Path) -> None:
    """The folder is writable, the store file is not (copied from another user's machine)."""
    db = shared / "st" / "graph.sqlite"
    db.chmod(0o444)
    before = db.read_bytes()
    for args in (["stats"], ["show", "OPCC"], ["query", "board-members", "-p", "board=OPCC"],
                 ["export", "-o", "-"]):
        res = as_nobody(*args, "--store", shared / "st")
        assert res.returncode == 0 and "Traceback" not in res.stderr, (args, res.stderr)
    (shared / "paper.txt").write_text(MINUTES, encoding="utf-8")
    res = as_nobody("ingest", shared / "paper.txt", "--store", shared / "st", "-q", "-j", "1")
    _one_line(res.stderr, "graph.sqlite")
    assert res.returncode == 2
    res = as_nobody("remove", "000_0b54970cb6e1f35d.txt", "--store", shared / "st")
    _one_line(res.stderr, "graph.sqlite")
    assert db.read_bytes() == before


def test_a_store_folder_the_user_may_not_enter_is_one_line(shared: Path) -> None:
    (shared / "st").chmod(0o700)
    for args in (["stats"], ["show", "OPCC"], ["query", "board-members", "-p", "board=OPCC"],
                 ["viz", "governance", "-o", shared / "v.html"], ["atlas", shared / "atlas"]):
        res = as_nobody(*args, "--store", shared / "st")
        line = _one_line(res.stderr, str(shared / "st"))
        assert "ermission denied" in line or "not readable" in line, line
        assert res.returncode == 2, args
    assert not (shared / "v.html").exists() and not (shared / "atlas").exists()


def test_a_decisions_file_the_user_may_not_write_is_one_line(shared: Path) -> None:
    dec = shared / "st" / "decisions.yaml"
    dec.write_text("merge: []\n", encoding="utf-8")
    dec.chmod(0o444)
    res = as_nobody("review", "--same", "Charnwood Joint Action Group", "Joint Action Group", "--label", "Board",
                     "--store", shared / "st")
    _one_line(res.stderr, "decisions.yaml", "ermission denied")
    assert res.returncode == 2 and dec.read_text(encoding="utf-8") == "merge: []\n"
    assert _leftovers(shared) == []


@pytest.mark.ci
def test_a_reader_waits_out_a_writer_or_says_it_is_locked(corpus_store_copy: Path, eight_papers: Path) -> None:
    """Readers (the quick query path too) while an ingest commits: each reader gives the old or the
    new counts, or one line; never a traceback, a damaged-store message or a half-written graph."""
    before = _proc("stats", "--store", corpus_store_copy).stdout
    writer = subprocess.Popen([KG, "ingest", str(eight_papers), "--store", str(corpus_store_copy), "-q", "-j", "1"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    while writer.poll() is None or not seen:
        for args in (["stats"], ["query", "board-members", "-p", "board=OPCC"], ["show", "OPCC"]):
            res = _proc(*args, "--store", corpus_store_copy, env={"KG_LOCK_TIMEOUT": "60"})
            assert "Traceback" not in res.stderr and "damaged" not in res.stderr, res.stderr
            assert res.returncode == 0 or len(res.stderr.strip().splitlines()) == 1, res.stderr
            if args == ["stats"] and res.returncode == 0:
                seen.append(res.stdout)
    out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    after = _proc("stats", "--store", corpus_store_copy).stdout
    assert set(seen) <= {before, after}, set(seen) - {before, after}


def test_a_journal_left_by_a_killed_writer_is_rolled_back_by_the_next_reader(corpus_store_copy: Path) -> None:
    """kill -9 in the middle of a commit leaves SQLite's hot journal beside the store: the next
    reader (the quick path too) must see the old graph, not the half-written one."""
    before = _proc("stats", "--store", corpus_store_copy).stdout
    db = corpus_store_copy / "graph.sqlite"
    # a writer killed mid-transaction: its changes spilled into the file, the old pages in the journal
    child = subprocess.run([sys.executable, "-c", (
        "import sqlite3, os\n"
        f"con = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
        "con.execute('PRAGMA cache_size=1')\n"
        "con.execute('BEGIN IMMEDIATE')\n"
        "con.execute('DELETE FROM rels')\n"
        "con.execute('DELETE FROM nodes WHERE rowid % 2 = 0')\n"
        "con.execute('CREATE TABLE spill(x)')\n"
        "con.executemany('INSERT INTO spill VALUES (?)', [(b'x' * 4000,)] * 3000)\n"
        "os._exit(0)\n")], capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr
    assert (corpus_store_copy / "graph.sqlite-journal").exists()      # the hot journal is there
    for args in (["stats"], ["query", "board-members", "-p", "board=OPCC"]):
        res = _proc(*args, "--store", corpus_store_copy)
        assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    assert _proc("stats", "--store", corpus_store_copy).stdout == before


# == 7. files that vanish or change while an ingest reads them ==============================================
@pytest.mark.parametrize("change", ["deleted", "emptied", "made-a-folder", "made-unreadable-link", "grown-binary",
                                    "made-a-fifo", "made-a-link-to-dev-zero"])
def test_a_file_that_changes_while_the_ingest_runs_is_one_line_and_the_rest_is_read(
        kg: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    """Papers copied in by another program while kg reads the folder: the second file changes after
    the folder was walked and before it is read."""
    import importlib

    folder = tmp_path / "papers"
    _paper(folder / "a-minutes.txt")
    second = _paper(folder / "b-agenda.txt", MINUTES.replace("Westfield", "Eastfield"))
    ingest_module = importlib.import_module("kg.ingest")
    real = ingest_module._load_and_extract

    def meddle(task: Any, *a: Any, **k: Any) -> Any:
        if task[0].endswith("a-minutes.txt"):
            if change == "deleted":
                second.unlink()
            elif change == "emptied":
                second.write_bytes(b"")
            elif change == "made-a-folder":
                second.unlink()
                second.mkdir()
            elif change == "made-unreadable-link":
                second.unlink()
                second.symlink_to(tmp_path / "nowhere.txt")
            elif change == "made-a-fifo":          # the walk saw a file: a FIFO blocked the run for ever
                second.unlink()
                os.mkfifo(second)
            elif change == "made-a-link-to-dev-zero":
                second.unlink()
                second.symlink_to("/dev/zero")
            else:
                second.write_bytes(bytes(range(256)) * 100)
        return real(task, *a, **k)

    monkeypatch.setattr(ingest_module, "_load_and_extract", meddle)
    with alarm(120):
        res = kg("ingest", folder, "--store", tmp_path / "st", "-q", "-j", "1")
    res.failed_in_one_line("b-agenda.txt", code=1)
    assert "1 added" in res.out and _doc_ids(tmp_path / "st") == ["doc:a-minutes.txt"]


def test_a_stored_paper_that_vanishes_mid_run_is_kept_without_prune(kg: Callable[..., Run], tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    folder = tmp_path / "papers"
    _paper(folder / "a-minutes.txt")
    second = _paper(folder / "b-agenda.txt", MINUTES.replace("Westfield", "Eastfield"))
    assert kg("ingest", folder, "--store", tmp_path / "st", "-q", "-j", "1").code == 0
    _paper(folder / "a-minutes.txt", MINUTES.replace("Westfield", "Northfield"))   # changed: read again
    ingest_module = importlib.import_module("kg.ingest")
    real = ingest_module._load_and_extract

    def meddle(task: Any, *a: Any, **k: Any) -> Any:
        if task[0].endswith("a-minutes.txt") and second.exists():
            second.unlink()
        return real(task, *a, **k)

    monkeypatch.setattr(ingest_module, "_load_and_extract", meddle)
    res = kg("ingest", folder, "--store", tmp_path / "st", "-q", "-j", "1")
    res.failed_in_one_line("b-agenda.txt", code=1)
    assert "1 updated" in res.out and "0 removed" in res.out
    assert _doc_ids(tmp_path / "st") == ["doc:a-minutes.txt", "doc:b-agenda.txt"]


# == 8. every loader given an empty, odd or giant file ======================================================
def _docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


ODD_FILES: dict[str, tuple[str, Callable[[Path], None], str | None]] = {
    # name: (file name, how to make it, None if it must be read, else a word of its one failure line)
    "html-comments-only": ("a.html", lambda p: p.write_text("<html><!-- " + MINUTES + " --></html>"), "no text"),
    "html-xml-declaration": ("a.htm", lambda p: p.write_text('<?xml version="1.0"?><minutes>' + MINUTES
                                                             + "</minutes>"), None),
    "html-xhtml": ("a.html", lambda p: p.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">'
        "<body><p>" + MINUTES + "</p></body></html>"), None),
    "html-script-only": ("a.html", lambda p: p.write_text("<html><script>var x = 1;</script>"
                                                          "<style>p{}</style></html>"), "no text"),
    "html-deep-nesting": ("a.html", lambda p: p.write_text("<div>" * 30_000 + MINUTES + "</div>" * 30_000), None),
    "html-charset-lie": ("a.html", lambda p: p.write_bytes(
        b'<meta charset="utf-16"><p>' + MINUTES.encode("utf-8") + b"</p>"), None),
    "md-whitespace": ("a.md", lambda p: p.write_text("\n\n   \n\t\n"), "no text"),
    "md-front-matter-only": ("a.md", lambda p: p.write_text("---\ntitle: x\n---\n"), None),
    "txt-utf16-bom": ("a.txt", lambda p: p.write_bytes(MINUTES.encode("utf-16")), None),
    "txt-cp1252": ("a.txt", lambda p: p.write_bytes(MINUTES.encode("cp1252")), None),
    "txt-form-feeds": ("a.txt", lambda p: p.write_text(MINUTES + "\f" + MINUTES.replace("Westfield", "Eastfield")
                                                       + "\f"), None),
    "txt-crlf-and-cr": ("a.txt", lambda p: p.write_bytes(MINUTES.replace("\n", "\r\n").encode() + b"x\ry\r"), None),
    "txt-one-byte": ("a.txt", lambda p: p.write_bytes(b"x"), None),
    "docx-table-only": ("a.docx", lambda p: _docx(p, [], [["Member", "Role"], ["Cllr. Jane Roe", "Chair"]]), None),
    "docx-no-document-part": ("a.docx", lambda p: _zip(p, {"[Content_Types].xml": "<Types/>"}), "DOCX"),
    "docx-a-text-file": ("a.docx", lambda p: p.write_text(MINUTES), "DOCX"),
    "pdf-no-pages": ("a.pdf", lambda p: p.write_bytes(_pdf_no_pages()), "PDF"),
    "pdf-a-text-file": ("a.pdf", lambda p: p.write_text(MINUTES), "PDF"),
    "pdf-truncated": ("a.pdf", lambda p: p.write_bytes(_pdf_text()[:600]), "PDF"),
}


def _zip(path: Path, parts: dict[str, str]) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)


def _pdf_no_pages() -> bytes:
    import io

    from pypdf import PdfWriter
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def _pdf_text() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    for i, line in enumerate(MINUTES.splitlines()):
        c.drawString(72, 720 - 14 * i, line)
    c.showPage()
    c.save()
    return out.getvalue()


@pytest.mark.parametrize("case", sorted(ODD_FILES))
def test_an_odd_file_of_every_format_is_read_or_one_line(kg: Callable[..., Run], tmp_path: Path, case: str) -> None:
    name, make, failure = ODD_FILES[case]
    folder = tmp_path / "papers"
    folder.mkdir()
    make(folder / name)
    _paper(folder / "zz-other.txt", MINUTES.replace("Westfield", "Otherfield"))
    with alarm(120):
        res = kg("ingest", folder, "--store", tmp_path / "st", "-q", "-j", "1")
    if failure is None:
        assert res.code == 0 and res.err == "" and "2 added" in res.out, res.err[-2000:]
    else:
        res.failed_in_one_line(name, failure, code=1)
        assert "1 added" in res.out
    out = kg("export", "-o", "-", "--store", tmp_path / "st").out
    out.encode("utf-8")
    assert "\x00" not in out and "\ufffd" not in out.replace("\\ufffd", "")


@pytest.mark.huge
def test_a_paper_of_twenty_megabytes_on_one_line_is_refused_or_read_in_time(kg: Callable[..., Run],
                                                                           tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "blob.txt").write_text("Minutes of the Westfield Board " + "word " * 4_000_000, encoding="utf-8")
    _paper(folder / "minutes.txt")
    start = time.monotonic()
    with alarm(900):
        res = kg("ingest", folder, "--store", tmp_path / "st", "-q", "-j", "1")
    assert "Traceback" not in res.err and "added" in res.out, res.err
    assert res.code == 0 or len(res.lines) == 1 and "blob.txt" in res.lines[0]
    assert time.monotonic() - start < 600


# == 9. decisions files no one would write by hand ==========================================================
@pytest.mark.parametrize(("text", "words"), [
    (b"", None),
    (b"# nothing decided yet\n", None),
    (b"\xef\xbb\xbfmerge: []\n", None),
    (b"- [Person, Ann Lee, Ann Leigh]\n", "decisions.yaml"),
    (b"merge:\n\t- [Person, Ann Lee, Ann Leigh]\n", "decisions.yaml"),
    (b"merge:\n  - [Person, 1, 2]\n", "decisions.yaml"),
    (b"merge: []\nmerge: [[Person, A, B]]\n", "decisions.yaml"),
    (b"!!python/object/apply:os.system ['touch /tmp/kg-probe3-pwned']\n", "decisions.yaml"),
    (b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
     b"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nmerge: [*g]\n", "decisions.yaml"),
    (b"merge:\n  - [Person, Ann Lee, Ann Lee]\n", None),
    (b"keep_apart:\n  - [Board, Westfield Board, Westfield Board, extra]\n", "decisions.yaml"),
], ids=["empty", "comment-only", "bom", "top-level-list", "tab-indent", "numbers", "duplicate-key", "python-tag",
        "alias-bomb", "same-name-twice", "four-items"])
def test_a_strange_decisions_file_is_taken_or_one_line(kg: Callable[..., Run], corpus_store_copy: Path,
                                                       text: bytes, words: str | None) -> None:
    before = _bytes(corpus_store_copy)
    (corpus_store_copy / "decisions.yaml").write_bytes(text)
    with alarm(120):
        res = kg("ingest", PAPER, "--store", corpus_store_copy, "-q", "-j", "1")
    assert not os.path.exists("/tmp/kg-probe3-pwned")
    if words is None:
        assert res.code == 0 and "Traceback" not in res.err, res.err
    else:
        res.failed_in_one_line(words, code=2)
        assert _bytes(corpus_store_copy) == before
    assert (corpus_store_copy / "decisions.yaml").read_bytes() == text


# == 10. outputs onto every kind of path ====================================================================
def _socket_at(path: Path) -> Any:
    import socket

    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(path))
    return s


@pytest.mark.parametrize("command", ["export", "viz", "explain"])
@pytest.mark.parametrize("kind", ["socket", "trailing-slash", "dev-stdout", "dot-dot-of-a-file", "name-too-long",
                                  "proc-fd-1"])
def test_an_output_onto_an_odd_path_is_written_or_one_line(kg: Callable[..., Run], corpus_store_dir: Path,
                                                           tmp_path: Path, command: str, kind: str) -> None:
    held = None
    if kind == "socket":
        target = str(tmp_path / "out.sock")
        held = _socket_at(Path(target))
    elif kind == "trailing-slash":
        target = str(tmp_path / "out.html") + "/"
    elif kind == "dev-stdout":
        target = "/dev/stdout"
    elif kind == "proc-fd-1":
        target = "/proc/self/fd/1"
    elif kind == "name-too-long":
        target = str(tmp_path / ("o" * 300 + ".html"))
    else:
        _paper(tmp_path / "notes.txt")
        target = str(tmp_path / "notes.txt" / ".." / "out.html")
    args = {"export": ["export", "-o", target, "--store", corpus_store_dir],
            "viz": ["viz", "governance", "-o", target, "--store", corpus_store_dir],
            "explain": ["explain", PAPER, "-o", target]}[command]
    if kind in ("dev-stdout", "proc-fd-1"):      # the process's own standard output: a real process
        done = _proc(*args)
        assert done.returncode == 0 and len(done.stdout) > 1000 and "Traceback" not in done.stderr, done.stderr
        return
    try:
        with alarm(120):
            res = kg(*args)
    finally:
        if held is not None:
            held.close()
    res.failed_in_one_line(code=2)
    assert _leftovers(tmp_path) == []
    if kind == "socket":
        assert Path(target).is_socket()


def test_an_atlas_over_a_folder_of_the_users_own_files_keeps_them(kg: Callable[..., Run], corpus_store_dir: Path,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "site"
    _paper(out / "notes.txt", "mine\n")
    _paper(out / "e" / "my-page.html", "<p>mine</p>\n")
    _paper(out / "index.html", "<p>my old index</p>\n")
    res = kg("atlas", out, "--store", corpus_store_dir)
    assert "Traceback" not in res.err
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (out / "e" / "my-page.html").read_text(encoding="utf-8") == "<p>mine</p>\n"
    if res.code == 0:
        assert "<p>my old index</p>" not in (out / "index.html").read_text(encoding="utf-8")
    else:
        res.failed_in_one_line("index.html", code=2)


@pytest.mark.ci
def test_an_atlas_twice_into_one_folder_gives_the_same_pages(kg: Callable[..., Run], corpus_store_dir: Path,
                                                            tmp_path: Path) -> None:
    assert kg("atlas", tmp_path / "a", "--store", corpus_store_dir).code == 0
    first = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    assert kg("atlas", tmp_path / "a", "--store", corpus_store_dir).code == 0
    second = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    assert first == second and _leftovers(tmp_path) == []


@pytest.mark.parametrize("command", ["export", "viz", "atlas", "explain", "review"])
def test_a_file_size_limit_is_one_line_and_keeps_the_old_output(corpus_store_dir: Path, tmp_path: Path,
                                                                command: str) -> None:
    """A full disk (RLIMIT_FSIZE: a write past the limit fails as ENOSPC would): one line, exit 1,
    the old file as it was, no partial or hidden file."""
    import resource

    st = tmp_path / "st"
    shutil.copytree(corpus_store_dir, st, ignore=shutil.ignore_patterns(".lock"))
    target = {"export": tmp_path / "out.jsonl", "viz": tmp_path / "page.html",
              "atlas": tmp_path / "atlas" / "index.html", "explain": tmp_path / "paper.html",
              "review": st / "decisions.yaml"}[command]
    _paper(target, "the old file\n" if command != "review" else "merge:\n" + "".join(
        f"  - [Person, Jo Hartley {i}, Jo Hartly {i}]\n" for i in range(200)))
    old = target.read_bytes()
    args = {"export": ["export", "-o", target, "--store", st],
            "viz": ["viz", "governance", "-o", target, "--store", st],
            "atlas": ["atlas", tmp_path / "atlas", "--store", st], "explain": ["explain", PAPER, "-o", target],
            "review": ["review", "--same", "Charnwood Joint Action Group", "Joint Action Group",
                       "--label", "Board", "--store", st]}[command]

    def cap() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    res = _proc(*args, preexec_fn=cap)
    _one_line(res.stderr, "cannot write")
    assert res.returncode == 1
    assert target.read_bytes() == old and _leftovers(tmp_path) == []


# == 11. remove: odd ids ===================================================================================
@pytest.mark.parametrize("given", ["", "/", ".", "doc:", "../000_0b54970cb6e1f35d.txt", "*"],
                         ids=["empty", "root", "dot", "prefix-only", "dot-dot", "star"])
def test_remove_of_an_odd_id_removes_nothing(kg: Callable[..., Run], corpus_store_copy: Path, given: str) -> None:
    before = _bytes(corpus_store_copy)
    kg("remove", given, "--store", corpus_store_copy).failed_in_one_line("no such document", code=1)
    assert _bytes(corpus_store_copy) == before


def test_remove_of_one_document_named_twice_removes_it_once(kg: Callable[..., Run], corpus_store_copy: Path) -> None:
    doc = "000_0b54970cb6e1f35d.txt"
    res = kg("remove", doc, doc, "doc:" + doc, "--store", corpus_store_copy)
    assert "Traceback" not in res.err and "1 removed" in res.out, res.out + res.err
    assert f"doc:{doc}" not in _doc_ids(corpus_store_copy) and len(_doc_ids(corpus_store_copy)) == 4


# == 12. explain: odd inputs ================================================================================
@pytest.mark.parametrize("kind", ["empty", "binary", "unsupported", "unreadable-zip", "directory-link"])
def test_explain_of_a_paper_kg_cannot_read_is_one_line(kg: Callable[..., Run], tmp_path: Path, kind: str) -> None:
    paper = {"empty": tmp_path / "a.txt", "binary": tmp_path / "a.md", "unsupported": tmp_path / "a.xlsx",
             "unreadable-zip": tmp_path / "a.docx", "directory-link": tmp_path / "a.html"}[kind]
    if kind == "empty":
        paper.write_bytes(b"")
    elif kind == "binary":
        paper.write_bytes(bytes(range(256)) * 50)
    elif kind == "unsupported":
        paper.write_bytes(b"PK\x03\x04")
    elif kind == "unreadable-zip":
        paper.write_bytes(b"PK\x03\x04" + bytes(100))
    else:
        paper.symlink_to(tmp_path)
    kg("explain", paper, "-o", tmp_path / "page.html").failed_in_one_line(paper.name, code=1)
    assert not (tmp_path / "page.html").exists()


# == 13. more of the process: a real run's stderr, a signal to the whole group, odd paths ==================
def test_an_xhtml_page_is_read_without_a_paragraph_of_warnings(tmp_path: Path) -> None:
    """Beautiful Soup warns, in three paragraphs naming no file, that an XHTML page "looks like XML"
    (the in-process probe never sees it: pytest takes warnings)."""
    page = tmp_path / "p" / "minutes.htm"
    page.parent.mkdir()
    page.write_text('<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>'
                    + MINUTES.replace("\n", "</p><p>") + "</p></body></html>", encoding="utf-8")
    res = _proc("ingest", page.parent, "--store", tmp_path / "st", "-q", "-j", "1")
    assert res.returncode == 0 and res.stderr == "", res.stderr[-1500:]
    assert "1 added" in res.stdout


@pytest.mark.parametrize("sig", [signal.SIGINT, pytest.param(signal.SIGTERM, marks=pytest.mark.ci)],
                         ids=["SIGINT", "SIGTERM"])
def test_a_signal_to_the_whole_group_with_workers_is_one_line(corpus_store_copy: Path, eight_papers: Path,
                                                              sig: int) -> None:
    """Ctrl-C at a terminal reaches every process of the group: kg and its `--jobs` workers. One
    line from kg, none from a worker, and the store whole."""
    before = _doc_ids(corpus_store_copy)
    for delay in (1.0, 2.5):
        p = subprocess.Popen([KG, "ingest", str(eight_papers), "--store", str(corpus_store_copy), "-q", "-j", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, sig)
        out, err = p.communicate(timeout=300)
        _said_interrupted(subprocess.CompletedProcess(p.args, p.returncode, out, err), sig)
        assert len(err.strip().splitlines()) <= 1, err
        after = _doc_ids(corpus_store_copy)
        assert after in (before, sorted([*before, *(f"doc:paper-{i}.txt" for i in range(8))])), after
        assert _leftovers(corpus_store_copy) == []
        if after != before:
            break


@pytest.mark.parametrize("delay", [0.05, 0.15, 0.3])
def test_ctrl_c_in_a_quick_query_is_one_line(corpus_store_dir: Path, delay: float) -> None:
    """`kg query` is answered before typer is loaded (kg/cli_quick.py): an interrupt there too."""
    res = _signal_at(signal.SIGINT, delay, "query", "board-members", "-p", "board=OPCC", "--store", corpus_store_dir)
    _said_interrupted(res, signal.SIGINT, early=True)


def test_the_console_script_is_kgs_own(tmp_path: Path) -> None:
    """scripts/install.sh writes kg/launcher.py's script over pip's: Python without site, signals
    held back until kg's guard (what keeps the first tenth of a second free of tracebacks)."""
    from kg.launcher import script_text

    assert Path(KG).read_text(encoding="utf-8") == script_text(sys.executable)
    res = _proc("stats", "--store", tmp_path)
    _one_line(res.stderr, "no kg store here")
    # the guard lets the held signals through, at once: a signal that came is taken, and the
    # children kg starts (workers, Java, tesseract) do not inherit a mask that holds them back
    from kg.cli_run import quiet_start

    held = {signal.SIGINT, signal.SIGTERM}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        restore = quiet_start()
        restore()
        assert not held & signal.pthread_sigmask(signal.SIG_BLOCK, set())
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


@pytest.mark.parametrize("case", ["paper-name-too-long", "output-through-a-link-loop", "query-control-characters",
                                  "decisions-the-store-file", "neo4j-dir-a-file", "explain-name-too-long"])
def test_odd_paths_and_values_name_the_right_thing(kg: Callable[..., Run], corpus_store_copy: Path, tmp_path: Path,
                                                   case: str) -> None:
    long_name = str(tmp_path / ("a" * 300 + ".txt"))
    if case == "paper-name-too-long":     # the rest of the run goes on, the summary is printed
        res = kg("ingest", long_name, PAPER, "--store", tmp_path / "st", "-q", "-j", "1")
        res.failed_in_one_line("File name too long", code=1)
        assert "1 added" in res.out
    elif case == "output-through-a-link-loop":
        (tmp_path / "a").symlink_to(tmp_path / "b")
        (tmp_path / "b").symlink_to(tmp_path / "a")
        kg("viz", "governance", "-o", tmp_path / "a" / "v.html", "--store", corpus_store_copy).failed_in_one_line(
            "v.html", "cannot write", code=2)
    elif case == "query-control-characters":
        line = kg("query", "board-members", "-p", "board=OP\x1b[2JCC\nx", "--store", corpus_store_copy
                  ).failed_in_one_line("OP\\x1b[2JCC\\x0ax", code=2)
        assert "\x1b" not in line
    elif case == "decisions-the-store-file":
        before = _bytes(corpus_store_copy)
        kg("ingest", PAPER, "--decisions", corpus_store_copy / "graph.sqlite", "--store", corpus_store_copy, "-q",
           "-j", "1").failed_in_one_line("graph.sqlite", code=2)
        assert _bytes(corpus_store_copy) == before
    elif case == "neo4j-dir-a-file":
        _paper(tmp_path / "notes.txt")
        kg("neo4j", "start", "--dir", tmp_path / "notes.txt").failed_in_one_line("notes.txt", "not a folder", code=2)
        assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == MINUTES
    else:
        kg("explain", long_name, "-o", tmp_path / "x.html").failed_in_one_line(
            "a" * 50, "File name too long", code=1)
        assert not (tmp_path / "x.html").exists()


# == 14. Neo4j: a push ended by SIGTERM half-way (a real server, a real process) ============================
@pytest.mark.neo4j
@pytest.mark.ci   # about 20 s (a push in batches of ten rows, then a whole push): CI only
def test_a_push_ended_by_sigterm_is_refused_by_readers_and_repaired_by_the_next(neo4j_store: Any,
                                                                                neo4j_settings: dict[str, Any],
                                                                                corpus_store_dir: Path,
                                                                                tmp_path: Path) -> None:
    """`kill` during `kg push` (small batches: many transactions): one line, exit 143; every reader
    then refuses the half-written graph with one line (or reads the old, empty one, if the signal
    came before the first write); the next push makes the whole graph."""
    env = {**os.environ, "NEO4J_URI": neo4j_settings["uri"], "NEO4J_USERNAME": neo4j_settings["username"],
           "NEO4J_PASSWORD": neo4j_settings["password"], "NEO4J_DATABASE": neo4j_settings["database"]}
    p = subprocess.Popen([KG, "push", "--store", str(corpus_store_dir)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env={**env, "KG_NEO4J_BATCH": "10"})
    deadline = time.monotonic() + 120
    while p.poll() is None and time.monotonic() < deadline:      # until the first rows are in
        if neo4j_store._read("MATCH (n) RETURN count(n) AS n")[0]["n"] > 50:   # (past kg's reader check)
            break
        time.sleep(0.05)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=300)
    res = subprocess.CompletedProcess(p.args, p.returncode, out, err)
    _said_interrupted(res, signal.SIGTERM)
    assert neo4j_settings["password"] not in out + err
    if p.returncode == 0:
        pytest.fail("the push finished before the signal: make the batches smaller")
    for args in (["stats"], ["export", "-o", str(tmp_path / "out.jsonl")],
                 ["query", "board-members", "-p", "board=OPCC"]):
        r = subprocess.run([KG, *args, "--backend", "neo4j"], capture_output=True, text=True, env=env, timeout=300)
        _one_line(r.stderr, "interrupted commit: run kg ingest or kg push again")
        assert r.returncode == 2
    assert not (tmp_path / "out.jsonl").exists()
    r = subprocess.run([KG, "push", "--store", str(corpus_store_dir)], capture_output=True, text=True, env=env,
                       timeout=600)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    src = NetworkxStore(corpus_store_dir).graph()
    back = neo4j_store.graph()
    assert back.nodes == src.nodes and back.rels == src.rels


# == 15. the store's file is not a file ==================================================================
@pytest.mark.parametrize("name", ["graph.sqlite", "graph.json"])
def test_a_store_file_that_is_a_fifo_is_one_line_not_a_hang(tmp_path: Path, name: str) -> None:
    """A FIFO named graph.sqlite: SQLite's open waited for a writer for ever, retrying through
    Ctrl-C and SIGTERM (only kill -9 ended it)."""
    st = tmp_path / "st"
    st.mkdir()
    os.mkfifo(st / name)
    for args in (["stats"], ["query", "board-members", "-p", "board=OPCC"], ["show", "OPCC"],
                 ["export", "-o", "-"], ["ingest", PAPER, "-q", "-j", "1"], ["remove", "x.txt"]):
        res = _proc(*args, "--store", st, timeout=60)
        _one_line(res.stderr, name, "not a file")
        assert res.returncode == 2
    assert stat_is_fifo(st / name)


def stat_is_fifo(path: Path) -> bool:
    import stat

    return stat.S_ISFIFO(os.lstat(path).st_mode)


# == 16. a disk that is really full (a small tmpfs; root only) ============================================
@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB tmpfs at ``tmp_path/disk``, unmounted after (the RLIMIT_FSIZE cases above stand in
    where nothing can be mounted)."""
    where = tmp_path / "disk"
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (the RLIMIT_FSIZE cases cover a full disk)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(where)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}): the RLIMIT_FSIZE cases cover a full disk")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` but for about ``leave`` bytes."""
    free = shutil.disk_usage(disk).free
    with open(disk / "filler", "wb") as fh:
        fh.write(b"\0" * max(0, free - leave))


def test_a_full_disk_stops_an_ingest_in_one_line_and_keeps_the_store(full_disk: Path, tmp_path: Path) -> None:
    st = full_disk / "st"
    assert _proc("ingest", _paper(tmp_path / "p" / "minutes.txt"), "--store", st, "-q", "-j", "1").returncode == 0
    before = _bytes(st)
    _fill(full_disk, 16 * 1024)
    res = _proc("ingest", PAPER, "--store", st, "-q", "-j", "1")
    line = _one_line(res.stderr, "graph.sqlite", "cannot write")
    assert res.returncode == 1 and ("full" in line or "No space" in line), line
    assert _bytes(st) == before and _leftovers(st) == [] and not (st / "graph.sqlite-journal").exists()
    (full_disk / "filler").unlink()
    res = _proc("stats", "--store", st)
    assert res.returncode == 0 and "documents: 1" in res.stdout, res.stderr


@pytest.mark.parametrize("command", ["export", "viz", "atlas", "review"])
def test_a_full_disk_under_an_output_is_one_line_and_keeps_the_old_one(full_disk: Path, corpus_store_dir: Path,
                                                                       command: str) -> None:
    st = full_disk / "st"
    shutil.copytree(corpus_store_dir, st, ignore=shutil.ignore_patterns(".lock"))
    target = {"export": full_disk / "out.jsonl", "viz": full_disk / "page.html",
              "atlas": full_disk / "atlas" / "index.html", "review": st / "decisions.yaml"}[command]
    _paper(target, "the old file\n" if command != "review" else "merge: []\n")
    old = target.read_bytes()
    args = {"export": ["export", "-o", target], "viz": ["viz", "governance", "-o", target],
            "atlas": ["atlas", full_disk / "atlas"],
            "review": ["review", "--same", "Charnwood Joint Action Group", "Joint Action Group", "--label", "Board"]
            }[command]
    _fill(full_disk, 8 * 1024 if command != "review" else 0)
    res = _proc(*args, "--store", st)
    _one_line(res.stderr, "cannot write", "No space left on device")
    assert res.returncode == 1
    assert target.read_bytes() == old and _leftovers(full_disk) == []


# == 17. a reader that kills its process (a crash on a hostile file, the out-of-memory killer) ===========
_PYTEST_PID = os.getpid()


def _dies_on_p3(task: Any, *args: Any, **kwargs: Any) -> Any:
    """kg.ingest._load_and_extract, but a worker process reading ``p3.txt`` dies as a segfault in
    PDFium or the kernel's out-of-memory killer would end it (module level: workers get it by name)."""
    import importlib

    if task[0].endswith("p3.txt") and os.getpid() != _PYTEST_PID:
        os.kill(os.getpid(), signal.SIGKILL)
    return importlib.import_module("kg.ingest").__dict__["_real_load_and_extract"](task, *args, **kwargs)


def test_a_worker_that_dies_costs_only_its_paper(kg: Callable[..., Run], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """`--jobs 2` and one worker killed: concurrent.futures' BrokenProcessPool traceback, nothing
    stored. Now the papers the pool had not finished are read again, each alone, and only the one
    that kills its reader is a failure."""
    import importlib

    ingest_module = importlib.import_module("kg.ingest")
    monkeypatch.setattr(ingest_module, "_real_load_and_extract", ingest_module._load_and_extract, raising=False)
    monkeypatch.setattr(ingest_module, "_load_and_extract", _dies_on_p3)
    folder = tmp_path / "p"
    for i, place in enumerate(["West", "East", "North", "South", "Up", "Down"]):
        _paper(folder / f"p{i}.txt", MINUTES.replace("Westfield", f"{place}ford"))
    with alarm(300):
        res = kg("ingest", folder, "--store", tmp_path / "st", "-q", "-j", "2")
    res.failed_in_one_line("p3.txt", "process", code=1)
    assert "5 added" in res.out and len(_doc_ids(tmp_path / "st")) == 5
