"""Building the graph: every paper's mentions merged into one node per real-world entity.

See :mod:`kg.resolve` for the rules. :func:`cluster` joins the spellings (and is what ``kg
review`` reads); :func:`build_graph` makes the nodes and relationships of the clusters.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from kg.model import Cite, Extraction, Graph, NodeRec, RelRec
from kg.resolve.decisions import Decisions
from kg.resolve.names import (
    compatible,
    fold,
    is_acronym,
    misspelt,
    person_key,
    strip_person,
    without_kind,
)
from kg.resolve.parts import (
    Key,
    NodePart,
    RelPart,
    doc_parts,
    fold_node,
    fold_rel,
    keys_in,
    mentioned_in,
    node_id,
    rel_key,
)
from kg.resolve.scope import (
    KEYED,
    NATIONAL,
    PaperArea,
    body_key,
    group_of,
    is_generic,
    paper_area,
    scope_label,
    scope_of,
    strip_places,
)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # deterministic: the smaller key becomes the root
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


@dataclass
class Clustering:
    """The spellings of all papers, the clusters they were joined into, and why."""

    areas: dict[str, PaperArea]                        # doc id -> its area
    spellings: dict[Key, Counter[str]]                 # spelling -> label votes
    acronyms: dict[tuple[str, str, str], set[Key]]     # (group, scope, folded acronym) -> full spellings
    uf: _UnionFind
    rule_of: dict[Key, str] = field(default_factory=dict)
    blocked: list[tuple[Key, Key, str]] = field(default_factory=list)   # joins a keep_apart stopped
    person_docs: dict[str, set[Key]] = field(default_factory=dict)      # doc id -> people it names
    renamed: dict[Key, tuple[Key, Cite]] = field(default_factory=dict)  # older name -> (newer, sentence)

    def key(self, doc: str, label: str, name: str) -> Key:
        return (group_of(label), scope_of(label, name, self.areas[doc]), name)

    def clusters(self) -> dict[Key, list[Key]]:
        out: dict[Key, list[Key]] = defaultdict(list)
        for k in sorted(self.spellings):
            out[self.uf.find(k)].append(k)
        return out


def _why(a: str, b: str) -> str:
    """The rule that joined two spellings with one body key, for the ledger."""
    if fold(a) == fold(b):
        return "exact"
    if strip_places(a) == strip_places(b):
        return "area-prefix"
    if body_key(a, offices=False) != body_key(b, offices=False):
        return "office-title"  # "OPCC", "the PCC", "the Commissioner's office": one office's names
    return "variant"


def cluster(exs: list[Extraction], decisions: Decisions | None = None) -> Clustering:
    """Join the spellings of ``exs`` (sorted by document id) into clusters, rule by rule."""
    decisions = decisions or Decisions()
    return join_spellings(gather(exs, decisions), decisions)


def gather(exs: list[Extraction], decisions: Decisions) -> Clustering:
    """The spellings of ``exs``, with their label votes, the acronyms they define and the people of
    each paper: everything :func:`join_spellings` reads (each document adds its own share, which is
    what lets :mod:`kg.resolve.incremental` keep them per document)."""
    areas = {ex.doc.id: area_of(ex, decisions) for ex in exs}
    cl = Clustering(areas, defaultdict(Counter), defaultdict(set), _UnionFind())
    for ex in exs:
        doc = ex.doc.id
        key = keys_in(areas[doc])      # cl.key, each name of the paper worked out once
        for m in ex.mentions:
            k = key(m.label, m.name)
            cl.spellings[k][m.label] += 1
            if m.props.get("renamed_to"):
                # the paper says this body was renamed (kg.extract.renames): the sentence is the evidence
                _note_rename(cl, k, key(m.label, str(m.props["renamed_to"])), m.cite)
            for a in m.aliases:
                # Only an acronym the text defines ("… Commissioner (OPCC)") names the entity in OTHER
                # documents too; a short form such as "the Action Plan" is local to its document.
                if a and a != m.name and is_acronym(a):
                    ka = key(m.label, a)
                    cl.spellings[ka][m.label] += 0
                    cl.acronyms[(ka[0], ka[1], fold(a))].add(k)
        for f in ex.facts:
            for r in (f.start, f.end):
                cl.spellings[key(r.label, r.name)][r.label] += 1
        cl.person_docs[doc] = {key(m.label, m.name) for m in ex.mentions if m.label == "Person"}
    return cl


def area_of(ex: Extraction, decisions: Decisions) -> PaperArea:
    """The paper's area: the user's decision, else what the paper says."""
    return PaperArea(ex.doc.id, decisions.areas[ex.doc.id]) if ex.doc.id in decisions.areas else paper_area(ex)


def join_spellings(cl: Clustering, decisions: Decisions) -> Clustering:
    """Join the spellings of ``cl`` into clusters, rule by rule, recording each spelling's rule.

    Reads only ``cl.spellings``, ``cl.acronyms`` and ``cl.person_docs``, and joins two spellings
    only when they share one of the candidate keys of :func:`kg.resolve.incremental.tokens` (a
    new rule must add its own there), so the spellings of one connected set of candidate keys can
    be joined again alone, with the same result.
    """
    uf = cl.uf
    keep_apart = [(group_of(lab), a, b) for lab, a, b in decisions.keep_apart]

    def forbidden(x: Key, y: Key) -> bool:
        return any(g == x[0] == y[0] and {a, b} == {x[2], y[2]} for g, a, b in keep_apart)

    def note(k: Key, rule: str) -> None:
        # a spelling's ledger rule is the first that joined it to another NAME: "exact" only says
        # it is also written another way (case, punctuation), so a later rule tells more
        if cl.rule_of.get(k, "exact") == "exact":
            cl.rule_of[k] = rule

    def join(a: Key, b: Key, rule: str) -> None:
        if uf.find(a) == uf.find(b):
            note(b, rule)
            return
        if keep_apart:  # rare: only when the user keeps some spellings apart, so a full check is affordable
            ra, rb = uf.find(a), uf.find(b)
            members_a = [k for k in cl.spellings if uf.find(k) == ra]
            members_b = [k for k in cl.spellings if uf.find(k) == rb]
            if any(forbidden(x, y) for x in members_a for y in members_b):
                cl.blocked.append((a, b, rule))
                return
        uf.union(a, b)
        note(b, rule)
        note(a, rule)

    keys = sorted(cl.spellings)
    # exact (folded) names, and for bodies and plans the same name once the area's name, years,
    # generic acronyms, kind variants and plurals are read alike, in one scope
    by_fold: dict[tuple[str, str, str], Key] = {}
    by_body: dict[tuple[str, str, str], Key] = {}
    for k in keys:
        group, scope, name = k
        folded = person_key(name) if group == "Person" else fold(name)
        if not folded:
            continue
        if (group, scope, folded) in by_fold:
            join(by_fold[(group, scope, folded)], k, "exact")
        else:
            by_fold[(group, scope, folded)] = k
        if group in KEYED and scope != NATIONAL:
            bk = body_key(name)
            if not bk:
                continue
            first = by_body.setdefault((group, scope, bk), k)
            if first != k:
                join(first, k, _why(first[2], name))
    # acronyms the documents defined, in the scope they were defined in
    for k in keys:
        group, scope, name = k
        fulls = cl.acronyms.get((group, scope, fold(name)), set())
        # an acronym that documents expand in different ways is ambiguous: join it to none of them
        if group != "Person" and len({uf.find(f) for f in fulls}) == 1:
            for full in sorted(fulls):
                join(full, k, "acronym")
    # "Street Mentors Pilot" ~ "Street Mentors" ~ "Street Mentors project": a project named
    # with and without its kind word
    by_base: dict[tuple[str, str], Key] = {}
    for k in keys:
        group, scope, name = k
        base_fold = without_kind(fold(name)) if group == "Project" else None
        if base_fold is None:
            continue
        base = by_fold.get((group, scope, base_fold))
        if base is not None:
            join(base, k, "project-kind")
        if (scope, base_fold) in by_base:
            join(by_base[(scope, base_fold)], k, "project-kind")
        else:
            by_base[(scope, base_fold)] = k
    # person variants in one area: initials, missing first names, forename variants (Bob ~ Robert)
    person_keys = sorted({(k[1], person_key(k[2]), k) for k in keys if k[0] == "Person" and person_key(k[2])})
    fulls_by_surname: dict[tuple[str, str], set[str]] = defaultdict(set)
    for scope, pk, _k in person_keys:
        if len(pk.split()) >= 2 and len(pk.split()[0]) > 1:
            fulls_by_surname[(scope, pk.split()[-1])].add(pk)
    first_key: dict[tuple[str, str], Key] = {}   # (scope, person key) -> its first spelling
    for scope, pk, k in person_keys:
        first_key.setdefault((scope, pk), k)
    for scope, pk, k in person_keys:
        fits = [full for full in sorted(fulls_by_surname.get((scope, pk.split()[-1]), ())) if full != pk
                and compatible(pk, full)]
        if len({uf.find(first_key[(scope, f)]) for f in fits}) == 1:
            join(first_key[(scope, fits[0])], k, "person-variant")
    # one person's surname spelt two ways in one paper ("Jo Hartley" ... "Jo Hartly said"): the
    # same full forename, surnames one letter apart, both read in the same paper
    by_doc: dict[tuple[str, str], set[Key]] = defaultdict(set)
    for doc, ks in cl.person_docs.items():
        for k in ks:
            by_doc[(doc, k[1])].add(k)
    for ks in by_doc.values():
        for ka, kb in combinations(sorted(ks), 2):
            if misspelt(person_key(ka[2]), person_key(kb[2])):
                join(ka, kb, "person-spelling")
    # an older name a paper says was renamed, with the newer (in whatever scope each name is read:
    # "the Westvale Partnership" renamed "the Westvale and Eastvale Partnership"); the paper's own
    # word outranks a rule that compares names, so it is the rule the ledger gives. A generic older
    # name ("the Partnership") is left alone: it would pull in every such name of the area.
    for old, (new, _cite) in sorted(cl.renamed.items()):
        if old[0] == new[0] and not is_generic(old[2]):
            cl.spellings[new][new[0]] += 0
            join(new, old, "renamed")
            if uf.find(new) == uf.find(old):
                cl.rule_of[old] = "renamed"
    # user decisions: a forced merge joins the spellings in every scope they were both read in
    for lab, a, b in decisions.merge:
        g = group_of(lab)
        for ka in keys:
            if ka[0] == g and ka[2] == a:
                for kb in keys:
                    if kb[0] == g and kb[2] == b and kb[1] == ka[1]:
                        uf.union(ka, kb)
                        cl.rule_of[kb] = cl.rule_of[ka] = "decision"
    return cl


def build_graph(extractions: Iterable[Extraction], decisions: Decisions | None = None
                ) -> tuple[Graph, list[dict[str, Any]]]:
    """Merge extractions (in any order) into one Graph; returns the graph and the merge ledger.

    The ledger lists, for every node that merged more than one spelling, the spellings and the
    rule that joined each to the canonical name. Node ids depend only on the set of documents,
    never on the order they were ingested. (:func:`kg.resolve.near.build` also gives the
    near-misses.)
    """
    return build(extractions, decisions).graph_and_ledger()


@dataclass
class Built:
    """A full build: the graph and ledger, and what near-misses are found from (the clustering, each
    spelling's canonical (label, name), and the papers as resolved, in document order)."""

    graph: Graph
    ledger: list[dict[str, Any]]
    clustering: Clustering
    canon: dict[Key, tuple[str, str]]
    extractions: list[Extraction]

    def graph_and_ledger(self) -> tuple[Graph, list[dict[str, Any]]]:
        return self.graph, self.ledger


def build(extractions: Iterable[Extraction], decisions: Decisions | None = None) -> Built:
    """:func:`build_graph`, keeping what it was built from."""
    from kg.extract.linking import known_projects, linked_mentions

    exs = sorted(extractions, key=lambda e: e.doc.id)
    # a project one paper names with a cue is a mention wherever another paper writes its name
    known = known_projects(exs)
    exs = [Extraction(ex.doc, ex.mentions + links, ex.facts) if (links := linked_mentions(ex, known)) else ex
           for ex in exs]
    cl = cluster(exs, decisions)

    # -- 2. clusters -> canonical names and labels ------------------------------------
    acr_folds = {a for (_g, _s, a) in cl.acronyms}
    named = [(members, *name_cluster(cl, members, acr_folds)) for members in cl.clusters().values()]
    # one canonical name in two scopes (the Police and Crime Plan of two areas): each is told
    # apart by its area, so that neither node id depends on which papers came first
    by_id: dict[str, list[int]] = defaultdict(list)
    for i, (_members, label, name) in enumerate(named):
        by_id[node_id(label, name)].append(i)
    canon: dict[Key, tuple[str, str]] = {}
    ledger: list[dict[str, Any]] = []
    for ids in by_id.values():
        for i in ids:
            members, label, name = named[i]
            name = suffixed(name, min(k[1] for k in members), len(ids))
            for k in members:
                canon[k] = (label, name)
            rules = spelling_rules(cl, members)
            entry = ledger_entry(label, name, min(k[1] for k in members), rules, rename_cites(cl, members, rules))
            if entry is not None:
                ledger.append(entry)

    dates: dict[str, str] = {}
    for ex in exs:
        for name, date in meeting_dates(ex):
            dates.setdefault(name, date)
    rename_meetings([link for ex in exs for link in meeting_links(ex, cl.areas[ex.doc.id])], dates.get, canon)

    # -- 3. each document's part, folded node by node and relationship by relationship -------
    led_by_id = {node_id(e["label"], e["name"]): e for e in ledger}
    node_parts: dict[str, list[NodePart]] = defaultdict(list)
    rel_parts: dict[str, list[tuple[int, str, int, RelPart]]] = defaultdict(list)
    for ex in exs:
        nodes, rels = doc_parts(ex, cl.areas[ex.doc.id], canon)
        for nid, part in nodes.items():
            node_parts[nid].append(part)
        for r in rels:
            rel_parts[rel_key(r)].append((r[0], ex.doc.id, r[1], r))
    graph = Graph()
    mentions: list[RelRec] = []
    for nid in sorted(node_parts):
        if node_parts[nid][0].document is None:
            folded = fold_node(nid, node_parts[nid], led_by_id.get(nid))
            assert folded is not None
            graph.add_node(folded[0])
            mentions += mentioned_in(nid, folded[1])
    for ex in exs:
        graph.add_node(NodeRec(f"doc:{ex.doc.id}", "Document", dict(node_parts[f"doc:{ex.doc.id}"][0].document or {})))
    for rel in mentions:
        graph.add_rel(rel)
    for contributions in sorted(rel_parts.values(), key=lambda cs: min(c[:3] for c in cs)):
        graph.add_rel(fold_rel(c[3] for c in sorted(contributions, key=lambda c: c[:3])))
    return Built(graph, sorted(ledger, key=lambda e: (e["label"], e["name"])), cl, canon, exs)


def _note_rename(cl: Clustering, old: Key, new: Key, cite: Cite) -> None:
    """Keep the rename of ``old`` that the first paper (by id, then line) states, whatever order the
    papers come in: the same graph from one run or many."""
    prev = cl.renamed.get(old)
    if prev is None or (cite.doc, cite.line, new) < (prev[1].doc, prev[1].line, prev[0]):
        cl.renamed[old] = (new, cite)


def name_cluster(cl: Clustering, members: list[Key], acronym_folds: Container[str]) -> tuple[str, str]:
    """A cluster's label (the one most of its mentions use) and canonical name (before any area
    suffix); ``acronym_folds`` holds (at least) the folded acronyms any document defines among the
    cluster's names."""
    group = members[0][0]
    names = sorted({k[2] for k in members})
    votes: Counter[str] = Counter()
    for k in members:
        votes.update(cl.spellings[k])
    label = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0] != "Board", kv[0]))[0][0]
    freq: Counter[str] = Counter()
    for k in members:
        freq[k[2]] += sum(cl.spellings[k].values())
    # a body renamed is called by its newer name, however much fuller the older one is
    newer = [n for n in names if not any(k[2] == n and cl.rule_of.get(k) == "renamed" and k in cl.renamed
                                         for k in members)]
    return label, _canonical(group, newer or names, acronym_folds, dict(freq))


def suffixed(name: str, first_scope: str, same_id: int) -> str:
    """A canonical name told apart by its area when ``same_id`` clusters would have its node id.

    >>> suffixed("Police and Crime Plan", "Durham|F", 2), suffixed("Home Office", "", 2)
    ('Police and Crime Plan (Durham)', 'Home Office')
    """
    return f"{name} ({scope_label(first_scope)})" if same_id > 1 and first_scope != NATIONAL else name


def spelling_rules(cl: Clustering, members: list[Key]) -> dict[str, str]:
    """The rule that joined each spelling of a cluster (the first by name, when a name is read in
    two scopes)."""
    rules: dict[str, str] = {}
    # what a user or a paper said outranks what the names look like
    rank = {"decision": 0, "renamed": 1}
    for k in sorted(members, key=lambda k: (k[2], rank.get(cl.rule_of.get(k, "exact"), 2),
                                            cl.rule_of.get(k, "exact"))):
        rules.setdefault(k[2], cl.rule_of.get(k, "exact"))
    return rules


def rename_cites(cl: Clustering, members: list[Key], rules: dict[str, str]) -> dict[str, list[str]]:
    """For each spelling a rename joined: [citation, sentence] of the sentence that says so (the older
    name's own; for the newer name, the sentence that renamed something to it)."""
    out: dict[str, list[str]] = {}
    for spelling, rule in rules.items():
        if rule != "renamed":
            continue
        own = [cl.renamed[k][1] for k in members if k[2] == spelling and k in cl.renamed]
        to_it = [c for k, (new, c) in cl.renamed.items() if new[2] == spelling and k in members]
        cite = min(own or to_it, key=lambda c: (c.doc, c.line), default=None)  # the same whatever the order
        if cite is not None:
            out[spelling] = [cite.ref(), cite.text]
    return out


def ledger_entry(label: str, name: str, scope: str, rules: dict[str, str],
                 cites: dict[str, list[str]] | None = None) -> dict[str, Any] | None:
    """The ledger entry of a cluster of more than one spelling: each other spelling and its rule (a
    rename with the citation and text of the sentence that says so, ``cites``)."""
    if len(rules) < 2:
        return None

    def line(n: str) -> dict[str, Any]:
        out: dict[str, Any] = {"spelling": n, "rule": rules[n]}
        if cites and n in cites:
            out["cite"], out["evidence"] = cites[n]
        return out

    return {"label": label, "name": name, "scope": scope, "merged": [line(n) for n in sorted(rules) if n != name]}


#: a meeting's link to its board in one paper: (the meeting's spelling, its name, the board's spelling)
MeetingLink = tuple[Key, str, Key]


def meeting_dates(ex: Extraction) -> list[tuple[str, str]]:
    """(name, date) of the paper's meetings that have a date."""
    return [(m.name, str(m.props["date"])) for m in ex.mentions if m.label == "Meeting" and m.props.get("date")]


def meeting_links(ex: Extraction, pa: PaperArea) -> list[MeetingLink]:
    """The paper's ``MEETING_OF`` facts, as spellings."""
    key = keys_in(pa)
    return [(key("Meeting", f.start.name), f.start.name, key(f.end.label, f.end.name))
            for f in ex.facts if f.type == "MEETING_OF" and f.start.label == "Meeting"]


def rename_meetings(links: Iterable[MeetingLink], date_of: Callable[[str], str | None],
                    canon: dict[Key, tuple[str, str]]) -> None:
    """Name each meeting after its board's CANONICAL name and its date ("<Board> 2026-03-26"), so that
    one meeting spelt through different names of its board is one node. ``links`` in document
    order; ``date_of`` a meeting name's date as the first paper that dates it gives it."""
    for key, name, board_key in links:
        date = date_of(name) or next(iter(re.findall(r"\d{4}-\d{2}(?:-\d{2})?", name)), None)
        board = canon.get(board_key)
        if date and board and key in canon:
            canon[key] = ("Meeting", f"{board[1]} {date}")


def _canonical(group: str, names: list[str], acronyms: Container[str], freq: dict[str, int]) -> str:
    """The fullest spelling: people by most name words then length (without honorific);
    bodies by not being a bare acronym, then most words, then the spelling seen most often."""
    if group == "Person":
        def pscore(n: str) -> tuple[int, int, int, str]:
            k = person_key(n).split()
            full_first = int(bool(k) and len(k[0]) > 1)
            return (full_first, len(k), len(n), n)
        best = max(names, key=pscore)
        return strip_person(best)

    # a project is named without the kind word a variant adds ("Victim Link", not "Victim Link
    # service"), when the document set names it so
    folded = {fold(n) for n in names}

    def bscore(n: str) -> tuple[int, int, int, int, int, str]:
        is_acr = int(fold(n) in acronyms or n.isupper() and len(n.split()) == 1)
        variant = int(group == "Project" and without_kind(fold(n)) in folded)
        return (-is_acr, -variant, len(n.split()), freq.get(n, 0), -sum(c.isupper() for c in n), n)
    return max(names, key=bscore)
