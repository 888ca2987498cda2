"""The hostile-input probe's Neo4j cases (issue 15), beside tests/test_hardening_probe.py: URIs and
passwords a user mistypes (no server needed), and on a REAL server the commands the other Neo4j
tests leave out: every reader of a half-written graph refused with one line, a push while another
writer holds the database, a push that repairs an interrupted commit, and the running server's
password nowhere in `ps` or a file others may read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from probe_helpers import Run, kg_runner

from kg.store import NetworkxStore
from kg.store.neo4j import Neo4jStore

SECRET = "Probe-Secret-4471"
REFUSAL = "interrupted commit: run kg ingest or kg push again"


@pytest.fixture
def kg(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """``kg(*args, env={})``: run the `kg` console entry point in this process."""
    return kg_runner(capsys, monkeypatch)


# -- no server: a URI or password that is wrong is one line, and the password never shows ----------------
@pytest.mark.parametrize("uri", [
    f"localhost:7687/{SECRET}",                 # no scheme, the password pasted after the port
    "bolt://127.0.0.1:1/?auth=" + SECRET,
    "bolt://127.0.0.1:7687\n" + SECRET,         # a second line pasted from a password manager
    f"bolt+s://neo4j:{SECRET}@127.0.0.1:1",
    "  bolt://127.0.0.1:1  ",
    "bolt://127.0.0.1:-1",
], ids=["password-after-port", "password-in-query", "password-on-a-second-line", "user-password-tls",
        "spaces", "negative-port"])
def test_a_uri_a_user_mistypes_is_one_line_without_the_password(kg: Callable[..., Run], tmp_path: Path,
                                                                  uri: str) -> None:
    for args in (["stats"], ["export", "-o", tmp_path / "out.jsonl"]):
        res = kg(*args, "--backend", "neo4j", env={"NEO4J_URI": uri, "NEO4J_PASSWORD": SECRET,
                                                   "KG_LOCK_TIMEOUT": "1"})
        line = res.failed_in_one_line("Neo4j", code=2)
        assert SECRET not in res.out + res.err, line
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("password", ["", "\x1b[2J", "pass\nword"], ids=["empty", "escape", "newline"])
def test_an_odd_password_is_one_line_and_never_printed(kg: Callable[..., Run], password: str) -> None:
    res = kg("stats", "--backend", "neo4j", env={"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": password})
    res.failed_in_one_line("Neo4j", code=2)
    assert "\x1b" not in res.err and (not password or password not in res.err)


# -- a real server ---------------------------------------------------------------------------------------
def _env(s: dict[str, Any]) -> dict[str, str]:
    return {"NEO4J_URI": s["uri"], "NEO4J_USERNAME": s["username"], "NEO4J_PASSWORD": s["password"],
            "NEO4J_DATABASE": s["database"]}


def _interrupt_a_commit(store: Neo4jStore, source: NetworkxStore) -> None:
    """Commit ``source`` and stop half-way (as a kill would), after 100 node rows."""
    def stop(stage: str, done: int) -> None:
        if stage == "nodes" and done >= 100:
            raise KeyboardInterrupt

    store.batch_size, store.on_batch = 50, stop
    with pytest.raises(KeyboardInterrupt):
        store.commit(source.extractions(), source.graph(), source.ledger())
    store.on_batch = None


@pytest.fixture
def half_written(neo4j_store: Neo4jStore, corpus_store_dir: Path) -> Iterator[Neo4jStore]:
    _interrupt_a_commit(neo4j_store, NetworkxStore(corpus_store_dir))
    yield neo4j_store


@pytest.mark.neo4j
@pytest.mark.parametrize("args", [
    ["viz", "governance", "-o", "{tmp}/v.html"], ["atlas", "{tmp}/atlas"], ["audit"], ["review"],
    ["query", "allocation-summary", "-p", "funder=anything"], ["export", "-o", "-"]],
    ids=["viz", "atlas", "audit", "review", "allocation-summary", "export-stdout"])
def test_every_reader_refuses_a_half_written_graph(kg: Callable[..., Run], half_written: Neo4jStore,
                                                   neo4j_settings: dict[str, Any], tmp_path: Path,
                                                   args: list[str]) -> None:
    res = kg(*[a.replace("{tmp}", str(tmp_path)) for a in args], "--backend", "neo4j", env=_env(neo4j_settings))
    res.failed_in_one_line(REFUSAL, code=2)
    assert res.out == "" and list(tmp_path.iterdir()) == []


@pytest.mark.neo4j
def test_push_repairs_an_interrupted_commit(kg: Callable[..., Run], half_written: Neo4jStore,
                                            neo4j_settings: dict[str, Any], corpus_store_dir: Path) -> None:
    res = kg("push", "--store", corpus_store_dir, env=_env(neo4j_settings))
    assert res.code == 0 and "Traceback" not in res.err, res.err
    assert not half_written.needs_rebuild()
    src = NetworkxStore(corpus_store_dir).graph()
    back = half_written.graph()
    assert back.nodes == src.nodes and back.rels == src.rels


@pytest.mark.neo4j
@pytest.mark.parametrize("command", ["push", "ingest"])
def test_a_writer_while_another_holds_the_database_waits_then_says_so(kg: Callable[..., Run],
                                                                      neo4j_store: Neo4jStore,
                                                                      neo4j_settings: dict[str, Any],
                                                                      corpus_store_dir: Path, tmp_path: Path,
                                                                      command: str) -> None:
    """Another kg process's writer lock (a lease on the database): the second writer waits
    KG_LOCK_TIMEOUT seconds, then exits 2 with one line; the database holds what it held."""
    (tmp_path / "p.txt").write_text("Minutes of the Westfield Board held on 3 March 2026.\n", encoding="utf-8")
    args = ["push", "--store", corpus_store_dir] if command == "push" else \
        ["ingest", tmp_path / "p.txt", "--backend", "neo4j", "-q", "-j", "1"]
    with neo4j_store.locked():
        res = kg(*args, env={**_env(neo4j_settings), "KG_LOCK_TIMEOUT": "1"})
    res.failed_in_one_line("locked by another kg process", code=2)
    assert neo4j_store.graph().nodes == {} and neo4j_store.document_hashes() == {}


@pytest.mark.neo4j
def test_a_bad_batch_size_on_push_is_one_line_before_anything_is_written(kg: Callable[..., Run],
                                                                         neo4j_store: Neo4jStore,
                                                                         neo4j_settings: dict[str, Any],
                                                                         corpus_store_dir: Path) -> None:
    for value in ("0", "many", "1e12", "-5"):
        res = kg("push", "--store", corpus_store_dir, env={**_env(neo4j_settings), "KG_NEO4J_BATCH": value})
        res.failed_in_one_line("KG_NEO4J_BATCH", code=2)
    assert neo4j_store.graph().nodes == {} and not neo4j_store.needs_rebuild()


@pytest.mark.neo4j
def test_the_running_servers_password_is_in_no_command_line_and_no_open_file(
        neo4j_settings: dict[str, Any]) -> None:
    password = neo4j_settings["password"].encode()
    seen = []
    for proc in Path("/proc").iterdir():
        try:
            if password in (proc / "cmdline").read_bytes():
                seen.append(proc.name)
        except OSError:
            continue
    assert seen == [], seen
    server = neo4j_settings.get("server")
    if server is not None:      # a server kg started: its files holding the password are the user's only
        for f in server.run_dir.iterdir():
            if f.is_file() and password in f.read_bytes():
                assert stat.S_IMODE(os.stat(f).st_mode) & 0o077 == 0, f
