"""Export a Graph as JSON Lines in the layout of Neo4j APOC's ``apoc.export.json.all``.

One object a line: nodes first (sorted by id), then relationships (sorted by id), so the
same graph always gives the same file, from either store.

>>> from kg.model import Graph, NodeRec
>>> g = Graph(); g.add_node(NodeRec("area:rutland", "Area", {"id": "area:rutland", "name": "Rutland"}))
>>> export_lines(g)[0]
'{"type":"node","id":"area:rutland","labels":["Area"],"properties":{"id":"area:rutland","name":"Rutland"}}'
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import sys
from collections.abc import Iterator
from typing import IO, Any

from kg.model import Graph


def iter_export(graph: Graph) -> Iterator[str]:
    """Yield export lines (without newlines)."""
    for n in sorted(graph.nodes.values(), key=lambda n: n.id):
        yield _dump({"type": "node", "id": n.id, "labels": [n.label], "properties": _sorted(n.props)})
    for r in sorted(graph.rels.values(), key=lambda r: r.id):
        s, e = graph.nodes.get(r.start), graph.nodes.get(r.end)
        yield _dump({"type": "relationship", "id": r.id, "label": r.type,
                     "start": {"id": r.start, "labels": [s.label] if s else []},
                     "end": {"id": r.end, "labels": [e.label] if e else []},
                     "properties": _sorted(r.props)})


def export_lines(graph: Graph) -> list[str]:
    """All export lines, as a list."""
    return list(iter_export(graph))


@contextlib.contextmanager
def utf8_stdout() -> Iterator[IO[str]]:
    """Standard output as UTF-8 text, whatever the locale says: JSON Lines are UTF-8 (an ASCII
    terminal, ``LANG=C``, would otherwise stop the export at the first accent)."""
    out = sys.stdout
    if (out.encoding or "").lower().replace("-", "") in ("utf8", "") or not hasattr(out, "buffer"):
        yield out
        out.flush()
        return
    out.flush()
    wrapper = io.TextIOWrapper(out.buffer, encoding="utf-8", newline="\n")
    try:
        yield wrapper
        wrapper.flush()
    finally:
        wrapper.detach()      # standard output's own buffer stays open


def write_export(graph: Graph, fh: IO[str]) -> int:
    """Write the export to an open text file; returns the number of lines."""
    count = 0
    for line in iter_export(graph):
        fh.write(line + "\n")
        count += 1
    return count


def _sorted(props: dict) -> dict:
    return {k: props[k] for k in sorted(props)}


def _dump(obj: dict) -> str:
    """One line of standard JSON: a non-finite number (which JSON cannot write; Python would write
    ``Infinity``) is left out, whatever store the graph came from.

    >>> _dump({"a": float("nan"), "b": [1.5, float("inf")], "c": "x"})
    '{"b":[1.5],"c":"x"}'
    """
    try:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        return json.dumps(_finite(obj), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _finite(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items() if not _non_finite(v)}
    if isinstance(value, list):
        return [_finite(v) for v in value if not _non_finite(v)]
    return value


def _non_finite(value: Any) -> bool:
    return isinstance(value, float) and not math.isfinite(value)
