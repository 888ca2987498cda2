"""Near-misses: pairs of clusters of one area that almost merged, found the same way by ``kg
review`` (from the extractions), by a full build (``kg ingest`` on Neo4j) and by the embedded
store's incremental resolution (for the clusters a paper touches), so all three give the same pairs.

Within one police force area (thresholds in ``review`` of ``data/resolution.yaml``):

* bodies and plans whose compared names (:func:`kg.resolve.scope.body_key`) are alike by
  ``name_similarity`` or more (rapidfuzz ratio) in one scope, or the same where one of them names
  no place and the two were read for two districts of the area;
* people of one scope and surname whose forenames did not fit (``Jo Smith`` / ``Jane Smith``) or
  fit more than one fuller name (``J. Smith``);
* joins a user's ``keep_apart`` decision stopped (:attr:`kg.resolve.build.Clustering.blocked`).

A cluster is compared by one :class:`Side`: its smallest spelling (the union-find root, whose scope
is the cluster's), its representative spelling (the longest) and all its names. Only pairs that
can qualify are scored: bodies of one scope by :func:`rapidfuzz.process.extract` (in C), bodies of
one compared name across the area's scopes, people of one scope and surname.

>>> a = Side.of([("Person", "Durham|F", "Jo Smith")])
>>> b = Side.of([("Person", "Durham|F", "Jane Smith")])
>>> [(x.rep[2], y.rep[2], score, why) for x, y, score, why in pairs([a, b])]
[('Jane Smith', 'Jo Smith', 60, 'same surname, different forenames')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from kg.extract.area import places
from kg.model import Cite, Graph
from kg.resolve.names import compatible, person_key, vocab
from kg.resolve.parts import Key
from kg.resolve.scope import KEYED, NATIONAL, group_of, scope_label

if TYPE_CHECKING:
    from kg.resolve.build import Clustering
    from kg.resolve.decisions import Decisions

#: the groups near-misses are looked for in (the others are never reported)
GROUPS = (*KEYED, "Person")
#: (a side's root, the other side's root, a's spelling, b's spelling, score, reason): one near-miss,
#: a and b in name order, each with the root of its cluster
Row = tuple[Key, Key, Key, Key, int, str]


@dataclass(frozen=True)
class Side:
    """One cluster as near-misses compare it."""

    root: Key                 # the smallest spelling: (group, scope, name); its scope is the cluster's
    rep: Key                  # the representative spelling: the longest, then the last by name
    names: frozenset[str]     # every name of the cluster (a keep_apart decision names any of them)
    key: str                  # bodies and plans: the compared name (body_key); people: the surname
    place: bool               # bodies and plans: the representative names a place

    @classmethod
    def of(cls, members: Iterable[Key]) -> Side:
        ms = sorted(members)
        # max() keeps the first of equals: the smallest spelling of the longest name
        rep = max(ms, key=lambda k: (len(k[2]), k[2]))
        return cls(ms[0], rep, frozenset(k[2] for k in ms), *_compared(rep))

    @property
    def force(self) -> str:
        return self.root[1].split("|")[0]


def _compared(rep: Key) -> tuple[str, bool]:
    from kg.resolve.scope import body_key

    if rep[0] in KEYED:
        return body_key(rep[2]), bool(places().find(rep[2]))
    if rep[0] == "Person":
        words = person_key(rep[2]).split()
        return (words[-1] if words else ""), False
    return "", False


def wanted(root: Key) -> bool:
    """Whether a cluster with this root can be one side of a near-miss."""
    return root[0] in GROUPS and root[1] != NATIONAL


def threshold() -> int:
    return int(vocab()["review"]["name_similarity"])


def compare(a: Side, b: Side, cutoff: int) -> tuple[int, str] | None:
    """The score and reason of two clusters of one group and area (``a.root < b.root``) that almost
    merged, or None."""
    if a.root[0] in KEYED:
        if not a.key or not b.key:
            return None
        if a.key == b.key and a.root[1] != b.root[1] and not (a.place and b.place):
            # "the Community Safety Partnership" of a district's paper and the area's
            return 100, f"same name, read for {scope_label(a.root[1])} and {scope_label(b.root[1])}"
        if a.root[1] == b.root[1] and (score := int(fuzz.ratio(a.key, b.key))) >= cutoff:
            return score, "similar names"
        return None
    if a.root[0] == "Person" and a.root[1] == b.root[1]:
        pa, pb = person_key(a.rep[2]).split(), person_key(b.rep[2]).split()
        if not pa or not pb or pa[-1] != pb[-1]:
            return None
        if compatible(" ".join(pa), " ".join(pb)) or compatible(" ".join(pb), " ".join(pa)):
            return 90, "same surname; the initial fits more than one fuller name"
        return 60, "same surname, different forenames"
    return None


def pairs(sides: Iterable[Side], focus: Collection[Key] | None = None,
          keep_apart: Iterable[tuple[str, str, str]] = ()) -> list[tuple[Side, Side, int, str]]:
    """Every near-miss among ``sides`` (with ``focus``, a set of roots: only those with one of
    them), each as (side, other side, score, reason) with the smaller root first; pairs whose names
    a ``keep_apart`` decision (label, name, name) names are left out (the user said they differ).
    ``sides`` must hold every cluster of the areas of the focus."""
    cutoff = threshold()
    by_scope: dict[tuple[str, str], list[Side]] = defaultdict(list)   # (group, scope)
    by_key: dict[tuple[str, str, str], list[Side]] = defaultdict(list)   # (group, force, key)
    todo: list[Side] = []
    for s in sides:
        if not wanted(s.root) or not s.key:
            continue
        by_scope[(s.root[0], s.root[1])].append(s)
        by_key[(s.root[0], s.force, s.key)].append(s)
        if focus is None or s.root in focus:
            todo.append(s)
    keys_of = {k: [s.key for s in v] for k, v in by_scope.items()}
    # people of one scope by surname, in the scope's order (a scan of the scope for each person
    # was quadratic: 12,500 people at 2,000 papers)
    people: dict[tuple[str, str], list[Side]] = defaultdict(list)
    for (group, scope), same in by_scope.items():
        if group == "Person":
            for o in same:
                people[(scope, o.key)].append(o)
    found: dict[tuple[Key, Key], tuple[Side, Side]] = {}
    for s in todo:
        group, scope = s.root[0], s.root[1]
        if group == "Person":
            cands = people[(scope, s.key)]
        else:
            same = by_scope[(group, scope)]
            cands = [same[i] for _k, _score, i in process.extract(
                s.key, keys_of[(group, scope)], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)]
            cands += by_key[(group, s.force, s.key)]
        for o in cands:
            if o.root != s.root:
                lo, hi = (s, o) if s.root < o.root else (o, s)
                found[(lo.root, hi.root)] = (lo, hi)
    decided = {(group_of(lab), frozenset((a, b))) for lab, a, b in keep_apart}
    out = []
    for (_ra, _rb), (a, b) in sorted(found.items()):
        if decided and any((a.root[0], frozenset((x, y))) in decided for x in a.names for y in b.names):
            continue
        got = compare(a, b, cutoff)
        if got is not None:
            out.append((a, b, *got))
    return out


def rows(sides: Iterable[Side], focus: Collection[Key] | None, blocked: Iterable[tuple[Key, Key, str]],
         root_of: Any, decisions: Decisions | None) -> list[Row]:
    """The near-misses of :func:`pairs` and the ``blocked`` joins (two spellings and the rule a
    keep_apart decision stopped; ``root_of`` gives a spelling's cluster root), as :data:`Row`."""
    out: list[Row] = []
    for a, b, score, reason in pairs(sides, focus, decisions.keep_apart if decisions else ()):
        (ka, ra), (kb, rb) = sorted(((a.rep, a.root), (b.rep, b.root)), key=lambda x: x[0][2])
        out.append((ra, rb, ka, kb, score, reason))
    for ka, kb, rule in blocked:
        out.append((root_of(ka), root_of(kb), ka, kb, 100, f"{rule}, kept apart by a decision"))
    return out


def of_clustering(cl: Clustering, decisions: Decisions | None) -> list[Row]:
    """Every near-miss of a whole clustering (``kg review``, a full build)."""
    clusters = cl.clusters()
    sides = [Side.of(members) for root, members in clusters.items() if wanted(root)]
    return rows(sides, None, cl.blocked, cl.uf.find, decisions)


def label_of(key: Key) -> str:
    return "Organisation/Board" if key[0] == "Body" else key[0]


def entry(row: Row, cite_a: Cite | None, cite_b: Cite | None) -> dict[str, Any]:
    """A near-miss as ``kg review`` and ``kg show`` give it (:class:`kg.resolve.review.NearMiss`'s
    fields): label, area, the two spellings, score, reason, and where each was read."""
    _ra, _rb, ka, kb, score, reason = row
    return {"label": label_of(ka), "area": scope_label(ka[1]), "a": ka[2], "b": kb[2], "score": score,
            "reason": reason, "cite_a": cite_a.ref() if cite_a else "", "cite_b": cite_b.ref() if cite_b else "",
            "text_a": cite_a.text[:160] if cite_a else "", "text_b": cite_b.text[:160] if cite_b else ""}


def order(e: Mapping[str, Any]) -> tuple[Any, ...]:
    """Best first, then by label and names; the rest makes the order total (one run or many)."""
    return (-e["score"], e["label"], e["a"], e["b"], e["area"], e["reason"], e["cite_a"], e["cite_b"],
            e.get("a_id", ""), e.get("b_id", ""))


def first_cites(ex: Any, key: Any) -> dict[Key, Cite]:
    """Where each spelling of the near-miss groups is first read in one paper: its mentions' names
    and aliases, then its facts' ends (``key(label, name)`` gives the spelling)."""
    out: dict[Key, Cite] = {}
    for m in ex.mentions:
        if group_of(m.label) in GROUPS:
            for name in (m.name, *m.aliases):
                out.setdefault(key(m.label, name), m.cite)
    for f in ex.facts:
        for r in (f.start, f.end):
            if group_of(r.label) in GROUPS:
                out.setdefault(key(r.label, r.name), f.cite)
    return out


def build(extractions: Iterable[Any], decisions: Decisions | None = None
          ) -> tuple[Graph, list[dict[str, Any]], list[dict[str, Any]]]:
    """A full build's graph, ledger and near-misses (each :func:`entry` with ``a_id`` and ``b_id``,
    the node ids of its two sides), in :func:`order`: what ``kg ingest`` stores in a store that
    resolves whole (Neo4j)."""
    from kg.resolve.build import build as build_all
    from kg.resolve.parts import node_id

    built = build_all(extractions, decisions)
    cl = built.clustering
    cites: dict[Key, Cite] = {}
    for ex in built.extractions:
        for k, c in first_cites(ex, lambda label, name, doc=ex.doc.id: cl.key(doc, label, name)).items():
            cites.setdefault(k, c)
    out = []
    for row in of_clustering(cl, decisions):
        e = entry(row, cites.get(row[2]), cites.get(row[3]))
        e["a_id"], e["b_id"] = node_id(*built.canon[row[0]]), node_id(*built.canon[row[1]])
        out.append(e)
    return built.graph, built.ledger, sorted(out, key=order)
