"""One document's part of the merged graph, and the graph folded from every document's parts.

Once resolution has given every spelling its canonical node (``canon``), a document's share of
the graph depends on that document alone: the nodes it names (with its first citation, its
aliases and the properties it gives), its facts and the offices its people hold. A node is then
the fold of its parts in document order: aliases and sources are joined, each document keeps
its first citation, and each property keeps the first value a document gives (in document order,
then mention order, as the graph was always built). A relationship is the fold of its
contributions in (phase, document, order) order, phases being facts then offices held.
``MENTIONED_IN`` relationships are made from the folded node (one per source).

So the graph can be rebuilt node by node: :mod:`kg.resolve.incremental` keeps each document's
parts and folds again only the nodes and relationships whose parts changed.

>>> from kg.model import Cite, DocInfo, Extraction, Mention
>>> from kg.resolve.scope import PaperArea
>>> ex = Extraction(DocInfo("a.txt", "0"), [Mention("Person", "Jo Bell", Cite("a.txt", 3, "Jo Bell"))])
>>> nodes, rels = doc_parts(ex, PaperArea("a.txt"), {("Person", "?|F", "Jo Bell"): ("Person", "Jo Bell")})
>>> sorted(nodes), rels
(['doc:a.txt', 'person:jo-bell'], [])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kg.model import Cite, Extraction, NodeRec, Ref, RelRec, clean_props, rel_id
from kg.model import node_id as _slug_id
from kg.resolve.names import post_title
from kg.resolve.scope import NATIONAL, UNKNOWN, PaperArea, group_of, scope_of
from kg.schema import load_schema

#: a spelling as the resolver compares it: (group, scope, name as written)
Key = tuple[str, str, str]
#: props of the paper's Area mention that describe the paper, not the place
_PAPER_PROPS = ("scope", "local")
#: props of a mention that the resolver reads and no node keeps ("renamed_to": kg.extract.renames)
_RESOLVER_PROPS = ("renamed_to",)
#: relationship phases, in the order their contributions are folded
FACTS, POSTS = 1, 2

# a node's id from its label and name: the same few thousand names are asked for once per mention
node_id = lru_cache(maxsize=1 << 16)(_slug_id)


def key_of(label: str, name: str, pa: PaperArea) -> Key:
    """The spelling a name of ``label`` read in paper ``pa`` is."""
    return (group_of(label), scope_of(label, name, pa), name)


#: spellings worked out already, by paper area: see :func:`known_keys`
_KNOWN: dict[PaperArea, dict[tuple[str, str], Key]] = {}


def keys_in(pa: PaperArea) -> Callable[[str, str], Key]:
    """:func:`key_of` for one paper, each (label, name) worked out once (a paper names the same
    few dozen entities hundreds of times), starting from those :func:`known_keys` gives for ``pa``.

    >>> key = keys_in(PaperArea("a.txt"))
    >>> key("Person", "Jo Bell") == key_of("Person", "Jo Bell", PaperArea("a.txt"))
    True
    """
    made = _KNOWN.get(pa)
    if made is None:
        made = {}

    def key(label: str, name: str) -> Key:
        k = made.get((label, name))
        if k is None:
            k = made[(label, name)] = key_of(label, name, pa)
        return k
    return key


def paper_keys(ex: Extraction) -> tuple[str | None, str | None, list[tuple[str, str, str]]]:
    """The scope of every (label, name) the resolution asks of ``ex`` in the area the paper gives
    itself (:func:`kg.resolve.scope.paper_area`): (force, district, [(label, name, scope)]). A
    ``--jobs`` worker works them out beside the extraction, so that the parent, which resolves
    every paper alone after the workers, only looks them up (:func:`known_keys`).

    >>> from kg.model import DocInfo, Mention
    >>> paper_keys(Extraction(DocInfo("a.txt", "0"), [Mention("Person", "Jo Bell", Cite("a.txt", 3, "Jo Bell"))]))
    (None, None, [('Person', 'Jo Bell', '?|F')])
    """
    from kg.resolve.scope import paper_area

    pa = paper_area(ex)
    made: dict[tuple[str, str], str] = {}
    for m in ex.mentions:
        for name in (m.name, *m.aliases):
            if name and (m.label, name) not in made:
                made[(m.label, name)] = scope_of(m.label, name, pa)
        renamed = m.props.get("renamed_to")
        if renamed and (m.label, str(renamed)) not in made:
            made[(m.label, str(renamed))] = scope_of(m.label, str(renamed), pa)
    for f in ex.facts:
        for label, name in ((f.start.label, f.start.name), (f.end.label, f.end.name)) + (
                (("Meeting", f.start.name),) if f.type == "MEETING_OF" else ()):
            if (label, name) not in made:
                made[(label, name)] = scope_of(label, name, pa)
    return pa.force, pa.local, [(label, name, scope) for (label, name), scope in made.items()]


@contextmanager
def known_keys(papers: Iterable[tuple[str, tuple[str | None, str | None, list[tuple[str, str, str]]]]]
               ) -> Iterator[None]:
    """Within the block, :func:`keys_in` starts from each paper's :func:`paper_keys` ((doc id, its
    paper_keys) pairs) for the paper's own area: a paper whose area a decision sets otherwise has
    its spellings worked out as before. What is looked up is what :func:`key_of` gives."""
    for doc, (force, local, rows) in papers:
        _KNOWN[PaperArea(doc, force, local)] = {(label, name): (group_of(label), scope, name)
                                               for label, name, scope in rows}
    try:
        yield
    finally:
        _KNOWN.clear()


@dataclass
class NodePart:
    """What one document says of one node (or, with ``document``, the Document node itself)."""

    label: str
    name: str
    aliases: set[str] = field(default_factory=set)
    cites: dict[str, Cite] = field(default_factory=dict)      # doc -> its first citation
    props: dict[str, Any] = field(default_factory=dict)       # first value of each property
    document: dict[str, Any] | None = None

    def to_json(self) -> list[Any]:
        return [self.label, self.name, sorted(self.aliases),
                {d: [c.doc, c.line, c.text, c.page, c.ocr] for d, c in self.cites.items()}, self.props,
                self.document]

    @classmethod
    def from_json(cls, v: list[Any]) -> NodePart:
        return cls(v[0], v[1], set(v[2]), {d: Cite(*c) for d, c in v[3].items()}, v[4], v[5])


#: one contribution to a relationship: (phase, seq, type, start, end, cite, props)
RelPart = tuple[int, int, str, str, str, Cite, dict[str, Any]]


def rel_part_json(p: RelPart) -> list[Any]:
    c = p[5]
    return [p[0], p[1], p[2], p[3], p[4], [c.doc, c.line, c.text, c.page, c.ocr], p[6]]


def rel_part_from_json(v: list[Any]) -> RelPart:
    return (v[0], v[1], v[2], v[3], v[4], Cite(*v[5]), v[6])


def rel_key(p: RelPart) -> str:
    """The id of the relationship a contribution is to."""
    schema = load_schema()
    return rel_id(p[2], p[3], p[4], [p[6].get(k) for k in schema.types[p[2]].key])


def doc_parts(ex: Extraction, pa: PaperArea, canon: Mapping[Key, tuple[str, str]]
              ) -> tuple[dict[str, NodePart], list[RelPart]]:
    """The node parts (by node id) and relationship contributions of one document, given the
    canonical (label, name) of every spelling it uses."""
    schema = load_schema()
    nodes: dict[str, NodePart] = {}
    key = keys_in(pa)

    def resolve(ref: Ref) -> tuple[str, str]:
        return canon[key(ref.label, ref.name)]

    def touch(label: str, name: str, cite: Cite, props: dict[str, Any], aliases: Iterable[str] = ()) -> str:
        nid = node_id(label, name)
        part = nodes.get(nid)
        if part is None:
            part = nodes[nid] = NodePart(label, name)
        part.aliases.update(a for a in aliases if a and a != name)
        part.cites.setdefault(cite.doc, cite)
        for k, v in props.items():
            if v not in (None, "", []) and not (label == "Area" and k in _PAPER_PROPS) and k not in _RESOLVER_PROPS:
                part.props.setdefault(k, v)
        return nid

    for m in ex.mentions:
        label, name = resolve(m.ref)
        # an alias is listed on the node it names: "OPCC" written beside a team of the office
        # names the office, not the team
        aliases = [a for a in m.aliases if canon.get(key(m.label, a), (label, name)) == (label, name)]
        touch(label, name, m.cite, m.props, [m.name, *aliases])
    for f in ex.facts:
        for r in (f.start, f.end):
            label, name = resolve(r)
            touch(label, name, f.cite, {}, [r.name])

    rels: list[RelPart] = []
    seq = 0
    for f in ex.facts:
        (sl, sn), (el, en) = resolve(f.start), resolve(f.end)
        td = schema.types.get(f.type)
        if td is None or not td.allows(sl, el):
            continue  # a fact whose ends resolved to labels the schema does not join
        rels.append((FACTS, seq, f.type, node_id(sl, sn), node_id(el, en), f.cite, f.props))
        seq += 1
    # offices held: a Post of the body, linked to its holder (HOLDS_POST), never merged with them
    for f in ex.facts:
        title = post_title(f.props.get("title")) if f.type == "HOLDS_ROLE" else None
        (sl, sn), (el, en) = resolve(f.start), resolve(f.end)
        if title is None or sl != "Person" or el not in ("Organisation", "Board"):
            continue
        scope = key(f.end.label, f.end.name)[1]
        area_known = scope.split("|")[0] not in (NATIONAL, UNKNOWN) and not scope.startswith("doc:")
        post = f"{title} for {scope.split('|')[0]}" if area_known else f"{title}, {en}"
        pid = touch("Post", post, f.cite, {}, [str(f.props["title"])])
        rels.append((POSTS, seq, "HOLDS_POST", node_id(sl, sn), pid, f.cite, {}))
        rels.append((POSTS, seq + 1, "PART_OF", pid, node_id(el, en), f.cite, {}))
        seq += 2

    d = ex.doc
    did = f"doc:{d.id}"
    nodes[did] = NodePart("Document", d.id, document=clean_props({
        "id": did, "name": d.id.rsplit("/", 1)[-1], "aliases": [], "sources": [d.id], "sha256": d.sha256,
        "title": d.title, "date": d.date, "format": d.format, "area": pa.force, "district": pa.local,
        "evidence": [], "citations": []}))
    return nodes, rels


def fold_node(nid: str, parts: Iterable[NodePart], ledger: dict[str, Any] | None
              ) -> tuple[NodeRec, dict[str, Cite]] | None:
    """The node ``nid`` from its parts in document order (None when there is none), with the
    ``resolution`` of its ledger entry, and its first citation in each document."""
    first: NodePart | None = None
    aliases: set[str] = set()
    cites: dict[str, Cite] = {}
    props: dict[str, Any] = {}
    for p in parts:
        if p.document is not None:
            return NodeRec(nid, "Document", dict(p.document)), {}
        first = first or p
        aliases |= p.aliases
        for d, c in p.cites.items():
            cites.setdefault(d, c)
        for k, v in p.props.items():
            props.setdefault(k, v)
    if first is None:
        return None
    ordered = [cites[d] for d in sorted(cites)]
    out = {"id": nid, "name": first.name, "aliases": sorted(aliases - {first.name}), "sources": sorted(cites),
           "evidence": [c.text for c in ordered], "citations": [c.ref() for c in ordered], **props}
    if ledger is not None:
        out["resolution"] = [f"{m['spelling']} <- {m['rule']}" + (f" ({m['cite']})" if m.get("cite") else "")
                             for m in ledger["merged"]]
    return NodeRec(nid, first.label, clean_props(out)), cites


def mention_id(nid: str, doc: str) -> str:
    """The id of the ``MENTIONED_IN`` relationship of node ``nid`` to paper ``doc``.

    >>> mention_id("person:jo-bell", "a.txt") == rel_key((0, 0, "MENTIONED_IN", "person:jo-bell", "doc:a.txt",
    ...                                                   Cite("a.txt", 1, ""), {}))
    True
    """
    return rel_key((0, 0, "MENTIONED_IN", nid, f"doc:{doc}", _NO_CITE, {}))


_NO_CITE = Cite("", 0, "")


def mentioned_in(nid: str, cites: dict[str, Cite], ids: Mapping[str, str] | None = None) -> list[RelRec]:
    """A node's ``MENTIONED_IN`` relationships, one per source, cited by its first citation there
    (``ids``: their ids by paper, when the caller has made them already)."""
    return [fold_rel([(0, 0, "MENTIONED_IN", nid, f"doc:{doc}", cites[doc], {})],
                     ids[doc] if ids is not None and doc in ids else mention_id(nid, doc)) for doc in sorted(cites)]


#: what a money line's paper says was spent and left as at a date: one statement, never mixed
STATEMENT = ("spent", "remaining", "as_of")


def _statement_text(value: Any) -> str:
    """A figure of a statement as the ``stated_*`` lists hold it: '' when the paper does not say."""
    return "" if value is None or value == "" else str(value)


def fold_statements(p: dict[str, Any], statements: list[tuple[dict[str, Any], str]]) -> None:
    """A FUNDS line's spend statements, each as one paper gives it (spent, remaining, as of, where):
    the line's ``spent``, ``remaining`` and ``as_of`` are those of ONE statement, the latest dated
    (an undated one only when none is dated; of one date, the first in document order), and every
    statement is kept, oldest first, in ``stated_as_of``, ``stated_spent``, ``stated_remaining``
    and ``stated_in`` (strings, '' where the paper gives no figure), so that each paper's figures
    stay readable with their own date.

    >>> p = {"amount": 10.0}
    >>> fold_statements(p, [({"spent": 0.0, "as_of": "2026-06-12"}, "a.txt:4"),
    ...                     ({"spent": 6.0, "remaining": 4.0, "as_of": "2026-01-05"}, "b.txt:9")])
    >>> p["spent"], p.get("remaining"), p["as_of"], p["stated_as_of"], p["stated_spent"]
    (0.0, None, '2026-06-12', ['2026-01-05', '2026-06-12'], ['6.0', '0.0'])
    """
    if not statements:
        return
    order = sorted(range(len(statements)), key=lambda i: (str(statements[i][0].get("as_of") or ""), -i))
    latest = statements[order[-1]][0]
    for k in STATEMENT:
        p.pop(k, None)
        if latest.get(k) not in (None, ""):
            p[k] = latest[k]
    if len(statements) > 1:
        kept = sorted(range(len(statements)), key=lambda i: (str(statements[i][0].get("as_of") or ""), i))
        p["stated_as_of"] = [_statement_text(statements[i][0].get("as_of")) for i in kept]
        p["stated_spent"] = [_statement_text(statements[i][0].get("spent")) for i in kept]
        p["stated_remaining"] = [_statement_text(statements[i][0].get("remaining")) for i in kept]
        p["stated_in"] = [statements[i][1] for i in kept]


def fold_rel(contributions: Iterable[RelPart], rid: str | None = None) -> RelRec:
    """A relationship from its contributions, already in (phase, document, order) order; a FUNDS
    line's spend statements are folded by :func:`fold_statements`. ``rid``: its id (the
    :func:`rel_key` of every contribution), when the caller knows it."""
    rel: RelRec | None = None
    statements: list[tuple[dict[str, Any], str]] = []
    for _phase, _seq, rtype, start, end, cite, props in contributions:
        if rel is None:
            rid = rid or rel_key((0, 0, rtype, start, end, cite, props))
            rel = RelRec(rid, rtype, start, end, {"id": rid, "sources": [], "evidence": [], "citations": []})
        p = rel.props
        ref = cite.ref()
        if ref not in p["citations"] or cite.text not in p["evidence"]:
            p["citations"].append(ref)
            p["evidence"].append(cite.text)
        if cite.doc not in p["sources"]:
            p["sources"].append(cite.doc)
            p["sources"].sort()
        for k, v in props.items():
            if v is not None and v != "" and k not in p:
                p[k] = v
        said = ({k: props.get(k) for k in STATEMENT}, ref)
        if rtype == "FUNDS" and (props.get("spent") is not None or props.get("remaining") is not None) \
                and said not in statements:
            statements.append(said)
    assert rel is not None
    fold_statements(rel.props, statements)
    return rel
