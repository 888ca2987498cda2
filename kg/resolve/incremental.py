"""Incremental resolution: a new, changed or removed paper redoes only the entities it touches.

The embedded store keeps, beside the graph, what resolution read from each paper (tables
``r_*`` of ``graph.sqlite``, rebuilt from the stored extractions whenever they are missing or
the user's decisions changed):

* each paper's **spellings** (label votes, the acronyms it defines, its people, its meetings'
  boards and dates, the project names it gives and the phrases it writes), which are all that
  :func:`kg.resolve.build.join_spellings` reads;
* the **candidate keys** (:func:`tokens`) of every spelling: two spellings can only ever be joined
  when they share one (the same folded name, body key, surname or project base in one scope; an
  acronym and what a paper expands it to; a meeting and its board; a user's forced merge);
* each spelling's cluster and canonical name, and each cluster's label, name and ledger entry;
* each paper's **part** of the graph (:mod:`kg.resolve.parts`), by node and relationship;
* for near-misses (:mod:`kg.resolve.near`): where each paper first reads each spelling of a body,
  plan or person (``r_cite``), each such cluster as near-misses compare it (``r_side``, by area)
  and the near-misses found, by the two clusters (``r_near``).

When papers change, the spellings they had and have are the seeds; every spelling connected to a
seed through candidate keys is joined again, with the same rules, from the stored spellings of
every paper (the smallest sound unit: no rule joins across it). The clusters found replace the
old ones; a canonical name that two clusters would share is suffixed again wherever the set of
clusters with that name changed; a paper that defines or drops an acronym re-names the clusters
holding that acronym as a name; a project name that a paper gives or drops re-links the papers
that write it. Then only the papers whose spellings changed canonical name have their part
rebuilt, and only the nodes and relationships whose parts changed are folded again from the
stored parts of every paper. The near-misses of the clusters joined again are found again (against
every cluster of their area), and the store's table of near-misses, by node id with the citations,
is made again from ``r_near``. The result is the graph, ledger and near-misses a full rebuild gives
(``tests/test_ingest_incremental.py``, ``tests/test_resolve_incremental.py``).

Seams for new resolver rules: a rule in ``join_spellings`` that joins two spellings must give
them a common token in :func:`tokens` (or, for a pair read in one paper, in :func:`_doc_tokens`),
and may read only what :func:`kg.resolve.build.gather` gathers per paper.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from kg.compact_json import dumps as _dumps
from kg.extract.linking import _key as phrase_key
from kg.extract.linking import known_projects, linked_mentions
from kg.model import Cite, Extraction
from kg.resolve import near
from kg.resolve.build import (
    Clustering,
    _note_rename,
    _UnionFind,
    area_of,
    gather,
    join_spellings,
    ledger_entry,
    meeting_dates,
    meeting_links,
    name_cluster,
    rename_cites,
    rename_meetings,
    spelling_rules,
    suffixed,
)
from kg.resolve.decisions import Decisions
from kg.resolve.names import fold, person_key, without_kind
from kg.resolve.parts import (
    Key,
    NodePart,
    RelPart,
    doc_parts,
    fold_node,
    fold_rel,
    keys_in,
    mention_id,
    mentioned_in,
    node_id,
    rel_key,
    rel_part_from_json,
    rel_part_json,
)
from kg.resolve.scope import KEYED, NATIONAL, body_key, group_of

VERSION = "3"  # 2: renames (r_renamed) and the ledger's citations of them; 3: near-misses (r_cite, r_side, r_near)
TABLES = """
CREATE TABLE IF NOT EXISTS r_spelling(doc TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL,
    votes INTEGER NOT NULL, person INTEGER NOT NULL, fold TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_spelling_key ON r_spelling(key);
CREATE INDEX IF NOT EXISTS r_spelling_doc ON r_spelling(doc);
CREATE INDEX IF NOT EXISTS r_spelling_fold ON r_spelling(fold);
CREATE TABLE IF NOT EXISTS r_acronym(doc TEXT NOT NULL, akey TEXT NOT NULL, afold TEXT NOT NULL, full TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_acronym_doc ON r_acronym(doc);
CREATE INDEX IF NOT EXISTS r_acronym_full ON r_acronym(full);
CREATE INDEX IF NOT EXISTS r_acronym_afold ON r_acronym(afold);
CREATE TABLE IF NOT EXISTS r_ktok(tok TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY(tok, key));
CREATE INDEX IF NOT EXISTS r_ktok_key ON r_ktok(key);
CREATE TABLE IF NOT EXISTS r_dtok(doc TEXT NOT NULL, tok TEXT NOT NULL, key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_dtok_doc ON r_dtok(doc);
CREATE INDEX IF NOT EXISTS r_dtok_tok ON r_dtok(tok);
CREATE INDEX IF NOT EXISTS r_dtok_key ON r_dtok(key);
CREATE TABLE IF NOT EXISTS r_ref(doc TEXT NOT NULL, key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_ref_doc ON r_ref(doc);
CREATE INDEX IF NOT EXISTS r_ref_key ON r_ref(key);
CREATE TABLE IF NOT EXISTS r_mlink(doc TEXT NOT NULL, seq INTEGER NOT NULL, mkey TEXT NOT NULL, mname TEXT NOT NULL,
    bkey TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_mlink_doc ON r_mlink(doc);
CREATE INDEX IF NOT EXISTS r_mlink_mkey ON r_mlink(mkey);
CREATE INDEX IF NOT EXISTS r_mlink_bkey ON r_mlink(bkey);
CREATE TABLE IF NOT EXISTS r_mdate(doc TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, date TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_mdate_doc ON r_mdate(doc);
CREATE INDEX IF NOT EXISTS r_mdate_name ON r_mdate(name);
CREATE TABLE IF NOT EXISTS r_known(pkey TEXT NOT NULL, doc TEXT NOT NULL, name TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_known_pkey ON r_known(pkey, doc);
CREATE INDEX IF NOT EXISTS r_known_doc ON r_known(doc);
CREATE TABLE IF NOT EXISTS r_renamed(doc TEXT NOT NULL, old TEXT NOT NULL, new TEXT NOT NULL, cite TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_renamed_doc ON r_renamed(doc);
CREATE INDEX IF NOT EXISTS r_renamed_old ON r_renamed(old);
CREATE TABLE IF NOT EXISTS r_phrase(doc TEXT NOT NULL, pkey TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_phrase_doc ON r_phrase(doc);
CREATE INDEX IF NOT EXISTS r_phrase_pkey ON r_phrase(pkey);
CREATE TABLE IF NOT EXISTS r_canon(key TEXT PRIMARY KEY, cid TEXT NOT NULL, label TEXT NOT NULL, name TEXT NOT NULL,
    final TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_canon_cid ON r_canon(cid);
CREATE TABLE IF NOT EXISTS r_cluster(cid TEXT PRIMARY KEY, label TEXT NOT NULL, base TEXT NOT NULL,
    base_id TEXT NOT NULL, scope TEXT NOT NULL, rules TEXT NOT NULL, name TEXT NOT NULL, nid TEXT NOT NULL,
    entry TEXT);
CREATE INDEX IF NOT EXISTS r_cluster_base ON r_cluster(base_id);
CREATE INDEX IF NOT EXISTS r_cluster_nid ON r_cluster(nid);
CREATE TABLE IF NOT EXISTS r_node(doc TEXT NOT NULL, nid TEXT NOT NULL, part TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_node_doc ON r_node(doc);
CREATE INDEX IF NOT EXISTS r_node_nid ON r_node(nid);
CREATE TABLE IF NOT EXISTS r_rel(doc TEXT NOT NULL, rid TEXT NOT NULL, part TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_rel_doc ON r_rel(doc);
CREATE INDEX IF NOT EXISTS r_rel_rid ON r_rel(rid);
CREATE TABLE IF NOT EXISTS r_cite(doc TEXT NOT NULL, key TEXT NOT NULL, cite TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_cite_doc ON r_cite(doc);
CREATE INDEX IF NOT EXISTS r_cite_key ON r_cite(key);
CREATE TABLE IF NOT EXISTS r_side(cid TEXT PRIMARY KEY, grp TEXT NOT NULL, force TEXT NOT NULL, side TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_side_force ON r_side(grp, force);
CREATE TABLE IF NOT EXISTS r_near(a_cid TEXT NOT NULL, b_cid TEXT NOT NULL, row TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS r_near_a ON r_near(a_cid);
CREATE INDEX IF NOT EXISTS r_near_b ON r_near(b_cid);
"""
#: the tables of one paper's rows (all but the clusters' and spellings' names, which are shared)
_PER_DOC = ("r_spelling", "r_acronym", "r_dtok", "r_ref", "r_mlink", "r_mdate", "r_known", "r_phrase", "r_renamed",
            "r_cite")
_CHUNK = 500
SEP = "\x1f"


def _k(key: Key) -> str:
    """A spelling as its rows keep it: the JSON list of its three strings (made directly, and
    kept: a fresh ingest of 2,000 papers asks 535,000 times for 19,000 spellings' text).

    >>> _k(("Person", "Durham|F", 'Jo "Bell"')) == _dumps(["Person", "Durham|F", 'Jo "Bell"'])
    True
    >>> _k(["Person", "Durham|F", "Jo Bell"]) == _k(("Person", "Durham|F", "Jo Bell"))
    True
    """
    try:
        return _k_text(key)
    except TypeError:          # a spelling read back from JSON (a list)
        return _k_text(tuple(key))


@lru_cache(maxsize=1 << 16)
def _k_text(key: Key) -> str:
    if all(part.__class__ is str for part in key):
        return "[" + ",".join(map(encode_basestring, key)) + "]"
    return _dumps(list(key))


_DECODER = json.JSONDecoder()


def _own(text: str) -> Any:
    """A value of kg's own compact JSON (no blanks around it: ``raw_decode`` skips json.loads's
    searches for them, a third of a small value's time).

    >>> _own(_dumps({"a": [1, "b"]})), _own(' [1] ')
    ({'a': [1, 'b']}, [1])
    """
    try:
        value, end = _DECODER.raw_decode(text)
    except ValueError:
        value, end = None, -1
    return value if end == len(text) else json.loads(text)


@lru_cache(maxsize=1 << 16)
def _unk(text: str) -> Key:
    """The spelling of :func:`_k`'s text (kept: the same spellings are read back again and again).

    >>> _unk(_k(("Person", "Durham|F", "Jo Bell")))
    ('Person', 'Durham|F', 'Jo Bell')
    """
    # _k writes no blanks: raw_decode skips json.loads's searches for them (half its time)
    try:
        value, end = _DECODER.raw_decode(text)
    except ValueError:
        value, end = None, -1
    g, s, n = value if end == len(text) else json.loads(text)
    return (g, s, n)


def tokens(key: Key, decisions: Decisions) -> list[str]:
    """The candidate keys of a spelling: any two spellings a rule of
    :func:`kg.resolve.build.join_spellings` may join share one (read in any papers).

    >>> tokens(("Person", "Durham|F", "Cllr Jo Bell"), Decisions())[:2]
    ['F\\x1fPerson\\x1fDurham|F\\x1fjo bell', 'S\\x1fDurham|F\\x1fbell']
    """
    g, s, name = key
    folded = person_key(name) if g == "Person" else fold(name)
    out = [SEP.join(("F", g, s, folded))] if folded else []      # exact, and acronyms (by fold)
    if g == "Person" and folded:
        out.append(SEP.join(("S", s, folded.split()[-1])))       # person variants: one surname
    if g in KEYED and s != NATIONAL and (bk := body_key(name)):
        out.append(SEP.join(("B", g, s, bk)))                     # area prefix, variants, offices
    if g == "Project" and (base := without_kind(fold(name))):
        out.append(SEP.join(("F", g, s, base)))                   # with and without the kind word
    if g == "Meeting":
        out.append(SEP.join(("MN", name)))                        # a meeting's date, by its name
    for i, (label, a, b) in enumerate(decisions.merge):
        if group_of(label) == g and name in (a, b):
            out.append(SEP.join(("D", str(i), s)))                # a user's forced merge
    return out


def _doc_tokens(doc: str, cl: Clustering, links: list[tuple[Key, str, Key]]) -> Iterator[tuple[str, Key]]:
    """Candidate keys of spellings read together in one paper: an acronym and its expansion, two
    spellings of one surname, a meeting and its board."""
    for (g, s, f), fulls in cl.acronyms.items():
        for full in fulls:
            yield SEP.join(("F", g, s, f)), full
    for k in cl.person_docs.get(doc, ()):
        words = person_key(k[2]).split()
        if len(words) == 2:
            yield SEP.join(("M", doc, k[1], words[0])), k
    for mkey, _name, bkey in links:
        yield SEP.join(("MO", _k(mkey))), mkey
        yield SEP.join(("MO", _k(mkey))), bkey
    for old, (new, _cite) in cl.renamed.items():   # an older name a paper says was renamed, and the newer
        yield SEP.join(("RN", _k(old))), old
        yield SEP.join(("RN", _k(old))), new


def _rules_with_cites(cl: Clustering, members: list[Key]) -> dict[str, Any]:
    """What a cluster's ledger entry is made of, stored with it: each spelling's rule, and the
    sentence of each rename."""
    rules = spelling_rules(cl, members)
    return {"rules": rules, "cites": rename_cites(cl, members, rules)}


def fingerprint(decisions: Decisions | None) -> str:
    """What the stored resolution was made with: a change of it means a full rebuild."""
    d = decisions or Decisions()
    return _dumps([VERSION, d.merge, d.keep_apart, sorted(d.areas.items())])


@contextlib.contextmanager
def _indexes_after(con: sqlite3.Connection, tables: Iterable[str], empty: bool) -> Iterator[None]:
    """With ``empty`` (a full rebuild: the tables hold nothing yet), the tables' own indexes are
    dropped while every paper's rows are written, and made again after, as they were: an index
    made once from all its rows is sorted once, instead of taking each row into a tree as it comes
    (a third of the time of writing a fresh ingest's rows, 2,000 papers). Unique keys stay."""
    if not empty:
        yield
        return
    names = ",".join("?" * len(tuple(tables)))
    made = con.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                       f"AND tbl_name IN ({names}) ORDER BY name", tuple(tables)).fetchall()
    for name, _sql in made:
        con.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in made:
        con.execute(sql)


class _Db:
    """Queries over the resolution tables, in the caller's transaction."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def many(self, sql: str, values: Iterable[Any]) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` (with one ``IN ({})``) for all ``values``, in chunks."""
        vals = list(values)
        out: list[tuple[Any, ...]] = []
        for i in range(0, len(vals), _CHUNK):
            chunk = vals[i:i + _CHUNK]
            out += self.con.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
        return out

    def delete(self, table: str, column: str, values: Iterable[Any]) -> None:
        vals = list(values)
        for i in range(0, len(vals), _CHUNK):
            chunk = vals[i:i + _CHUNK]
            self.con.execute(f"DELETE FROM {table} WHERE {column} IN ({','.join('?' * len(chunk))})", chunk)

    def known(self, pkeys: Iterable[str]) -> dict[str, str]:
        """The project each phrase key names: the first paper's name for it."""
        out: dict[str, str] = {}
        for pk, _doc, name in sorted(self.many("SELECT pkey, doc, name FROM r_known WHERE pkey IN ({})", set(pkeys))):
            out.setdefault(pk, name)
        return out


class Update:
    """One update of the stored resolution and graph (see the module docstring)."""

    def __init__(self, con: sqlite3.Connection, decisions: Decisions | None,
                 load: Callable[[list[str]], dict[str, Extraction]]) -> None:
        self.db = _Db(con)
        self.con = con
        self.decisions = decisions or Decisions()
        self.load = load
        self.touched_nodes: set[str] = set()
        self.touched_rels: set[str] = set()
        self.ledger_changed = False
        self.reparted: set[str] = set()
        #: the clusters the last re-clustering dropped and made (id -> spellings), and the clustering
        self._old_cids: set[str] = set()
        self._new: dict[str, list[Key]] = {}
        self._cl: Clustering | None = None
        self._renamed_cids: set[str] = set()     # clusters whose name (so node id) changed
        self._tokened: set[Key] = set()          # spellings whose candidate keys are written
        self._refs: dict[str, set[Key]] = {}      # the spellings each paper stored now uses (its r_ref)
        #: a full rebuild's parts, as they were made: by node id [(paper, part)], and by
        #: relationship id [(phase, paper, seq, contribution)] (folded without reading them back)
        self._kept_nodes: dict[str, list[tuple[str, NodePart]]] | None = None
        self._kept_rels: dict[str, list[tuple[int, str, int, RelPart]]] | None = None
        #: how much was redone: spellings joined again, papers whose part was rebuilt, nodes and
        #: relationships folded again
        self.stats: dict[str, int] = {}

    # -- the run ------------------------------------------------------------------------------------
    def redo(self, changed: dict[str, Extraction], removed: set[str], full: bool = False) -> None:
        """Store ``changed`` papers' resolution, drop ``removed`` ones', and bring the graph tables
        up to date; ``full``: the tables are empty and ``changed`` is every paper."""
        gone = set(changed) | removed
        relinked = self._relinked(changed, gone)
        if relinked:
            changed = {**changed, **self.load(sorted(relinked))}
        redo = gone | relinked
        old_keys = {_unk(k) for (k,) in self.db.many("SELECT key FROM r_spelling WHERE doc IN ({})", redo)}
        cited = {k for (k,) in self.db.many("SELECT key FROM r_cite WHERE doc IN ({})", redo)}
        old_folds = {f for (f,) in self.db.many("SELECT afold FROM r_acronym WHERE doc IN ({})", redo)}
        for table in _PER_DOC:
            if table != "r_known":      # already brought up to date
                self.db.delete(table, "doc", sorted(redo))
        if full:
            known = known_projects(sorted(changed.values(), key=lambda e: e.doc.id))
        linked: dict[str, Extraction] = {}
        new_keys: set[Key] = set()
        new_folds: set[str] = set()
        with _indexes_after(self.con, _PER_DOC + ("r_ktok",), full):
            for doc in sorted(changed):
                ex = changed[doc]
                pkeys = {phrase_key(p[0]) for p in ex.phrases}
                if not full:
                    known = self.db.known(pkeys)
                # a paper links a project only through a phrase of a known project's name (most
                # link none: the phrases are keyed once, here, not again for each of its names)
                links = linked_mentions(ex, known) if not pkeys.isdisjoint(known) else []
                exl = Extraction(ex.doc, ex.mentions + links, ex.facts, ex.phrases) if links else ex
                linked[doc] = exl
                keys, folds = self._store_doc(exl, pkeys)
                new_keys |= keys
                new_folds |= folds
        seeds = old_keys | new_keys
        # a paper that defines or drops an acronym (that no other paper defines) re-names every
        # cluster holding it as a name
        others = {f for f, d in self.db.many("SELECT afold, doc FROM r_acronym WHERE afold IN ({})",
                                             old_folds ^ new_folds) if d not in redo}
        flipped = (old_folds ^ new_folds) - others
        seeds |= {_unk(k) for (k,) in self.db.many("SELECT DISTINCT key FROM r_spelling WHERE fold IN ({})", flipped)}
        gone_keys = old_keys - new_keys
        component = set(seeds) if full else self._closure(seeds)
        changed_keys = self._recluster(component)
        docs = (set(changed) | {d for (d,) in self.db.many("SELECT DISTINCT doc FROM r_ref WHERE key IN ({})",
                                                              [_k(k) for k in changed_keys])}) - removed
        self._drop_unused(gone_keys)
        self._renear()
        self._repart(docs, removed, linked, full)
        self.stats = {"spellings": len(component), "papers": len(docs), "nodes": len(self.touched_nodes),
                      "relationships": len(self.touched_rels)}
        self._refold()
        cited |= {k for (k,) in self.db.many("SELECT key FROM r_cite WHERE doc IN ({})", redo)}
        self._write_near(cited, full)

    def _relinked(self, changed: dict[str, Extraction], gone: set[str]) -> set[str]:
        """Papers not in ``gone`` that write a project name whose project changed (a paper gave or
        dropped it), after storing the new papers' project names."""
        old = {pk for (pk,) in self.db.many("SELECT pkey FROM r_known WHERE doc IN ({})", gone)}
        new_rows = [(pk, doc, name) for doc, ex in changed.items() for pk, name in known_projects([ex]).items()]
        pkeys = old | {r[0] for r in new_rows}
        before = self.db.known(pkeys)
        self.db.delete("r_known", "doc", sorted(gone))
        self.con.executemany("INSERT INTO r_known VALUES (?, ?, ?)", new_rows)
        after = self.db.known(pkeys)
        moved = {pk for pk in pkeys if before.get(pk) != after.get(pk)}
        return {d for (d,) in self.db.many("SELECT DISTINCT doc FROM r_phrase WHERE pkey IN ({})", moved)} - gone

    def _store_doc(self, ex: Extraction, pkeys: set[str]) -> tuple[set[Key], set[str]]:
        """One paper's resolution rows (``pkeys``: its phrases' keys); returns its spellings and the
        acronyms it defines (folded)."""
        doc = ex.doc.id
        cl = gather([ex], self.decisions)
        pa = cl.areas[doc]
        rows = [(doc, _k(k), label, n, int(k in cl.person_docs[doc]), fold(k[2]))
                for k, votes in cl.spellings.items() for label, n in votes.items()]
        self.con.executemany("INSERT INTO r_spelling VALUES (?, ?, ?, ?, ?, ?)", rows)
        self.con.executemany("INSERT INTO r_acronym VALUES (?, ?, ?, ?)",
                             [(doc, _dumps([g, s, f]), f, _k(full)) for (g, s, f), fulls in cl.acronyms.items()
                              for full in sorted(fulls)])
        # a spelling's candidate keys depend on it alone: written once an update (papers repeat names)
        fresh = [k for k in cl.spellings if k not in self._tokened]
        self._tokened.update(fresh)
        self.con.executemany("INSERT OR IGNORE INTO r_ktok VALUES (?, ?)",
                             [(t, _k(k)) for k in fresh for t in tokens(k, self.decisions)])
        links = meeting_links(ex, pa)
        self.con.executemany("INSERT INTO r_dtok VALUES (?, ?, ?)",
                             [(doc, t, _k(k)) for t, k in _doc_tokens(doc, cl, links)])
        key = keys_in(pa)
        refs = {key(m.label, n) for m in ex.mentions for n in [m.name, *m.aliases] if n}
        refs |= {key(r.label, r.name) for f in ex.facts for r in (f.start, f.end)}
        self.con.executemany("INSERT INTO r_ref VALUES (?, ?)", [(doc, _k(k)) for k in sorted(refs)])
        self._refs[doc] = refs
        self.con.executemany("INSERT INTO r_mlink VALUES (?, ?, ?, ?, ?)",
                             [(doc, i, _k(mk), name, _k(bk)) for i, (mk, name, bk) in enumerate(links)])
        self.con.executemany("INSERT INTO r_mdate VALUES (?, ?, ?, ?)",
                             [(doc, i, name, date) for i, (name, date) in enumerate(meeting_dates(ex))])
        self.con.executemany("INSERT INTO r_renamed VALUES (?, ?, ?, ?)",
                             [(doc, _k(old), _k(new), _dumps([c.doc, c.line, c.text, c.page, c.ocr]))
                              for old, (new, c) in cl.renamed.items()])
        self.con.executemany("INSERT INTO r_phrase VALUES (?, ?)",
                             [(doc, pk) for pk in sorted(pkeys)])
        self.con.executemany("INSERT INTO r_cite VALUES (?, ?, ?)", [
            (doc, _k(k), _dumps([c.doc, c.line, c.text[:160], c.page, c.ocr]))
            for k, c in near.first_cites(ex, key).items()])
        return set(cl.spellings), {f for (_g, _s, f) in cl.acronyms}

    def _closure(self, seeds: set[Key]) -> set[Key]:
        """Every spelling connected to ``seeds`` through candidate keys."""
        seen = {_k(k) for k in seeds}
        frontier = set(seen)
        toks: set[str] = set()
        while frontier:
            new_toks = {t for (t,) in self.db.many("SELECT tok FROM r_ktok WHERE key IN ({})", frontier)}
            new_toks |= {t for (t,) in self.db.many("SELECT tok FROM r_dtok WHERE key IN ({})", frontier)}
            new_toks -= toks
            toks |= new_toks
            keys = {k for (k,) in self.db.many("SELECT key FROM r_ktok WHERE tok IN ({})", new_toks)}
            keys |= {k for (k,) in self.db.many("SELECT key FROM r_dtok WHERE tok IN ({})", new_toks)}
            frontier = keys - seen
            seen |= frontier
        return {_unk(k) for k in seen}

    # -- clusters and names ---------------------------------------------------------------------------
    def _recluster(self, component: set[Key]) -> set[Key]:
        """Join the spellings of ``component`` again and re-name what that changes; returns the
        spellings whose canonical (label, name) changed."""
        ks = [_k(k) for k in component]
        cl = Clustering({}, defaultdict(Counter), defaultdict(set), _UnionFind())
        for doc, k, label, n, person in self.db.many(
                "SELECT doc, key, label, votes, person FROM r_spelling WHERE key IN ({})", ks):
            key = _unk(k)
            cl.spellings[key][label] += n
            if person:
                cl.person_docs.setdefault(doc, set()).add(key)
        for akey, full in self.db.many("SELECT akey, full FROM r_acronym WHERE full IN ({})", ks):
            g, s, f = _own(akey)
            cl.acronyms[(g, s, f)].add(_unk(full))
        for old_k, new_k, cite in self.db.many("SELECT old, new, cite FROM r_renamed WHERE old IN ({})", ks):
            _note_rename(cl, _unk(old_k), _unk(new_k), Cite(*_own(cite)))
        join_spellings(cl, self.decisions)
        folds = {fold(k[2]) for k in cl.spellings}
        acronym_folds = {f for (f,) in self.db.many("SELECT DISTINCT afold FROM r_acronym WHERE afold IN ({})", folds)}

        old = {_unk(k): (cid, label, final) for k, cid, label, final in self.db.many(
            "SELECT key, cid, label, final FROM r_canon WHERE key IN ({})", ks)}
        old_cids = {v[0] for v in old.values()}
        old_clusters = {r[0]: r for r in self.db.many(
            "SELECT cid, base_id, nid, entry FROM r_cluster WHERE cid IN ({})", old_cids)}
        bases = {r[1] for r in old_clusters.values()}
        self.db.delete("r_cluster", "cid", old_cids)
        self.db.delete("r_canon", "key", ks)
        members_of: dict[str, list[Key]] = {}
        rules_of: dict[str, dict[str, Any]] = {}    # as stored, not read back (a new cluster's)
        cluster_rows, canon_rows = [], []
        for members in cl.clusters().values():
            label, base = name_cluster(cl, members, acronym_folds)
            cid = _k(min(members))
            members_of[cid] = members
            bid = node_id(label, base)
            bases.add(bid)
            rules_of[cid] = _rules_with_cites(cl, members)
            cluster_rows.append((cid, label, base, bid, min(k[1] for k in members), _dumps(rules_of[cid])))
            canon_rows += [(_k(k), cid, label) for k in members]
        self.con.executemany("INSERT INTO r_cluster VALUES (?, ?, ?, ?, ?, ?, '', '', NULL)", cluster_rows)
        self.con.executemany("INSERT INTO r_canon VALUES (?, ?, ?, '', '')", canon_rows)
        # names: a canonical name two clusters share is told apart by area, in every cluster with it
        # (every base's clusters read at once: a write changes no cluster's base)
        by_base: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for bid, *row in self.db.many("SELECT base_id, cid, label, base, scope, rules, name, nid, entry "
                                      "FROM r_cluster WHERE base_id IN ({})", bases):
            by_base[bid].append(tuple(row))
        named, entered, others_renamed = [], [], []
        for bid in sorted(bases):
            rows = by_base[bid]
            for cid, label, base, scope, rules, name, nid, entry in rows:
                new_name = suffixed(base, scope, len(rows))
                stored = rules_of[cid] if cid in rules_of else _own(rules)
                new_entry = ledger_entry(label, new_name, scope, stored["rules"], stored["cites"])
                new_entry_s = _dumps(new_entry) if new_entry else None
                new_nid = node_id(label, new_name)
                was = old_clusters.get(cid)
                if cid in members_of:
                    old_nid, old_entry = (was[2], was[3]) if was else (None, None)
                else:
                    old_nid, old_entry = nid, entry
                if (new_nid, new_entry_s) != (old_nid, old_entry):
                    self.ledger_changed = self.ledger_changed or new_entry_s != old_entry
                    self.touched_nodes |= {n for n in (old_nid, new_nid) if n}
                if new_name != name:
                    self._renamed_cids.add(cid)
                    named.append((new_name, new_nid, new_entry_s, cid))
                    if cid not in members_of:
                        others_renamed.append(cid)
                elif cid in members_of or new_entry_s != entry:
                    entered.append((new_entry_s, cid))
        self.con.executemany("UPDATE r_cluster SET name = ?, nid = ?, entry = ? WHERE cid = ?", named)
        self.con.executemany("UPDATE r_canon SET name = ?, final = ? WHERE cid = ?",
                             [(r[0], r[0], r[3]) for r in named])
        self.con.executemany("UPDATE r_cluster SET entry = ? WHERE cid = ?", entered)
        renamed: set[Key] = {_unk(k) for (k,) in self.db.many("SELECT key FROM r_canon WHERE cid IN ({})",
                                                              others_renamed)}
        self._old_cids, self._new, self._cl = set(old_cids), members_of, cl
        for cid, was in old_clusters.items():
            if cid not in members_of and was[3] is not None:
                self.ledger_changed = True      # a cluster that is no more had a ledger entry
            if cid not in members_of:
                self.touched_nodes.add(was[2])
        old_renamed = {k: ("", "") for k in renamed}    # their names changed: all changed
        meetings = {k for k in component | renamed if k[0] == "Meeting"}
        boards = [_k(k) for k in component | renamed]
        meetings |= {_unk(m) for (m,) in self.db.many("SELECT DISTINCT mkey FROM r_mlink WHERE bkey IN ({})", boards)}
        old_meetings = {_unk(k): (label, final) for k, label, final in self.db.many(
            "SELECT key, label, final FROM r_canon WHERE key IN ({})", [_k(k) for k in meetings - component])}
        self._rename_meetings(meetings)
        now = {_unk(k): (label, final) for k, label, final in self.db.many(
            "SELECT key, label, final FROM r_canon WHERE key IN ({})", [_k(k) for k in component | renamed | meetings])}
        before = {k: (v[1], v[2]) for k, v in old.items()} | old_renamed | old_meetings
        return {k for k in component | renamed | meetings if before.get(k) != now.get(k)}

    def _rename_meetings(self, meetings: set[Key]) -> None:
        """Meetings named after their board's canonical name and date (as the full build names them)."""
        ks = [_k(k) for k in meetings]
        canon = {_unk(k): (label, name) for k, label, name in self.db.many(
            "SELECT key, label, name FROM r_canon WHERE key IN ({})", ks)}
        links = sorted(self.db.many("SELECT doc, seq, mkey, mname, bkey FROM r_mlink WHERE mkey IN ({})", ks))
        boards = {_unk(k): (label, final) for k, label, final in self.db.many(
            "SELECT key, label, final FROM r_canon WHERE key IN ({})", {r[4] for r in links})}
        dates: dict[str, str] = {}
        for name, _doc, _seq, date in sorted(
                (r[2], r[0], r[1], r[3]) for r in self.db.many(
                    "SELECT doc, seq, name, date FROM r_mdate WHERE name IN ({})", {r[3] for r in links})):
            dates.setdefault(name, date)
        final = dict(canon)
        with_boards = {**boards, **final}
        rename_meetings([(_unk(mk), name, _unk(bk)) for _d, _s, mk, name, bk in links], dates.get,
                        _Overlay(final, with_boards))
        self.con.executemany("UPDATE r_canon SET final = ? WHERE key = ?",
                             [(v[1], _k(k)) for k, v in final.items()])

    # -- near-misses ----------------------------------------------------------------------------------
    def _renear(self) -> None:
        """The near-misses of the clusters joined again: those of the clusters that are no more are
        dropped, and each new cluster is compared with every cluster of its area (a pair of two
        clusters that did not change is as it was)."""
        touched = sorted(self._old_cids | set(self._new))
        for column in ("a_cid", "b_cid"):
            self.db.delete("r_near", column, touched)
        self.db.delete("r_side", "cid", touched)
        sides = {cid: near.Side.of(members) for cid, members in self._new.items() if near.wanted(min(members))}
        self.con.executemany("INSERT INTO r_side VALUES (?, ?, ?, ?)", [
            (cid, s.root[0], s.force, _dumps([s.root, s.rep, sorted(s.names), s.key, s.place]))
            for cid, s in sorted(sides.items())])
        universe: list[near.Side] = []
        for group, force in sorted({(s.root[0], s.force) for s in sides.values()}):
            for cid, text in self.con.execute("SELECT cid, side FROM r_side WHERE grp = ? AND force = ?",
                                              (group, force)):
                if cid in sides:      # made just now: not read back
                    universe.append(sides[cid])
                    continue
                root, rep, names, key, place = _own(text)
                universe.append(near.Side(tuple(root), tuple(rep), frozenset(names), key, place))  # type: ignore[arg-type]
        cl = self._cl
        assert cl is not None      # _recluster ran
        rows = near.rows(universe, {s.root for s in sides.values()}, cl.blocked, cl.uf.find, self.decisions)
        self.con.executemany("INSERT INTO r_near VALUES (?, ?, ?)", [
            (_k(ra), _k(rb), _dumps([ka, kb, score, reason])) for ra, rb, ka, kb, score, reason in rows])

    def _write_near(self, cited: set[str], full: bool) -> None:
        """The store's table of near-misses (``near_miss``: the fields of
        :func:`kg.resolve.near.entry`, the node ids ``a_id`` and ``b_id``, and the two clusters),
        made again from ``r_near`` for every cluster whose near-misses, node id or representative's
        first citation may have changed: those joined again, those renamed, and those holding a
        spelling that a paper redone cites (``cited``)."""
        if full:
            self.con.execute("DELETE FROM near_miss")
            found = self.con.execute("SELECT rowid, a_cid, b_cid, row FROM r_near").fetchall()
        else:
            todo = self._old_cids | set(self._new) | self._renamed_cids
            todo |= {c for (c,) in self.db.many("SELECT DISTINCT cid FROM r_canon WHERE key IN ({})", cited)}
            for column in ("a_cid", "b_cid"):
                self.db.delete("near_miss", column, todo)
            found = sorted(set(self.db.many("SELECT rowid, a_cid, b_cid, row FROM r_near WHERE a_cid IN ({})", todo))
                           | set(self.db.many("SELECT rowid, a_cid, b_cid, row FROM r_near WHERE b_cid IN ({})", todo)))
        stored = [(a, b, _own(r)) for _rowid, a, b, r in found]
        nid = dict(self.db.many("SELECT cid, nid FROM r_cluster WHERE cid IN ({})",
                                {c for a, b, _r in stored for c in (a, b)}))
        cites: dict[str, tuple[str, str]] = {}
        for key, doc, cite in self.db.many("SELECT key, doc, cite FROM r_cite WHERE key IN ({})",
                                           {_k(k) for _a, _b, r in stored for k in r[:2]}):
            if key not in cites or doc < cites[key][0]:     # the first paper's, by id (as kg review)
                cites[key] = (doc, cite)
        first = {key: Cite(*_own(cite)) for key, (_doc, cite) in cites.items()}   # each read once
        rows = []
        for a, b, (ka, kb, score, reason) in stored:
            ka, kb = tuple(ka), tuple(kb)
            ca, cb = first.get(_k(ka)), first.get(_k(kb))
            e = near.entry((_unk(a), _unk(b), ka, kb, score, reason), ca, cb)  # type: ignore[arg-type]
            rows.append((a, b, *e.values(), nid.get(a, ""), nid.get(b, "")))
        self.con.executemany(f"INSERT INTO near_miss VALUES ({', '.join('?' * 14)})", rows)

    def _drop_unused(self, gone_keys: set[Key]) -> None:
        """Candidate keys of spellings no paper has any more."""
        ks = [_k(k) for k in gone_keys]
        still = {k for (k,) in self.db.many("SELECT DISTINCT key FROM r_spelling WHERE key IN ({})", ks)}
        self.db.delete("r_ktok", "key", [k for k in ks if k not in still])

    # -- parts and the graph ----------------------------------------------------------------------------
    def _repart(self, docs: set[str], removed: set[str], linked: dict[str, Extraction], full: bool = False) -> None:
        """Rebuild the parts of ``docs`` (and drop those of ``removed``); ``full``: the tables of
        parts are empty."""
        self.reparted = docs | removed
        for doc in sorted(docs | removed):
            self.touched_nodes |= {n for (n,) in self.con.execute("SELECT nid FROM r_node WHERE doc = ?", (doc,))}
            self.touched_rels |= {r for (r,) in self.con.execute("SELECT rid FROM r_rel WHERE doc = ?", (doc,))}
        self.db.delete("r_node", "doc", sorted(docs | removed))
        self.db.delete("r_rel", "doc", sorted(docs | removed))
        todo = sorted(docs)
        missing = [d for d in todo if d not in linked]
        if missing:
            for doc, ex in self.load(missing).items():
                known = self.db.known(phrase_key(p[0]) for p in ex.phrases)
                links = linked_mentions(ex, known)
                linked[doc] = Extraction(ex.doc, ex.mentions + links, ex.facts, ex.phrases) if links else ex
        if full:
            self._kept_nodes, self._kept_rels = defaultdict(list), defaultdict(list)
        # a full rebuild reads every spelling's canonical name once, not each paper's in a query of its own
        every = {_unk(k): (label, final) for k, label, final in self.con.execute(
            "SELECT key, label, final FROM r_canon")} if full else None
        with _indexes_after(self.con, ("r_node", "r_rel"), full):
            self._store_parts(todo, linked, every)

    def _store_parts(self, todo: list[str], linked: dict[str, Extraction],
                     every: dict[Key, tuple[str, str]] | None) -> None:
        for doc in todo:
            ex = linked[doc]
            pa = area_of(ex, self.decisions)
            if every is not None and doc in self._refs:
                canon = {k: every[k] for k in self._refs[doc] if k in every}
            else:
                refs = [k for (k,) in self.con.execute("SELECT key FROM r_ref WHERE doc = ?", (doc,))]
                canon = {_unk(k): (label, final) for k, label, final in self.db.many(
                    "SELECT key, label, final FROM r_canon WHERE key IN ({})", refs)}
            nodes, rels = doc_parts(ex, pa, canon)
            self.con.executemany("INSERT INTO r_node VALUES (?, ?, ?)",
                                 [(doc, nid, _dumps(p.to_json())) for nid, p in nodes.items()])
            by_rid: dict[str, list[Any]] = defaultdict(list)
            for r in rels:
                rid = rel_key(r)
                by_rid[rid].append(rel_part_json(r))
                if self._kept_rels is not None:
                    self._kept_rels[rid].append((r[0], doc, r[1], r))
            self.con.executemany("INSERT INTO r_rel VALUES (?, ?, ?)",
                                 [(doc, rid, _dumps(v)) for rid, v in by_rid.items()])
            if self._kept_nodes is not None:
                for nid, p in nodes.items():
                    self._kept_nodes[nid].append((doc, p))
            self.touched_nodes |= set(nodes)
            self.touched_rels |= set(by_rid)

    def _refold(self) -> None:
        """Fold the touched nodes and relationships again from every paper's parts; write them."""
        nids = sorted(self.touched_nodes)
        kept, kept_rels = self._kept_nodes, self._kept_rels
        self._kept_nodes = self._kept_rels = None
        parts: dict[str, list[tuple[str, str]]] = defaultdict(list)
        if kept is None:
            for doc, nid, part in self.db.many("SELECT doc, nid, part FROM r_node WHERE nid IN ({})", nids):
                parts[nid].append((doc, part))
        entries: dict[str, str] = {}
        for nid, _cid, entry in sorted(self.db.many("SELECT nid, cid, entry FROM r_cluster WHERE nid IN ({})", nids)):
            if entry is not None:
                entries[nid] = entry
        old_nodes = {nid: props for nid, props in self.db.many("SELECT id, props FROM nodes WHERE id IN ({})", nids)}
        rels: dict[str, tuple[str, str, str, str]] = {}
        mention_rels: set[str] = set()
        gone: list[str] = []
        written: list[tuple[str, str, str]] = []
        for nid in nids:
            old = old_nodes.get(nid)
            old_sources: list[str] = _own(old).get("sources", []) if old is not None else []
            if kept is None:
                ps = [NodePart.from_json(_own(p)) for _d, p in sorted(parts.get(nid, []))]
                docs = {d for d, _p in parts.get(nid, [])}
            else:   # one part a paper: in paper order
                ps = [p for _d, p in sorted(kept.get(nid, []), key=lambda dp: dp[0])]
                docs = {d for d, _p in kept.get(nid, [])}
            folded = fold_node(nid, ps, _own(entries[nid]) if nid in entries else None)
            node, cites = folded if folded is not None else (None, {})
            # a MENTIONED_IN (node, paper) is the paper's first citation of the node, from the
            # paper's own part: only those of rebuilt papers can change (all, should a part cite
            # another paper)
            foreign = set(cites) - docs
            redo = set(old_sources) | set(cites)
            redo = redo if foreign else redo & self.reparted
            ids = {} if nid.startswith("doc:") else {d: mention_id(nid, d) for d in redo}
            mention_rels.update(ids.values())
            if node is None:
                gone.append(nid)
                continue
            row = _dumps(node.props)
            if row != old:
                written.append((nid, node.label, row))
            if node.label != "Document":
                for r in mentioned_in(nid, {d: c for d, c in cites.items() if d in redo}, ids):
                    rels[r.id] = (r.type, r.start, r.end, _dumps(r.props))
        self.db.delete("nodes", "id", gone)
        self.con.executemany("INSERT OR REPLACE INTO nodes VALUES (?, ?, ?)", written)
        self.touched_rels |= mention_rels
        rids = sorted(self.touched_rels - set(rels))
        contributions: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        if kept_rels is not None:
            contributions.update(kept_rels)
        else:
            for doc, rid, part in self.db.many("SELECT doc, rid, part FROM r_rel WHERE rid IN ({})", rids):
                for c in _own(part):
                    contributions[rid].append((c[0], doc, c[1], rel_part_from_json(c)))
        for rid in rids:
            cs = contributions.get(rid)
            if cs:
                r = fold_rel((c[3] for c in sorted(cs, key=lambda c: c[:3])), rid)
                rels[rid] = (r.type, r.start, r.end, _dumps(r.props))
        all_rids = sorted(self.touched_rels | set(rels))
        old_rels = {rid: tuple(rest) for rid, *rest in self.db.many(
            'SELECT id, type, start, "end", props FROM rels WHERE id IN ({})', all_rids)}
        self.db.delete("rels", "id", [rid for rid in all_rids if rid not in rels and rid in old_rels])
        self.con.executemany("INSERT OR REPLACE INTO rels VALUES (?, ?, ?, ?, ?)",
                             [(rid, *v) for rid, v in sorted(rels.items()) if old_rels.get(rid) != v])
        if self.ledger_changed:
            entries_all = [e for (e,) in self.con.execute(
                "SELECT entry FROM r_cluster WHERE entry IS NOT NULL ORDER BY label, name, cid")]
            self.con.execute("DELETE FROM ledger")
            self.con.executemany("INSERT INTO ledger VALUES (?, ?)", list(enumerate(entries_all)))


class _Overlay(dict):  # type: ignore[type-arg]
    """The canon :func:`rename_meetings` reads (boards too) and writes (meetings only)."""

    def __init__(self, target: dict[Key, tuple[str, str]], readable: dict[Key, tuple[str, str]]) -> None:
        super().__init__(readable)
        self.target = target

    def __setitem__(self, key: Key, value: tuple[str, str]) -> None:
        super().__setitem__(key, value)
        self.target[key] = value

