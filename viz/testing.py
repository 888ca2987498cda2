"""Small invented graphs for tests, screenshots and benchmarks of the pictures.

The places, bodies and people here are fictitious ("Northshire"); they are
shaped like a real county's community-safety partnership so that every view
has something to draw. :func:`hostile_graph` is the same with names and quotes
that try to run script in a page. :func:`replicate` copies a graph N times with
fresh ids, to benchmark large pictures.

>>> g = sample_graph()
>>> sorted(g.counts()[0])[:3]
['Area', 'Board', 'Document']
"""

from __future__ import annotations

from typing import Any

from kg.model import Graph, NodeRec, RelRec, node_id, rel_id


class GraphBuilder:
    """Adds nodes and relationships with ids, sources, evidence and citations filled in.

    >>> b = GraphBuilder("minutes.txt")
    >>> p = b.node("Person", "Jo Bloggs", line=3, quote="Jo Bloggs (Chair)")
    >>> p
    'person:jo-bloggs'
    """

    def __init__(self, doc: str = "minutes.txt") -> None:
        self.graph = Graph()
        self.doc = doc
        self._line = 1

    def _cite(self, line: int | None, doc: str | None) -> tuple[str, int]:
        if line is None:
            self._line += 7
            line = self._line
        return doc or self.doc, line

    def node(self, label: str, name: str, *, aliases: list[str] | None = None, quote: str | None = None,
             line: int | None = None, doc: str | None = None, **props: Any) -> str:
        d, ln = self._cite(line, doc)
        nid = node_id(label, name)
        existing = self.graph.nodes.get(nid)
        if existing is not None:
            existing.props["evidence"].append(quote or name)
            existing.props["citations"].append(f"{d}:{ln}")
            if d not in existing.props["sources"]:
                existing.props["sources"].append(d)
            return nid
        self.graph.add_node(NodeRec(nid, label, {
            "id": nid, "name": name, "aliases": list(aliases or []), "sources": [d],
            "evidence": [quote or name], "citations": [f"{d}:{ln}"], **props}))
        return nid

    def rel(self, rtype: str, start: str, end: str, *, quote: str, line: int | None = None,
            doc: str | None = None, **props: Any) -> str:
        d, ln = self._cite(line, doc)
        rid = rel_id(rtype, start, end, [props.get(k) for k in sorted(props)])
        self.graph.add_rel(RelRec(rid, rtype, start, end, {
            "id": rid, "sources": [d], "evidence": [quote], "citations": [f"{d}:{ln}"], **props}))
        return rid


def sample_graph() -> Graph:
    """A county partnership: a panel scrutinising the commissioner, a strategy board with
    its chair, members, sub-groups and meetings, and money from a fund to projects."""
    b = GraphBuilder("northshire_board_pack.txt")
    panel = b.node("Board", "Northshire Police and Crime Panel", aliases=["NPCP"], kind="panel")
    opcc = b.node("Organisation", "Office of the Police and Crime Commissioner for Northshire",
                  aliases=["OPCC"], sector="commissioner")
    pcc = b.node("Person", "Alex Morgan", honorific="Mr.")
    cc = b.node("Person", "Priya Shah", honorific="Ch Con")
    police = b.node("Organisation", "Northshire Constabulary", sector="policing")
    council = b.node("Organisation", "Northshire County Council", aliases=["NCC"], sector="local_government")
    district = b.node("Organisation", "Eastvale District Council", sector="local_government")
    board = b.node("Board", "Northshire Safer Communities Board", aliases=["NSCB"], kind="board")
    csp = b.node("Board", "Eastvale Community Safety Partnership", aliases=["Eastvale CSP"], kind="partnership")
    asb = b.node("Board", "ASB Strategy Group", kind="group")
    sog = b.node("Board", "Senior Officer Group", kind="group")
    chair = b.node("Person", "Sam Rivers", honorific="Cllr.", aliases=["Cllr. S. Rivers"])
    vice = b.node("Person", "Lee Okafor", honorific="Cllr.")
    officer = b.node("Person", "Morgan Hale")
    analyst = b.node("Person", "Jamie Chen")
    fund = b.node("Fund", "Community Safety Fund", aliases=["CSF"])
    youth = b.node("Project", "Youth Outreach Detached Work", description="detached youth work")
    cctv = b.node("Project", "Town Centre CCTV Upgrade")
    trust = b.node("Organisation", "Eastvale Youth Trust", sector="voluntary")
    plan = b.node("Plan", "Northshire Police and Crime Plan", period="2024-29")
    prio = b.node("Priority", "Reducing anti-social behaviour")
    area = b.node("Area", "Eastvale")
    m1 = b.node("Meeting", "Northshire Safer Communities Board 2026-03-12", date="2026-03-12",
                location="County Hall")
    m2 = b.node("Meeting", "Northshire Safer Communities Board 2026-06-18", date="2026-06-18")
    doc = b.node("Document", "northshire_board_pack.txt", title="Board pack")

    b.rel("SCRUTINISES", panel, pcc, quote="The Panel scrutinises the decisions of the Commissioner.")
    b.rel("HOLDS_ROLE", pcc, opcc, quote="Alex Morgan, Police and Crime Commissioner",
          title="Police and Crime Commissioner")
    b.rel("HOLDS_TO_ACCOUNT", pcc, cc, quote="The Commissioner holds the Chief Constable to account.")
    b.rel("HOLDS_ROLE", cc, police, quote="Priya Shah, Chief Constable", title="Chief Constable")
    b.rel("OVERSEES", board, csp, quote="The Board oversees the work of the district CSPs.")
    b.rel("REPORTS_TO", csp, board, quote="The CSP reports annually to the Board.")
    b.rel("REPORTS_TO", asb, board, quote="The ASB Strategy Group reports to the Board.")
    b.rel("REPORTS_TO", sog, board, quote="The Senior Officer Group reports to the Board.")
    b.rel("SUPPORTS", council, board, quote="Democratic Services of the County Council support the Board.")
    b.rel("PART_OF", asb, board, quote="a sub-group of the Board")
    b.rel("MEMBER_OF", chair, board, quote="Cllr. S. Rivers (in the Chair)", role="chair",
          representing="Northshire County Council")
    b.rel("MEMBER_OF", vice, board, quote="Cllr. Lee Okafor, Vice-Chair", role="vice_chair")
    b.rel("MEMBER_OF", officer, board, quote="Morgan Hale, Northshire Constabulary", role="member")
    b.rel("MEMBER_OF", pcc, board, quote="Alex Morgan, Police and Crime Commissioner", role="member")
    b.rel("MEMBER_OF", district, csp, quote="Eastvale District Council is a responsible authority.",
          role="member")
    b.rel("MEMBER_OF", police, csp, quote="Northshire Constabulary is a responsible authority.", role="member")
    b.rel("MEMBER_OF", vice, board, quote="~~Cllr. Lee Okafor, Member~~", role="member", status="deleted")
    b.rel("HOLDS_ROLE", chair, council, quote="Cllr. S. Rivers, Cabinet Lead for Communities",
          title="Cabinet Lead for Communities")
    b.rel("HOLDS_ROLE", officer, police, quote="Morgan Hale, Superintendent", title="Superintendent")
    b.rel("HOLDS_ROLE", analyst, council, quote="Jamie Chen, Community Safety Analyst",
          title="Community Safety Analyst")
    b.rel("MEETING_OF", m1, board, quote="Minutes of a meeting of the Board held on 12 March 2026")
    b.rel("MEETING_OF", m2, board, quote="The next meeting will be held on 18 June 2026")
    b.rel("ATTENDED", chair, m1, quote="Cllr. S. Rivers (in the Chair)")
    b.rel("ATTENDED", officer, m1, quote="Morgan Hale")
    b.rel("PRESENTED", analyst, m1, quote="Jamie Chen presented the performance report",
          item="Performance report")
    b.rel("MANAGES", opcc, fund, quote="The OPCC administers the Community Safety Fund.")
    b.rel("FUNDS", opcc, fund, quote="Community Safety Fund 2025-26: £250,000", amount=250000, period="2025-26",
          kind="allocation")
    b.rel("FUNDS", fund, csp, quote="Eastvale CSP\t£42,500\t2025-26", amount=42500, period="2025-26",
          kind="grant", spent=30000, remaining=12500, as_of="2026-03-31")
    b.rel("FUNDS", fund, csp, quote="Eastvale CSP\t£40,000\t2026-27", amount=40000, period="2026-27",
          kind="grant")
    b.rel("FUNDS", csp, youth, quote="Youth Outreach Detached Work £12,000", amount=12000, period="2025-26",
          kind="grant")
    b.rel("FUNDS", csp, cctv, quote="Town Centre CCTV Upgrade £8,750", amount=8750, period="2025-26",
          kind="contract", status="proposed")
    b.rel("DELIVERS", trust, youth, quote="delivered by Eastvale Youth Trust")
    b.rel("DELIVERS", district, cctv, quote="Eastvale District Council will deliver the CCTV upgrade")
    b.rel("OWNS", opcc, plan, quote="the Commissioner's Police and Crime Plan 2024-29")
    b.rel("HAS_PRIORITY", plan, prio, quote="Priority 2: reducing anti-social behaviour")
    b.rel("ADDRESSES", youth, prio, quote="to reduce anti-social behaviour in Eastvale")
    b.rel("IN_AREA", csp, area, quote="Eastvale Community Safety Partnership")
    for nid in list(b.graph.nodes):
        if nid != doc:
            b.rel("MENTIONED_IN", nid, doc, quote=b.graph.nodes[nid].name)
    return b.graph


HOSTILE_NAMES = (
    "<script>window.__kgPwned = 1</script>",
    "<img src=x onerror=\"window.__kgPwned=2\">",
    "\"'><svg onload=window.__kgPwned=3>",
    "</script><script>window.__kgPwned=4</script>",
    "<!-- <script>window.__kgPwned=5</script>",
    "Robert'); DROP TABLE boards;-- & Sons \u2028 Ltd",
)


def hostile_graph() -> Graph:
    """:func:`sample_graph` plus a board, people and quotes whose text tries to run script."""
    g = sample_graph()
    b = GraphBuilder("<img src=x onerror=window.__kgPwned=6>.txt")
    b.graph = g
    board = b.node("Board", HOSTILE_NAMES[0], aliases=[HOSTILE_NAMES[3]], kind="board",
                   quote=HOSTILE_NAMES[1])
    people = [b.node("Person", name, quote=name) for name in HOSTILE_NAMES[1:]]
    for p in people:
        b.rel("MEMBER_OF", p, board, quote=HOSTILE_NAMES[2], role="chair" if p == people[0] else "member",
              title=HOSTILE_NAMES[4])
    target = node_id("Board", "Northshire Safer Communities Board")
    b.rel("REPORTS_TO", board, target, quote="<b onmouseover=window.__kgPwned=7>reports</b>")
    fund = node_id("Fund", "Community Safety Fund")
    b.rel("FUNDS", fund, board, quote="<iframe src=javascript:window.__kgPwned=8>", amount=1000,
          period="<i>2025-26</i>")
    m = b.node("Meeting", HOSTILE_NAMES[3] + " 2026-01-01", date="2026-01-01")
    b.rel("MEETING_OF", m, board, quote=HOSTILE_NAMES[5])
    return g


def replicate(graph: Graph, times: int) -> Graph:
    """``times`` copies of ``graph`` with fresh ids, joined through copy 0's best connected node
    so that an ego view can reach them all.

    >>> g = replicate(sample_graph(), 3)
    >>> len(g.nodes) == 3 * len(sample_graph().nodes)
    True
    """
    out = Graph()
    deg: dict[str, int] = {}
    for r in graph.rels.values():
        deg[r.start] = deg.get(r.start, 0) + 1
        deg[r.end] = deg.get(r.end, 0) + 1
    hub = max((n for n in graph.nodes if graph.nodes[n].label != "Document"),
              key=lambda n: deg.get(n, 0), default=None)
    for i in range(times):
        suffix = "" if i == 0 else f" #{i}"

        def nid(old: str, suffix: str = suffix) -> str:
            return old + suffix.replace(" #", "~")

        for n in graph.nodes.values():
            props = dict(n.props, id=nid(n.id), name=n.name + suffix)
            out.add_node(NodeRec(nid(n.id), n.label, props))
        for r in graph.rels.values():
            props = dict(r.props, id=nid(r.id))
            out.add_rel(RelRec(nid(r.id), r.type, nid(r.start), nid(r.end), props))
        if i and hub is not None:
            rid = f"part_of:replica-{i}"
            out.add_rel(RelRec(rid, "PART_OF", nid(hub), hub, {"id": rid, "sources": [], "evidence": [],
                                                                 "citations": []}))
    return out
