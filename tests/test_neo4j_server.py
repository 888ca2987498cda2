"""kg.neo4j_server and `kg neo4j start|stop|status`: a real Neo4j server started from Maven jars."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import neo4j_server
from kg.cli import app
from kg.store.neo4j import open_neo4j

runner = CliRunner()


def _java_or_skip() -> None:
    try:
        neo4j_server.java_binary()
    except neo4j_server.ServerError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and Java is missing: {exc}", pytrace=False)
        pytest.skip(str(exc))


def _exports(stdout: str) -> dict[str, str]:
    out = {}
    for line in stdout.splitlines():
        if line.startswith("export "):
            k, _, v = line[len("export "):].partition("=")
            out[k] = v
    return out


# -- no server needed -----------------------------------------------------------------------------------
def test_missing_java_is_one_clear_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(neo4j_server.ServerError, match="Java not found"):
        neo4j_server.java_binary()
    res = runner.invoke(app, ["neo4j", "start", "--dir", str(tmp_path / "run")])
    assert res.exit_code == 2 and "Java not found" in res.output and "Traceback" not in res.output


def test_short_password_is_refused(tmp_path: Path) -> None:
    with pytest.raises(neo4j_server.ServerError, match="at least 8"):
        neo4j_server.start(tmp_path, password="short")


def test_status_of_an_empty_run_dir(tmp_path: Path) -> None:
    assert neo4j_server.status(tmp_path)["running"] is False
    res = runner.invoke(app, ["neo4j", "status", "--dir", str(tmp_path)])
    assert res.exit_code == 1 and "not running" in res.output
    res = runner.invoke(app, ["neo4j", "stop", "--dir", str(tmp_path)])
    assert res.exit_code == 0 and "no Neo4j server running" in res.output


def test_free_port_is_free() -> None:
    port = neo4j_server.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def test_cache_dir_is_outside_the_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_NEO4J_CACHE", raising=False)
    repo = Path(__file__).resolve().parents[1]
    assert repo not in neo4j_server.cache_dir().resolve().parents
    assert neo4j_server.cache_dir().name.startswith("neo4j-5.26")


# -- a real server -----------------------------------------------------------------------------------------
@pytest.mark.ci
@pytest.mark.neo4j
@pytest.mark.slow
def test_cli_start_status_stop_restart(tmp_path: Path) -> None:
    _java_or_skip()
    run = tmp_path / "run"
    res = runner.invoke(app, ["neo4j", "start", "--dir", str(run), "--heap", "512m"])
    try:
        assert res.exit_code == 0, res.output
        env = _exports(res.stdout)
        assert env["NEO4J_URI"].startswith("bolt://127.0.0.1:") and env["NEO4J_USERNAME"] == "neo4j"
        assert len(env["NEO4J_PASSWORD"]) >= 16  # generated, printed once for the dev server
        assert (run / "neo4j.env").stat().st_mode & 0o077 == 0
        assert (run / "kg-server.json").stat().st_mode & 0o077 == 0
        st = open_neo4j(uri=env["NEO4J_URI"], password=env["NEO4J_PASSWORD"])
        assert st.run("RETURN 1 AS one") == [{"one": 1}]
        st.close()
        res = runner.invoke(app, ["neo4j", "status", "--dir", str(run), "--json"])
        status = json.loads(res.stdout)
        assert res.exit_code == 0 and status["running"] and status["uri"] == env["NEO4J_URI"]
        assert env["NEO4J_PASSWORD"] not in res.output
        # a second start finds the running server instead of starting another
        again = runner.invoke(app, ["neo4j", "start", "--dir", str(run)])
        assert again.exit_code == 0 and "already running" in again.output
        assert _exports(again.stdout)["NEO4J_URI"] == env["NEO4J_URI"]
    finally:
        res = runner.invoke(app, ["neo4j", "stop", "--dir", str(run)])
    assert res.exit_code == 0 and "stopped" in res.output
    assert not neo4j_server.status(run)["running"]
    # the run directory keeps its data and password across restarts
    srv = neo4j_server.start(run, heap="512m")
    try:
        assert srv.password == env["NEO4J_PASSWORD"]
        st = open_neo4j(uri=srv.uri, password=srv.password)
        st.close()
        with pytest.raises(neo4j_server.ServerError, match="another password"):
            neo4j_server.start(run, password="a-different-password")
    finally:
        srv.stop()
    assert not srv.running()


@pytest.mark.ci
@pytest.mark.neo4j
@pytest.mark.slow
def test_a_password_that_starts_with_a_dash_is_set(tmp_path: Path) -> None:
    """A random token starts with "-" once in 64; the admin tool must not read it as an option."""
    _java_or_skip()
    srv = neo4j_server.start(tmp_path / "run", password="-starts-with-a-dash", heap="512m")
    try:
        st = open_neo4j(uri=srv.uri, password="-starts-with-a-dash")
        assert st.run("RETURN 1 AS one") == [{"one": 1}]
        st.close()
    finally:
        srv.stop()


def test_a_busy_port_is_refused_before_starting(tmp_path: Path) -> None:
    _java_or_skip()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(neo4j_server.ServerError, match="in use"):
            neo4j_server.start(tmp_path / "run", port=busy.getsockname()[1])


def test_a_bad_setting_is_named_before_the_server_starts(tmp_path: Path) -> None:
    _java_or_skip()
    with pytest.raises(neo4j_server.ServerError) as exc:
        neo4j_server.start(tmp_path / "run", conf={"server.bolt.thread_pool_max_size": "many"})
    assert "could not set the initial password" in str(exc.value)
    assert "thread_pool_max_size" in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.neo4j
def test_a_server_that_dies_fails_early_with_its_log(tmp_path: Path) -> None:
    _java_or_skip()
    run = tmp_path / "run"
    # a run directory that is already initialised, so the server JVM itself meets the bad setting
    (run / "data" / "dbms").mkdir(parents=True)
    (run / "kg-server.json").write_text(json.dumps({"password": "initialised-1", "port": 1, "pid": None}))
    with pytest.raises(neo4j_server.ServerError) as exc:
        neo4j_server.start(run, heap="256m", timeout=120, conf={"server.bolt.thread_pool_max_size": "many"})
    msg = str(exc.value)
    assert msg.startswith("Neo4j exited during start-up; last lines of its log:")
    assert "thread_pool_max_size" in msg  # the log tail says why
    assert not neo4j_server.status(run)["running"]
