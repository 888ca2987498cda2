"""`kg audit`: the checks an auditor runs by hand on the money in the papers, each a named rule
whose findings carry their figures, citations (``document:line``) and the quoted lines.

The rules (named and described in ``kg/audit.yaml``, with every word and threshold they use):

* ``spent-above-allocated``: one reading of a FUNDS line says more was spent than allocated;
* ``balance-does-not-add-up``: a reading gives allocated, spent and remaining, and they disagree;
* ``amount-differs``: the same flow (funder, recipient, period) is given different amounts in two
  places (two papers, or two tables or sentences of one paper);
* ``spent-fell``: the same flow's spend to date is lower at a later date than at an earlier one
  (or differs on one date), across the readings of the flow in the papers;
* ``total-not-sum``: a money table in a paper has a Total row, or a line broken down "of which",
  that is not the sum of its rows (read from the paper itself, not from the graph);
* ``no-period``: an amount allocated with no period stated ("per annum" is a rate, not a year);
* ``no-recipient``: money allocated in a sentence (an allocation verb and an amount) that no
  FUNDS line read from that sentence carries: nobody is named as receiving it;
* ``not-passed-on``: money paid to a body in a line that says it is to pass it on ("50% to X to
  commission treatment services"), when no FUNDS line leaves that body;
* ``proposed-or-deleted``: a figure read from a struck-through (deleted) or only proposed line.

Readings come from the store's per-document extractions (each FUNDS fact as read, before
entities were merged), tied to the merged flow through its citations; tables and sentences come
from the papers themselves (``Document`` path, checked against the stored sha256).

>>> from kg.model import Graph, NodeRec, RelRec
>>> g = Graph()
>>> for nid, label in [("org:a", "Organisation"), ("board:b", "Board")]:
...     g.add_node(NodeRec(nid, label, {"id": nid, "name": nid[4:].upper()}))
>>> g.add_rel(RelRec("f1", "FUNDS", "org:a", "board:b", {"amount": 10.0, "spent": 12.0, "period": "2025-26",
...           "citations": ["p.txt:3"], "evidence": ["B £10 £12"]}))
>>> [f.rule for f in audit_graph(g, {}, {})]
['spent-above-allocated']
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kg.model import Extraction, Graph, RelRec

#: libyaml's parser where it is installed (the same data, a seventh of the time)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["Finding", "RULES", "audit_graph", "audit_store", "format_findings", "money_tables", "table_findings"]


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    text = resources.files("kg").joinpath("audit.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=_YAML_LOADER)
    return data


RULES: dict[str, str] = dict(_config()["rules"])


@dataclass
class Finding:
    """One thing an auditor should look at: which rule, about what, the figures, where."""

    rule: str
    subject: str
    detail: str
    figures: dict[str, Any] = field(default_factory=dict)
    citations: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- figures -------------------------------------------------------------------------------------
_NUMBER = re.compile(r"^\(?-?\s*£?\s*-?\s*\d[\d,]*(\.\d+)?\)?$")


def cell_value(text: str) -> float | None:
    """A table cell as a number of pounds, or None when it is not one.

    >>> [cell_value(x) for x in ("£1,234.50", "- 1,294,118", "Nil", "(12)", "2025-26", "Blaby")]
    [1234.5, -1294118.0, 0.0, -12.0, None, None]
    """
    t = " ".join(text.replace("<b>", "").replace("</b>", "").split()).strip().rstrip("*")
    if t.lower() in _config()["zero_words"]:
        return 0.0
    if not _NUMBER.match(t):
        return None
    negative = t.startswith("(") or t.lstrip("(").startswith("-")
    digits = re.sub(r"[^\d.]", "", t)
    try:
        value = float(digits)
    except ValueError:
        return None
    return -value if negative else value


def _gbp(value: Any) -> str:
    """'£1,234.50', '£12,000'.

    >>> _gbp(1234.5), _gbp(12000.0), _gbp(None)
    ('£1,234.50', '£12,000', '?')
    """
    if not isinstance(value, (int, float)):
        return "?"
    return f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"


def _differ(a: float, b: float) -> bool:
    return abs(a - b) > float(_config()["tolerance"])


# -- readings of a flow ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Reading:
    """One FUNDS fact as one paper gives it: its figures and where."""

    citation: str
    evidence: str
    props: tuple[tuple[str, Any], ...]

    def get(self, key: str) -> Any:
        return dict(self.props).get(key)


def _readings(rel: RelRec, extractions: dict[str, Extraction]) -> list[Reading]:
    """The per-paper readings of a merged FUNDS line, found through its citations; a line with
    no stored extraction (a graph built by hand) is read from its own properties."""
    out: list[Reading] = []
    cites = list(rel.props.get("citations") or [])
    for cite in cites:
        doc, _, line = cite.rpartition(":")
        doc = re.sub(r":p\d+$", "", doc)
        ex = extractions.get(doc)
        if ex is None:
            continue
        for f in ex.facts:
            if f.type == "FUNDS" and f.cite.ref() == cite and f.props.get("amount") == rel.props.get("amount"):
                out.append(Reading(cite, f.cite.text, tuple(sorted(f.props.items()))))
                break
    if not out:
        ev = list(rel.props.get("evidence") or [])
        props = {k: v for k, v in rel.props.items() if k not in ("id", "sources", "evidence", "citations")}
        out.append(Reading(cites[0] if cites else "", ev[0] if ev else "", tuple(sorted(props.items()))))
    return out


def _flow(graph: Graph, rel: RelRec) -> str:
    s, e = graph.nodes.get(rel.start), graph.nodes.get(rel.end)
    name = f"{s.name if s else rel.start} -> {e.name if e else rel.end}"
    return name + (f", {rel.props['period']}" if rel.props.get("period") else "")


def audit_graph(graph: Graph, extractions: dict[str, Extraction], texts: dict[str, str]) -> list[Finding]:
    """Every finding of every rule on a graph, its extractions and its papers' texts (doc id ->
    text; papers not given are not read for tables and sentences). Sorted by rule, then subject."""
    out: list[Finding] = []
    funds = sorted((r for r in graph.rels.values() if r.type == "FUNDS"), key=lambda r: r.id)
    readings = {r.id: _readings(r, extractions) for r in funds}
    for rel in funds:
        subject = _flow(graph, rel)
        for rd in readings[rel.id]:
            amount, spent, remaining = rd.get("amount"), rd.get("spent"), rd.get("remaining")
            if isinstance(amount, (int, float)) and isinstance(spent, (int, float)) and spent - amount > float(
                    _config()["tolerance"]):
                out.append(Finding("spent-above-allocated", subject,
                                   f"spent {_gbp(spent)} of {_gbp(amount)} allocated ({_gbp(spent - amount)} over)",
                                   {"amount": amount, "spent": spent}, [rd.citation], [rd.evidence]))
            if all(isinstance(x, (int, float)) for x in (amount, spent, remaining)) and _differ(
                    amount - spent, remaining):
                out.append(Finding("balance-does-not-add-up", subject,
                                   f"{_gbp(amount)} - {_gbp(spent)} = {_gbp(amount - spent)}, "
                                   f"but remaining is {_gbp(remaining)}",
                                   {"amount": amount, "spent": spent, "remaining": remaining},
                                   [rd.citation], [rd.evidence]))
        out += _spent_fell(subject, readings[rel.id])
        status = rel.props.get("status") or _line_status(rel, texts)
        if status in ("proposed", "deleted") and any(rel.props.get(k) is not None
                                                      for k in ("amount", "spent", "remaining")):
            out.append(Finding("proposed-or-deleted", subject,
                               f"{_gbp(rel.props.get('amount'))} read from a {status} line",
                               {"amount": rel.props.get("amount"), "status": status},
                               list(rel.props.get("citations") or []), list(rel.props.get("evidence") or [])))
        if isinstance(rel.props.get("amount"), (int, float)) and not re.search(
                _config()["period_pattern"], str(rel.props.get("period") or "")):
            said = f" ({rel.props['period']})" if rel.props.get("period") else ""
            out.append(Finding("no-period", subject, f"{_gbp(rel.props['amount'])} with no year stated{said}",
                               {"amount": rel.props["amount"], "period": rel.props.get("period")},
                               list(rel.props.get("citations") or []), list(rel.props.get("evidence") or [])))
    out += _amount_differs(graph, funds)
    out += _fund_sinks(graph, funds)
    out += _not_passed_on(graph, funds)
    for doc_id, text in sorted(texts.items()):
        out += table_findings(doc_id, text)
        out += _unplaced_money(doc_id, text, extractions.get(doc_id), funds)
    order = {r: i for i, r in enumerate(RULES)}
    return sorted(out, key=lambda f: (order.get(f.rule, 99), f.subject, f.citations))


def _line_status(rel: RelRec, texts: dict[str, str]) -> str | None:
    """'deleted' when a cited line of the paper is struck through, 'proposed' when it proposes."""
    cfg = _config()
    words = re.compile(r"\b(" + "|".join(re.escape(w) for w in cfg["proposal_words"]) + r")\b", re.I)
    for cite in rel.props.get("citations") or []:
        doc, _, line = cite.rpartition(":")
        text = texts.get(re.sub(r":p\d+$", "", doc))
        if text is None or not line.isdigit():
            continue
        lines = text.split("\n")
        row = lines[int(line) - 1] if 0 < int(line) <= len(lines) else ""
        if cfg["struck_mark"] in row:
            return "deleted"
        if words.search(row):
            return "proposed"
    return None


def _spent_fell(subject: str, readings: list[Reading]) -> list[Finding]:
    """Spend to date of one flow, across its readings: lower later, or two values on one date."""
    dated = sorted({(str(r.get("as_of")), float(r.get("spent")), r.citation, r.evidence) for r in readings
                    if r.get("as_of") and isinstance(r.get("spent"), (int, float))})
    out = []
    for i, (d1, s1, c1, e1) in enumerate(dated):
        for d2, s2, c2, e2 in dated[i + 1:]:
            if d1 == d2 and _differ(s1, s2):
                detail = f"spent to {d1}: {_gbp(s1)} in one place, {_gbp(s2)} in another"
            elif d1 < d2 and s1 - s2 > float(_config()["tolerance"]):
                detail = f"spent to {d1}: {_gbp(s1)}; to {d2}, later: {_gbp(s2)}, {_gbp(s1 - s2)} less"
            else:
                continue
            out.append(Finding("spent-fell", subject, detail,
                               {"earlier": {"as_of": d1, "spent": s1}, "later": {"as_of": d2, "spent": s2}},
                               [c1, c2], [e1, e2]))
    return out


def _amount_differs(graph: Graph, funds: list[RelRec]) -> list[Finding]:
    groups: dict[tuple[str, str, Any], list[RelRec]] = {}
    for r in funds:
        if isinstance(r.props.get("amount"), (int, float)) and r.props.get("status") != "deleted":
            groups.setdefault((r.start, r.end, r.props.get("period")), []).append(r)
    out = []
    for _, rels in sorted(groups.items(), key=lambda kv: str(kv[0])):
        amounts = sorted({float(r.props["amount"]) for r in rels})
        if len(amounts) < 2:
            continue
        cites = [c for r in rels for c in r.props.get("citations") or []]
        evidence = [e for r in rels for e in r.props.get("evidence") or []]
        out.append(Finding("amount-differs", _flow(graph, rels[0]),
                           "given as " + ", ".join(_gbp(a) for a in amounts),
                           {"amounts": amounts}, sorted(set(cites)), list(dict.fromkeys(evidence))))
    return out


def _fund_sinks(graph: Graph, funds: list[RelRec]) -> list[Finding]:
    """Money paid into a Fund from which no FUNDS line leaves."""
    out = []
    paid_out = {r.start for r in funds}
    for r in funds:
        end = graph.nodes.get(r.end)
        if end is not None and end.label == "Fund" and isinstance(r.props.get("amount"), (int, float)) \
                and r.end not in paid_out:
            out.append(Finding("no-recipient", _flow(graph, r),
                               f"{_gbp(r.props['amount'])} paid into {end.name}, never seen paid out of it",
                               {"amount": r.props["amount"]}, list(r.props.get("citations") or []),
                               list(r.props.get("evidence") or [])))
    return out


def _not_passed_on(graph: Graph, funds: list[RelRec]) -> list[Finding]:
    """Bodies paid money "to commission", "to distribute" ... (the quote of the line says so) from
    which no FUNDS line leaves: one finding per body, with every such line.

    >>> from kg.model import NodeRec
    >>> g = Graph()
    >>> for nid, label in [("fund:levy", "Fund"), ("org:h", "Organisation"), ("org:r", "Organisation")]:
    ...     g.add_node(NodeRec(nid, label, {"id": nid, "name": nid[4:].upper()}))
    >>> fs = [RelRec("f1", "FUNDS", "fund:levy", "org:h", {"citations": ["p.txt:9"],
    ...                "evidence": ["50% to H to commission treatment services"]}),
    ...       RelRec("f2", "FUNDS", "fund:levy", "org:r", {"citations": ["p.txt:8"],
    ...                "evidence": ["20% to R to develop research"]})]
    >>> [(f.subject, f.citations) for f in _not_passed_on(g, fs)]
    [('H', ['p.txt:9'])]
    """
    words = re.compile(r"\b(" + "|".join(re.escape(w) for w in _config()["passed_on_words"]) + r")\b", re.I)
    paid_out = {r.start for r in funds if r.props.get("status") != "deleted"}
    arrived: dict[str, list[tuple[RelRec, list[tuple[str, str]]]]] = {}
    for r in funds:
        body = graph.nodes.get(r.end)
        if body is None or body.label in ("Fund", "Project") or r.end in paid_out:
            continue   # a fund is no-recipient's; a project spends what it gets
        cites = [str(c) for c in r.props.get("citations") or []]
        said = [(cites[i] if i < len(cites) else "", str(e)) for i, e in enumerate(r.props.get("evidence") or [])
                if words.search(str(e))]
        if said:
            arrived.setdefault(r.end, []).append((r, said))
    out = []
    for body_id, lines in sorted(arrived.items()):
        body = graph.nodes[body_id]
        funders = sorted({graph.nodes[r.start].name if r.start in graph.nodes else r.start for r, _ in lines})
        amounts = [float(r.props["amount"]) for r, _ in lines if isinstance(r.props.get("amount"), (int, float))]
        said = [pair for _, pairs in lines for pair in pairs]
        m = words.search(said[0][1])
        what = _gbp(sum(amounts)) if amounts else "money"
        out.append(Finding("not-passed-on", body.name,
                           f"receives {what} from {', '.join(funders)} '{m.group(0) if m else ''} ...', "
                           "never seen paid out of it",
                           {"amount": sum(amounts) if amounts else None, "funders": funders},
                           sorted({c for c, _ in said if c}), list(dict.fromkeys(e for _, e in said))))
    return out


# -- the papers themselves: tables and sentences ----------------------------------------------------
def money_tables(text: str) -> list[list[tuple[int, list[str]]]]:
    """Tables of TAB-separated rows (line number, cells) that hold money (a '£' in a cell);
    one blank line inside a table does not end it.

    >>> t = money_tables("x\\nArea\\t£\\nA\\t1\\n\\nB\\t2\\nTotal\\t3\\n\\nend")
    >>> [(n, cells[0]) for n, cells in t[0]]
    [(2, 'Area'), (3, 'A'), (5, 'B'), (6, 'Total')]
    """
    lines = text.split("\n")
    tables: list[list[tuple[int, list[str]]]] = []
    cur: list[tuple[int, list[str]]] = []
    gap = 0
    for i, line in enumerate(lines, start=1):
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if gap and cur and not any(cell_value(c) is not None for c in cells):
                tables.append(cur)       # after a blank line, a row of headings opens another table
                cur = []
            cur.append((i, cells))
            gap = 0
            continue
        if not line.strip() and cur and gap == 0:
            gap = 1
            continue
        if cur:
            tables.append(cur)
        cur, gap = [], 0
    if cur:
        tables.append(cur)
    marks = _config()["money_marks"]
    return [t for t in tables if any(m in c for _, cells in t for c in cells for m in marks)]


def _first(cells: list[str]) -> str:
    return " ".join(re.sub(r"</?b>|\*\*", "", cells[0] if cells else "").lower().split()).rstrip(":").strip()


def table_findings(doc_id: str, text: str) -> list[Finding]:
    """``total-not-sum`` for every money table of one paper: a Total row against the rows above
    it (below the header), and a row followed by "of which" against the rows of its breakdown.

    >>> fs = table_findings("p.txt", "Area\\tSpent £\\nA\\t1,000\\nB\\t2,000\\nTotal\\t3,001\\n")
    >>> [(f.citations, f.figures["stated"], f.figures["sum_of_rows"]) for f in fs]
    [(['p.txt:4'], 3001.0, 3000.0)]
    """
    cfg = _config()
    totals, breakdown, ends = set(cfg["total_words"]), set(cfg["breakdown_words"]), cfg["breakdown_end_words"]
    out: list[Finding] = []
    for table in money_tables(text):
        header = table[0][1]
        body = table[1:]
        for k, (line, cells) in enumerate(body):
            first = _first(cells)
            if first in totals:
                out += _compare(doc_id, header, line, cells, body[:k], "Total", table)
            elif first in breakdown and k > 0:
                above_line, above = body[k - 1]
                parts = []
                for ln, cs in body[k + 1:]:
                    if any(_first(cs).startswith(w) for w in ends):
                        break
                    parts.append((ln, cs))
                out += _compare(doc_id, header, above_line, above, parts, "of which", table)
    return out


def _compare(doc_id: str, header: list[str], line: int, cells: list[str],
             rows: list[tuple[int, list[str]]], how: str, table: list[tuple[int, list[str]]]) -> list[Finding]:
    out = []
    for j in range(1, len(cells)):
        stated = cell_value(cells[j])
        values = [cell_value(cs[j]) for _, cs in rows if j < len(cs)]
        nums = [v for v in values if v is not None]
        if stated is None or not nums or len(nums) < 2:
            continue
        total = round(sum(nums), 2)
        if not _differ(total, stated):
            continue
        column = header[j] if j < len(header) else f"column {j + 1}"
        column = re.sub(r"</?b>", "", column).strip()
        name = re.sub(r"</?b>", "", cells[0]).strip()
        subject = f"{doc_id}: '{name}' ({column})"
        detail = (f"{how}: {_gbp(stated)} stated, the {len(nums)} rows add up to {_gbp(total)} "
                  f"({_gbp(abs(stated - total))} {'more' if stated > total else 'less'} stated)")
        lines = [line, *[ln for ln, _ in rows]]
        out.append(Finding("total-not-sum", subject, detail,
                           {"stated": stated, "sum_of_rows": total, "rows": len(nums), "column": column},
                           [f"{doc_id}:{line}"],
                           ["\t".join(cs) for ln, cs in table if ln == line or ln in lines[1:]]))
    return out


_AMOUNT = re.compile(r"£\s?\d[\d,]*(?:\.\d+)?\s*(?:k|m|million|bn|billion)?\b", re.I)


def _unplaced_money(doc_id: str, text: str, ex: Extraction | None, funds: list[RelRec]) -> list[Finding]:
    """``no-recipient``: lines (outside tables) that allocate money no FUNDS line read there carries."""
    cfg = _config()
    verbs = re.compile(r"\b(" + "|".join(re.escape(w) for w in cfg["allocation_words"]) + r")\b", re.I)
    ceiling = re.compile(r"\b(" + "|".join(re.escape(w) for w in cfg["ceiling_words"]) + r")\s*$", re.I)
    carried: dict[int, set[float]] = {}
    read = [(f.cite.line, f.props) for f in (ex.facts if ex else []) if f.type == "FUNDS"]
    for r in funds:
        for c in r.props.get("citations") or []:
            doc, _, line = c.rpartition(":")
            if re.sub(r":p\d+$", "", doc) == doc_id and line.isdigit():
                read.append((int(line), r.props))
    for line_no, props in read:
        for k in ("amount", "spent", "remaining"):
            if isinstance(props.get(k), (int, float)):
                carried.setdefault(line_no, set()).add(round(float(props[k]), 2))
    out = []
    for i, line in enumerate(text.split("\n"), start=1):
        if "\t" in line or "£" not in line or not verbs.search(line):
            continue
        reach = int(cfg["allocation_reach"])
        for m in _AMOUNT.finditer(line):
            if ceiling.search(line[: m.start()]):
                continue
            near = line[max(0, m.start() - reach): m.end() + reach]
            if not verbs.search(near):
                continue
            value = _amount_value(m.group(0))
            if value is None or any(not _differ(value, v) for v in carried.get(i, set())):
                continue
            out.append(Finding("no-recipient", f"{doc_id}:{i} {m.group(0).strip()}",
                               f"{m.group(0).strip()} allocated, no recipient read from the sentence",
                               {"amount": value}, [f"{doc_id}:{i}"], [line.strip()]))
    return out


def _amount_value(text: str) -> float | None:
    """'£199K' -> 199000.0, '£1.2m' -> 1200000.0.

    >>> _amount_value("£199K"), _amount_value("£1.2m"), _amount_value("£10,000")
    (199000.0, 1200000.0, 10000.0)
    """
    m = re.match(r"£\s?([\d,]+(?:\.\d+)?)\s*(k|m|million|bn|billion)?", text.strip(), re.I)
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    scale = {"k": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}.get((m.group(2) or "").lower(), 1.0)
    return round(value * scale, 2)


# -- a store ----------------------------------------------------------------------------------------
def paper_texts(graph: Graph, extractions: dict[str, Extraction], base: Path | None = None
                ) -> tuple[dict[str, str], list[str]]:
    """The text of each stored paper, read again from its path (as given at ingest, else relative
    to ``base``) and used only when its sha256 is the one stored; and one note per paper that
    could not be read (its tables and sentences are then not checked)."""
    from kg.loaders import LoadError, load

    texts: dict[str, str] = {}
    notes: list[str] = []
    for doc_id, ex in sorted(extractions.items()):
        path = Path(ex.doc.path) if ex.doc.path else None
        candidates = [p for p in ([path] if path else []) + ([base / path] if base and path and not
                                                               path.is_absolute() else []) if p]
        found = next((p for p in candidates if p.is_file()), None)
        if found is None:
            notes.append(f"{doc_id}: not found at '{ex.doc.path}', its tables were not checked")
            continue
        if hashlib.sha256(found.read_bytes()).hexdigest() != ex.doc.sha256:
            notes.append(f"{doc_id}: '{found}' changed since ingest, its tables were not checked")
            continue
        try:
            texts[doc_id] = load(found).text
        except LoadError as exc:
            notes.append(f"{doc_id}: {exc}")
    return texts, notes


def audit_store(store: Any, rules: Iterable[str] | None = None, base: Path | None = None
                ) -> tuple[list[Finding], list[str]]:
    """Every finding on a store (optionally only ``rules``), and notes on what could not be checked."""
    graph = store.graph()
    extractions = store.extractions()
    texts, notes = paper_texts(graph, extractions, base)
    found = audit_graph(graph, extractions, texts)
    if rules is not None:
        wanted = set(rules)
        found = [f for f in found if f.rule in wanted]
    return found, notes


def format_findings(findings: list[Finding], max_width: int = 0) -> str:
    """The findings as a table: rule, subject, detail, citations.

    >>> print(format_findings([Finding("no-period", "A -> B", "£5 with no year stated", {}, ["p.txt:2"])]))
    rule       subject  detail                  citations
    ---------  -------  ----------------------  ---------
    no-period  A -> B   £5 with no year stated  p.txt:2
    """
    from kg.cli_query import format_table

    rows = [{"rule": f.rule, "subject": f.subject, "detail": f.detail, "citations": f.citations} for f in findings]
    return format_table(rows, max_width=max_width) if rows else "no findings"
