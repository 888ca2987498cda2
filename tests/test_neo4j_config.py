"""Secrets and configuration of the Neo4j store and dev server (issue 15): the password never in a
message, in `ps` or in an unquoted shell line; every setting (lock timeout, batch size, port, heap,
URI, a database holding nodes kg did not write) refused with one line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg import neo4j_server
from kg.cli import app
from kg.export import export_lines
from kg.store import NetworkxStore, StoreError
from kg.store.neo4j import Neo4jStore, open_neo4j

runner = CliRunner()
SECRET = "Hunter2-secret-pw"
# a password a user may choose: a command substitution, quotes, a backslash, a leading dash
HOSTILE = "-x$(touch PWNED)`touch PWNED2`'q\"\\ ;z"


def one_line_error(res: Any, secret: str = SECRET) -> str:
    assert res.exit_code == 2, (res.exit_code, res.output, res.exception)
    assert res.output.count("\n") == 1 and res.output.startswith("kg: "), res.output
    assert secret not in res.output and "Traceback" not in res.output
    return str(res.output)


# -- no server needed ----------------------------------------------------------------------------------
@pytest.mark.parametrize("uri", [f"neo4j:{SECRET}@127.0.0.1:7687", f"{SECRET}@127.0.0.1:7687",
                                 f"127.0.0.1:7687?password={SECRET}", f"neo4j:{SECRET}@[::1"])
def test_a_uri_without_a_scheme_never_shows_the_password(uri: str) -> None:
    with pytest.raises(StoreError) as exc:
        open_neo4j(uri=uri, password=SECRET)
    assert SECRET not in str(exc.value) and "scheme must be one of" in str(exc.value)
    res = runner.invoke(app, ["stats", "--backend", "neo4j"], env={"NEO4J_URI": uri, "NEO4J_PASSWORD": SECRET})
    assert "scheme must be one of" in one_line_error(res)


@pytest.mark.parametrize("uri", ["bolt://127.0.0.1:99999", "bolt://[::1", "bolt://", "neo4j://127.0.0.1:x"])
def test_a_malformed_uri_is_one_line(uri: str) -> None:
    res = runner.invoke(app, ["stats", "--backend", "neo4j"], env={"NEO4J_URI": uri, "NEO4J_PASSWORD": SECRET})
    one_line_error(res)


@pytest.mark.parametrize("name,value,expect", [
    ("KG_NEO4J_BATCH", "lots", "KG_NEO4J_BATCH='lots': must be a whole number of rows"),
    ("KG_NEO4J_BATCH", "0", "from 1 to"),
    ("KG_NEO4J_BATCH", "1e9", "KG_NEO4J_BATCH"),
])
def test_a_bad_batch_size_is_one_line(name: str, value: str, expect: str) -> None:
    from kg.neo4j_server import free_port

    res = runner.invoke(app, ["stats", "--backend", "neo4j"],
                        env={"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": SECRET, name: value})
    assert expect in one_line_error(res)


@pytest.mark.parametrize("args,expect", [
    (["--port", "80"], "port 80: expected a port from 1024 to 65535"),
    (["--port", "70000"], "port 70000"),
    (["--heap", "lots"], "--heap 'lots': expected a size such as 512m or 2g"),
    (["--heap", "1g; rm -rf /"], "--heap"),
])
def test_bad_server_settings_are_one_line(args: list[str], expect: str, tmp_path: Path) -> None:
    res = runner.invoke(app, ["neo4j", "start", "--dir", str(tmp_path / "run"), *args])
    assert expect in one_line_error(res)
    assert not (tmp_path / "run").exists()   # refused before anything was made


def test_a_bad_heap_variable_is_one_line(tmp_path: Path) -> None:
    res = runner.invoke(app, ["neo4j", "start", "--dir", str(tmp_path / "run")], env={"KG_NEO4J_HEAP": "big"})
    assert "KG_NEO4J_HEAP 'big'" in one_line_error(res)
    assert not (tmp_path / "run").exists()   # refused before a server was made (none is left running)


def test_env_lines_are_shell_quoted(tmp_path: Path) -> None:
    env_file = tmp_path / "neo4j.env"
    env_file.write_text(neo4j_server.env_lines({"NEO4J_PASSWORD": HOSTILE, "NEO4J_URI": "bolt://127.0.0.1:1"}))
    out = subprocess.run(["bash", "-c", f'source {env_file} && printf %s "$NEO4J_PASSWORD"'], cwd=tmp_path,
                         capture_output=True, text=True, check=True).stdout
    assert out == HOSTILE
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "PWNED2").exists()


# -- a real server ----------------------------------------------------------------------------------------
def env(s: dict[str, Any]) -> dict[str, str]:
    return {"NEO4J_URI": s["uri"], "NEO4J_USERNAME": s["username"], "NEO4J_PASSWORD": s["password"],
            "NEO4J_DATABASE": s["database"]}


@pytest.mark.neo4j
@pytest.mark.parametrize("value", ["soon", "-5", "nan"])
def test_a_bad_lock_timeout_is_one_line(value: str, neo4j_store: Neo4jStore, neo4j_settings: dict[str, Any],
                                        corpus_store_dir: Path) -> None:
    res = runner.invoke(app, ["push", "--store", str(corpus_store_dir)],
                        env={**env(neo4j_settings), "KG_LOCK_TIMEOUT": value})
    msg = one_line_error(res, neo4j_settings["password"])
    assert f"KG_LOCK_TIMEOUT='{value}': must be a number of seconds" in msg
    assert neo4j_store.document_hashes() == {}


@pytest.mark.neo4j
def test_a_database_kg_did_not_write_is_not_taken_over(neo4j_store: Neo4jStore, neo4j_settings: dict[str, Any],
                                                       corpus_store_dir: Path) -> None:
    neo4j_store.run("CREATE (:Customer {id: 1, name: 'kept'})-[:BOUGHT]->(:Product {sku: 'x'})", write=True)
    res = runner.invoke(app, ["push", "--store", str(corpus_store_dir)], env=env(neo4j_settings))
    assert "holds 2 nodes that kg did not write" in one_line_error(res, neo4j_settings["password"])
    assert neo4j_store.run("MATCH (n) WHERE NOT n:_KgMeta RETURN count(n) AS n", write=True) == [{"n": 2}]


@pytest.mark.neo4j
def test_readers_leave_out_nodes_kg_did_not_write(neo4j_store: Neo4jStore, neo4j_settings: dict[str, Any],
                                                  corpus_store_dir: Path, tmp_path: Path) -> None:
    """Nodes and relationships added by hand to kg's database (numeric ids, no label, ends without
    ids) are not kg's graph: export and stats leave them out instead of failing; the next commit
    removes them."""
    source = NetworkxStore(corpus_store_dir)
    res = runner.invoke(app, ["push", "--store", str(corpus_store_dir)], env=env(neo4j_settings))
    assert res.exit_code == 0, res.output
    neo4j_store.run("CREATE (:Board {id: 7, name: 'numeric id'}), ({id: 'no-label'}), "
                    "(:Foo {name: 'x'})-[:R {id: 'r1'}]->(:Bar), (q:Qux {id: 'q'})-[:R2 {id: 3}]->(q)", write=True)
    res = runner.invoke(app, ["export", "--backend", "neo4j", "-o", str(tmp_path / "x.jsonl")], env=env(neo4j_settings))
    assert res.exit_code == 0, (res.output, res.exception)
    assert (tmp_path / "x.jsonl").read_text().splitlines() == export_lines(source.graph())
    res = runner.invoke(app, ["stats", "--backend", "neo4j"], env=env(neo4j_settings))
    assert res.exit_code == 0 and f"nodes: {len(source.graph().nodes)}\n" in res.output
    neo4j_store.commit(source.extractions(), source.graph(), source.ledger())
    assert neo4j_store.run("MATCH (n) WHERE NOT n:_KgMeta AND NOT n:_KgExtraction RETURN count(n) AS n") == \
        [{"n": len(source.graph().nodes)}]


@pytest.mark.ci
@pytest.mark.neo4j
@pytest.mark.slow
def test_first_start_with_a_hostile_password(tmp_path: Path) -> None:
    """The password never shows in any process's command line while the server is first set up;
    neo4j.env and the export lines of `kg neo4j start` give it back exactly and run nothing.
    (A second server's first start, ~35 s: in CI, with the other server starts; the quoting
    itself is tested above without a server.)"""
    try:
        neo4j_server.java_binary()
    except neo4j_server.ServerError as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc), pytrace=False)
        pytest.skip(str(exc))
    seen: list[str] = []
    stop = threading.Event()

    def watch_ps() -> None:
        while not stop.is_set():
            for proc in Path("/proc").iterdir():
                try:
                    cmd = (proc / "cmdline").read_bytes().decode(errors="replace")
                except OSError:
                    continue
                if "touch PWNED" in cmd or "set-initial-password" in cmd:
                    seen.append(cmd.replace("\0", " "))
            stop.wait(0.02)

    watcher = threading.Thread(target=watch_ps, daemon=True)
    watcher.start()
    run = tmp_path / "run"
    try:
        res = runner.invoke(app, ["neo4j", "start", "--dir", str(run), "--password", HOSTILE, "--heap", "512m"])
    finally:
        stop.set()
        watcher.join(5)
    try:
        assert res.exit_code == 0, res.output
        assert HOSTILE not in res.output                                  # a chosen password is not echoed
        assert not [c for c in seen if "touch PWNED" in c], seen          # never in `ps`
        out = subprocess.run(["bash", "-c", f'source {run / "neo4j.env"} && printf %s "$NEO4J_PASSWORD"'],
                             cwd=tmp_path, capture_output=True, text=True, check=True).stdout
        assert out == HOSTILE and not list(tmp_path.glob("PWNED*"))
        st = open_neo4j(uri=neo4j_server.status(run)["uri"], password=out)
        assert st.run("RETURN 1 AS one") == [{"one": 1}]
        st.close()
        res = runner.invoke(app, ["neo4j", "start", "--dir", str(run)])   # found running: export lines again
        out = subprocess.run(["bash", "-c", res.stdout + '\nprintf %s "$NEO4J_PASSWORD"'], cwd=tmp_path,
                             capture_output=True, text=True, check=True).stdout
        assert out == HOSTILE and not list(tmp_path.glob("PWNED*"))
        assert not list(run.glob(".set-password*"))
    finally:
        neo4j_server.stop(run)
