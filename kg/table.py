"""Rows as a plain-text table (`kg query`, `kg audit`, `kg neo4j`): no typer, so the quick path
of `kg query` (kg/cli_quick.py) prints what the command prints."""

from __future__ import annotations

from typing import Any

__all__ = ["format_table"]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    return " ".join(str(value).split())


def format_table(rows: list[dict[str, Any]], max_width: int = 60) -> str:
    """Rows as a plain-text table; cells longer than ``max_width`` (0: no limit) are cut with '…'.

    >>> print(format_table([{"a": "x", "b": [1, 2]}, {"a": None, "b": 2.0}]))
    a  b
    -  ----
    x  1; 2
       2
    """
    if not rows:
        return "(no rows)"
    cols = list(rows[0])
    for r in rows[1:]:
        cols += [c for c in r if c not in cols]

    def cut(s: str) -> str:
        return s if not max_width or len(s) <= max_width else s[: max_width - 1] + "…"

    cells = [[cut(_cell(r.get(c))) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(cols), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    return "\n".join(out)
