"""A self-probe beyond the other hardening tests: command lines, store files tampered with,
permissions and a read-only store, odd folders (empty, only other files, FIFOs and devices named
like papers, symbolic link loops, 0-byte files, binary text, control characters in names),
malformed decisions files, KG_* values and interrupts.

Each case runs `kg` as the process runs it (``kg.cli.main``, in-process for speed; the permission
cases as another user in a real process) and asks the same of it: one line per problem, naming the
file and the reason, a non-zero exit code, no traceback, and nothing stored lost (the store file
is byte for byte what it was, or a paper that could be read was added).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kg.cli import main
from kg.store import NetworkxStore

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "examples" / "corpus" / "000_0b54970cb6e1f35d.txt"
KG = str(Path(sys.executable).parent / "kg")


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


@pytest.fixture
def kg(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """``kg(*args, env={})``: run the `kg` console entry point in this process."""
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


def _bytes(store: Path) -> bytes:
    return (store / "graph.sqlite").read_bytes()


def _tamper(store: Path, sql: str) -> bytes:
    con = sqlite3.connect(store / "graph.sqlite")
    con.execute(sql)
    con.commit()
    con.close()
    return _bytes(store)


FIRST = "WHERE rowid = (SELECT min(rowid) FROM {})"


# -- command lines: one line naming the command's help, exit 2 (click's framed block was 6+ lines) ----
@pytest.mark.parametrize(("args", "words"), [
    (["ingest", "x", "--jobs", "0"], ["--jobs", "kg ingest --help"]),
    (["viz", "governance", "--max-nodes", "many"], ["--max-nodes", "kg viz --help"]),
    (["frobnicate"], ["frobnicate", "kg --help"]),
    (["stats", "--bogus"], ["--bogus", "kg stats --help"]),
    (["query"], ["name", "kg query --help"]),
    (["neo4j", "reboot"], ["reboot", "kg neo4j --help"]),
], ids=["jobs-0", "max-nodes-word", "unknown-command", "unknown-option", "missing-argument", "unknown-subcommand"])
def test_usage_mistakes_are_one_line(kg: Callable[..., Run], args: list[str], words: list[str]) -> None:
    kg(*args).failed_in_one_line(*words, code=2)


def test_kg_alone_still_prints_its_help(kg: Callable[..., Run]) -> None:
    res = kg()
    assert res.code == 2 and "Traceback" not in res.err
    assert "Usage:" in res.out + res.err and "[OPTIONS] COMMAND [ARGS]" in res.out + res.err   # the help


# -- folders that are not stores -------------------------------------------------------------------
def test_a_folder_that_is_not_a_store_is_refused_not_read_as_empty(kg: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    for args in (["stats"], ["export", "-o", "-"], ["show", "anyone"], ["query", "board-members", "-p", "board=x"]):
        kg(*args, "--store", tmp_path).failed_in_one_line(str(tmp_path), "no kg store here", code=2)
    kg("stats", env={"KG_STORE": str(tmp_path)}).failed_in_one_line("no kg store here", code=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]     # nothing written there


def test_a_store_file_linked_to_nothing_is_a_lost_store_not_an_empty_one(kg: Callable[..., Run],
                                                                         tmp_path: Path) -> None:
    (tmp_path / "st").mkdir()
    (tmp_path / "st" / "graph.sqlite").symlink_to(tmp_path / "moved-away.sqlite")
    kg("stats", "--store", tmp_path / "st").failed_in_one_line("graph.sqlite", "a link to a missing file", code=2)
    kg("ingest", PAPER, "--store", tmp_path / "st", "-q", "-j", "1").failed_in_one_line(
        "graph.sqlite", "a link to a missing file", code=2)
    assert (tmp_path / "st" / "graph.sqlite").is_symlink()     # left for the user to put back


# -- store rows edited by hand or by another program --------------------------------------------------
DAMAGED_ROWS = {
    "node-not-json": ("UPDATE nodes SET props = '{bad' " + FIRST.format("nodes"), "damaged node"),
    "node-a-list": ("UPDATE nodes SET props = '[1, 2]' " + FIRST.format("nodes"), "damaged node"),
    "rel-not-json": ("UPDATE rels SET props = 'null' " + FIRST.format("rels"), "damaged relationship"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGED_ROWS))
def test_a_damaged_graph_row_is_one_line_for_every_reader(kg: Callable[..., Run], corpus_store_copy: Path,
                                                          tmp_path: Path, damage: str) -> None:
    sql, words = DAMAGED_ROWS[damage]
    before = _tamper(corpus_store_copy, sql)
    for args in (["stats"], ["show", "OPCC"], ["export", "-o", tmp_path / "out.jsonl"],
                 ["viz", "governance", "-o", tmp_path / "v.html"], ["query", "board-members", "-p", "board=OPCC"]):
        kg(*args, "--store", corpus_store_copy).failed_in_one_line("graph.sqlite", words, code=2)
    assert not (tmp_path / "out.jsonl").exists() and not (tmp_path / "v.html").exists()
    assert _bytes(corpus_store_copy) == before


def test_ingest_repairs_damaged_graph_rows_from_the_stored_extractions(kg: Callable[..., Run],
                                                                      corpus_store_copy: Path,
                                                                      corpus_graph: Any, tmp_path: Path) -> None:
    """The graph tables are derived: an ingest rebuilds them from the papers' extractions, so a
    damaged node row costs nothing once a paper is added."""
    _tamper(corpus_store_copy, DAMAGED_ROWS["node-not-json"][0])
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "minutes.txt").write_text(
        "Minutes of the Westfield Community Safety Partnership held on 3 March 2026.\n"
        "Present: Cllr. Jane Roe (Chair)\n", encoding="utf-8")
    res = kg("ingest", tmp_path / "new", "--store", corpus_store_copy, "-q", "-j", "1")
    assert res.code == 0 and "1 added" in res.out, res.err
    graph = NetworkxStore(corpus_store_copy).graph()
    assert set(corpus_graph.nodes) <= set(graph.nodes)           # every fact of the five papers is back


@pytest.mark.parametrize(("damage", "sql", "words"), [
    ("extraction-not-json", "UPDATE documents SET extraction = '{bad' " + FIRST.format("documents"),
     "damaged extraction"),
    ("extraction-wrong-shape", "UPDATE documents SET extraction = '{\"x\": 1}' " + FIRST.format("documents"),
     "damaged extraction"),
], ids=["not-json", "wrong-shape"])
def test_a_damaged_extraction_stops_an_ingest_before_it_writes(kg: Callable[..., Run], corpus_store_copy: Path,
                                                               tmp_path: Path, damage: str, sql: str,
                                                               words: str) -> None:
    before = _tamper(corpus_store_copy, sql)
    (tmp_path / "new.txt").write_text("Minutes of the Westfield Board held on 3 March 2026.\n", encoding="utf-8")
    kg("ingest", tmp_path / "new.txt", "--store", corpus_store_copy, "-q", "-j", "1").failed_in_one_line(
        "graph.sqlite", words, code=2)
    assert _bytes(corpus_store_copy) == before


def test_a_damaged_ledger_row_is_one_line_for_review(kg: Callable[..., Run], corpus_store_copy: Path) -> None:
    before = _tamper(corpus_store_copy, "UPDATE ledger SET entry = '{bad' " + FIRST.format("ledger"))
    kg("review", "--store", corpus_store_copy).failed_in_one_line("graph.sqlite", "damaged ledger entry", code=2)
    assert _bytes(corpus_store_copy) == before


@pytest.mark.parametrize(("damage", "words"), [("cut-in-half", "cannot read store"),
                                                ("a-folder", "cannot read store"),
                                                ("format-99", "not a kg store of format")])
def test_a_broken_store_file_is_one_line(kg: Callable[..., Run], corpus_store_copy: Path, damage: str,
                                         words: str) -> None:
    db = corpus_store_copy / "graph.sqlite"
    if damage == "cut-in-half":
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    elif damage == "a-folder":
        db.unlink()
        db.mkdir()
    else:
        _tamper(corpus_store_copy, "UPDATE meta SET value = '99' WHERE key = 'format'")
    for args in (["stats"], ["ingest", PAPER, "-q", "-j", "1"]):
        kg(*args, "--store", corpus_store_copy).failed_in_one_line("graph.sqlite", words, code=2)


# -- folders to ingest -------------------------------------------------------------------------------
def test_an_empty_folder_is_said_and_nothing_is_stored(kg: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "papers").mkdir()
    kg("ingest", tmp_path / "papers", "--store", tmp_path / "st", "-q", "-j", "1").failed_in_one_line(
        "papers", "no documents in this folder", code=1)
    assert not (tmp_path / "st" / "graph.sqlite").exists()


def test_a_folder_of_other_files_is_said(kg: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "budget.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "papers" / ".hidden.txt").write_text("Minutes\n", encoding="utf-8")
    kg("ingest", tmp_path / "papers", "--store", tmp_path / "st", "-q", "-j", "1").failed_in_one_line(
        "papers", "no documents in this folder", ".txt", code=1)


def test_an_empty_folder_beside_a_paper_leaves_the_paper_stored(kg: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    res = kg("ingest", tmp_path / "empty", PAPER, "--store", tmp_path / "st", "-q", "-j", "1")
    res.failed_in_one_line("empty", "no documents", code=1)
    assert "1 added" in res.out


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_fifo_or_device_named_like_a_paper_is_said_and_never_opened(kg: Callable[..., Run], tmp_path: Path,
                                                                     kind: str) -> None:
    """A FIFO would block the run for ever, /dev/zero never end; both were skipped in silence."""
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(PAPER, folder / "minutes.txt")
    if kind == "fifo":
        os.mkfifo(folder / "agenda.txt")
    else:
        (folder / "agenda.txt").symlink_to("/dev/zero")
    res = kg("ingest", folder, "--store", tmp_path / "st", "-q", "-j", "1")
    res.failed_in_one_line("agenda.txt", "not a regular file", code=1)
    assert "1 added" in res.out


def test_symbolic_link_loops_are_each_one_line_and_the_paper_is_read(kg: Callable[..., Run], tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(PAPER, folder / "minutes.txt")
    (folder / "again").symlink_to(folder)
    (folder / "x.txt").symlink_to(folder / "y.txt")
    (folder / "y.txt").symlink_to(folder / "x.txt")
    res = kg("ingest", folder, "--store", tmp_path / "st", "-q", "-j", "1")
    assert res.code == 1 and "Traceback" not in res.err and "1 added" in res.out
    assert len(res.lines) == 3
    assert "again" in res.lines[0] and "symbolic link loop" in res.lines[0]
    assert all(("x.txt" in ln or "y.txt" in ln) and "symbolic links" in ln for ln in res.lines[1:])


def test_a_folder_deeper_than_pythons_recursion_limit_is_walked(kg: Callable[..., Run], tmp_path: Path) -> None:
    """1,200 folders down (the walk recursed: a RecursionError traceback past ~990)."""
    deepest = str(tmp_path / "papers")
    os.mkdir(deepest)
    for _ in range(1200):      # one by one: Path.mkdir(parents=True) recurses too
        deepest += "/d"
        os.mkdir(deepest)
    shutil.copy(PAPER, Path(deepest) / "minutes.txt")
    try:
        res = kg("ingest", tmp_path / "papers", "--store", tmp_path / "st", "-q", "-j", "1")
    finally:   # bottom up, one by one: pytest's own clean-up (shutil.rmtree) recurses as deep
        os.remove(Path(deepest) / "minutes.txt")
        while deepest != str(tmp_path):
            os.rmdir(deepest)
            deepest = os.path.dirname(deepest)
    assert res.code == 0 and "1 added" in res.out and not res.err, res.err[-300:]


def test_a_folder_of_empty_files_names_each(kg: Callable[..., Run], tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    for name in ("a.txt", "b.pdf", "c.docx", "d.html"):
        (folder / name).write_bytes(b"")
    res = kg("ingest", folder, "--store", tmp_path / "st", "-q", "-j", "1")
    assert res.code == 1 and "Traceback" not in res.err
    assert sorted(ln.split(": ")[1].rsplit("/", 1)[1] for ln in res.lines) == ["a.txt", "b.pdf", "c.docx", "d.html"]
    assert not (tmp_path / "st" / "graph.sqlite").exists()


def test_binary_files_with_paper_names_are_one_line_each(kg: Callable[..., Run], tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "photo.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "archive.md").write_bytes(b"\x1f\x8b\x08\x00" + bytes(4000))
    res = kg("ingest", folder, "--store", tmp_path / "st", "-q", "-j", "1")
    assert res.code == 1 and "Traceback" not in res.err and len(res.lines) == 2
    assert {ln.split(": ")[1].rsplit("/", 1)[1] for ln in res.lines} == {"photo.txt", "archive.md"}


def test_control_characters_in_a_failing_file_name_are_escaped(kg: Callable[..., Run], tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "\x1b[2Jwipe\nscreen.txt").write_bytes(b"")
    line = kg("ingest", folder, "--store", tmp_path / "st", "-q", "-j", "1").failed_in_one_line("empty", code=1)
    assert "\\x1b[2Jwipe\\x0ascreen.txt" in line and "\x1b" not in line


def test_unicode_file_names_are_read_and_named(kg: Callable[..., Run], tmp_path: Path) -> None:
    folder = tmp_path / "réunions ✓"
    folder.mkdir()
    shutil.copy(PAPER, folder / "procès-verbal 会议.txt")
    (folder / "ordre du jour ✓.txt").write_bytes(b"")
    res = kg("ingest", folder, "--store", tmp_path / "st", "-q", "-j", "1")
    res.failed_in_one_line("ordre du jour ✓.txt", "empty", code=1)
    assert "1 added" in res.out
    docs = [n.name for n in NetworkxStore(tmp_path / "st").graph().nodes.values() if n.label == "Document"]
    assert docs == ["procès-verbal 会议.txt"]


# -- decisions files ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "words"), [
    (b"merge: 5\n", "'merge' must be a list"),
    (b"keep_apart: {a: 1}\n", "'keep_apart' must be a list"),
    (b"same:\n  - [Person, A, B]\n", "unknown key 'same'"),
    (b"merge: [caf\xe9]\n", "not UTF-8 text"),
    (b"merge: [[Person, a\n", "not valid YAML"),
    (b"merge:\n  - [Persons, Ann Lee, Ann Leigh]\n", "unknown label 'Persons'"),
    (b"keep_apart:\n  - [Person, '', Ann Leigh]\n", "each 'keep_apart' entry must be"),
], ids=["merge-a-number", "keep-apart-a-mapping", "misspelt-key", "latin-1", "unclosed", "unknown-label",
        "empty-name"])
def test_a_malformed_decisions_file_is_one_line_and_the_store_is_untouched(kg: Callable[..., Run],
                                                                           corpus_store_copy: Path,
                                                                           text: bytes, words: str) -> None:
    before = _bytes(corpus_store_copy)
    (corpus_store_copy / "decisions.yaml").write_bytes(text)     # the store's own decisions file
    kg("ingest", PAPER, "--store", corpus_store_copy, "-q", "-j", "1").failed_in_one_line(
        "decisions.yaml", words, code=2)
    assert _bytes(corpus_store_copy) == before
    assert (corpus_store_copy / "decisions.yaml").read_bytes() == text


# -- KG_* values ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["nan", "inf", "-1", "1e400", "5 minutes"])
def test_a_bad_lock_timeout_is_one_line(kg: Callable[..., Run], corpus_store_dir: Path, value: str) -> None:
    kg("stats", "--store", corpus_store_dir, env={"KG_LOCK_TIMEOUT": value}).failed_in_one_line(
        "KG_LOCK_TIMEOUT", code=2)


# -- interrupts -----------------------------------------------------------------------------------------
def test_ctrl_c_while_kg_starts_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """Between kg.cli's first line and its last import Ctrl-C exits 130 quietly (Python would
    print the import's traceback); after them the handler there was is back."""
    from kg.cli_run import quiet_start

    before = signal.getsignal(signal.SIGINT)
    restore = quiet_start()
    try:
        with pytest.raises(SystemExit) as exited:
            os.kill(os.getpid(), signal.SIGINT)
            signal.sigtimedwait([], 0.01) if hasattr(signal, "sigtimedwait") else None
    finally:
        restore()
    assert exited.value.code == 130 and capsys.readouterr().err == "kg: interrupted\n"
    assert signal.getsignal(signal.SIGINT) is before


@pytest.mark.parametrize("command", ["query", "ingest"])
def test_ctrl_c_in_a_command_is_one_line_and_the_store_is_untouched(kg: Callable[..., Run],
                                                                    corpus_store_copy: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    tmp_path: Path, command: str) -> None:
    """Typer turned an interrupt into a silent exit 130: the user saw nothing."""
    import importlib

    ingest_module = importlib.import_module("kg.ingest")
    memory_module = importlib.import_module("kg.store.memory")

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    before = _bytes(corpus_store_copy)
    if command == "query":
        monkeypatch.setattr(memory_module.NetworkxStore, "query", interrupted)
        res = kg("query", "board-members", "-p", "board=OPCC", "--store", corpus_store_copy)
    else:
        monkeypatch.setattr(ingest_module, "_load_and_extract", interrupted)   # in the middle of reading
        (tmp_path / "new.txt").write_text("Minutes of the Westfield Board held on 3 March 2026.\n", encoding="utf-8")
        res = kg("ingest", tmp_path / "new.txt", "--store", corpus_store_copy, "-q", "-j", "1")
    res.failed_in_one_line("interrupted", code=130)
    assert _bytes(corpus_store_copy) == before


# -- permissions (another user: root reads everything) ---------------------------------------------------
def _as_nobody(*args: object) -> subprocess.CompletedProcess[str]:
    """`kg` as an unprivileged user (``setpriv`` when the tests run as root)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("running as root without setpriv: the permission cases cannot drop privileges")
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    return subprocess.run([*prefix, KG, *map(str, args)], capture_output=True, text=True, timeout=300, cwd="/")


@pytest.fixture
def shared_dir(corpus_store_dir: Path) -> Any:
    """A folder another user can reach (pytest's own are private to root), removed after."""
    import tempfile

    where = Path(tempfile.mkdtemp(prefix="kg-probe-"))
    shutil.copytree(corpus_store_dir, where / "st")
    shutil.copy(PAPER, where / "paper.txt")
    for p in [where, *where.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    try:
        yield where
    finally:
        shutil.rmtree(where)


def _one_line(res: subprocess.CompletedProcess[str], *words: str) -> None:
    lines = res.stderr.strip().splitlines()
    assert res.returncode != 0 and "Traceback" not in res.stderr and len(lines) == 1, res.stderr
    assert all(w in lines[0] for w in words), lines


def test_a_store_the_user_may_not_write_is_read_but_not_ingested_into(shared_dir: Path) -> None:
    before = _bytes(shared_dir / "st")
    res = _as_nobody("stats", "--store", shared_dir / "st")
    assert res.returncode == 0 and "documents: 5" in res.stdout, res.stderr
    _one_line(_as_nobody("ingest", shared_dir / "paper.txt", "--store", shared_dir / "st", "-q", "-j", "1"),
              str(shared_dir / "st"), "Permission denied")
    _one_line(_as_nobody("export", "-o", shared_dir / "out.jsonl", "--store", shared_dir / "st"),
              "out.jsonl", "Permission denied")
    assert _bytes(shared_dir / "st") == before


def test_an_unreadable_paper_in_a_folder_is_one_line_and_the_rest_is_read(shared_dir: Path) -> None:
    folder = shared_dir / "papers"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    shutil.copy(PAPER, folder / "readable.txt")
    (folder / "readable.txt").chmod(0o644)
    (folder / "secret.txt").write_text("Minutes of the Board\n", encoding="utf-8")
    (folder / "secret.txt").chmod(0o000)
    res = _as_nobody("ingest", folder, "--store", folder / "st", "-q", "-j", "1")
    _one_line(res, "secret.txt", "ermission denied")
    assert "1 added" in res.stdout
