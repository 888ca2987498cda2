"""Every development paper keeps its source: a row of tests/devset/README.md naming its file, its set
and the address it came from (a paper with no source could not be checked or replaced)."""

import re
from pathlib import Path

DEVSET = Path(__file__).parent / "devset"


def test_every_paper_has_a_row_with_its_set_and_source():
    rows = {}
    for line in (DEVSET / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| (\S+\.txt) \| (dev|heldout) \| (\S+) \|", line)
        if m:
            rows[m.group(1)] = (m.group(2), m.group(3))
    papers = {p.name: s for s in ("dev", "heldout") for p in (DEVSET / s / "docs").glob("*.txt")}
    assert len(papers) > 100
    assert {name: rows.get(name, ("no row", ""))[0] for name in papers} == papers
    assert all(src.startswith(("http://", "https://")) for name, (_, src) in rows.items() if name in papers)
