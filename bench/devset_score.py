"""Extraction quality on the development documents and on the held-out third, side by side.

    .venv/bin/python bench/devset_score.py [--shared ../shared] [--per-doc]

Sets (each document counts once in the mean):

* ``dev``: the sample corpus and the external excerpts of the shared folder (``corpus/``,
  ``external/docs``, with ``gold/`` and ``external/gold``) and ``tests/devset/dev``;
* ``heldout-2``: the held-out papers of rounds 2 to 4 (numbers 60 and up), blind when they arrived;
* ``round-4`` to ``round-30``: the papers of each round of eight (round 4: numbers 100 to 107, round 5:
  108 to 115, and so on to round 21: 236 to 243; round 22 was not taken; round 23: 252 to 259,
  and so on to round 26: 276 to 283; round 27: 284 to 291; round 28: 292 to 298, without 293
  and 294, papers of Merseyside boroughs, and 299, a paper already in the set), development and
  held-out, each round scored once as they arrived, before any rule saw them (the development ones
  are read afterwards);
* ``heldout``: ``tests/devset/heldout``, a third of the documents added to the set, chosen by
  number before any was scored. Only its scores are printed, never its misses.

Each set is ingested with ``kg ingest`` into its own temporary store, exported, and scored with
the shared ``eval/score.py``. Prints, per set: micro precision / recall / F1 over relationships,
mean F1 over documents, the worst document, and (``--per-doc``) one line per document.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "tests" / "devset"


def _scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("kg_eval_score", shared / "eval" / "score.py")
    if spec is None or spec.loader is None:
        sys.exit(f"devset_score: no scorer at {shared / 'eval' / 'score.py'}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _sets(shared: Path) -> dict[str, tuple[list[Path], list[Path]]]:
    dev_docs = [*sorted((shared / "corpus").glob("*.txt")), *sorted((shared / "external" / "docs").glob("*.txt")),
                *sorted((DEVSET / "dev" / "docs").glob("*.txt"))]
    dev_gold = [*sorted((shared / "gold").glob("*.jsonl")), *sorted((shared / "external" / "gold").glob("*.jsonl")),
                *sorted((DEVSET / "dev" / "gold").glob("*.jsonl"))]
    held = (sorted((DEVSET / "heldout" / "docs").glob("*.txt")), sorted((DEVSET / "heldout" / "gold").glob("*.jsonl")))
    # rounds 2 to 4 (numbers 60 and up): made held-out on arrival, before any rule saw them
    fresh = ([d for d in held[0] if _num(d) >= 60], [g for g in held[1] if _num(g) >= 60])

    def rnd(lo: int, hi: int) -> tuple[list[Path], list[Path]]:
        return ([d for d in [*dev_docs, *held[0]] if d.parent.parent.parent == DEVSET and lo <= _num(d) < hi],
                [g for g in [*dev_gold, *held[1]] if g.parent.parent.parent == DEVSET and lo <= _num(g) < hi])

    return {"dev": (dev_docs, dev_gold), "heldout": held, "heldout-2": fresh, "round-4": rnd(100, 108),
            "round-5": rnd(108, 116), "round-6": rnd(116, 124), "round-7": rnd(124, 132),
            "round-8": rnd(132, 140), "round-9": rnd(140, 148),
            "round-10": rnd(148, 156),
            "round-11": rnd(156, 164), "round-12": rnd(164, 172),
            "round-13": rnd(172, 180), "round-14": rnd(180, 188),
            "round-15": rnd(188, 196), "round-16": rnd(196, 204),
            "round-17": rnd(204, 212), "round-18": rnd(212, 220),
            "round-19": rnd(220, 228), "round-20": rnd(228, 236),
            "round-21": rnd(236, 244), "round-23": rnd(252, 260), "round-24": rnd(260, 268),
            "round-25": rnd(268, 276), "round-26": rnd(276, 284),
            "round-27": rnd(284, 292), "round-28": rnd(292, 300),
            "round-29": rnd(300, 308),
            "round-30": rnd(308, 316)}


def _num(path: Path) -> int:
    head = path.name.split("_")[0].split(".")[0]
    return int(head) if head.isdigit() else -1


def _prf(d: dict) -> tuple[float, float, float]:
    p = d["tp"] / d["pred"] if d["pred"] else 0.0
    r = d["tp"] / d["gold"] if d["gold"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_set(kg: str, scorer: ModuleType, docs: list[Path], gold: list[Path]) -> dict:
    """Ingest ``docs`` into a fresh store and score the export against ``gold``, per document."""
    work = Path(tempfile.mkdtemp(prefix="kg-devset-"))
    try:
        (work / "docs").mkdir()
        for d in docs:
            shutil.copy(d, work / "docs" / d.name)
        run = subprocess.run([kg, "ingest", str(work / "docs"), "--store", str(work / "store"), "-q"],
                             capture_output=True, text=True)
        if run.returncode not in (0, 1):
            sys.exit("devset_score: kg ingest failed: " + (run.stderr.strip().splitlines() or ["?"])[-1])
        export = work / "export.jsonl"
        run = subprocess.run([kg, "export", "--store", str(work / "store"), "-o", str(export)],
                             capture_output=True, text=True)
        if run.returncode:
            sys.exit("devset_score: kg export failed: " + (run.stderr.strip().splitlines() or ["?"])[-1])
        by_doc: dict[str, list[str]] = {}
        for g in gold:
            with open(g, encoding="utf-8") as fh:
                by_doc.setdefault(json.loads(fh.readline())["doc"], []).append(str(g))
        rows = []
        tot = {"gold": 0, "pred": 0, "tp": 0}
        for doc, files in sorted(by_doc.items()):
            by_type, _ = scorer.score(str(export), files)
            d = {k: sum(v[k] for v in by_type.values()) for k in tot}
            for k in tot:
                tot[k] += d[k]
            rows.append((_prf(d)[2], doc, d))
        rows.sort()
        return {"micro": _prf(tot), "mean": sum(r[0] for r in rows) / max(1, len(rows)), "rows": rows}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--kg", default=str(ROOT / ".venv" / "bin" / "kg"))
    ap.add_argument("--per-doc", action="store_true", help="one line per document")
    a = ap.parse_args()
    scorer = _scorer(a.shared)
    for name, (docs, gold) in _sets(a.shared).items():
        if not docs:
            continue  # a round whose papers have not arrived yet
        res = score_set(a.kg, scorer, docs, gold)
        p, r, f = res["micro"]
        worst = res["rows"][0] if res["rows"] else (0.0, "-", {})
        print(f"{name:8} {len(res['rows']):3} documents: micro P {p:.2f} R {r:.2f} F1 {f:.2f}; "
              f"mean F1 over documents {res['mean']:.2f}; worst {worst[0]:.2f} ({worst[1]})")
        if a.per_doc:
            for f1, doc, d in res["rows"]:
                print(f"    {doc:52} gold {d['gold']:4} pred {d['pred']:4} tp {d['tp']:4} F1 {f1:.2f}")


if __name__ == "__main__":
    main()
