"""The embedded store's file: SQLite (format 2) against the single JSON file it replaced (format 1).

Takes an existing store (for instance one ``bench/county.py --keep DIR`` left in ``DIR/store-jobs2``),
writes the same content as a format-1 ``graph.json`` beside it, and times, in alternating runs
(JSON, SQLite, JSON, SQLite ...) in fresh processes:

* **read**: what a query needs, the merged graph (format 1 parses the whole file, extractions
  included; format 2 reads the graph tables);
* **write one paper**: storing one changed paper with the graph (format 1 rewrites the whole
  file with ``json.dumps``; format 2 writes the paper's row and the graph rows that differ).

    .venv/bin/python bench/store_format.py /tmp/county/store-jobs2 --pairs 3
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

READ = """
import sys, time
from kg.store import NetworkxStore
t = time.perf_counter(); g = NetworkxStore(sys.argv[1]).graph()
print(time.perf_counter() - t)
"""

WRITE = """
import json, os, sys, time
from kg.store import NetworkxStore
from kg.store.memory import LEGACY_FILE
s = NetworkxStore(sys.argv[1]); fmt = sys.argv[2]
exs = s.extractions(); g = s.graph(); led = s.ledger()
doc = sorted(exs)[0]
exs[doc].doc.title += " (changed)"
t = time.perf_counter()
if fmt == "json":   # what format 1 did: the whole store dumped and renamed
    data = {"format": 1, "extractions": {k: exs[k].to_json() for k in sorted(exs)},
            "nodes": [{"id": n.id, "label": n.label, "props": n.props} for n in g.nodes.values()],
            "rels": [{"id": r.id, "type": r.type, "start": r.start, "end": r.end, "props": r.props}
                     for r in g.rels.values()], "ledger": led}
    tmp = os.path.join(sys.argv[1], ".graph-bench.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        fh.flush(); os.fsync(fh.fileno())
    os.replace(tmp, os.path.join(sys.argv[1], LEGACY_FILE))
else:
    with s.locked():
        s.apply({doc: exs[doc]}, set(), g, led)
print(time.perf_counter() - t)
"""


def timed(code: str, *args: str) -> float:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("store", type=Path)
    ap.add_argument("--pairs", type=int, default=3)
    args = ap.parse_args()
    from kg.store import NetworkxStore

    work = Path(tempfile.mkdtemp(prefix="kg-format-"))
    sql, legacy = work / "sqlite", work / "json"
    shutil.copytree(args.store, sql)
    legacy.mkdir()
    s = NetworkxStore(sql)
    exs, g = s.extractions(), s.graph()
    data = {"format": 1, "extractions": {k: exs[k].to_json() for k in sorted(exs)},
            "nodes": [{"id": n.id, "label": n.label, "props": n.props} for n in g.nodes.values()],
            "rels": [{"id": r.id, "type": r.type, "start": r.start, "end": r.end, "props": r.props}
                     for r in g.rels.values()], "ledger": s.ledger()}
    (legacy / "graph.json").write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                                       encoding="utf-8")
    print(f"{len(exs)} documents, {len(g.nodes)} nodes, {len(g.rels)} relationships; "
          f"graph.json {(legacy / 'graph.json').stat().st_size / 2**20:.1f} MB, "
          f"graph.sqlite {(sql / 'graph.sqlite').stat().st_size / 2**20:.1f} MB")
    for what, code in (("read the graph", READ), ("write one changed paper", WRITE)):
        ratios = []
        for i in range(args.pairs):
            tj = timed(code, str(legacy), "json")
            ts = timed(code, str(sql), "sqlite")
            ratios.append(tj / ts)
            print(f"  {what}, pair {i + 1}: json {tj:.3f}s  sqlite {ts:.3f}s  json/sqlite {tj / ts:.2f}")
        print(f"{what}: json/sqlite median {statistics.median(ratios):.2f}, "
              f"spread {min(ratios):.2f}-{max(ratios):.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
