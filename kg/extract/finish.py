"""The last tidy of a paper's facts: one membership per person and board.

A person listed as a member and also appointed chair (or vice-chair) of the same board has one
membership, with that role: the plain "member" fact is dropped where a chair or vice-chair fact
for the same person and board stands.

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> text = ("Westby Safety Board - Monday, 2 March 2026\\n\\nPRESENT\\n\\nCllr Ann Jones\\nCllr Bob Patel\\n\\n"
...         "Cllr Jones was elected Chair.\\n")
>>> sorted((f.start.name, f.props["role"]) for f in extract(Document.from_text("m.txt", text)).facts
...        if f.type == "MEMBER_OF")
[('Bob Patel', 'member'), ('Jones', 'chair')]
"""

from __future__ import annotations

from kg.extract.context import Context
from kg.model import Fact, Ref


def one_membership(ctx: Context) -> None:
    """Rule: drop a plain membership where the same person holds a chair's role on that board."""
    chaired = [(f.start, f.end) for f in ctx.facts if f.type == "MEMBER_OF" and f.start.label == "Person"
               and f.props.get("role") in ("chair", "vice_chair")]
    if not chaired:
        return

    def same(a: Ref, b: Ref) -> bool:
        if a == b:
            return True
        wa, wb = a.name.lower().split(), b.name.lower().split()
        # "Jones" and "Ann Jones", "A. Jones" and "Ann Jones": one person of the paper
        return bool(wa and wb) and wa[-1] == wb[-1] and (len(wa) == 1 or len(wb) == 1 or wa[0][0] == wb[0][0])

    by_surname: dict[tuple[Ref, str], list[Ref]] = {}  # (board, surname) -> chairs: no scan per fact
    for who, board in chaired:
        by_surname.setdefault((board, who.name.lower().split()[-1] if who.name.split() else ""), []).append(who)

    def plain_member(f: Fact) -> bool:
        if f.type != "MEMBER_OF" or f.start.label != "Person" or f.props.get("role") != "member":
            return False
        key = (f.end, f.start.name.lower().split()[-1] if f.start.name.split() else "")
        return any(same(f.start, who) for who in by_surname.get(key, []))

    ctx.facts[:] = [f for f in ctx.facts if not plain_member(f)]
