"""Facts read from the rows of a table whose header names its columns.

A header row names what each column holds (``money.yaml``, ``column_roles``): who
receives money, the project or service, who provides it, the area, the priority or
theme, the funding stream, the funder, the period, the amount, what is spent and
what remains. Each row below it then gives, as far as its columns say:

* a ``Project`` from a Project / Scheme / Service column (a name with no project word
  is still a project there; "Bike Safe by Northshire Police" names its provider);
* ``FUNDS`` from the funder (a fund or funder column, else the body or fund the
  lead-in, caption or section heading names: "Commissioner's grants 2025-26") to the
  project, else the recipient, with ``amount``, ``period``, ``kind``, ``spent``,
  ``remaining`` and ``as_of``;
* ``DELIVERS`` from a Provider / Delivered by / Lead organisation column, or from the
  organisation of an "Organisation – Project" cell;
* ``IN_AREA`` from an Area / District / Ward column; ``ADDRESSES`` from a Priority /
  Theme column.

A table broken by a page (blank lines, "OFFICIAL", a page number) keeps its header.

>>> _roles(["Recipient", "Project", "Theme", "Area", "Amount"])
{'recipient': 0, 'project': 1, 'priority': 2, 'area': 3, 'amount': 4}
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any

from kg.extract import bodies
from kg.extract.context import Context
from kg.extract.money import _PERIOD, AMOUNT, Row, _kind, iso_date, parse_amount, payer_of_fund, tables_of, vocab
from kg.extract.plans import _is_heading, known_areas, norm_period
from kg.extract.quickre import quick
from kg.extract.spans import Ent, EntIndex, index, mention
from kg.model import Ref

_DASH = re.compile(r"\s+[–—-]\s+")


@lru_cache(maxsize=1)
def _role_patterns() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for word, role in vocab()["column_roles"]:
        pat = re.escape(word).replace(r"\ ", r"\s+")
        out.append((re.compile(r"£" if word == "£" else rf"\b{pat}\b", re.I), role))
    return out


def _roles(header: list[str]) -> dict[str, int]:
    """Column index of each role, from the header cells (the first word list entry that
    a cell holds decides its role; the first column of a role wins).

    >>> _roles(["CSP Area", "2025-26 Allocations", "2025-26 Expenditure", "Remaining Balance"])
    {'area': 0, 'amount': 1, 'spent': 2, 'remaining': 3}
    """
    roles: dict[str, int] = {}
    for i, h in enumerate(header):
        for pat, role in _role_patterns():
            if pat.search(h):
                roles.setdefault(role, i)
                break
    return roles


# an amount in a cell; "£000" and "£'000" in a header name a unit, not an amount
_AMOUNT_CELL = re.compile(r"£\s?(?!0+\b|['’])\d")


def _header_index(rows: list[Row]) -> int | None:
    """The header row: one of the first two rows with no amount and at least two named cells."""
    for i, r in enumerate(rows[:2]):
        named = [c[2] for c in r.cells if c[2]]
        if len(named) >= 2 and not any(_AMOUNT_CELL.search(c) for c in named) and all(len(c) < 60 for c in named):
            return i
    return None


def _gap_is_page_break(ctx: Context, end: int, start: int) -> bool:
    """Whether only blank lines and page furniture (a short line, a page number) lie between
    two runs of table rows."""
    lines = ctx.doc.text[end:start].split("\n")[1:-1]
    if len(lines) > 12:
        return False
    return all(len(ln.strip()) <= 25 and not ln.strip().endswith((".", ":")) and not _is_heading(ln)
               for ln in lines)


@lru_cache(maxsize=4096)
def _sector_word(word: str) -> str | None:
    return {"commissioner": "commissioner", "commissioners": "commissioner", "force": "policing",
            "constabulary": "policing"}.get(word.lower())


def _sector_body(ctx: Context, sector: str) -> Ent | None:
    """The one organisation of ``sector`` the document names most (as "the Commissioner" does)."""
    idx = index(ctx)
    e = _most_named(idx, sector)
    # a new Ent each time: a caller may add to its props
    return None if e is None else Ent(e.start, e.end, e.label, e.name, {**e.props, "ref": True})


def _most_named(idx: EntIndex, sector: str) -> Ent | None:
    """The first mention of the organisation of ``sector`` named most, or None."""
    tally = idx.tally(sector)
    counts, first = tally.counts, tally.first
    if not counts:
        return None
    offices = [n for n in counts if re.match(r"(?:the\s+)?office\s+of\b", n, re.I)]
    if sector == "commissioner" and offices:
        # money is paid by the commissioner's office (the body that holds the budget), whichever
        # of its names the paper writes most
        best = max(offices, key=lambda n: counts[n])
    else:
        best = max(counts, key=lambda n: counts[n])
        if counts[best] * 2 < sum(counts.values()):
            return None
    return first[best]


def _context_lines(ctx: Context, first_row: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The lead-in (up to two lines of text just above a table) and the heading lines above
    it (up to six, within ~150 lines), each as (offset, text)."""
    doc = ctx.doc
    line_no = doc.locate(first_row)[0]
    lead: list[tuple[int, str]] = []
    heads: list[tuple[int, str]] = []
    for ln in range(line_no - 1, max(0, line_no - 150), -1):
        line = doc.line_text(ln)
        st = line.strip()
        if not st or "\t" in line or "</table>" in line or "<tr" in line:
            continue
        km = _KEY_LINE.match(line)
        if km and _roles([km.group("key")]):
            continue  # "Lead organisation: X" of the project above: not a caption
        ls = doc.line_starts[ln - 1]
        short = len(st) < 90 and not st.endswith((".", ",", ";", ":")) and len(st.split()) > 1
        if _is_heading(line) or (st.isupper() and len(st) > 8) or short:
            heads.append((ls, line))
            if len(heads) >= 6:
                break
        elif len(lead) < 2 and not heads:
            lead.append((ls, line))
    return lead, heads


_POSSESSIVE_SECTOR = re.compile(r"\b(Commissioner|Commissioners|Force|Constabulary)(?:['’]s|s['’])(?=\s)")


def _possessive_sector(ctx: Context, line: str) -> Ent | None:
    """"the Commissioner's grants": the document's commissioner (or force)."""
    m = _POSSESSIVE_SECTOR.search(line)
    sector = _sector_word(m.group(1)) if m else None
    return _sector_body(ctx, sector) if sector else None


def _funder(ctx: Context, lead: list[tuple[int, str]], heads: list[tuple[int, str]]) -> Ent | None:
    """Who pays for a table's rows: a fund in the lead-in, or a body named there after
    "by"/"from"; else a body (or, failing one, a fund) in the nearest heading or caption;
    "Commissioner's grants" is the document's commissioner."""
    idx = index(ctx)
    text = ctx.doc.text
    for ls, line in lead:
        found = idx.within(ls, ls + len(line), {"Organisation", "Fund"})
        funders = [x for x in found if x.label == "Fund" or re.search(
            r"\b(?:by|from)\s+(?:the\s+)?$", text[max(0, x.start - 12):x.start])]
        if funders:
            return funders[0]
        body = _possessive_sector(ctx, line)
        if body is not None:
            return body
    for ls, line in heads:
        # names may run on to the next line of a wrapped heading
        found = [x for x in idx.within(ls, ls + len(line) + 120, {"Organisation", "Fund"}) if x.start < ls + len(line)]
        orgs = [x for x in found if x.label == "Organisation"]
        if orgs:
            if orgs[0].props.get("sector") == "commissioner":  # the commissioner's office pays
                return _sector_body(ctx, "commissioner") or orgs[0]
            return orgs[0]
        body = _possessive_sector(ctx, line)
        if body is not None:
            return body
        funds = [x for x in found if x.label == "Fund"]
        if funds:
            return funds[0]
    return None


# "the delegated budget position for the Westby Area Committee": the body that holds the budget
_BUDGET_FOR = re.compile(r"\bbudgets?(?:\s+position)?\s+(?:for|of)\s+the\s+((?:[A-Z][\w'’&-]*\s+){0,5}[A-Z][\w'’&-]*)")


def _budget_holder(ctx: Context, before: int) -> Ent | None:
    """The body whose budget the paper reports on, named before a table no lead-in or heading
    gives a funder ("... the budget position for the Westby Area Committee ... the applications
    were determined as follows"): the last such body before offset ``before``."""
    # every such body of the paper, found once (a scan from the start for every table was quadratic
    # in a paper of many tables)
    held: list[tuple[int, Ent]] | None = ctx.memo.get("_budget_holders")
    if held is None:
        held = []
        for m in _BUDGET_FOR.finditer(ctx.doc.text):
            cls = bodies.classify(m.group(1))
            if cls is not None and cls[0] in ("Board", "Organisation"):
                held.append((m.end(), Ent(m.start(1), m.end(1), cls[0], m.group(1), dict(cls[1]))))
        ctx.memo["_budget_holders"] = held
    k = bisect.bisect_right([end for end, _ in held], before)
    return held[k - 1][1] if k else None


_TOTALLING = re.compile(r"\b(?:total|totalling|totaling|a\s+total\s+of)\b", re.I)


@lru_cache(maxsize=1)
def _decision_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    def alt(key: str) -> re.Pattern[str]:
        words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in vocab()[key])
        return re.compile(rf"\b(?:{words})\b", re.I)

    return alt("decision_refused"), alt("decision_approved")


def _decided(cell: str) -> tuple[bool, float | None]:
    """Whether a "Decision" cell gives the row's money, and the sum it gives when it names one
    (the total when it adds several up). An empty cell says nothing against the row.

    >>> _decided("Approved"), _decided("Deferred to the next meeting"), _decided("Not approved")
    ((True, None), (False, None), (False, None))
    >>> _decided("That £100 (East) and £50.00 (West) totalling £150.00 be Approved")
    (True, 150.0)
    """
    if not cell.strip():
        return True, None
    refused, approved = _decision_words()
    if refused.search(cell) or not approved.search(cell):
        return False, None
    amounts = list(AMOUNT.finditer(cell))
    total = _TOTALLING.search(cell)
    if total is not None:
        amounts = [a for a in amounts if a.start() > total.end()][:1]
    return True, (parse_amount(amounts[0].group(0)) if len(amounts) == 1 else None)


def _fund_initials(ctx: Context) -> dict[str, str]:
    """Funds the document names, by the initials of their capitalised words ("CSF" for a
    "Community Safety Fund"): a table often gives a fund only so. Initials two funds share
    name neither."""
    cached = ctx.memo.get("_fund_initials")
    if cached is not None:
        return dict(cached)
    by: dict[str, set[str]] = {}
    for e in index(ctx).ents:
        if e.label == "Fund":
            letters = "".join(w[0] for w in e.name.split() if w[:1].isupper())
            if len(letters) >= 2:
                by.setdefault(letters, set()).add(e.name)
    out = {k: next(iter(v)) for k, v in by.items() if len(v) == 1}
    ctx.memo["_fund_initials"] = out
    return dict(out)


def _fund_column(rows: list[Row], roles: dict[str, int], acr: dict[str, str]) -> int | None:
    """A column whose cells name funding streams ("CSF" for a fund the document spelled
    out earlier, or "... Fund"), when the header does not say so."""
    from kg.extract.plans import vocab as plan_vocab

    heads = set(plan_vocab()["fund_heads"])
    taken = {roles.get(r) for r in ("amount", "spent", "remaining", "recipient", "project", "provider")}
    ncols = max((len(r.cells) for r in rows), default=0)
    for i in range(ncols):
        if i in taken:
            continue
        vals = [r.cells[i][2] for r in rows if i < len(r.cells) and r.cells[i][2]]
        if not vals:
            continue
        hits = sum(1 for v in vals if (v in acr and acr[v].split()[-1].lower() in heads)
                   or (v.split() and v.split()[-1].lower() in heads))
        if hits >= max(2, 0.6 * len(vals)):
            return i
    return None


_PRIORITY_TAIL = quick(r"\s*[-–]?\s*\bPriority\s+\d+\b.*$")
_BY = re.compile(r"\s+(?:by|delivered\s+by|run\s+by|led\s+by)\s+(?:the\s+)?(?=[A-Z])")


def _clean(name: str) -> str:
    return name.strip(" .;:*").strip()


def _project(ctx: Context, cell: tuple[int, int, str]) -> tuple[Ent | None, Ent | None]:
    """The project a Project/Scheme/Service cell names, and a provider the cell gives
    ("Bike Safe by Northshire Police"; "Night Shelter – Riverside Trust" when the part after
    the dash is a body)."""
    s, e, name = cell
    name = _clean(_PRIORITY_TAIL.sub("", name))
    if not _good_name(name):
        return None, None
    provider = None
    bm = _BY.search(name)
    if bm:
        who = name[bm.end():]
        cls = bodies.classify(who)
        if cls:
            provider = Ent(s, e, cls[0], who, dict(cls[1]))
            name = name[:bm.start()]
    else:
        parts = _DASH.split(name)
        if len(parts) == 2:
            cls = bodies.classify(parts[1])
            if cls:
                provider = Ent(s, e, cls[0], parts[1], dict(cls[1]))
                name = parts[0]
    if bodies.classify(name):
        return None, None  # a body in a project column: not a project
    return Ent(s, e, "Project", name, {}), provider


_ROW_LABEL_MAX_WORDS = 5  # a row label longer than this is a description, not a recipient


def _good_name(name: str) -> bool:
    # a total or subtotal row ("Total Programme Cost") adds up the rows: it is not a recipient
    return bool(name) and len(name) <= 120 and name[:1].isalnum() and not vocab()["_total"].search(name) \
        and not re.match(r"(?i)^n/?a$|^tbc$|^none$", name)


def _body(ctx: Context, cell: tuple[int, int, str]) -> Ent | None:
    """An organisation named in a provider or recipient cell."""
    s, e, name = cell
    name = _clean(name)
    if not _good_name(name):
        return None
    acr = ctx.paper.acronyms
    full = acr.get(name)
    cls = bodies.classify(name) or (bodies.classify(full) if full else None)
    if cls:
        return Ent(s, e, cls[0], full if full and not bodies.classify(name) else name, dict(cls[1]))
    if len(name.split()) > 8 or not name[:1].isupper() or _is_person(ctx, name):
        return None
    return Ent(s, e, "Organisation", name, {"sector": "other"})


def _is_person(ctx: Context, name: str) -> bool:
    """Whether the document names ``name`` as a person (a lead officer in a Lead column)."""
    from kg.extract.people import parse_person

    people = ctx.memo.get("_people_names")
    if people is None:
        people = {m.name for m in ctx.mentions if m.label == "Person"}
        ctx.memo["_people_names"] = people
    if name in people:
        return True
    pn = parse_person(name, whole=True)
    # three capitalised words may be a charity's name: only a title or an initial marks a person
    return pn is not None and bool(pn.honorific or pn.rank_title or re.match(r"[A-Z]\.?\s", name))


def _recipient(ctx: Context, header: str, cell: tuple[int, int, str]) -> tuple[Ent | None, Ent | None]:
    """The recipient named in a recipient cell, and a project named after a dash in it
    ("Brightside CIC – Youth Boxing Club": who delivers, then what)."""
    s, e, name = cell
    name = _clean(name)
    if not _good_name(name):
        return None, None
    parts = _DASH.split(name, maxsplit=1)
    if len(parts) == 2 and re.search(r"\b(?:organisation|organization|provider|applicant|group|recipient)\b",
                                     header, re.I):
        org, proj = parts
        ocls = bodies.classify(org)
        return (Ent(s, e, ocls[0] if ocls else "Organisation", org, dict(ocls[1]) if ocls else {}),
                Ent(s, e, "Project", proj, {}))
    body = _body(ctx, cell)
    return body, None


def _area_partnership(ctx: Context, header: str, cell: tuple[int, int, str]) -> Ent | None:
    """A "CSP Area" cell names the partnership of the area: "Northvale" -> "Northvale
    Community Safety Partnership"."""
    s, e, name = cell
    name = _clean(name)
    if not _good_name(name):
        return None
    acr = ctx.paper.acronyms
    cls = bodies.classify(name)
    if cls:
        return Ent(s, e, cls[0], name, dict(cls[1]))
    known = known_areas(ctx)
    if name not in known and len(name.split()) <= 3:
        # a district's main town names the district's partnership ("Westby Bridge" for "Westby")
        fits = [a for a in known if " " not in a and name.split()[0] == a and len(name.split()) == 2]
        if len(fits) == 1:
            name = fits[0]
    for w in re.findall(r"[A-Za-z]+", header):
        full = acr.get(w) or bodies.vocab()["generic_acronyms"].get(w)
        wcls = bodies.classify(full) if full else None
        if full and wcls:
            if name.isupper() and len(name) <= 8:
                return Ent(s, e, wcls[0], name, {})  # already an acronym of a partnership
            return Ent(s, e, wcls[0], f"{name} {full}", {})
    return None


def _body_area_header(ctx: Context, header: str) -> bool:
    """"CSP Area": an area column whose header names a kind of body by its acronym."""
    acr = ctx.paper.acronyms
    for w in re.findall(r"\b[A-Z]{2,6}s?\b", header):
        full = acr.get(w) or bodies.vocab()["generic_acronyms"].get(w)
        if full and bodies.classify(full):
            return True
    return False


def _areas(ctx: Context, cell: tuple[int, int, str]) -> list[str]:
    """The places an Area cell names ("Eastvale", "Eastvale and Westmoor", "All")."""
    name = _clean(cell[2])
    if not name or len(name) > 60 or re.search(r"\d|[.;:!?]", name):
        return []
    known = known_areas(ctx)
    if name in known:
        return [known[name]]
    acr = ctx.paper.acronyms
    if name in acr and acr[name] in known:
        return [known[acr[name]]]
    parts = [p for p in re.split(r"\s*,\s*|\s+(?:and|&)\s+|\s*/\s*", name) if p]
    if len(parts) > 1 and all(p in known for p in parts):
        return [known[p] for p in parts]
    words = name.split()
    if len(words) > 5 or not all(w[:1].isupper() or w.lower() in ("and", "&", "of", "upon", "on", "the", "in")
                                 for w in words):
        return []
    if name.isupper() and len(name) <= 6:
        return []  # an acronym the document does not spell out
    if re.match(r"(?i)^(?:all|various|county-?wide|force-?wide|n/?a|tbc|other)\b", name):
        return []
    wide = re.match(r"(?i)^(.+?)[ -]wide$", name)
    if wide:
        return [known.get(wide.group(1), wide.group(1))]  # "Westshire-wide": all of Westshire
    return [name]


def _priority(cell: tuple[int, int, str]) -> str | None:
    name = _clean(cell[2])
    if not name or len(name) > 100 or re.match(r"(?i)^(?:n/?a|tbc|none|all|various)$", name):
        return None
    return name


# a raised point ("1,250·00") is the decimal point of older printed papers
_BARE = re.compile(r"^\(?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:[.·](\d{1,2}))?\s*\)?$")


def _cell_amount(cell: str, header: str) -> float | None:
    """The amount in a money cell; a bare number counts under a header in pounds ("£",
    "£000", "£'000s", "£k", "£m").

    >>> _cell_amount("1,250", "2025/26 £000"), _cell_amount("40", "Budget (£)"), _cell_amount("12", "Sessions")
    (1250000.0, 40.0, None)
    """
    value = parse_amount(cell)
    if value is not None or "£" not in header:
        return value
    m = _BARE.match(cell.strip())
    if not m:
        return None
    value = float(m.group(1).replace(",", "")) + (float("0." + m.group(2)) if m.group(2) else 0.0)
    if re.search(r"£\s*['’]?000|£\s*k\b|\bthousands?\b", header, re.I):
        value *= 1000
    elif re.search(r"£\s*m\b|\bmillions?\b", header, re.I):
        value *= 1_000_000
    return round(value, 2)


def _money_columns(header: list[str], roles: dict[str, int]) -> list[tuple[int, str | None]]:
    """The amount columns of a table with their periods: one column normally; several when
    each is headed by its own year ("2025/26 | 2026/27")."""
    cols = []
    for i, h in enumerate(header):
        role = next((r for pat, r in _role_patterns() if pat.search(h)), None)
        if role == "amount" and _period(h):
            cols.append((i, _period(h)))
    if len(cols) > 1 and len({p for _, p in cols}) == len(cols):
        return cols
    return [(roles["amount"], None)]


def _period(*texts: str) -> str | None:
    for t in texts:
        pm = _PERIOD.search(t)
        if pm:
            return norm_period(pm.group(1), pm.group(2))
    return None


def run(ctx: Context) -> None:
    """Rule: projects, FUNDS, DELIVERS, IN_AREA and ADDRESSES from table rows."""
    acr = ctx.paper.acronyms
    idx = index(ctx)
    prev: tuple[int, int, list[str], int] | None = None  # end, columns, header, first row offset
    for rows in tables_of(ctx):
        header_i = _header_index(rows)
        ncols = max(len(r.cells) for r in rows)
        first_row = rows[0].start
        if header_i is None and prev is not None and prev[1] == ncols and _gap_is_page_break(ctx, prev[0],
                                                                                             rows[0].start):
            header, body_rows, first_row = prev[2], rows, prev[3]
        elif header_i is not None:
            header, body_rows = [c[2] for c in rows[header_i].cells], rows[header_i + 1:]
        else:
            prev = None
            continue
        prev = (rows[-1].end, ncols, header, first_row)
        _read_table(ctx, header, body_rows, first_row, acr, idx)


_DASH_ITEM = re.compile(r"^\s*(?:[-*•▪]\s+|\d{1,2}[.)]\s+|\(?[a-z][.)]\s+)?(?P<body>.+?)\s*$")


# the amount that ends a list line: "– £4,000", ": £4,000", "(£4,000)", ", £4k"
_ITEM_AMOUNT = quick(r"(?:\s+[–—-]\s+|\s*:\s*|\s*,\s*|\s*\(\s*)(£\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?"
                          r"(?:\s?(?:k|K|m|M|million)\b)?)\s*\)?[.;,]?\s*$")


def run_dash_lists(ctx: Context) -> None:
    """A grant list written as lines "Organisation – Project – £4,000" (or "Organisation –
    £4,000", "Organisation: £4,000", "Organisation (£4,000)"), two or more in a row: read as
    a table of recipient, project and amount, paid by the fund or body its lead-in names."""
    text = ctx.doc.text
    acr = ctx.paper.acronyms
    idx = index(ctx)
    run_rows: list[Row] = []
    width = 0

    def flush() -> None:
        nonlocal run_rows, width
        if len(run_rows) >= 2:
            header = ["Organisation", "Project", "Amount"] if width == 3 else ["Organisation", "Amount"]
            _read_table(ctx, header, run_rows, run_rows[0].start, acr, idx)
        run_rows, width = [], 0

    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        m = _DASH_ITEM.match(line) if "£" in line and "\t" not in line else None
        am = _ITEM_AMOUNT.search(m.group("body")) if m else None
        parts = (_DASH.split(m.group("body")[:am.start()]) + [am.group(1)]) if m and am else []
        if m and len(parts) in (2, 3) and all(0 < len(p) <= 80 and not AMOUNT.search(p) for p in parts[:-1]) and \
                (width in (0, len(parts))):
            cells: list[tuple[int, int, str]] = []
            cpos = pos + m.start("body")
            for p in parts:
                cs = text.index(p, cpos, end + 1)
                cells.append((cs, cs + len(p), p.strip(" .;")))
                cpos = cs + len(p)
            run_rows.append(Row(pos, end, cells))
            width = len(parts)
        elif line.strip() or not run_rows:
            flush()
        pos = end + 1
    flush()


# one run of blanks between the parts (two runs side by side would try every split of a long one),
# and the value from its first character to its last that is not a blank
_KEY_LINE = re.compile(r"^[ \t]*(?:[-*•][ \t]*)?(?:\*\*|<b>)?(?P<key>[A-Z][A-Za-z /&'’()-]{1,40}?)[ \t]*"
                       r"(?:(?:\*\*|</b>)[ \t]*)?:[ \t]*(?:(?:\*\*|</b>)[ \t]*)?(?P<value>\S(?:.*[^ \t])?)[ \t]*$")
_TITLE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\d{1,2}(?:\.\d{1,2})*[.)]?[ \t]+)?(?:\*\*|<b>)?"
                    r"(?P<title>[A-Z#][^:*<>]{1,78}?)(?:\*\*|</b>)?[ \t]*$")


def run_cards(ctx: Context) -> None:
    """A project set out as a title line and "Key: value" lines under it::

        **Street Kitchen**
        Lead organisation: Harbourside Youth Trust
        Area: Eastholme
        Grant: £12,000

    read as one table row of the keys' columns (at least a provider, funder, fund or amount
    among them), the title being the project."""
    text = ctx.doc.text
    doc = ctx.doc
    acr = ctx.paper.acronyms
    idx = index(ctx)
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        tm = _TITLE.match(lines[i]) if ":" not in lines[i] and "\t" not in lines[i] else None
        if not tm or tm.group("title").rstrip().endswith((".", ",", ";")):
            i += 1
            continue
        j = i + 1
        if j < len(lines) and not lines[j].strip():
            j += 1
        keys: list[tuple[int, re.Match[str]]] = []
        while j < len(lines) and (km := _KEY_LINE.match(lines[j])):
            keys.append((j, km))
            j += 1
        roles = _roles([km.group("key") for _, km in keys])
        if len(keys) < 2 or not {"provider", "funder", "fund", "amount"} & set(roles) or "project" in roles:
            i += 1
            continue
        ls = doc.line_starts[i]
        ts = ls + tm.start("title")
        title = (ts, ts + len(tm.group("title").rstrip()), _clean(tm.group("title")))
        header = ["Project"] + [km.group("key") for _, km in keys]
        cells = [title]
        for ln, km in keys:
            vs = doc.line_starts[ln] + km.start("value")
            cells.append((vs, vs + len(km.group("value")), _clean(km.group("value"))))
        last = keys[-1][0]
        row = Row(ls, doc.line_starts[last] + len(lines[last]), cells)
        _read_table(ctx, header, [row], ls, acr, idx)
        i = j


def _read_table(ctx: Context, header: list[str], rows: list[Row], first_row: int, acr: dict[str, str],
                idx: Any) -> None:
    roles = _roles(header)
    if "area" in roles and "recipient" not in roles and _body_area_header(ctx, header[roles["area"]]):
        roles["partnership"] = roles.pop("area")
    acr = {**_fund_initials(ctx), **acr}
    fcol = _fund_column(rows, roles, acr) if "fund" not in roles else None
    if fcol is not None:
        for r in [r for r, i in roles.items() if i == fcol]:
            del roles[r]
        roles["fund"] = fcol
    # a column of fines, precepts, salaries or savings holds sums that are not flows
    if "amount" in roles and vocab()["_not_flow"].search(header[roles["amount"]]):
        del roles["amount"]
    has_money = "amount" in roles
    key_roles = [r for r in ("project", "recipient", "partnership") if r in roles]
    # a table of amounts whose first header cell is blank (or a bare "Title"): its first column
    # labels the rows, and each label is who the row's money went to ("Bracknell | 136,091 | 134,699")
    row_labels = not key_roles and has_money and roles["amount"] > 0 and \
        (not header[0].strip() or header[0].strip().lower() in vocab()["row_label_headers"])
    if row_labels:
        roles["recipient"] = 0
        key_roles = ["recipient"]
    if not key_roles:
        return
    if not has_money and ("project" not in roles or len(set(roles) - {"project"}) == 0):
        return  # a list of services with nothing said about them
    sum_cols = {roles.get(r) for r in ("amount", "spent", "remaining")}
    if any(roles[r] in sum_cols for r in key_roles):
        return
    head_text = " ".join(header)
    lead, heads = _context_lines(ctx, first_row)
    context_text = [t for _, t in lead] + [t for _, t in heads]
    period = _period(header[roles["amount"]] if has_money else "", head_text, *context_text)
    kind = (_kind(header[roles["amount"]]) if has_money else None) or _kind(head_text)
    context_kind = next((k for k in (_kind(t) for t in context_text) if k), None)
    lead_text = "\n".join(t for _, t in lead)
    as_of = iso_date(lead_text) if re.search(r"\b(?:as\s+(?:of|at)|to\s+date)\b", lead_text, re.I) else None
    funder = (_funder(ctx, lead, heads) or _budget_holder(ctx, first_row)) if has_money else None
    money_cols = _money_columns(header, roles) if has_money else []
    for row in rows:
        cells = row.cells
        if max(roles.values()) >= len(cells):
            continue
        project = provider = rec = None
        if "project" in roles:
            project, provider = _project(ctx, cells[roles["project"]])
        if "recipient" in roles:
            rec, dash_project = _recipient(ctx, header[roles["recipient"]], cells[roles["recipient"]])
            project = project or dash_project
            label = _clean(cells[0][2])
            if rec is None and row_labels and _good_name(label) and len(label.split()) <= _ROW_LABEL_MAX_WORDS:
                rec = Ent(cells[0][0], cells[0][1], "Organisation", label, {})
        if "partnership" in roles:
            rec = rec or _area_partnership(ctx, header[roles["partnership"]], cells[roles["partnership"]])
        if "provider" in roles:
            provider = _body(ctx, cells[roles["provider"]]) or provider
        if rec is not None and project is None and "recipient" in roles:
            rec = _place_body(ctx, rec)
        target = project or rec
        if target is None or vocab()["_retained"].match(target.name):
            continue  # "Retained by PCC": what the payer keeps is paid to no one the row names
        cite = ctx.cite(row.start, row.end)
        tref = Ref(target.label, " ".join(target.name.split()))
        if project is not None:
            _ref(ctx, target)  # a project a table lists is one even with nothing said about it
            idx.add(target)
        n_facts = len(ctx.facts)
        deliverer = provider or (rec if project is not None and rec is not None else None)
        if project is not None and deliverer is not None and deliverer.label in ("Organisation", "Board"):
            ctx.fact("DELIVERS", _ref(ctx, deliverer), tref, cite)
        if "area" in roles and target.label in ("Project", "Organisation", "Board"):
            acell = cells[roles["area"]]
            for place in _areas(ctx, acell):
                aref = ctx.mention("Area", place, ctx.cite(acell[0], acell[1]))
                ctx.fact("IN_AREA", tref, aref, cite)
        if "priority" in roles and project is not None:
            pcell = cells[roles["priority"]]
            pname = _priority(pcell)
            if pname:
                pref = ctx.mention("Priority", pname, ctx.cite(pcell[0], pcell[1]))
                ctx.fact("ADDRESSES", tref, pref, cite)
        flows = [(_cell_amount(cells[i][2], header[i]), p) for i, p in money_cols if i < len(cells)]
        flows = [(a, p) for a, p in flows if a is not None]
        if flows and "decision" in roles and roles["decision"] < len(cells):
            given, decided = _decided(cells[roles["decision"]][2])
            # a refused or deferred row gives nothing; an approved one gives the sum its decision names
            flows = [(decided, flows[0][1])] if given and decided is not None else flows if given else []
        src = funder if flows else None
        fund_name = None
        if flows and "fund" in roles and roles["fund"] < len(cells):
            fcell = cells[roles["fund"]]
            fname = acr.get(fcell[2], fcell[2]).strip()
            if fname and len(fname) < 80:
                fund = Ent(fcell[0], fcell[1], "Fund", fname, {"aliases": [fcell[2]] if fcell[2] != fname else []})
                # who gives the money is the body that pays out of the fund (the table's funder, else the
                # paper's), the fund a property of the flow; a fund with no such body pays itself
                payer = payer_of_fund(ctx, fund, target, funder)
                if payer is not None:
                    src, fund_name = payer, fname
                    _ref(ctx, fund)
                else:
                    src = fund
        if flows and "funder" in roles and roles["funder"] < len(cells):
            src = _body(ctx, cells[roles["funder"]]) or src
        if src is not None:
            row_period = period
            if "period" in roles:
                row_period = _period(cells[roles["period"]][2]) or period
            # money paid out of a fund is a grant unless the table itself says otherwise
            row_kind = kind or ("grant" if src.label == "Fund" or fund_name else context_kind)
            sref = _ref(ctx, src)
            for amount, col_period in flows:
                props: dict[str, Any] = {"amount": amount, "period": col_period or row_period, "kind": row_kind,
                                         "as_of": as_of}
                if fund_name:
                    props["fund"] = fund_name
                if len(flows) == 1:
                    for role in ("spent", "remaining"):
                        if role in roles and roles[role] < len(cells):
                            props[role] = _cell_amount(cells[roles[role]][2], header[roles[role]])
                ctx.fact("FUNDS", sref, tref, cite, **props)
        if project is None and len(ctx.facts) > n_facts:
            # a recipient is recorded only when the row says something of it: a table of
            # counts by local authority names places, not partners
            _ref(ctx, target)
            idx.add(target)


def _place_body(ctx: Context, rec: Ent) -> Ent | None:
    """A recipient cell that holds only a place the document names as the area of a local
    body ("Eastvale" under "Local Authority") stands for that body ("Eastvale Borough
    Council") when the document names exactly one; otherwise it names no organisation."""
    if rec.props.get("sector") != "other" or rec.name not in known_areas(ctx):
        return rec
    councils = ctx.memo.get("_councils")
    if councils is None:  # the local bodies by their first word, read once per document
        councils = {}
        for _s, _e, label, name, props in ctx.paper.bodies:
            if label == "Organisation" and props.get("sector") == "local_government" and not props.get("ref"):
                councils.setdefault(name.split()[0], set()).add(name)
        ctx.memo["_councils"] = councils
    place = rec.name + " "
    found = {name for name in councils.get(rec.name.split()[0], ()) if name.startswith(place)}
    if len(found) != 1:
        return None
    name = found.pop()
    return Ent(rec.start, rec.end, "Organisation", name, {"sector": "local_government", "aliases": [rec.name]})


def _ref(ctx: Context, ent: Ent) -> Ref:
    if ent.props.get("ref"):
        return Ref(ent.label, ent.name)
    return mention(ctx, ent)


# A table copied as text, one row a line with single spaces between its cells: a header line of
# column words only ("Organisation Nature of Project £") over rows that end in their amount after a
# run of blanks ("Westby Youth Trust Night Club: a weekly club for young people  4,500").
_FLAT_AMOUNT = re.compile(r"[ \t]{2,}£?[ ]?(?P<amt>\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.(?P<p>\d{2}))?[ \t]*$")
_FLAT_HEADER_MAX_WORDS = 8
_TITLE_WORD = re.compile(r"[A-Z][\w'’&.-]*|of|and|&|the")
_FOR = re.compile(r"\s+for\s+")


_DIGIT = re.compile(r"\d")


def _flat_header(line: str) -> bool:
    """Whether a line is the header of a flattened grants table: a few words, among them an
    organisation column and a money column, and nothing else that is a sum.

    >>> _flat_header("Organisation Nature of Project £"), _flat_header("Organisation of the day")
    (True, False)
    """
    words = line.split()
    if not words or len(words) > _FLAT_HEADER_MAX_WORDS or _DIGIT.search(line):
        return False
    # the organisation column first: most short lines have none, and then the money patterns
    # need not be tried on every word
    return _has_role(words, "recipient") and _has_role(words, "amount")


def _has_role(words: list[str], role: str) -> bool:
    """Whether any of ``words`` holds a column word of ``role`` (``column_roles``)."""
    pats = [pat for pat, r in _role_patterns() if r == role]
    return any(pat.search(w) for w in words for pat in pats)


@lru_cache(maxsize=1)
def _org_heads() -> frozenset[str]:
    return frozenset(w.lower() for w in vocab()["row_org_heads"])


def _split_org(text: str) -> tuple[str, str] | None:
    """The organisation and the project of a row's text with no mark between them: the longest
    run of capitalised words at the start that ends in a word organisations end in (``row_org_heads``)
    or that is a body the vocabulary knows, and what follows (up to its description).

    >>> _split_org("Westby Youth Theatre Big Stage: drama sessions for schools")
    ('Westby Youth Theatre', 'Big Stage')
    >>> _split_org("Northby Trust Mentoring programme for young adults leaving care")
    ('Northby Trust', 'Mentoring programme')
    >>> _split_org("Bright Lights Street Talk: talks") is None
    True
    """
    head, colon, _ = text.partition(":")
    words = head.split()
    best = 0
    for k in range(1, len(words)):
        if not _TITLE_WORD.fullmatch(words[k - 1]):
            break
        prefix = " ".join(words[:k])
        if words[k - 1].lower() in _org_heads() or bodies.classify(prefix):
            best = k
    if not best or not words[best][:1].isupper():
        return None
    rest = " ".join(words[best:])
    if not colon:
        rest = _FOR.split(rest, maxsplit=1)[0]  # "Mentoring programme for young adults": its name
    return " ".join(words[:best]), rest


def run_flat_rows(ctx: Context) -> None:
    """Rule: FUNDS and DELIVERS from a grants table flattened to one line a row (see
    :func:`_flat_header`): the organisation at the head of each row is paid the row's amount by
    the funder the lead-in or heading names (else the paper's funder), and delivers the project
    named after it."""
    from kg.extract.money import paper_funder

    text = ctx.doc.text
    lines = text.split("\n")
    pos, header_at = 0, -1
    for line in lines:
        start, pos = pos, pos + len(line) + 1
        if _flat_header(line):
            header_at = start
            continue
        if header_at < 0 or not line.strip():
            continue
        am = _FLAT_AMOUNT.search(line)
        split = _split_org(line[:am.start()].strip()) if am else None
        if am is None:
            header_at = -1  # the rows end where a line holds no amount
            continue
        if split is None:
            continue
        org_name, proj_name = split
        cls = bodies.classify(org_name)
        org = Ent(start, start + len(org_name), cls[0] if cls else "Organisation", org_name,
                  dict(cls[1]) if cls else {"sector": "other"})
        lead, heads = _context_lines(ctx, header_at)
        funder = _funder(ctx, lead, heads) or paper_funder(ctx, org)
        amount = float(re.sub(r"[, ]", "", am.group("amt"))) + (float("0." + am.group("p")) if am.group("p") else 0.0)
        cite = ctx.cite(start, start + len(line))
        oref = _ref(ctx, org)
        if funder is not None and funder.name != org_name:
            ctx.fact("FUNDS", _ref(ctx, funder), oref, cite, amount=round(amount, 2), kind="grant")
        if proj_name:
            ps = text.find(proj_name, start + len(org_name))
            proj = ctx.mention("Project", proj_name, ctx.cite(ps, ps + len(proj_name)))
            ctx.fact("DELIVERS", oref, proj, cite)
