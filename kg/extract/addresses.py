"""ADDRESSES: the priority a project serves, read from running text.

"The Night Watch scheme supports the priority of reducing serious violence", "Operation
Lantern supports the Commissioner's priorities on public safety and business protection",
"The project contributes to the Partnership's youth violence priority". The project is the
one named before the verb in the same sentence; a priority the document already lists
(under a plan) keeps that wording. Table columns headed Priority/Theme are read by
:mod:`kg.extract.table_rows`.

>>> [m.group("list") for m in _AFTER.finditer("It supports the priorities of safer roads and quieter streets.")]
['safer roads and quieter streets.']
"""

from __future__ import annotations

import re
from typing import Any

from kg.extract.context import Context
from kg.extract.quickre import quick
from kg.extract.spans import index, mention, sentences
from kg.model import Ref

_VERB = (r"(?i:supports?|supporting|contributes?\s+to(?:wards)?|contributing\s+to(?:wards)?|addresses|addressing|"
         r"tackles|tackling|delivers?\s+(?:against|on)|(?:is\s+|are\s+)?aligned\s+(?:with|to)|"
         r"(?:is\s+|are\s+)?linked\s+to|meets|serves)")
_OWNER = r"(?:(?:the|our|its|their)\s+)?(?:[A-Z][\w'’&-]*(?:['’]s?)?\s+){0,4}"
# "supports the priority of X", "supports PCC priorities on A and B", "supports priority 2: X"
_AFTER = re.compile(rf"\b{_VERB}\s+{_OWNER}(?:key\s+|strategic\s+|local\s+)?priorit(?:y|ies)"
                    r"(?:\s+\d{1,2})?\s*(?:of|on|around|for|to|:|-|–)\s*(?P<list>[^;()]+)")
# "supports the youth violence priority"
_BEFORE = re.compile(rf"\b{_VERB}\s+{_OWNER}(?P<name>(?:[\w'’-]+\s+){{1,5}}?)priority\b(?!\s+(?:of|on|to|for))")
_SPLIT = quick(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")


def run(ctx: Context) -> None:
    """Rule: ADDRESSES from "<project> supports the priority of X" sentences."""
    text = ctx.doc.text
    idx = index(ctx)
    for s, e in sentences(ctx):
        sent = text[s:e]
        if "priorit" not in sent or "\t" in sent:
            continue
        projects = idx.within(s, e, {"Project"})
        if not projects:
            continue
        for m in list(_AFTER.finditer(sent)) + list(_BEFORE.finditer(sent)):
            before = [p for p in projects if p.end <= s + m.start()]
            if not before:
                continue
            proj = before[-1]
            if re.search(r"[;:]|\bbut\b|\bwhile\b", text[proj.end:s + m.start()]):
                continue
            names = _names(m)
            cite = ctx.cite(s, e)
            pr = Ref(proj.label, proj.name) if proj.props.get("ref") else mention(ctx, proj)
            low = sent.lower()
            pos = m.start()
            for name in names:
                # the priority's own words are its mention's citation
                at = low.find(name.lower(), pos)
                ns, ne = (s + at, s + at + len(name)) if at >= 0 else (s + m.start(), s + m.end())
                pos = at + len(name) if at >= 0 else pos
                pref = _priority(ctx, name, ns, ne)
                ctx.fact("ADDRESSES", pr, pref, cite)


def run_tables(ctx: Context) -> None:
    """A table whose header row names projects, one a column ("Objective | Operation A |
    Operation B"): a cell saying "supports the priorities on X and Y" is about its column's
    project. The evidence is the row."""
    from kg.extract.money import tables_of

    text = ctx.doc.text
    idx = index(ctx)
    for rows in tables_of(ctx):
        if len(rows) < 2:
            continue
        cols: dict[int, Any] = {}
        for i, (cs, ce, plain) in enumerate(rows[0].cells):
            found = idx.within(cs, ce, {"Project"})
            if len(found) == 1 and len(found[0].name) >= 0.6 * len(plain):
                cols[i] = found[0]
        if not cols:
            continue
        for row in rows[1:]:
            for i, proj in cols.items():
                if i >= len(row.cells):
                    continue
                cs, ce, _plain = row.cells[i]
                cell = text[cs:ce]
                if "priorit" not in cell:
                    continue
                for m in list(_AFTER.finditer(cell)) + list(_BEFORE.finditer(cell)):
                    cite = ctx.cite(row.start, row.end)
                    pr = Ref(proj.label, proj.name) if proj.props.get("ref") else mention(ctx, proj)
                    for name in _names(m):
                        pref = _priority(ctx, name, cs + m.start(), cs + m.end())
                        ctx.fact("ADDRESSES", pr, pref, cite)


def _names(m: re.Match[str]) -> list[str]:
    if "list" in m.groupdict() and m.group("list") is not None:
        raw = re.split(r"[.!?](?:\s|$)|\s+(?:by|through|with|in order to|so that|which|who)\s+", m.group("list"))[0]
        parts = [p.strip(" .,:") for p in _SPLIT.split(raw)]
    else:
        parts = [m.group("name").strip()]
    out = []
    for p in parts:
        p = re.sub(r"^(?:the|a|an)\s+", "", p)
        if 2 < len(p) <= 80 and len(p.split()) <= 8:
            out.append(p[:1].upper() + p[1:])
    return out


def _priority(ctx: Context, name: str, s: int, e: int) -> Ref:
    """The priority named, in the wording the document's own lists give it when they do."""
    from rapidfuzz import fuzz

    known = [n for names in ctx.memo.get("_priorities", {}).values() for n in names]
    low = name.lower()
    for k in known:
        kl = k.lower()
        if fuzz.ratio(kl, low) >= 88 or (len(low) > 5 and re.search(rf"\b{re.escape(low)}\b", kl) and
                                         len(kl) - len(low) < 25):
            return ctx.mention("Priority", k, ctx.cite(s, e), aliases=[name] if name != k else [])
    return ctx.mention("Priority", name, ctx.cite(s, e))
