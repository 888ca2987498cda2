"""The README tells the truth: every `kg` command in its examples runs, in the README's order, on the
bundled corpus, and gives a non-empty answer (the doc-test pattern of datasette and sqlite-utils);
the demo's store is the one the CLI reads once KG_STORE is exported as the demo says; `kg` on PATH
is said once, near the top.

Not run here: `bash scripts/install.sh` and `bash scripts/test.sh` (CI runs them, `.ci/run`), and
`kg neo4j start|status|stop`, which tests/test_neo4j_server.py runs against a real server."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def readme_commands() -> list[str]:
    """Every `kg ...` line of the README's sh blocks and indented code blocks, comments cut."""
    out = []
    in_sh = False
    for line in README.splitlines():
        if line.startswith("```"):
            in_sh = line.strip() == "```sh" and not in_sh
            continue
        text = line.strip() if in_sh else (line[4:] if line.startswith("    kg ") else "")
        if not text.startswith("kg "):
            continue
        words = shlex.split(text, comments=True)
        out.append(shlex.join(words))
    return out


COMMANDS = readme_commands()
SERVER = [c for c in COMMANDS if c.startswith("kg neo4j")]
NEO4J = [c for c in COMMANDS if c not in SERVER and ("--backend neo4j" in c or c.startswith(("kg push", "kg cypher")))]
EMBEDDED = [c for c in COMMANDS if c not in SERVER and c not in NEO4J]


def test_the_readme_has_examples_of_every_kind() -> None:
    assert len(EMBEDDED) >= 20 and len(NEO4J) >= 5 and SERVER
    assert EMBEDDED[0].startswith("kg ingest examples/corpus")      # the first thing a reader runs
    server_tests = (ROOT / "tests" / "test_neo4j_server.py").read_text(encoding="utf-8")
    for sub in ("start", "status", "stop"):
        assert f'"neo4j", "{sub}"' in server_tests


def _outputs(args: list[str]) -> list[Path]:
    """Files or folders a command writes (-o FILE, kg atlas DIR)."""
    if args[0] == "atlas":
        return [Path(args[1])]
    return [Path(args[i + 1]) for i, a in enumerate(args[:-1]) if a in ("-o", "--output")]


def _answered(command: str, args: list[str], stdout: str) -> None:
    for path in _outputs(args):
        assert path.exists() and (path.is_dir() or path.stat().st_size > 0), command
        if path.is_dir():
            assert (path / "index.html").stat().st_size > 0
        return
    text = stdout.strip()
    assert text, command
    assert text not in ("(no rows)", "[]", "no findings"), command
    assert "No relationships recorded." not in text, command


def _run(command: str, env: dict[str, str] | None = None) -> Any:
    args = shlex.split(command)[1:]
    res = runner.invoke(app, args, env=env)
    assert res.exit_code == 0, f"{command}\n{res.output}"
    return args, res


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh folder that has the bundled corpus at examples/corpus, as a clone has."""
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    for var in ("KG_STORE", "NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def test_every_embedded_store_example_runs_and_answers(workdir: Path) -> None:
    for command in EMBEDDED:
        args, res = _run(command)
        _answered(command, args, res.stdout)


@pytest.mark.neo4j
def test_every_neo4j_example_runs_and_answers(workdir: Path, neo4j_store: Any, neo4j_settings: dict[str, Any],
                                              corpus_store_dir: Path) -> None:
    env = {"NEO4J_URI": neo4j_settings["uri"], "NEO4J_USERNAME": neo4j_settings["username"],
           "NEO4J_PASSWORD": neo4j_settings["password"], "NEO4J_DATABASE": neo4j_settings["database"]}
    # what `kg push` copies: `kg ingest examples/corpus --store kg-store`, the session's (the test
    # above runs that command)
    shutil.copytree(corpus_store_dir, workdir / "kg-store", ignore=shutil.ignore_patterns(".lock"))
    for command in NEO4J:
        args, res = _run(command, env)
        if "--write" not in args:          # a write (the scratch DELETE) answers with nothing
            _answered(command, args, res.stdout)


def test_kg_on_path_is_said_once_near_the_top() -> None:
    said = [m.start() for m in re.finditer(r"source \.venv/bin/activate", README)]
    assert len(said) == 1
    assert said[0] < README.index("## The two commands")


def test_the_demo_says_its_store_and_the_cli_reads_it(tmp_path: Path, corpus_store_dir: Path) -> None:
    """The demo run a second time ("run it again and nothing changes"): its first run's ingest is
    the session's own `kg ingest examples/corpus`, copied where the demo keeps its store."""
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"} | {"OUT": str(tmp_path / "out")}
    shutil.copytree(corpus_store_dir, tmp_path / "out" / "kg-store", ignore=shutil.ignore_patterns(".lock"))
    demo = subprocess.run(["bash", str(ROOT / "scripts" / "demo.sh")], capture_output=True, text=True, env=env,
                          timeout=600)
    assert demo.returncode == 0, demo.stderr[-2000:]
    assert "0 added, 0 updated, 5 unchanged" in demo.stdout
    exports = re.findall(r"export KG_STORE=(\S+)", demo.stdout)
    assert exports and len(set(exports)) == 1
    store = exports[0].rstrip(")")
    assert Path(store) == (tmp_path / "out" / "kg-store").resolve()
    res = runner.invoke(app, ["stats"], env={"KG_STORE": store})
    assert res.exit_code == 0 and "documents: 5" in res.stdout
    assert "spent-fell" in demo.stdout and "Charnwood Community Safety Partnership" in demo.stdout
