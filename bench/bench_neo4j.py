"""Benchmark: loading a large governance graph into Neo4j, and named-query latency on both stores.

The sample corpus's extracted graph is replicated with fresh ids (copy k renames its entities
"Name (k)", so the header examples of the named queries still find exactly one entity) until it
has at least 100,000 nodes and 300,000 relationships. Then, each into an empty database:

  (a) Neo4jStore.commit: the real loader (constraint and index creation included in its time);
  (b) one plain ``UNWIND $rows AS r MERGE ... SET ... = r.props`` statement per label and per
      relationship type, at the same batch size, with the same constraints created beforehand
      (untimed): the fastest straightforward loader;
  (c) one MERGE statement per row, each in its own transaction, on a sample of rows, extrapolated
      to rows/s (said so in the output).

(b), (a), then (a') the same commit again (nothing changed: nothing is written) and (a'') a
commit where one copy of the corpus changed, alternate over ``--rounds`` rounds; every run is
printed, with the median and spread of each and of the per-round ratios.

Then p50/p95 latency of every named query (its header example) on the loaded graph, on Neo4j and
on the embedded store. Targets: a >= 0.9 x b (rows/s), a' < 5 % of a, a >= 20 x c, Neo4j query
p50 <= 50 ms.

Usage:
    .venv/bin/python bench/bench_neo4j.py [--batch 5000] [--runs 20] [--sample 2000] [--rounds 3] [--no-queries]
    .venv/bin/python bench/bench_neo4j.py --queries-only [--min-nodes 20000 --min-rels 40000]
        (one commit, then only the query latencies: for quick iteration on the queries)

Uses NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD when NEO4J_URI is set (the database is WIPED),
else starts a throwaway server (kg.neo4j_server) for the run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from kg.ingest import ingest
from kg.model import Graph, NodeRec, RelRec
from kg.queries import list_queries, run_networkx
from kg.store import NetworkxStore
from kg.store.memory import to_networkx
from kg.store.neo4j import Neo4jStore, open_neo4j

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def replicate(graph: Graph, copies: int) -> Graph:
    """``copies`` disjoint copies with fresh ids; copy k>0 suffixes names and aliases with " (k)"."""
    out = Graph()
    for k in range(copies):
        sfx = "" if k == 0 else f"~{k}"
        for n in graph.nodes.values():
            p = {**n.props, "id": n.id + sfx}
            if k:
                p["name"] = f"{p.get('name', n.id)} ({k})"
                if isinstance(p.get("aliases"), list):
                    p["aliases"] = [f"{a} ({k})" for a in p["aliases"]]
            out.add_node(NodeRec(n.id + sfx, n.label, p))
        for r in graph.rels.values():
            out.add_rel(RelRec(r.id + sfx, r.type, r.start + sfx, r.end + sfx, {**r.props, "id": r.id + sfx}))
    return out


def perturb(graph: Graph, copy: int) -> Graph:
    """``graph`` with every node and relationship of one copy changed (a property added), the rest
    the very same objects: what a commit after a few papers changed looks like."""
    out = Graph()
    sfx = f"~{copy}"
    for n in graph.nodes.values():
        out.add_node(NodeRec(n.id, n.label, {**n.props, "note": "changed"}) if n.id.endswith(sfx) else n)
    for r in graph.rels.values():
        out.add_rel(RelRec(r.id, r.type, r.start, r.end, {**r.props, "note": "changed"}) if r.id.endswith(sfx) else r)
    return out


def wipe(store: Neo4jStore, drop_schema: bool) -> None:
    """Empty the database quickly (batched in server-side transactions)."""
    with store._driver.session(database=store.database) as s:
        s.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        if drop_schema:
            for r in list(s.run("SHOW CONSTRAINTS YIELD name RETURN name")):
                s.run(f"DROP CONSTRAINT `{r['name']}` IF EXISTS").consume()
            for r in list(s.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name")):
                s.run(f"DROP INDEX `{r['name']}` IF EXISTS").consume()


Rows = list[dict[str, Any]]


def plain_rows(graph: Graph) -> tuple[dict[str, Rows], dict[tuple[str, str, str], Rows]]:
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n in graph.nodes.values():
        nodes[n.label].append({"id": n.id, "props": n.props})
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in graph.rels.values():
        rels[(r.type, graph.nodes[r.start].label, graph.nodes[r.end].label)].append(
            {"id": r.id, "s": r.start, "e": r.end, "props": r.props})
    return nodes, rels


def load_plain(store: Neo4jStore, graph: Graph, batch: int) -> None:
    """(b): one UNWIND MERGE statement per label and type, batch by batch."""
    nodes, rels = plain_rows(graph)
    with store._driver.session(database=store.database) as s:
        for label, rows in nodes.items():
            q = f"UNWIND $rows AS r MERGE (n:`{label}` {{id: r.id}}) SET n = r.props"
            for i in range(0, len(rows), batch):
                s.execute_write(lambda tx, q=q, b=rows[i:i + batch]: tx.run(q, rows=b).consume())
        for (t, sl, el), rows in rels.items():
            q = (f"UNWIND $rows AS r MATCH (a:`{sl}` {{id: r.s}}) MATCH (b:`{el}` {{id: r.e}}) "
                 f"MERGE (a)-[x:`{t}` {{id: r.id}}]->(b) SET x = r.props")
            for i in range(0, len(rows), batch):
                s.execute_write(lambda tx, q=q, b=rows[i:i + batch]: tx.run(q, rows=b).consume())


def load_per_row(store: Neo4jStore, graph: Graph, sample: int) -> tuple[int, float]:
    """(c): one MERGE per row in its own transaction, on the first ``sample`` nodes and then the
    relationships among them; returns (rows, seconds)."""
    nodes = sorted(graph.nodes.values(), key=lambda n: n.id)[:sample]
    ids = {n.id for n in nodes}
    rels = [r for r in sorted(graph.rels.values(), key=lambda r: r.id) if r.start in ids and r.end in ids][:sample]
    t0 = time.perf_counter()
    with store._driver.session(database=store.database) as s:
        for n in nodes:
            q = f"MERGE (n:`{n.label}` {{id: $id}}) SET n = $props"
            s.execute_write(lambda tx, q=q, n=n: tx.run(q, id=n.id, props=n.props).consume())
        for r in rels:
            sl, el = graph.nodes[r.start].label, graph.nodes[r.end].label
            q = (f"MATCH (a:`{sl}` {{id: $s}}) MATCH (b:`{el}` {{id: $e}}) "
                 f"MERGE (a)-[x:`{r.type}` {{id: $id}}]->(b) SET x = $props")
            s.execute_write(lambda tx, q=q, r=r: tx.run(q, s=r.start, e=r.end, id=r.id, props=r.props).consume())
    return len(nodes) + len(rels), time.perf_counter() - t0


def pick_params(base: Graph) -> dict[str, dict[str, str]]:
    """Per named query: its header example if that gives rows on the corpus graph, else the first
    entity names of the corpus graph that do (so latencies are measured on real answers)."""
    nxg = to_networkx(base)
    names = [n.name for n in sorted(base.nodes.values(), key=lambda n: (n.label, n.id)) if n.label != "Document"]
    out: dict[str, dict[str, str]] = {}
    for q in list_queries():
        keys = list(q.params)
        example = {k: ex for k, (_, ex) in q.params.items()}
        candidates = [example]
        if len(keys) == 1:
            candidates += [{keys[0]: n} for n in names]
        elif len(keys) == 2:
            candidates += [{keys[0]: a, keys[1]: b} for a, b in zip(names[::7], names[3::7], strict=False)]
        out[q.name] = next((c for c in candidates[:400] if run_networkx(q.name, nxg, c)), example)
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, math.ceil(p / 100 * len(xs)) - 1))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--batch", type=int, default=5000, help="rows per UNWIND batch for (a) and (b)")
    ap.add_argument("--runs", type=int, default=20, help="timed runs per named query")
    ap.add_argument("--sample", type=int, default=2000, help="nodes (and as many relationships) for (c)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of (b), (a), (a'), (a''), alternating")
    ap.add_argument("--min-nodes", type=int, default=100_000)
    ap.add_argument("--min-rels", type=int, default=300_000)
    ap.add_argument("--queries-only", action="store_true", help="skip the loader comparison")
    ap.add_argument("--no-queries", action="store_true", help="only the loader comparison")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        base_store = NetworkxStore(Path(tmp) / "store")
        ingest([CORPUS], base_store)
        base = base_store.graph()
        copies = max(math.ceil(args.min_nodes / len(base.nodes)), math.ceil(args.min_rels / len(base.rels)))
        big = replicate(base, copies)
        rows = len(big.nodes) + len(big.rels)
        print(f"graph: corpus {len(base.nodes)} nodes / {len(base.rels)} rels x {copies} copies = "
              f"{len(big.nodes)} nodes, {len(big.rels)} relationships ({rows} rows); batch {args.batch}")

        server = None
        if os.environ.get("NEO4J_URI"):
            store = open_neo4j(batch_size=args.batch)
        else:
            from kg import neo4j_server

            server = neo4j_server.start(Path(tmp) / "neo4j", heap=os.environ.get("KG_NEO4J_HEAP", "2g"),
                                        pagecache=os.environ.get("KG_NEO4J_PAGECACHE", "1g"))
            store = open_neo4j(uri=server.uri, password=server.password, batch_size=args.batch)
        try:
            exs = base_store.extractions()
            if args.queries_only:
                wipe(store, drop_schema=True)
                t0 = time.perf_counter()
                store.commit(exs, big)
                print(f"(a) Neo4jStore.commit      {time.perf_counter() - t0:8.1f} s")
                return time_queries(store, base, big, args.runs)
            labels = {n.label for n in big.nodes.values()}
            # warm the JVM up (JIT, page cache) on a small load, untimed
            wipe(store, drop_schema=True)
            store.ensure_schema(labels)
            load_plain(store, replicate(base, 5), args.batch)
            changed = perturb(big, copy=1)
            n_changed = sum(1 for k in changed.nodes if k.endswith("~1")) + \
                sum(1 for k in changed.rels if k.endswith("~1"))
            # rounds of (b) (a) (a') (a''), alternating, every run kept
            runs: dict[str, list[float]] = defaultdict(list)
            for i in range(args.rounds):
                # (b) plain UNWIND MERGE, constraints in place beforehand (untimed)
                wipe(store, drop_schema=True)
                store.ensure_schema(labels)
                t0 = time.perf_counter()
                load_plain(store, big, args.batch)
                runs["b"].append(time.perf_counter() - t0)
                # (a) the real loader into an empty database, schema creation included
                wipe(store, drop_schema=True)
                t0 = time.perf_counter()
                store.commit(exs, big)
                runs["a"].append(time.perf_counter() - t0)
                # (a') the same commit again: nothing changed, nothing is written
                t0 = time.perf_counter()
                store.commit(exs, big)
                runs["noop"].append(time.perf_counter() - t0)
                # (a'') one copy of the corpus changed (every node and relationship of it), then back
                t0 = time.perf_counter()
                store.commit(exs, changed)
                runs["change"].append(time.perf_counter() - t0)
                store.commit(exs, big)
                print(f"round {i + 1}: b {runs['b'][-1]:.1f} s, a {runs['a'][-1]:.1f} s, "
                      f"a' {runs['noop'][-1]:.2f} s, a'' {runs['change'][-1]:.2f} s", flush=True)
            check = store.graph()
            assert check.nodes == big.nodes and check.rels.keys() == big.rels.keys()
            # (c) per-row MERGE on a sample, into an empty database with the constraints in place
            wipe(store, drop_schema=False)
            rc, tc = load_per_row(store, big, args.sample)
            # the big graph back for the query latencies
            wipe(store, drop_schema=False)
            store.commit(exs, big)

            ta, tb = statistics.median(runs["a"]), statistics.median(runs["b"])
            ra, rb, rcs = rows / ta, rows / tb, rc / tc
            for key, title in (("a", "(a) Neo4jStore.commit, fresh"), ("b", "(b) plain UNWIND MERGE"),
                               ("noop", "(a') commit again (no-op)"),
                               ("change", f"(a'') {n_changed} rows changed")):
                xs = runs[key]
                print(f"{title:34} median {statistics.median(xs):7.2f} s  spread {min(xs):.2f}-{max(xs):.2f} s"
                      f"  (runs: {', '.join(f'{x:.2f}' for x in xs)})")
            print(f"(c) MERGE per row                  {tc:7.1f} s  {rcs:10,.0f} rows/s  (sample of {rc} rows, "
                  "extrapolated)")
            load = [b / a for a, b in zip(runs["a"], runs["b"], strict=True)]
            noop = [x / a for a, x in zip(runs["a"], runs["noop"], strict=True)]
            change = [x / a for a, x in zip(runs["a"], runs["change"], strict=True)]
            for title, xs, target in (("load a vs b (rows/s, per round)", load, ">= 0.9"),
                                      ("no-op / fresh load (per round)", noop, "< 0.05"),
                                      ("change / fresh load (per round)", change, "")):
                print(f"{title:34} median {statistics.median(xs):.3f}  spread {min(xs):.3f}-{max(xs):.3f}"
                      f"  (runs: {', '.join(f'{x:.3f}' for x in xs)})" + (f"  target {target}" if target else ""))
            print(f"a/c = {ra / rcs:.1f} (target >= 20); a/b by medians = {ra / rb:.2f}")
            return 0 if args.no_queries else time_queries(store, base, big, args.runs)
        finally:
            store.close()
            if server is not None:
                server.stop()


def time_queries(store: Neo4jStore, base: Graph, big: Graph, runs: int) -> int:
    """p50/p95 of every named query on both stores; the rows must be the same (exit 1 if not)."""
    chosen = pick_params(base)
    print(f"\nnamed queries on {len(big.nodes)} nodes / {len(big.rels)} relationships "
          f"({runs} runs after 2 warm-ups; parameters: the header example, or the first corpus "
          "entity that gives rows):")
    nxg = to_networkx(big)
    print(f"{'query':24} {'rows':>5} {'neo4j p50':>10} {'p95':>8} {'networkx p50':>13} {'p95':>8}")
    worst = 0.0
    differ = 0
    for q in list_queries():
        params = chosen[q.name]
        lat: dict[str, list[float]] = {"neo4j": [], "networkx": []}
        n_rows = 0
        for i in range(runs + 2):
            t0 = time.perf_counter()
            got = store.query(q.name, params)
            dt = time.perf_counter() - t0
            t0 = time.perf_counter()
            want = run_networkx(q.name, nxg, params)
            dn = time.perf_counter() - t0
            if i >= 2:
                lat["neo4j"].append(dt * 1000)
                lat["networkx"].append(dn * 1000)
            n_rows = len(got)
            if got != want and i == 0:
                differ += 1
                print(f"  ! {q.name}: the rows differ ({len(got)} on neo4j, {len(want)} on networkx)")
        p50 = statistics.median(lat["neo4j"])
        worst = max(worst, p50)
        print(f"{q.name:24} {n_rows:>5} {p50:9.1f}ms {pct(lat['neo4j'], 95):7.1f}ms "
              f"{statistics.median(lat['networkx']):12.1f}ms {pct(lat['networkx'], 95):7.1f}ms  "
              + json.dumps(params, ensure_ascii=False)[:70])
    print(f"worst Neo4j p50: {worst:.1f} ms (target <= 50 ms)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
