"""The Neo4j password never shows: not on stdout, not on stderr, not in an error message.

Every data command (`ingest`, `export`, `stats`, `query`) is run as a real process with
``--backend neo4j`` and a distinctive password, given on the command line or only through
NEO4J_PASSWORD, against: a closed port, a wrong URI scheme, a URI with the password inside it,
and (``@pytest.mark.neo4j``, a real server) a wrong password and an unknown database. Each
must exit 2 with one line on stderr naming the problem and no traceback.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

KG = str(Path(sys.executable).parent / "kg")
PASSWORD = "Zq7-hunter2-S3cr3t!pw"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("sec") / "minutes.txt"
    p.write_text("MINUTES OF THE SAFER STREETS BOARD\nPresent: Cllr Jane Smith (Chair)\n", encoding="utf-8")
    return p


def wait_until_login_works(settings: dict[str, Any], limit: float = 60) -> None:
    from kg.store import StoreError
    from kg.store.neo4j import open_neo4j

    deadline = time.monotonic() + limit
    while True:
        try:
            open_neo4j(uri=settings["uri"], username=settings["username"], password=settings["password"],
                       database=settings["database"]).close()
            return
        except StoreError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def commands(doc: Path, out: Path) -> list[list[str]]:
    return [["ingest", str(doc), "-q"], ["export", "-o", str(out)], ["stats"],
            ["query", "board-members", "--param", "board=Safer Streets Board"]]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    return subprocess.run([KG, *args, "--backend", "neo4j"], capture_output=True, text=True, timeout=120,
                          env={**clean, **env})


def ways_to_pass(uri: str, password: str = PASSWORD, database: str | None = None
                 ) -> Iterator[tuple[str, list[str], dict[str, str]]]:
    """The same settings as options, and as environment variables only."""
    db_opt = ["--neo4j-database", database] if database else []
    db_env = {"NEO4J_DATABASE": database} if database else {}
    yield "options", ["--neo4j-uri", uri, "--neo4j-password", password, *db_opt], {}
    yield "env", [], {"NEO4J_URI": uri, "NEO4J_PASSWORD": password, **db_env}


def check_all(doc: Path, tmp_path: Path, uri: str, expect: str, password: str = PASSWORD,
              database: str | None = None) -> None:
    for how, opts, env in ways_to_pass(uri, password, database):
        for cmd in commands(doc, tmp_path / "out.jsonl"):
            res = run([*cmd, *opts], env)
            where = f"{' '.join(cmd[:1])} via {how}: {res.stderr!r}"
            assert res.returncode == 2, where
            lines = res.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("kg: "), where
            assert expect in lines[0], where
            assert "Traceback" not in res.stderr, where
            assert password not in res.stdout + res.stderr, where
            assert not (tmp_path / "out.jsonl").exists()


def test_closed_port(doc: Path, tmp_path: Path) -> None:
    check_all(doc, tmp_path, f"bolt://127.0.0.1:{free_port()}", "cannot connect")


def test_closed_port_routing_scheme(doc: Path, tmp_path: Path) -> None:
    check_all(doc, tmp_path, f"neo4j://127.0.0.1:{free_port()}", "cannot connect")


def test_wrong_scheme(doc: Path, tmp_path: Path) -> None:
    check_all(doc, tmp_path, f"http://127.0.0.1:{free_port()}", "scheme must be one of")


def test_password_inside_the_uri_is_not_echoed(doc: Path, tmp_path: Path) -> None:
    check_all(doc, tmp_path, f"bolt://neo4j:{PASSWORD}@127.0.0.1:{free_port()}", "not supported")


def test_password_inside_a_uri_with_a_wrong_scheme_is_not_echoed(doc: Path, tmp_path: Path) -> None:
    check_all(doc, tmp_path, f"https://neo4j:{PASSWORD}@127.0.0.1:{free_port()}/db?password={PASSWORD}",
              "scheme must be one of")


@pytest.mark.neo4j
def test_unknown_database_on_a_real_server(doc: Path, tmp_path: Path, neo4j_settings: dict[str, Any]) -> None:
    real = neo4j_settings["password"]
    check_all(doc, tmp_path, neo4j_settings["uri"], "does not exist", password=real, database="nosuchdb7")


@pytest.mark.neo4j
def test_wrong_password_on_a_real_server(doc: Path, tmp_path: Path, neo4j_settings: dict[str, Any]) -> None:
    """Neo4j locks a user out for a few seconds after 3 wrong passwords in a row; kg reports that
    too, in one line. Runs after the other server tests here, and waits for the lock to lift so
    that later tests in the session can log in."""
    try:
        check_all(doc, tmp_path, neo4j_settings["uri"], "authentic")  # "authentication failed" / "... details"
    finally:
        wait_until_login_works(neo4j_settings)
