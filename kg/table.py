"""Rows as a plain-text table (`kg query`, `kg audit`, `kg neo4j`): no typer, so the quick path
of `kg query` (kg/cli_quick.py) prints what the command prints."""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
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
        return "; ".join([" ".join(v.split()) if v.__class__ is str else _cell(v) for v in value])
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
    known: AbstractSet[str] = rows[0].keys()
    for r in rows[1:]:
        if r.keys() != known:
            cols += [c for c in r if c not in cols]
            known = set(cols)
    # a column at a time, and a string (most cells) without a call: `kg query` prints hundreds of
    # rows from the quick path, where this was a third of a query's own time
    columns = []
    for c in cols:
        cells = [" ".join(v.split()) if v.__class__ is str else _cell(v) for v in (r.get(c) for r in rows)]
        if max_width:
            cells = [s if len(s) <= max_width else s[: max_width - 1] + "…" for s in cells]
        columns.append(cells)
    widths = [max(len(c), *map(len, cells)) for c, cells in zip(cols, columns, strict=True)]
    lines: list[Sequence[str]] = [[c.ljust(w) for c, w in zip(cols, widths, strict=True)], ["-" * w for w in widths]]
    # every column padded but the last (each line loses its trailing blanks anyway)
    padded = [[s.ljust(w) for s in cells] for cells, w in zip(columns[:-1], widths, strict=False)] + columns[-1:]
    lines += zip(*padded, strict=True) if padded else [()] * len(rows)
    return "\n".join(["  ".join(line).rstrip() for line in lines])
