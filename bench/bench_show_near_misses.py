"""What listing near-misses costs `kg show`: a plain show, which reads a node's stored near-misses
by its id, against the same show without them and against finding them again (``--near-misses``).

    .venv/bin/python bench/bench_show_near_misses.py STORE NAME [--pairs 7] [--baseline DIR]

Each run is a fresh Python process (as `kg show` is), alternating A B C A B C ...:

* **graph only**: the entity's lines and nothing else (:func:`kg.show.entity_info`, then
  :func:`kg.show.format_show`): what a plain `kg show` did before the near-misses were stored;
* **plain show**: :func:`kg.show.show_entity` then :func:`kg.show.format_show`, which also reads the
  node's near-misses from the store's ``near_miss`` table;
* **found again**: ``show_entity(..., near=True)``: every extraction read and every paper's
  spellings clustered again (``kg show --near-misses``).

With ``--baseline DIR`` (a source tree of kg from before, e.g. ``git archive a4ee019 | tar -x -C
DIR``), two more alternate: the whole ``kg show NAME`` command run by that tree's code and by this
tree's, on the same store (an older kg reads a newer store; it ignores the tables it does not know).

Prints every run (wall and CPU seconds, the 1-minute load average), each median, and the median
and spread (min-max) of the per-run ratios to the first, by wall and by CPU time. CPU time is what
a run costs whatever else the machine does; wall time on a shared machine is mostly the others'.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SHOW = ("import sys; from kg.store import open_store; from kg.show import entity_info, format_show, show_entity; "
         "st = open_store('networkx', {store!r}); ")
_CODE = {
    "graph only": _SHOW + "sys.stdout.write(format_show(entity_info(st.graph(), {name!r})))",
    "plain show": _SHOW + "sys.stdout.write(format_show(show_entity(st, {name!r})))",
    "found again": _SHOW + "sys.stdout.write(format_show(show_entity(st, {name!r}, near=True)))",
}
_CLI = "import sys; sys.argv = ['kg', 'show', {name!r}, '--store', {store!r}]; from kg.cli import main; main()"


def run(code: str, cwd: Path) -> dict[str, float]:
    """One fresh process running ``code`` in ``cwd`` (whose ``kg`` it imports): wall and CPU seconds."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}) in {cwd}: {proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "load": load}


def alternate(cases: dict[str, tuple[str, Path]], pairs: int) -> None:
    """Runs of each case in turn, ``pairs`` rounds; prints them, the medians and the ratios to the first."""
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in cases}
    for i in range(pairs):
        line = []
        for label, (code, cwd) in cases.items():
            r = run(code, cwd)
            runs[label].append(r)
            line.append(f"{label} {r['wall']:.3f}s wall {r['cpu']:.3f}s cpu (load {r['load']:.1f})")
        print(f"  round {i + 1}: " + "; ".join(line), flush=True)
    first = next(iter(cases))
    for label, rs in runs.items():
        text = f"{label:12} median {statistics.median(r['wall'] for r in rs):.3f}s wall, " \
               f"{statistics.median(r['cpu'] for r in rs):.3f}s cpu"
        if label != first:
            for measure in ("wall", "cpu"):
                ratios = [r[measure] / max(f[measure], 1e-9) for r, f in zip(rs, runs[first], strict=True)]
                text += f"; / {first} by {measure}: median {statistics.median(ratios):.3f}x " \
                        f"(min {min(ratios):.3f}, max {max(ratios):.3f})"
        print(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("store", type=Path)
    ap.add_argument("name")
    ap.add_argument("--pairs", type=int, default=7, help="rounds of alternating runs")
    ap.add_argument("--baseline", type=Path, help="a source tree of kg from before, to run `kg show` by")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from kg.show import show_entity
    from kg.store import open_store

    st = open_store("networkx", args.store)
    info = show_entity(st, args.name)
    again = show_entity(st, args.name, near=True)
    stored = st.near_misses() or []
    print(f"store: {len(st.document_hashes())} papers, {len(stored)} near-misses stored; {info['name']!r}: "
          f"{len(info.get('near_misses', []))} near-misses ({len(again['near_misses'])} found again)")
    store, name = str(args.store.resolve()), args.name
    alternate({k: (code.format(store=store, name=name), ROOT) for k, code in _CODE.items()}, args.pairs)
    if args.baseline:
        print(f"`kg show {name}`, by the code of {args.baseline} and of {ROOT}:")
        cli = _CLI.format(store=store, name=name)
        alternate({"before": (cli, args.baseline.resolve()), "now": (cli, ROOT)}, args.pairs)


if __name__ == "__main__":
    main()
