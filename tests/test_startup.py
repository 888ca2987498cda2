"""Start-up: `kg --help` answered from its cache without typer, exactly as typer writes it; the
fast path of :func:`kg.cli_common.shown` writes what safe_name writes. (Times are in
bench/startup.py, never here.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.cli_start as cli_start
from kg.cli_common import shown
from kg.loaders.normalise import safe_name

KG = str(Path(sys.executable).parent / "kg")


def _typer_help(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`kg --help` rendered by typer itself (kg.cli, never the cache), named `kg` as the script is."""
    code = "import sys; sys.argv[0] = 'kg'; from kg.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, "--help"], env=env, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("columns", ["200", "60"])
def test_help_from_the_cache_is_typers_help_without_importing_typer(columns: str) -> None:
    env = {**os.environ, "COLUMNS": columns}
    width = max(min(int(columns), 80) - 2, 50)
    cache = cli_start._CACHE_DIR / f"kg-help-{width}.txt"
    cache.unlink(missing_ok=True)
    expected = _typer_help(env)
    assert expected.returncode == 0 and expected.stdout.startswith("Usage: kg [OPTIONS] COMMAND"), expected
    assert "query" in expected.stdout and "ingest" in expected.stdout
    first = subprocess.run([KG, "--help"], env=env, capture_output=True, text=True, timeout=60)   # writes it
    assert cache.is_file()
    # the second run reads the cache: -X importtime lists every module imported, typer must not be one
    second = subprocess.run([sys.executable, "-X", "importtime", KG, "--help"], env=env, capture_output=True,
                            text=True, timeout=60)
    imported = {line.rsplit("|", 1)[-1].strip() for line in second.stderr.splitlines() if "|" in line}
    assert "kg.cli_start" in imported and "typer" not in imported and "kg.cli" not in imported
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout == expected.stdout
    assert first.stderr == ""


def test_a_changed_cli_module_or_width_is_a_new_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = Path(cli_start.__file__).parent
    for f in here.glob("cli*.py"):
        shutil.copy2(f, tmp_path / f.name)
    monkeypatch.setattr(cli_start, "_HERE", tmp_path)
    monkeypatch.setattr(cli_start, "_CACHE_DIR", tmp_path / "__pycache__")
    key = cli_start.cache_key("kg", 78)
    cli_start.store_help("kg", 78, "the help\n")
    assert cli_start.cached_help("kg", 78) == "the help\n"
    assert cli_start.cached_help("kg", 60) is None           # another width: another file
    assert cli_start.cached_help("other", 78) is None        # another program name
    (tmp_path / "cli_query.py").write_text((tmp_path / "cli_query.py").read_text() + "\n# a change\n")
    assert cli_start.cache_key("kg", 78) != key
    assert cli_start.cached_help("kg", 78) is None
    (tmp_path / "cli_new.py").write_text("# a new command module\n")
    assert "cli_new.py@" in cli_start.cache_key("kg", 78)


def test_an_unwritable_cache_still_prints_the_help(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setattr(cli_start, "_CACHE_DIR", blocker)
    monkeypatch.setattr(sys, "argv", ["kg", "--help"])
    cli_start.main()
    out = capsys.readouterr().out
    assert out.startswith("Usage: kg [OPTIONS] COMMAND") and "Commands:" in out
    assert blocker.read_text() == "x" and not list(tmp_path.glob(".*.tmp"))


def _reference(text: str, one_line: bool) -> str:
    """shown() as it was before its fast path: every name through safe_name."""
    if one_line:
        return safe_name(text)
    return "\n".join("\t".join(safe_name(cell) for cell in line.split("\t")) for line in text.split("\n"))


@settings(max_examples=400, deadline=None)
@given(text=st.text() | st.text("ab\t\n\r\x1b\u202e\u2028\x85\u00e9e\u0301\ud800\udc80 £…"),
       one_line=st.booleans())
def test_shown_writes_what_safe_name_writes(text: str, one_line: bool) -> None:
    assert shown(text, one_line=one_line) == _reference(text, one_line)
