"""Money flows (FUNDS) from funding tables and from sentences.

* Amounts: "£199K" is 199000, "£1.2m" 1200000, "£15M" 15000000, "Nil" 0; "up to £8,000"
  is 8000 with ``up_to: true``.
* Tables (TAB-separated rows or HTML ``<tr>`` fragments): a header names the columns
  (allocation / expenditure / remaining, recipient, fund); each row is one flow from
  the funder (a fund column, else the organisation named in the lead-in or the section
  heading) to the recipient. A column headed like "CSP Area" names partnerships by area:
  "Northvale" -> "Northvale Community Safety Partnership".
* Sentences: an amount with a flow verb ("will receive", "allocated to", "invoiced ... to
  fund") between two named things. Sums that are not flows (fines, precepts, prices,
  deficits, salaries) are left alone.

>>> parse_amount("£199K"), parse_amount("£1.2m"), parse_amount("Nil"), parse_amount("£9,612.43")
(199000.0, 1200000.0, 0.0, 9612.43)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from kg.extract import bodies
from kg.extract.context import Context
from kg.extract.plans import norm_period
from kg.extract.spans import Ent, index, mention, sentences
from kg.model import Ref

AMOUNT = re.compile(
    r"(?:\b(up\s+to|upto|a\s+maximum\s+of|maximum\s+of|max\.?)\s+)?£\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?"
    r"(?:\s?(k|K|m|M|bn|million|billion|thousand)\b)?")
_NIL = re.compile(r"^\s*(?:nil|£\s?nil|£?\s?0(?:\.00)?|-|–)\s*$", re.I)
_PERIOD = re.compile(r"\b((?:19|20)\d{2})\s*[-/–]\s*((?:19|20)?\d{2})\b")
_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})\b")
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
    """Money vocabulary from ``data/money.yaml``."""
    text = resources.files("kg.extract.data").joinpath("money.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    data["_not_flow"] = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in data["not_flow"]) + r")\b", re.I)
    return data


def parse_amount(text: str) -> float | None:
    """The amount in pounds written in ``text`` (a cell or a phrase), or None.

    >>> parse_amount("up to £8,000"), parse_amount("£15M"), parse_amount("n/a")
    (8000.0, 15000000.0, None)
    """
    if _NIL.match(text):
        return 0.0
    m = AMOUNT.search(text)
    if not m:
        return None
    return _value(m)


def _value(m: re.Match[str]) -> float:
    whole = float(m.group(2).replace(",", ""))
    if m.group(3):
        whole += float("0." + m.group(3))
    scale = m.group(4)
    if scale:
        whole *= _SCALE[scale.lower()]
    return round(whole, 2)


def iso_date(text: str) -> str | None:
    """A UK date "12/06/2026" as ISO "2026-06-12".

    >>> iso_date("as of 05/01/2026")
    '2026-01-05'
    """
    m = _DATE.search(text)
    if not m:
        return None
    d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    return f"{y}-{mo:02d}-{d:02d}"


def _kind(text: str, default: str | None = None) -> str | None:
    low = text.lower()
    for word, kind in vocab()["kinds"]:
        if re.search(rf"\b{re.escape(word)}", low):
            return str(kind)
    return default


# -- tables ----------------------------------------------------------------------------

@dataclass
class Row:
    start: int
    end: int
    cells: list[tuple[int, int, str]]  # offsets into the document and the cell's plain text


_TAG = re.compile(r"<[^>]+>")


def _plain(s: str) -> str:
    s = _TAG.sub(" ", s).replace("&amp;", "&").replace("&nbsp;", " ")
    s = re.sub(r"[*_]{2,}|\[|\]\([^)]*\)", " ", s)
    return " ".join(s.split())


def tables(text: str) -> list[list[Row]]:
    """Tables of a document: runs of TAB-separated lines (a single blank line may sit
    inside one) and HTML ``<tr>`` rows, each row with its cells.

    >>> [[r.cells[0][2] for r in t] for t in tables("Intro\\nName\\tAmount\\nA\\t£1\\n\\nB\\t£2\\n\\nEnd\\n")]
    [['Name', 'A', 'B']]
    """
    out: list[list[Row]] = []
    cur: list[Row] = []
    blank = 0
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if "\t" in line:
            cells = []
            cpos = pos
            for part in line.split("\t"):
                cells.append((cpos, cpos + len(part), _plain(part)))
                cpos += len(part) + 1
            cur.append(Row(pos, end, cells))
            blank = 0
        elif not line.strip() and cur and blank == 0:
            blank = 1
        else:
            if cur:
                out.append(cur)
            cur, blank = [], 0
        pos = end + 1
    if cur:
        out.append(cur)
    for tm in re.finditer(r"<table\b.*?</table>", text, re.S | re.I):
        rows = []
        for rm in re.finditer(r"<tr\b.*?</tr>", tm.group(0), re.S | re.I):
            base = tm.start() + rm.start()
            cells = [(base + c.start(1), base + c.end(1), _plain(c.group(1)))
                     for c in re.finditer(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", rm.group(0), re.S | re.I)]
            if cells:
                rows.append(Row(base, base + len(rm.group(0)), cells))
        if rows:
            out.append(rows)
    return out


def _roles(header: list[str]) -> dict[str, int]:
    """Column index of each role (amount, spent, remaining, recipient, fund) from header cells."""
    v = vocab()
    roles: dict[str, int] = {}
    for i, h in enumerate(header):
        low = h.lower()
        if any(re.search(rf"\b{re.escape(w)}\b", low) for w in v["fund_headers"]) and "fund" not in roles \
                and not any(re.search(rf"\b{re.escape(w)}\b", low) for w, r in v["column_roles"] if r != "amount"):
            if not re.search(r"£|\ballocat|\bamount|\bvalue|\btotal", low):
                roles["fund"] = i
                continue
        for word, role in v["column_roles"]:
            if (word == "£" and "£" in low) or re.search(rf"\b{re.escape(word)}\b", low):
                roles.setdefault(role, i)
                break
        else:
            if "recipient" not in roles and any(re.search(rf"\b{re.escape(w)}\b", low) for w in v["recipient_headers"]):
                roles["recipient"] = i
    return roles


def _lead_in(text: str, start: int) -> str:
    """The two non-empty lines above a table (not crossing another table)."""
    out: list[str] = []
    for line in reversed(text[max(0, start - 1500):start].split("\n")):
        if "\t" in line or "</table>" in line:
            break
        if line.strip():
            out.append(line)
            if len(out) == 2:
                break
    return "\n".join(reversed(out))


def _fund_column(rows: list[Row], roles: dict[str, int], acr: dict[str, str]) -> dict[str, int]:
    """A column whose cells name funding streams ("CSF" for a fund the document spelled
    out earlier, or "... Fund"), when the header does not say so."""
    from kg.extract.plans import vocab as plan_vocab

    heads = {h for h in plan_vocab()["fund_heads"]}
    used = set(roles.values())
    ncols = max((len(r.cells) for r in rows), default=0)
    for i in range(ncols):
        if i in used:
            continue
        vals = [r.cells[i][2] for r in rows if i < len(r.cells) and r.cells[i][2]]
        if not vals:
            continue
        hits = sum(1 for v in vals if (v in acr and acr[v].split()[-1].lower() in heads)
                   or (v.split() and v.split()[-1].lower() in heads))
        if hits >= max(2, 0.6 * len(vals)):
            return {"fund": i}
    return {}


def _table_funder(ctx: Context, first_row: int) -> Ent | None:
    """Who pays for a table's rows: an organisation in the lead-in line(s) just above the
    table, else one in the nearest section heading above (up to ~150 lines)."""
    doc = ctx.doc
    idx = index(ctx)
    line_no = doc.locate(first_row)[0]
    from kg.extract.plans import _is_heading

    checked_lead = 0
    for ln in range(line_no - 1, max(0, line_no - 150), -1):
        line = doc.line_text(ln)
        if not line.strip() or "\t" in line:
            continue
        ls = doc.line_starts[ln - 1]
        # names may run on to the next line of a wrapped heading
        found = [x for x in idx.within(ls, ls + len(line) + 120, {"Organisation", "Fund"}) if x.start < ls + len(line)]
        if checked_lead < 2 and not _is_heading(line):
            checked_lead += 1
            funders = [x for x in found if x.label == "Fund" or re.search(
                r"\b(?:by|from)\s+(?:the\s+)?$", doc.text[max(0, x.start - 12):x.start])]
            if funders:
                return funders[0]
            continue
        st = line.strip()
        short = len(st) < 90 and not st.endswith((".", ",", ";"))
        if _is_heading(line) or (st.isupper() and len(st) > 8) or short:
            orgs = [x for x in found if x.label == "Organisation"]
            if orgs:
                return orgs[0]
    return None


def _recipient(ctx: Context, header: str, cell: tuple[int, int, str]) -> tuple[Ent | None, Ent | None]:
    """The recipient named in a table cell, and a project named after a dash in it."""
    s, e, name = cell
    name = name.strip(" .;:")
    if not name or len(name) > 120 or re.match(r"(?i)^(?:sub-?)?total\b", name):
        return None, None
    project = None
    parts = re.split(r"\s+[–-]\s+", name, maxsplit=1)
    acr = ctx.state.get("acronyms", {})
    hlow = header.lower()
    if len(parts) == 2 and re.search(r"\b(?:organisation|organization|provider|applicant|group)\b", hlow):
        # "Brightside CIC – Youth Boxing Club": who delivers, then what
        org, proj = parts
        ocls = bodies.classify(org)
        project = Ent(s, e, "Project", proj, {})
        return Ent(s, e, ocls[0] if ocls else "Organisation", org, {}), project
    cls = bodies.classify(name)
    if cls:
        return Ent(s, e, cls[0], name, {}), None
    # "CSP Area" column: places named for the partnership of each area
    for w in re.findall(r"[A-Za-z]+", header):
        full = acr.get(w) or bodies.vocab()["generic_acronyms"].get(w)
        wcls = bodies.classify(full) if full else None
        if full and wcls and re.search(r"\barea\b", hlow):
            if name.isupper() and len(name) <= 8:
                return Ent(s, e, wcls[0], name, {}), None  # already an acronym of a partnership
            return Ent(s, e, wcls[0], f"{name} {full}", {}), None
    if re.search(r"\b(?:project|scheme|service|initiative)\b", hlow):
        return Ent(s, e, "Project", name, {}), None
    if re.search(r"\b(?:organisation|organization|provider|recipient|applicant)\b", hlow):
        return Ent(s, e, "Organisation", name, {}), None
    return None, None


def _funds_from_tables(ctx: Context) -> None:
    text = ctx.doc.text
    acr = ctx.state.get("acronyms", {})
    idx = index(ctx)
    for rows in tables(text):
        header_i = next((i for i, r in enumerate(rows) if not any(AMOUNT.search(c[2]) for c in r.cells)), None)
        if header_i is None or header_i > 1:
            continue
        header = [c[2] for c in rows[header_i].cells]
        roles = _roles(header)
        if "amount" not in roles:
            continue
        if "fund" not in roles:
            roles.update(_fund_column(rows[header_i + 1:], roles, acr))
        rec_i = roles.get("recipient", 0)
        if rec_i in (roles.get("amount"), roles.get("spent"), roles.get("remaining")):
            continue
        head_text = " ".join(header)
        pm = _PERIOD.search(header[roles["amount"]]) or _PERIOD.search(head_text)
        period = norm_period(pm.group(1), pm.group(2)) if pm else None
        kind = _kind(header[roles["amount"]]) or _kind(head_text)
        lead = _lead_in(text, rows[0].start)
        as_of = iso_date(lead) if re.search(r"\b(?:as\s+(?:of|at)|to\s+date)\b", lead, re.I) else None
        funder = _table_funder(ctx, rows[0].start)
        for row in rows[header_i + 1:]:
            cells = row.cells
            if max(roles.values()) >= len(cells) or rec_i >= len(cells):
                continue
            amount = parse_amount(cells[roles["amount"]][2])
            if amount is None:
                continue
            rec, project = _recipient(ctx, header[rec_i], cells[rec_i])
            if rec is None:
                continue
            src = funder
            if "fund" in roles and roles["fund"] < len(cells):
                fcell = cells[roles["fund"]]
                fname = acr.get(fcell[2], fcell[2]).strip()
                if fname and len(fname) < 80:
                    src = Ent(fcell[0], fcell[1], "Fund", fname, {"aliases": [fcell[2]] if fcell[2] != fname else []})
            if src is None:
                continue
            props: dict[str, Any] = {"amount": amount, "period": period, "kind": kind, "as_of": as_of}
            for role in ("spent", "remaining"):
                if role in roles and roles[role] < len(cells):
                    props[role] = parse_amount(cells[roles[role]][2])
            target = project or rec
            cite = ctx.cite(row.start, row.end)
            sref = _ref(ctx, src)
            tref = _ref(ctx, target)
            ctx.fact("FUNDS", sref, tref, cite, **props)
            if project is not None:
                ctx.fact("DELIVERS", _ref(ctx, rec), tref, cite)
            idx.add(target)


def _ref(ctx: Context, ent: Ent) -> Ref:
    if ent.props.get("ref"):
        return Ref(ent.label, ent.name)
    return mention(ctx, ent)


# -- sentences ------------------------------------------------------------------------

def _phrases(key: str) -> re.Pattern[str]:
    words = sorted(vocab()[key], key=len, reverse=True)
    # verbs in running text are lower case: "Fund" in "Safer Streets Fund" is a name, not a verb
    return re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b")


@lru_cache(maxsize=1)
def _verb_patterns() -> dict[str, re.Pattern[str]]:
    return {k: _phrases(k) for k in ("recipient_before", "recipient_after", "funder_before", "funder_after")}


_FLOWY = re.compile(r"\b(?:fund|funds|funded|funding|grants?|allocat\w*|levy|commission\w*|award\w*|invest\w*|"
                    r"programme|budget)\b", re.I)
_THING = re.compile(r"(?:the\s+|a\s+|an\s+)?((?:[A-Z][\w'’-]*\s+(?:(?:and|of|for)\s+)?)*[A-Z][\w'’-]*"
                    r"(?:\s+(?:post|role|project|service|scheme|programme|pilot|contract|initiative))?)")
PAYERS = {"Organisation", "Board", "Fund"}
PAYEES = {"Organisation", "Board", "Fund", "Project"}


def _funds_from_sentences(ctx: Context) -> None:
    text = ctx.doc.text
    idx = index(ctx)
    vp = _verb_patterns()
    not_flow = vocab()["_not_flow"]
    last_funder: tuple[int, Ent] | None = None
    for s, e in sentences(ctx):
        sent = text[s:e]
        if "\t" in sent:
            continue  # table rows are read as tables
        ents = [x for x in idx.within(s, e) if x.label in PAYEES]
        for m in vp["funder_after"].finditer(sent):
            ag = [x for x in ents if x.start >= s + m.end() and x.start - (s + m.end()) < 40 and x.label in PAYERS]
            if ag:
                last_funder = (s, ag[0])
        shares = list(_SHARE.finditer(sent))
        if shares:
            _funds_shares(ctx, sent, s, e, ents, shares)
            continue
        amounts = [m for m in AMOUNT.finditer(sent)]
        if not amounts and not re.search(r"\bfund(?:ed|s|ing)?\b|\bcommission(?:s|ed)\b|\bcontribut", sent, re.I):
            continue
        pairs = _pairs(ctx, sent, s, e, ents, amounts, last_funder)
        for src, dst, amount, props in pairs:
            window = sent[max(0, amount.start() - 45):amount.end() + 30] if amount is not None else ""
            if amount is not None and not_flow.search(window):
                continue
            fprops = dict(props)
            if amount is not None:
                fprops["amount"] = _value(amount)
                if amount.group(1):
                    fprops["up_to"] = True
            ctx.fact("FUNDS", _ref(ctx, src), _ref(ctx, dst), ctx.cite(s, e), **fprops)
        # the subject of a sentence about funding pays for what the next sentences allocate
        if ents and ents[0].label in ("Organisation", "Fund") and ents[0].start - s < 60 and _FLOWY.search(sent):
            last_funder = (s, ents[0])


_SHARE = re.compile(r"\b(\d{1,3}(?:\.\d+)?)\s?%\s+(?:of\s+(?:the\s+)?(?:funding|fund|levy|grant|budget)\s+)?"
                    r"(?:to|for|is\s+allocated\s+to|goes\s+to)\s+(?:the\s+)?")


def _funds_shares(ctx: Context, sent: str, s: int, e: int, ents: list[Ent], shares: list[re.Match[str]]) -> None:
    """"20% to the Research Council": a share of the fund named in the sentence, or in the
    lines just before (the lead-in of a list of shares)."""
    idx = index(ctx)
    funds = [x for x in ents if x.label == "Fund"]
    if not funds:
        funds = idx.within(max(0, s - 800), s, {"Fund"})
    if not funds:
        return
    fund = funds[-1]
    for m in shares:
        pos = s + m.end()
        rec = [x for x in ents if x.start >= pos and x.label in ("Organisation", "Board")]
        if not rec or rec[0].start - pos > 5:
            from kg.extract.plans import _unknown_org

            unknown = _unknown_org(ctx, pos, e)
            if unknown is None:
                continue
            rec = [unknown] + [x for x in ents if x.start >= unknown.end and x.label in ("Organisation", "Board")]
        out = [rec[0]]
        for x in rec[1:]:
            gap = ctx.doc.text[out[-1].end:x.start]
            if re.fullmatch(r"\s*(?:\\?\([A-Za-z&]+\\?\))?\s*(?:,|and|&|,\s*and)\s*(?:the\s+)?", gap):
                out.append(x)
            else:
                break
        for r in out:
            ctx.fact("FUNDS", _ref(ctx, fund), _ref(ctx, r), ctx.cite(s, e), share=f"{m.group(1)}%",
                     kind=_kind(sent))


def _pairs(ctx: Context, sent: str, s: int, e: int, ents: list[Ent], amounts: list[re.Match[str]],
           last_funder: tuple[int, Ent] | None) -> list[tuple[Ent, Ent, re.Match[str] | None, dict[str, Any]]]:
    """(funder, recipient, amount, props) read from one sentence."""
    vp = _verb_patterns()
    out: list[tuple[Ent, Ent, re.Match[str] | None, dict[str, Any]]] = []
    pm = _PERIOD.search(sent)
    base = {"period": norm_period(pm.group(1), pm.group(2)) if pm else None, "kind": _kind(sent)}
    if re.search(r"\bper\s+annum\b|\bannual(?:ly)?\b", sent, re.I) and not pm:
        base["period"] = "per annum"

    def before(pos: int, labels: set[str]) -> Ent | None:
        c = [x for x in ents if x.end <= pos and x.label in labels and pos - x.end < 80]
        return c[-1] if c else None

    def after(pos: int, labels: set[str]) -> Ent | None:
        c = [x for x in ents if x.start >= pos and x.label in labels and x.start - pos < 60]
        return c[0] if c else None

    def funder_in_sentence(exclude: Ent) -> Ent | None:
        for m in vp["funder_after"].finditer(sent):
            f = after(s + m.end() - (4 if m.group(0).lower().endswith("the") else 0), PAYERS)
            if f and f != exclude:
                return f
        return None

    # "X will receive £N (and Y £M)": recipient before the verb, funder from context
    for m in vp["recipient_before"].finditer(sent):
        vpos = s + m.start()
        recips = [a for a in amounts if s + a.start() > vpos]
        if not recips:
            continue
        first = before(vpos, PAYEES - {"Fund"})
        if first is None:
            continue
        funder = funder_in_sentence(first) or (last_funder[1] if last_funder and s - last_funder[0] < 1500 else None)
        if funder is None:
            continue
        out.append((funder, first, recips[0], dict(base)))
        # "... and Westmoor Council £6,000": each further amount goes to the name just before it
        for a in recips[1:]:
            r = before(s + a.start(), PAYEES - {"Fund"})
            if r is not None and r != first and r.end > s + recips[0].end():
                out.append((funder, r, a, dict(base)))
        return out
    # "£N allocated to X", "invoiced £N ... to fund Y"
    for m in vp["recipient_after"].finditer(sent):
        rec = after(s + m.end(), PAYEES)
        if rec is None:
            continue
        amt = next((a for a in amounts if abs(a.start() - m.start()) < 80), None)
        if amt is None and not re.match(r"(?:allocated|awarded|granted|funding|grants?)\b", m.group(0)):
            continue  # "provided to the Board" without a sum is not a flow
        funder = before(s + m.start(), PAYERS) or funder_in_sentence(rec) or \
            (last_funder[1] if last_funder and s - last_funder[0] < 1500 else None)
        if funder is not None and funder != rec:
            out.append((funder, rec, amt, dict(base)))
    if out:
        return out
    # "X funds Y", "X commissions Y", "Y is funded by X"
    for m in vp["funder_after"].finditer(sent):
        word = m.group(0).lower()
        if word.startswith(("from", "through")):
            continue
        funder = after(s + m.end(), PAYERS)
        rec = before(s + m.start(), PAYEES)
        if funder and rec and funder != rec:
            amt = amounts[0] if len(amounts) == 1 else None
            out.append((funder, rec, amt, dict(base, kind=base["kind"] or _kind(word))))
    if out:
        return out
    for m in vp["funder_before"].finditer(sent):
        funder = before(s + m.start(), PAYERS)
        rec = after(s + m.end(), PAYEES)
        if rec is None:
            # "invoiced £4,500 per annum to fund the Review": the thing after "to fund"
            tf = re.search(r"\bto\s+fund\b", sent[m.end():])
            rec = after(s + m.end() + tf.end(), PAYEES) if tf else None
            if rec is None:
                rec = _thing_after(sent, s, m.end() + (tf.end() if tf else 0))
        if funder and rec and funder != rec:
            amt = amounts[0] if len(amounts) == 1 else None
            out.append((funder, rec, amt, dict(base, kind=base["kind"] or _kind(m.group(0)))))
            break
    return out


def _thing_after(sent: str, s: int, pos: int) -> Ent | None:
    """A capitalised name right after a funding verb that no other rule knew
    ("to fund Domestic Abuse Reviews", "funded a Youth Health Lead post"): a Project."""
    m = _THING.match(sent, pos + len(sent[pos:]) - len(sent[pos:].lstrip()))
    if not m or len(m.group(1).split()) < 2:
        return None
    name = m.group(1)
    if bodies.classify(name):
        return None
    return Ent(s + m.start(1), s + m.end(1), "Project", name, {})


def run(ctx: Context) -> None:
    """Rule: FUNDS from tables and sentences."""
    _funds_from_tables(ctx)
    _funds_from_sentences(ctx)
