"""Finding an entity by the name a user types: ONE set of rules for `kg query`, `kg show`,
`kg viz` and `kg atlas`.

A user writes "Cllr. Loydall", "OPCC", "the police and crime panel" or "board:x"; :func:`find`
turns that into one node, trying these tiers in order and stopping at the first that answers:

1. ``exact``: the name, then the id, then an alias, ignoring case (a name beats another node's
   alias);
2. ``folded``: the same after folding accents, punctuation, ``&``/``and`` and a leading "the"
   ("Leicestershire & Rutland ..." = "Leicestershire and Rutland ...");
3. ``acronym``: capitals that are the initials of a body's name, small words left
   out ("SPB" = "Strategic Partnership Board", "OPCC" = "Office of the Police and Crime
   Commissioner"; a defined acronym is an alias, found in tier 1);
4. ``person``: for people, the name without honorifics, ranks and post-nominals, with the
   surname agreeing and the first name or initial compatible ("Cllr. Loydall", "K. Loydall").

A tier that finds several nodes is ambiguous (:class:`EntityNotFound` listing their ids); no tier
finding anything is :class:`EntityNotFound` with "did you mean" and the closest spellings.
``Document`` nodes are never matched.

>>> c = [Candidate("person:kevin-loydall", "Person", "Kevin Loydall", ("Cllr. Kevin Loydall",)),
...      Candidate("board:strategic-partnership-board", "Board", "Strategic Partnership Board", ())]
>>> find(c, "cllr. loydall").id, find(c, "SPB").id, find(c, "Kevin  Loydall.").id
('person:kevin-loydall', 'board:strategic-partnership-board', 'person:kevin-loydall')
>>> try:
...     find(c, "Strategic Partnership")
... except EntityNotFound as exc:
...     print(exc)
no entity named 'Strategic Partnership' in the graph (did you mean: Strategic Partnership Board?)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["Candidate", "EntityNotFound", "candidates_from_graph", "candidates_from_store", "find",
           "find_in_graph"]

#: small words an acronym leaves out ("Office of the Police and Crime Commissioner" -> OPCC)
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "to", "a", "an", "&"})


class EntityNotFound(ValueError):
    """No entity (or more than one) answers to the name given. One line, for the user."""


@dataclass(frozen=True)
class Candidate:
    """What the lookup needs of a node: id, label, name and aliases."""

    id: str
    label: str
    name: str
    aliases: tuple[str, ...] = ()

    def spellings(self) -> list[str]:
        return [s for s in (self.name, *self.aliases) if s]


def candidates_from_graph(graph: Any) -> list[Candidate]:
    """Candidates from a :class:`kg.model.Graph` (Documents left out)."""
    out = []
    for n in graph.nodes.values():
        if n.label == "Document":
            continue
        aliases = tuple(a for a in n.props.get("aliases") or [] if isinstance(a, str))
        out.append(Candidate(n.id, n.label, str(n.name or ""), aliases))
    return out


def candidates_from_store(store: Any) -> list[Candidate]:
    """Candidates from a store: on Neo4j one light query for id, label, name and aliases (not the
    whole graph); on the embedded store the same four read from its node table
    (:meth:`kg.store.memory.NetworkxStore.entity_names`), or its graph for a format-1 store."""
    if getattr(store, "backend", "") == "neo4j":
        rows = store.run("MATCH (n) WHERE n.id IS NOT NULL AND NOT n:Document AND NOT n:_KgMeta "
                         "RETURN n.id AS id, [l IN labels(n) WHERE NOT l STARTS WITH '_'] AS labels, "
                         "n.name AS name, n.aliases AS aliases")
        return [Candidate(str(r["id"]), (r["labels"] or ["?"])[0], str(r["name"] or ""),
                          tuple(a for a in r["aliases"] or [] if isinstance(a, str))) for r in rows]
    names = getattr(store, "entity_names", None)
    rows = names() if names is not None else None
    if rows is not None:   # the embedded store's node names, read without loading the graph
        return [Candidate(*row) for row in rows]
    return candidates_from_graph(store.graph())


def _fold(text: str) -> str:
    from kg.resolve import fold

    return fold(text)


def _initials(name: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+|&", name)
    return "".join(w[0] for w in words if w.lower() not in _SMALL_WORDS).upper()


def _acronym(text: str) -> str:
    """The acronym ``text`` is ("CSPs" -> "CSP"), or "" when it is not one."""
    t = text.strip()
    if t.endswith("s") and len(t) > 2:
        t = t[:-1]
    return t if re.fullmatch(r"[A-Z][A-Z0-9&]+", t) else ""


def _tiers(cands: list[Candidate], text: str) -> Iterable[tuple[str, list[Candidate]]]:
    from kg.resolve import person_key, person_variant_fits

    want = text.strip().casefold()
    yield "name", [c for c in cands if c.name.casefold() == want]
    yield "id", [c for c in cands if c.id.casefold() == want]
    yield "alias", [c for c in cands if any(a.casefold() == want for a in c.aliases)]
    folded = _fold(text)
    yield "folded", [c for c in cands if folded and any(_fold(s) == folded for s in c.spellings())]
    acro = _acronym(text)
    if acro:   # capitals are initials before they are a surname
        yield "acronym", [c for c in cands if c.label != "Person"
                          and any(_initials(s) == acro for s in c.spellings())]
    pk = person_key(text)
    yield "person", [c for c in cands if c.label == "Person" and pk
                     and any(person_variant_fits(pk, person_key(s)) for s in c.spellings())]


def find(cands: list[Candidate], text: str, labels: Iterable[str] | None = None,
         what: str = "entity") -> Candidate:
    """The one candidate ``text`` names (see the module's rules), among ``labels`` if given.

    ``what`` names the kind sought in messages ("board", "person"). Raises :class:`EntityNotFound`.

    >>> c = [Candidate("org:opcc", "Organisation", "Office of the Police and Crime Commissioner"),
    ...      Candidate("person:opcc", "Person", "Jo Opcc")]
    >>> find(c, "OPCC").id
    'org:opcc'
    >>> try:
    ...     find(c, "Jo Opcc", labels=["Board"], what="board")
    ... except EntityNotFound as exc:
    ...     print(exc)
    'Jo Opcc' is a Person (person:opcc), not a board
    """
    if not text or not text.strip():
        raise EntityNotFound("give an entity name, alias or id")
    allowed = set(labels) if labels is not None else None
    pool = [c for c in cands if c.label != "Document" and (allowed is None or c.label in allowed)]
    for _, found in _tiers(pool, text):
        distinct = list({c.id: c for c in found}.values())
        if len(distinct) == 1:
            return distinct[0]
        if distinct:
            listed = "; ".join(f"{c.name} ({c.label}, {c.id})" for c in sorted(distinct, key=lambda c: c.id))
            raise EntityNotFound(f"'{text}' is ambiguous: {listed}; give the id")
    if allowed is not None:
        try:
            other = find(cands, text)
        except EntityNotFound:
            pass
        else:
            raise EntityNotFound(f"'{text}' is a {other.label} ({other.id}), not a {what}")
    raise EntityNotFound(f"no {what} named '{text}' in the graph{_did_you_mean(pool, text)}")


def _did_you_mean(pool: list[Candidate], text: str) -> str:
    """' (did you mean: A; B?)' from the closest spellings, then the names sharing most words."""
    spellings: dict[str, str] = {}
    for c in sorted(pool, key=lambda c: c.id):
        for s in c.spellings():
            spellings.setdefault(_fold(s), c.name)
    want = _fold(text)
    close = [spellings[s] for s in difflib.get_close_matches(want, list(spellings), n=3, cutoff=0.6)]
    words = set(want.split()) - _SMALL_WORDS
    if words:   # then the names sharing the most of its words
        shared = {name: len(words & set(s.split())) for s, name in spellings.items()}
        close += sorted((n for n, k in shared.items() if k), key=lambda n: (-shared[n], len(n), n))
    names = list(dict.fromkeys(close))[:3]
    return f" (did you mean: {'; '.join(names)}?)" if names else ""


def find_in_graph(graph: Any, text: str, labels: Iterable[str] | None = None, what: str = "entity") -> Any:
    """The :class:`kg.model.NodeRec` of :func:`find` in a Graph.

    >>> from kg.model import Graph, NodeRec
    >>> g = Graph()
    >>> g.add_node(NodeRec("board:x", "Board", {"name": "X Board", "aliases": ["XB"]}))
    >>> find_in_graph(g, "xb").id
    'board:x'
    """
    return graph.nodes[find(candidates_from_graph(graph), text, labels, what).id]
