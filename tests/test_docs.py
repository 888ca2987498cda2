"""The README is the manual: every CLI command and every named query is documented there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.main

from kg.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


# Typer vendors its own click, so groups are recognised by their sub-commands, not by class.
def _command_paths(cmd: Any, prefix: str = "kg") -> list[str]:
    if hasattr(cmd, "commands"):
        out = []
        for name, sub in cmd.commands.items():
            out += _command_paths(sub, f"{prefix} {name}")
        return out
    return [prefix]


def test_every_cli_command_is_documented_in_the_readme() -> None:
    paths = _command_paths(typer.main.get_command(app))
    assert len(paths) >= 8, paths
    missing = [p for p in paths if f"`{p}" not in README]
    assert not missing, f"README lacks: {missing}"


def test_every_command_has_help_text() -> None:
    root: Any = typer.main.get_command(app)
    stack: list[Any] = list(root.commands.values())
    assert len(stack) >= 8
    while stack:
        c = stack.pop()
        assert (c.help or c.short_help or "").strip(), c.name
        if hasattr(c, "commands"):
            stack += list(c.commands.values())


def test_every_named_query_is_documented_in_the_readme() -> None:
    from kg.queries import list_queries

    names = [q.name for q in list_queries()]
    assert len(names) >= 11
    missing = [n for n in names if f"`{n}`" not in README]
    assert not missing, f"README query library lacks: {missing}"
