"""What keeping the user's comments costs `kg review --same`: a decision saved into a commented
decisions file by ruamel.yaml's round trip (:meth:`kg.resolve.Decisions.save`), against the same
decisions dumped anew by PyYAML (what save did before, comments lost).

    .venv/bin/python bench/bench_decisions.py [--rows 200] [--pairs 7]

Each run is a fresh Python process (as `kg review` is), alternating A B A B ...: the run loads
the file, adds one decision and saves it; its wall and CPU seconds include importing the YAML
library it writes with. Prints every run, each median, and the median and spread (min-max) of the
per-run ratios (round trip / rewrite), by wall and by CPU time.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from pairs_summary import print_summary, run_child  # (run as a script: bench/ is on the path)

_CODE = {
    "rewrite (PyYAML)": (
        "import yaml, pathlib; from kg.resolve.decisions import Decisions, _HEADER; p = pathlib.Path({path!r}); "
        "d = Decisions.load(p); d.add('same', 'Person', 'Ann New', 'Anne New'); "
        "p.write_text(_HEADER + yaml.safe_dump({{'merge': [list(r) for r in d.merge], "
        "'keep_apart': [list(r) for r in d.keep_apart]}}, sort_keys=False, allow_unicode=True))"),
    "round trip (ruamel.yaml)": (
        "import pathlib; from kg.resolve.decisions import Decisions; p = pathlib.Path({path!r}); "
        "d = Decisions.load(p); d.add('same', 'Person', 'Ann New', 'Anne New'); d.save(p)"),
}


def _file(rows: int) -> str:
    """A decisions file of ``rows`` merges, each with a note, as a user who keeps notes writes it."""
    lines = ["# decisions agreed at the data group", "merge:"]
    for i in range(rows):
        lines += [f"  # checked against paper {i}", f'  - [Person, "Person {i} Smith", "Person {i} Smyth"]']
    lines += ["keep_apart: []", ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200)
    ap.add_argument("--pairs", type=int, default=7)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-decisions-"))
    text = _file(args.rows)
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in _CODE}
    for n in range(args.pairs):
        for name, code in _CODE.items():
            path = folder / "decisions.yaml"
            path.write_text(text, encoding="utf-8")
            wall, cpu = run_child(code.format(path=str(path)))
            times[name].append((wall, cpu))
            print(f"run {n + 1} {name}: wall {wall:.3f} s, cpu {cpu:.3f} s")
    print_summary(times, "round trip / rewrite", 3)


if __name__ == "__main__":
    main()
