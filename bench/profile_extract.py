"""Where extraction spends its time: cProfile over every development document.

    .venv/bin/python bench/profile_extract.py [--top 30] [--sort tottime] [--by-stage]

Runs kg.extract.extract once over the documents of ``bench/extract_same.py`` (warm-up, so
compiled patterns and lazy imports are not counted), then again under cProfile, and prints the top
functions. ``--by-stage`` prints the time of each pipeline component and of each rule instead.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

from kg.extract import extract
from kg.extract.pipeline import RULE_STAGES, default_nlp
from kg.loaders import load

HERE = Path(__file__).resolve().parent


def _documents(shared: Path) -> list[Path]:
    spec = importlib.util.spec_from_file_location("extract_same", HERE / "extract_same.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return list(mod.documents(shared))


def by_stage(docs: list) -> None:  # type: ignore[type-arg]
    """Seconds per rule (``module:function``), summed over the documents, largest first."""
    import importlib

    nlp = default_nlp()
    spent: dict[str, float] = defaultdict(float)
    wrapped = {}
    for st in RULE_STAGES:
        for path in st.rules:
            module, func = path.split(":")
            mod = importlib.import_module(f"kg.extract.{module}")
            orig = getattr(mod, func)

            def timed(ctx, _orig=orig, _path=path):  # type: ignore[no-untyped-def]
                t0 = time.process_time()
                _orig(ctx)
                spent[_path] += time.process_time() - t0

            wrapped[(mod, func)] = orig
            setattr(mod, func, timed)
    try:
        from kg.extract import pipeline

        pipeline.default_nlp.cache_clear()
        nlp = pipeline.default_nlp()
        for d in docs:
            doc = pipeline._make_doc(nlp, d)
            for name, proc in nlp.pipeline:
                t0 = time.process_time()
                doc = proc(doc)
                spent[f"[{name}]"] += time.process_time() - t0
            t0 = time.process_time()
            pipeline._result(doc)
            spent["[result]"] += time.process_time() - t0
    finally:
        for (mod, func), orig in wrapped.items():
            setattr(mod, func, orig)
        pipeline.default_nlp.cache_clear()
    total = sum(v for k, v in spent.items() if k.startswith("["))
    for k, v in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"{v * 1000:9.1f} ms  {100 * v / total:5.1f} %  {k}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--sort", default="tottime")
    ap.add_argument("--by-stage", action="store_true")
    a = ap.parse_args()
    docs = [load(p) for p in _documents(a.shared)]
    for d in docs:
        extract(d)
    if a.by_stage:
        by_stage(docs)
        return
    prof = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
    prof.enable()
    for d in docs:
        extract(d)
    prof.disable()
    pstats.Stats(prof, stream=sys.stdout).sort_stats(a.sort).print_stats(a.top)


if __name__ == "__main__":
    main()
