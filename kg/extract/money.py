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
from kg.extract.quickre import needed, quick
from kg.extract.spans import Ent, has_word, index, mention, sentences
from kg.model import Ref

#: libyaml's parser where it is installed (the same data, a seventh of the time)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

AMOUNT = quick(
    r"(?:\b(up\s+to|upto|a\s+maximum\s+of|maximum\s+of|max\.?)\s+)?£\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?"
    r"(?:\s?(k|K|m|M|bn|million|billion|thousand)\b)?")
_FUNDING_WORD = quick(r"\bfund(?:ed|s|ing)?\b|\bcommission(?:s|ed)\b|\bcontribut", re.I)
_NIL = re.compile(r"^\s*(?:nil|£\s?nil|£?\s?0(?:\.00)?|-|–)\s*$", re.I)
_PERIOD = re.compile(r"\b((?:19|20)\d{2})\s*[-/–]\s*((?:19|20)?\d{2})\b")
_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})\b")
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
    """Money vocabulary from ``data/money.yaml``."""
    text = resources.files("kg.extract.data").joinpath("money.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=_YAML_LOADER)
    data["_not_flow"] = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in data["not_flow"]) + r")\b", re.I)
    data["_retained"] = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in data["retained"])
                                  + r")\b", re.I)
    data["_total"] = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in data["total_labels"]) + r")(?![\w-])",
                                re.I)
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


@lru_cache(maxsize=1)
def _kind_patterns() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rf"\b{re.escape(word)}"), str(kind)) for word, kind in vocab()["kinds"]]


def _kind(text: str, default: str | None = None) -> str | None:
    low = text.lower()
    for pat, kind in _kind_patterns():
        if pat.search(low):
            return kind
    return default


# -- tables ----------------------------------------------------------------------------

@dataclass
class Row:
    start: int
    end: int
    cells: list[tuple[int, int, str]]  # offsets into the document and the cell's plain text


_TAG = re.compile(r"<[^>]+>")


_MARKDOWN = re.compile(r"[*_]{2,}|\[|\]\([^)]*\)")


def _plain(s: str) -> str:
    s = _TAG.sub(" ", s).replace("&amp;", "&").replace("&nbsp;", " ")
    s = _MARKDOWN.sub(" ", s)
    return " ".join(s.split())


def tables_of(ctx: Context) -> list[list[Row]]:
    """The document's tables (:func:`tables`), read once per document."""
    cached = ctx.memo.get("_tables")
    if cached is None:
        cached = tables(ctx.doc.text)
        ctx.memo["_tables"] = cached
    return cached  # type: ignore[no-any-return]


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
    out.extend(_cell_line_tables(text))
    out.extend(_pipe_row_tables(text))
    if "<tr" not in text and "<TR" not in text:
        return out
    spans = [(tm.start(), tm.end()) for tm in re.finditer(r"<table\b.*?</table>", text, re.S | re.I)]
    for ts, te in spans:
        rows = []
        for rm in re.finditer(r"<tr\b.*?</tr>", text[ts:te], re.S | re.I):
            row = _html_row(text, ts + rm.start(), rm.group(0))
            if row:
                rows.append(row)
        if rows:
            out.append(rows)
    # rows without a <table> around them (a fragment): consecutive <tr> rows are one table
    frag: list[Row] = []
    k = 0
    for rm in re.finditer(r"<tr\b.*?</tr>", text, re.S | re.I):
        while k < len(spans) and spans[k][1] <= rm.start():
            k += 1
        if k < len(spans) and spans[k][0] <= rm.start():
            continue
        row = _html_row(text, rm.start(), rm.group(0))
        if row is None:
            continue
        if frag and text[frag[-1].end:row.start].strip():
            out.append(frag)
            frag = []
        frag.append(row)
    if frag:
        out.append(frag)
    return out


_CELL_LINE = re.compile(r"^[^\n|]*\|[ \t]*$", re.M)
_NUMERIC = re.compile(r"^[£$]?\s?-?[\d,]+(?:\.\d+)?\s?[kKmM%]?$|^(?:nil|-|–)$", re.I)
_MIN_CELL_LINES = 6  # fewer lines ending in "|" are not a table


_CELL_WIDTHS = range(2, 9)  # a one-cell-a-line table has this many columns


def _money_width(cells: list[str]) -> int | None:
    """The number of columns of a one-cell-a-line table whose amounts carry words ("£1,260.00
    (Wellbeing)"): the fewest under which a header of words stands over two rows or more that each
    hold money in one same column; None when none fits.

    >>> _money_width(["Project", "Ward", "Amount", "Bins", "East", "£100 (Fund)", "Benches", "West", "£250"])
    3
    """
    for n in _CELL_WIDTHS:
        rows = [cells[k:k + n] for k in range(n, len(cells) - n + 1, n)]
        if len(rows) < 2 or any("£" in h or _NUMERIC.match(h) for h in cells[:n] if h):
            continue
        if any(all("£" in r[c] for r in rows) for c in range(n)):
            return n
    return None


def _cell_line_tables(text: str) -> list[list[Row]]:
    """Tables copied from a web page one cell per line, each line ending in "|" (a scraped HTML
    table). The row width is the distance between row labels (a text cell followed by a number);
    the cells before the first label are the header row.

    >>> t = ("x\\n|\\n2020/21 £ |\\n2021/22 £ |\\nAlpha |\\n1,000 |\\n900 |\\nBeta |\\n2,000 |\\n1,800 |\\n"
    ...      "Gamma |\\n3,000 |\\n2,700 |\\n")
    >>> [[c[2] for c in r.cells] for r in _cell_line_tables(t)[0]]
    [['', '2020/21 £', '2021/22 £'], ['Alpha', '1,000', '900'], ['Beta', '2,000', '1,800'], ['Gamma', '3,000', '2,700']]
    """
    out: list[list[Row]] = []
    runs: list[list[tuple[int, int, str]]] = []
    for m in _CELL_LINE.finditer(text):
        cell = (m.start(), m.end(), _plain(m.group(0).rsplit("|", 1)[0]))
        if runs and text[runs[-1][-1][1]:m.start()].strip() == "":
            runs[-1].append(cell)
        else:
            runs.append([cell])
    for cells in runs:
        if len(cells) < _MIN_CELL_LINES:
            continue
        labels = [k for k in range(len(cells) - 1)
                  if cells[k][2] and not _NUMERIC.match(cells[k][2]) and _NUMERIC.match(cells[k + 1][2])]
        gaps = [b - a for a, b in zip(labels, labels[1:], strict=False)]
        if len(gaps) < 2:
            width = _money_width([c[2] for c in cells])  # "Name | Ward | £1,260 (Fund) | Approved"
            if width is None:
                continue
            start = 0
        else:
            width = max(set(gaps), key=gaps.count)
            if width < 2:
                continue
            first = labels[0]
            start = first - width if first >= width else first
        rows = [Row(cells[k][0], cells[min(k + width, len(cells)) - 1][1], cells[k:k + width])
                for k in range(start, len(cells) - width + 1, width)]
        rows = [r for r in rows if any(c[2] for c in r.cells)]
        if len(rows) >= 2:
            out.append(rows)
    return out


_PIPE_ROW = re.compile(r"^[^\n|]*\|[^\n]*$", re.M)
_MIN_PIPE_ROWS = 3  # fewer lines cut by "|" are not a table
_ITEM_NUMBER = re.compile(r"\s*\(?\d{1,2}[.)]\s+")


def _pipe_row_tables(text: str) -> list[list[Row]]:
    """Tables written one row a line with cells cut by "|" ("Title | Cost (£) |", as a printed
    answer or a converted page gives them): runs of such lines with two cells or more.

    >>> t = "Intro\\nName | Cost (£) |\\n1. Alpha Club | 1,000·00 |\\n2. Beta Trust | 250·00 |\\nEnd\\n"
    >>> [[c[2] for c in r.cells] for r in _pipe_row_tables(t)[0]]
    [['Name', 'Cost (£)'], ['Alpha Club', '1,000·00'], ['Beta Trust', '250·00']]
    """
    out: list[list[Row]] = []
    cur: list[Row] = []
    for m in _PIPE_ROW.finditer(text):
        cells: list[tuple[int, int, str]] = []
        pos = m.start()
        for part in m.group(0).split("|"):
            # an item number is no part of the row's label: "1. Alpha Club"
            num = _ITEM_NUMBER.match(part) if not cells else None
            skip = num.end() if num else 0
            if part.strip():
                cells.append((pos + skip, pos + len(part), _plain(part[skip:])))
            pos += len(part) + 1
        if len(cells) < 2 or "\t" in m.group(0) or "<" in m.group(0):
            row = None
        else:
            row = Row(m.start(), m.end(), cells)
        if row is not None and cur and text[cur[-1].end:row.start] == "\n":
            cur.append(row)
            continue
        if len(cur) >= _MIN_PIPE_ROWS:
            out.append(cur)
        cur = [row] if row is not None else []
    if len(cur) >= _MIN_PIPE_ROWS:
        out.append(cur)
    return out


def _html_row(text: str, base: int, html: str) -> Row | None:
    cells = [(base + c.start(1), base + c.end(1), _plain(c.group(1)))
             for c in re.finditer(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", html, re.S | re.I)]
    return Row(base, base + len(html), cells) if cells else None


def _ref(ctx: Context, ent: Ent) -> Ref:
    if ent.props.get("ref"):
        return Ref(ent.label, ent.name)
    return mention(ctx, ent)


# -- sentences ------------------------------------------------------------------------

def _phrases(key: str) -> re.Pattern[str]:
    words = sorted(vocab()[key], key=len, reverse=True)
    # verbs in running text are lower case: "Fund" in "Safer Streets Fund" is a name, not a verb
    # an adverb may stand after the auxiliary: "has also been awarded", "will each receive"
    adv = r"\s+(?:(?:also|now|already|recently|each|jointly|both|all|successfully)\s+)?"
    return re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", adv, 1).replace(r"\ ", r"\s+")
                                         for w in words) + r")\b")


@lru_cache(maxsize=1)
def _verb_patterns() -> dict[str, re.Pattern[str]]:
    return {k: _phrases(k) for k in ("recipient_before", "recipient_after", "funder_before", "funder_after")}


_FLOWY = quick(r"\b(?:fund|funds|funded|funding|grants?|allocat\w*|levy|commission\w*|award\w*|invest\w*|channel\w*|"
                    r"programme|budget)\b", re.I)
_THING = quick(r"(?:the\s+|a\s+|an\s+)?((?:[A-Z][\w'’-]*\s+(?:(?:and|of|for)\s+)?)*[A-Z][\w'’-]*"
                    r"(?:\s+(?:post|role|project|service|scheme|programme|pilot|contract|initiative))?)")
PAYERS = {"Organisation", "Board", "Fund"}
PAYEES = {"Organisation", "Board", "Fund", "Project"}


_PASSIVE_BEFORE = re.compile(r"\b(?:being|been|is|are|was|were|be|get|gets|got)\s+$")


def paper_funder(ctx: Context, recipient: Ent) -> Ent | None:
    """The paper's funder when a sentence names none ("Westby Council will receive £N" on the
    commissioner's grants page): the first body of the funder sectors (``paper_funder_sectors``)
    the paper names (:func:`funder_bodies`), never the recipient itself."""
    for h in funder_bodies(ctx):
        if h[3] != recipient.name:
            return Ent(h[0], h[1], h[2], h[3], dict(h[4]))
    return None


def funder_bodies(ctx: Context) -> list[Any]:
    """The paper's bodies of its first funder sector that it names (``paper_funder_sectors``, in
    order), in text order: a commissioner's office where the paper names one, else its council (a
    council's grants page pays its own grants)."""
    text = ctx.doc.text
    for k, sector in enumerate(vocab()["paper_funder_sectors"]):
        hits = [h for h in ctx.paper.bodies if h[2] == "Organisation" and h[4].get("sector") == sector]
        if k == 1:
            own = _paying_board(ctx)
            if own is not None:
                return [own]  # "Westby Area Committee" awards from its own budget, not its council's
        if k:
            # "Westby Town Council requesting £N": an applicant to the paper's grants, not their payer
            applicants = {h[3] for h in hits if _APPLIES.match(text, h[1])}
            hits = [h for h in hits if h[3] not in applicants]
        if hits:
            return hits
    return []


def _paying_board(ctx: Context) -> Any:
    """The paper's own board when it is of a kind that gives grants from a budget of its own
    (``paying_board_heads``: a partnership, an area committee), as a body hit, else None."""
    board = ctx.paper.board or ctx.paper.own_board
    if not board or not _paying_board_re().search(board):
        return None
    at = ctx.doc.text.find(board)
    return (max(at, 0), max(at, 0) + len(board) if at >= 0 else 0, "Board", board, {})


@lru_cache(maxsize=1)
def _paying_board_re() -> re.Pattern[str]:
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in vocab()["paying_board_heads"])
    return re.compile(rf"\b(?:{words})$", re.I)


# what follows a body that asks for or gets money ("X requesting £N", "X has been awarded £N")
_APPLIES = re.compile(r"[ ]*(?:\([^()\n]{1,20}\)[ ]*)?(?:(?:requesting|requested|requests|applied|applying|received|"
                      r"receives|will[ ]+receive)|(?:(?:has|have|had)[ ]+(?:also[ ]+)?been|was|were|is|are)[ ]+"
                      r"(?:also[ ]+)?(?:awarded|granted|allocated|given))\b", re.I)


@lru_cache(maxsize=1)
def _office_fund() -> re.Pattern[str]:
    """A fund named for an office (``office_funds``): "The Commissioner's Fund", "PCC Fund".

    >>> bool(_office_fund().match("Commissioner’s Community Fund")), bool(_office_fund().match("Youth Endowment Fund"))
    (True, False)
    """
    names = sorted(vocab()["office_funds"], key=len, reverse=True)
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in names)
    return re.compile(rf"(?:the\s+)?(?:{words})(?:['’]s?)?\s+(?:[A-Z]\w*\s+){{0,3}}Fund\b", re.I)


# a fund named as a grant scheme ("Capital Discretionary Grant", "Small Grants Scheme") is a programme
# of the body that runs it, never a payer of its own as a charity called "... Fund" may be
_GRANT_SCHEME = re.compile(r"\bgrants?(?:[ ]+(?:scheme|programme))?$", re.I)


def payer_of_fund(ctx: Context, fund: Ent, recipient: Ent, funder: Ent | None = None) -> Ent | None:
    """Who gives money paid out of ``fund``: ``funder`` (a body the table or sentence names as
    paying) when it is not itself a fund, else the paper's funder (:func:`paper_funder`); None when
    there is none but the recipient (the fund then pays itself). The fund is a property of the flow:
    "Westby Youth Club received a grant from the Commissioner's Fund" on the commissioner's page is
    the commissioner's grant.
    """
    payer = funder if funder is not None and funder.label != "Fund" else paper_funder(ctx, recipient)
    return payer if payer is not None and payer.name != recipient.name else None


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
        # (each pattern only where the sentence holds a word it needs: see spans.has_word)
        for m in vp["funder_after"].finditer(sent) if has_word(ctx, needed(vp["funder_after"]), s, e) else ():
            if m.group(0).lower().startswith("from") and not _FLOWY.search(sent, max(0, m.start() - 40), m.start()):
                continue  # "Ann Jones from the Westby Foundation": where a person comes from, not who pays
            ag = [x for x in ents if x.start >= s + m.end() and x.start - (s + m.end()) < 40 and x.label in PAYERS]
            if ag:
                last_funder = (s, ag[0])
        # (an amount, a share: "£" and "%" looked for first, a test far cheaper than the patterns'
        # and failed by most sentences)
        priced = "£" in sent and AMOUNT.search(sent) is not None
        named = (_funded_list(sent, s, ents) if has_word(ctx, needed(_FUNDED_LIST), s, e) else []) or (
            [] if priced or not has_word(ctx, needed(_SUCH_AS), s, e) else _funded_such_as(sent, s))
        if named:
            # "Organisations supported through these awards include: A, B and C": each is paid, by who
            # paid in the sentences before (else the paper's funder), no sum given
            for rec in named:
                payer = _recent(last_funder, s) or paper_funder(ctx, rec)
                if payer is not None and payer.name != rec.name:
                    ctx.fact("FUNDS", _ref(ctx, payer), _ref(ctx, rec), ctx.cite(s, e), amount=None,
                             kind=_kind(sent) or "grant")
            continue
        shares = list(_SHARE.finditer(sent)) if "%" in sent else []
        if shares:
            _funds_shares(ctx, sent, s, e, ents, shares)
            continue
        amounts = list(AMOUNT.finditer(sent)) if priced else []
        if not amounts and not (has_word(ctx, needed(_FUNDING_WORD), s, e) and _FUNDING_WORD.search(sent)):
            continue
        pairs = _respectively(sent, s, ents, _pairs(ctx, sent, s, e, ents, amounts, last_funder), amounts)
        counted = _counted_recipients(sent, s, amounts)
        if counted:
            # "£N ... to 62 community projects": that sum is the group's, no other reading of it stands
            at = {a.start() for _, a in counted}
            pairs = [p for p in pairs if p[2] is None or p[2].start() not in at]
            for group, a in counted:
                payer = next((x for x in reversed(ents) if x.end <= s + a.start() and x.label in PAYERS
                              and s + a.start() - x.end < 80), None) or paper_funder(ctx, group) or \
                    _recent(last_funder, s)
                if payer is not None:
                    pairs.append((payer, group, a, {"kind": _kind(sent) or "grant"}))
        kept = _retained(ctx, sent, s, ents, amounts)
        if kept:
            # "£N was retained by X to fund Y": X pays Y; no other reading of that sum stands
            kept_at = {k[2].start() for k in kept if k[2] is not None}
            pairs = [p for p in pairs if p[2] is None or p[2].start() not in kept_at] + kept
        for src, dst, amount, props in pairs:
            window = sent[max(0, amount.start() - 45):amount.end() + 30] if amount is not None else ""
            if amount is not None and not_flow.search(window):
                continue
            fprops = dict(props)
            if src.label == "Fund" and (_office_fund().match(src.name) or _GRANT_SCHEME.search(src.name)):
                payer = payer_of_fund(ctx, src, dst)
                if payer is not None:
                    _ref(ctx, src)
                    src, fprops["fund"] = payer, src.name
            if amount is not None:
                fprops["amount"] = _value(amount)
                if amount.group(1):
                    fprops["up_to"] = True
            ctx.fact("FUNDS", _ref(ctx, src), _ref(ctx, dst), ctx.cite(s, e), **fprops)
            if amount is None and src.start > dst.end:
                for co in _co_funders(text, src, ents):
                    ctx.fact("FUNDS", _ref(ctx, co), _ref(ctx, dst), ctx.cite(s, e), **fprops)
        # the subject of a sentence about funding pays for what the next sentences allocate
        # (not one the sentence says is paid: "X has also been awarded £N")
        if ents and ents[0].label in ("Organisation", "Fund", "Board") and ents[0].start - s < 60 \
                and _FLOWY.search(sent) and all(dst != ents[0] for _, dst, _, _ in pairs) \
                and not vp["recipient_before"].search(sent):
            last_funder = (s, ents[0])


_CO_LINK = re.compile(r"\s*(?:\([^()\n]{1,20}\)\s*)?(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?")


_FUND_OF = re.compile(r"\s+(?:(?:19|20)\d{2}\s*[-/–]\s*(?:19|20)?\d{2}\s+)?of\s+(?=£)")
_ALLOCATED_TO = re.compile(r"\b(?:allocated|awarded|granted|given|paid|provided)\s+to\s+(?:the\s+)?$")


def _fund_sums(ctx: Context) -> None:
    """"... revenue funding allocated to the Vale Partnership. The Safer Communities Fund 2031/32
    of £188,576 and the Youth Fund 2031/32 of £60,000": each fund named with its sum, in the
    sentence after the one that says who the funding is allocated to, pays that body its sum."""
    text = ctx.doc.text
    idx = index(ctx)
    sents = [(s, e) for s, e in sentences(ctx) if "\t" not in text[s:e]]
    for (ps, pe), (s, e) in zip(sents, sents[1:], strict=False):
        if "\n" in text[pe:s]:
            continue  # the lead must stand in the same paragraph
        lead = [x for x in idx.within(ps, pe) if x.label in ("Organisation", "Board")]
        if not lead or not _ALLOCATED_TO.search(text, max(ps, lead[-1].start - 40), lead[-1].start) \
                or text[lead[-1].end:pe].strip(" .;:") != "":
            continue
        ents = idx.within(s, e)
        if any(x.label in ("Organisation", "Board") for x in ents):
            continue  # a sentence naming a body says itself who is paid
        for f in (x for x in ents if x.label == "Fund"):
            m = _FUND_OF.match(text, f.end)
            am = AMOUNT.match(text, m.end()) if m else None
            if m is None or am is None:
                continue
            pm = _PERIOD.search(text, f.end, m.end())
            props: dict[str, Any] = {"amount": _value(am), "kind": "allocation", "fund": f.name}
            if pm:
                props["period"] = norm_period(pm.group(1), pm.group(2))
            ctx.fact("FUNDS", _ref(ctx, f), _ref(ctx, lead[-1]), ctx.cite(s, e), **props)


def _co_funders(text: str, funder: Ent, ents: list[Ent]) -> list[Ent]:
    """The bodies listed with a funder named after its recipient: "jointly funded by the Department
    and the Policing Board (NIPB)" or "funded by A, B and C" gives B and C besides A. A sum stated
    with such a list is the whole, so the caller only asks when the flow has none."""
    out: list[Ent] = []
    prev = funder
    for x in ents:
        if x.start < prev.end:
            continue
        if x.label not in ("Organisation", "Board") or not _CO_LINK.fullmatch(text, prev.end, x.start):
            break
        out.append(x)
        prev = x
    return out


_KEPT_BY = quick(r"\s+(?:has\s+been\s+|have\s+been\s+|was\s+|were\s+|is\s+|are\s+|will\s+be\s+|to\s+be\s+)?"
                 r"(?P<verb>[a-z-]+(?:\s[a-z]+)?)\s+by\s+")
_TO_FUND = quick(r"\s*(?:\([^()]{1,20}\)\s*)?to\s+(?:fund|support|pay\s+for|deliver)\s+(?:the\s+)?"
                 r"(?P<what>[\w'’-]+(?:\s+[\w'’-]+){0,5}?)\s*(?=[.;,]|\s+and\s|$)")


def _retained(ctx: Context, sent: str, s: int, ents: list[Ent],
              amounts: list[re.Match[str]]) -> list[tuple[Ent, Ent, re.Match[str] | None, dict[str, Any]]]:
    """"£0.3 million has been retained by the Westby Office to fund county-wide initiatives": the
    body that keeps the sum pays for what it keeps it for (a Project named by the words after
    "to fund"), never itself.

    >>> m = AMOUNT.search("£5,000 was retained by the Office to fund joint training.")
    >>> bool(_KEPT_BY.match("£5,000 was retained by the Office", m.end()))
    True
    """
    out: list[tuple[Ent, Ent, re.Match[str] | None, dict[str, Any]]] = []
    kept = vocab()["_retained"]
    for a in amounts:
        km = _KEPT_BY.match(sent, a.end())
        if km is None or not kept.fullmatch(km.group("verb")):
            continue
        holder = next((x for x in ents if x.start >= s + km.end() and x.label in PAYERS
                       and x.start - (s + km.end()) <= 4), None)
        if holder is None:
            continue
        tm = _TO_FUND.match(ctx.doc.text, holder.end, s + len(sent))
        if tm is None:
            continue
        what = Ent(tm.start("what"), tm.end("what"), "Project", tm.group("what"), {})
        pm = _PERIOD.search(sent)
        out.append((holder, what, a, {"period": norm_period(pm.group(1), pm.group(2)) if pm else None,
                                      "kind": _kind(sent)}))
    return out


# a number of recipients counted, not named: "62 community projects in Westby", "sixteen groups"
_COUNT = (r"(?:\d{1,5}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
          r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)")
_GROUP = (rf"(?:a[ ]+further[ ]+|another[ ]+)?(?P<count>{_COUNT})[ ]+(?P<kind>(?:[a-z-]+[ ]+){{0,2}}?"
          r"(?:projects|groups|organisations|charities|schemes|applicants|bids|initiatives|clubs))"
          r"(?P<place>[ ]+(?:in|across)[ ]+(?-i:[A-Z][\w'’-]*(?:[ ]+[A-Z][\w'’-]*){0,2}))?")
# "£N ... to 62 community projects", "£N has been shared by 827 projects"
_SUM_TO_GROUP = quick(rf"[^£;]{{0,160}}?(?:\bto|(?:has|have|was|were|will)[ ]+(?:been[ ]+|be[ ]+)?(?:shared|split|"
                      rf"divided)[ ]+(?:by|between|among))[ ]+(?:the[ ]+)?{_GROUP}", re.I)
# "33 projects received a share of £N", "sixteen groups will share £N"
_GROUP_GETS = quick(rf"(?<![\w£,./-]){_GROUP}[ ]+(?:each[ ]+)?(?:received|receive|will[ ]+receive|were[ ]+awarded|"
                    r"have[ ]+been[ ]+awarded|shared|share|will[ ]+share)[ ]+"
                    r"(?:a[ ]+share[ ]+of[ ]+|a[ ]+total[ ]+of[ ]+)?(?=£)", re.I)


def _group_ent(s: int, m: re.Match[str]) -> Ent:
    """The counted recipients a match names, as a Project with the names a paper may give it
    ("62 community projects in Westby", also "community projects in Westby" and "62 community projects")."""
    kind, place = m.group("kind"), m.group("place") or ""
    name = f"{m.group('count')} {kind}{place}"
    aliases = [a for a in (f"{kind}{place}", f"{m.group('count')} {kind}") if a != name]
    return Ent(s + m.start("count"), s + m.end(), "Project", name, {"aliases": aliases})


def _counted_recipients(sent: str, s: int, amounts: list[re.Match[str]]) -> list[tuple[Ent, re.Match[str]]]:
    """Sums a sentence gives to a counted, unnamed set of recipients, each with its group.

    >>> sent = "The Commissioner has awarded a total of £9,000 (see the annex) to 12 community projects in Westby."
    >>> [(g.name, a.group(0)) for g, a in _counted_recipients(sent, 0, list(AMOUNT.finditer(sent)))]
    [('12 community projects in Westby', '£9,000')]
    >>> sent = "A further 33 projects received a share of £17,000 in funding."
    >>> [(g.name, a.group(0)) for g, a in _counted_recipients(sent, 0, list(AMOUNT.finditer(sent)))]
    [('33 projects', '£17,000')]
    """
    out: list[tuple[Ent, re.Match[str]]] = []
    for a in amounts:
        m = _SUM_TO_GROUP.match(sent, a.end())
        if m is not None and not AMOUNT.search(sent, a.end(), m.start("count")):
            out.append((_group_ent(s, m), a))
    for m in _GROUP_GETS.finditer(sent):
        got = [x for x in amounts if x.start() == m.end() and all(x is not b for _, b in out)]
        if got:
            out.append((_group_ent(s, m), got[0]))
    return out


_RECENT_FUNDER_CHARS = 1500  # a payer named this far back still pays for what a sentence allocates


def _recent(last_funder: tuple[int, Ent] | None, s: int) -> Ent | None:
    """The payer the sentences before named, if it was named near enough before offset ``s``."""
    return last_funder[1] if last_funder and s - last_funder[0] < _RECENT_FUNDER_CHARS else None


_FUNDED_LIST = quick(r"\b(?:organisations|groups|projects|charities|recipients|beneficiaries|schemes)\b[^:.;]{0,80}?"
                     r"\b(?:supported|funded|awarded|benefit(?:ing)?|receiving|helped|successful)\b[^:.;]{0,60}?"
                     r"\binclud(?:e|es|ed|ing)\s*:?\s*", re.I)


def _funded_list(sent: str, s: int, ents: list[Ent]) -> list[Ent]:
    """The names listed after "organisations funded ... include:" (at least two), else none.

    >>> [e.name for e in _funded_list("Groups funded this year include: Eastby Club, Westby Aid and North FC.", 0, [])]
    ['Eastby Club', 'Westby Aid', 'North FC']
    """
    m = _FUNDED_LIST.search(sent)
    if m is None:
        return []
    return _names_listed(ents, sent, s, m.end(), len(sent.rstrip().rstrip(".")))


# the line that opens a bulleted list of funded bodies: "Funded projects include:", "Successful
# applicants were:", "Organisations supported this round include:"
_FUNDED_FIRST = quick(r"\b(?:funded|supported|successful)\s+(?:organisations|groups|projects|charities|applicants|"
                      r"bids|schemes|recipients)\s+(?:include|included|includes|are|were)\b", re.I)
_BULLET = re.compile(r"[ \t]*[-*•▪·][ \t]+")
# the line that opens a bulleted list of what a fund pays for: "The measures covered by the
# Westby Safety Fund included:", "Projects funded through the X Fund are:"
_ITEMS_BEFORE_FUND = quick(r"\b(?:measures|projects|interventions|activities|initiatives|schemes|services|items)[ ]+"
                           r"(?:covered|funded|paid[ ]+for|supported)[ ]+(?:by|through|from)[ ]+(?:the[ ]+)?$", re.I)
_ITEMS_AFTER_FUND = quick(r"[ ]+(?:include|included|includes|are|were|will[ ]+be)[ ]*:[ ]*$", re.I)
_ITEM_TEXT = re.compile(r"(?:(?:[Aa]n?|[Tt]he)[ ]+)?(?P<name>[A-Z][^.;:£\n]{2,80}?)[ ]*[.;]?[ ]*$")
_ITEM_MAX_WORDS = 8  # a longer bullet is a description, not the name of what is paid for


def _fund_of_list(ctx: Context, start: int, line: str) -> Ent | None:
    """The fund a line opening a list of what it pays for names ("The measures covered by the
    Westby Safety Fund included:"), else None."""
    for f in index(ctx).within(start, start + len(line), {"Fund"}):
        if _ITEMS_BEFORE_FUND.search(ctx.doc.text, max(start, f.start - 80), f.start) and \
                _ITEMS_AFTER_FUND.match(ctx.doc.text, f.end, start + len(line)):
            return f
    return None


_QUOTED_KIND = quick(r"[‘“\"'](?P<name>[A-Z][^’”\"'\n]{1,60})[’”\"'][ ]+(?:project|programme|scheme|service|initiative|"
                     r"campaign)\b")
# a bullet that opens on a verb and its object or partner: "Working with ...", "Building a ..."
_GERUND = re.compile(r"[A-Z][a-z]+ing[ ]+(?:with|on|to|in|across|alongside|the|a|an|our|their|local)\b")


def _fund_item(ctx: Context, start: int, line: str, at: int, fund: Ent) -> None:
    """One bullet of a list of what ``fund`` pays for: a Project it funds, no sum given; the
    projects it names in quotes ("Money for the ‘Safe Home’ project and ‘Night Bus’ scheme") when it
    names some; none when it opens on a verb ("Working with ... on ..."): an activity told, not named."""
    cite = ctx.cite(start, start + len(line))
    quoted = list(_QUOTED_KIND.finditer(line, at))
    if quoted:
        for q in quoted:
            proj = ctx.mention("Project", q.group("name"), ctx.cite(start + q.start("name"), start + q.end("name")))
            ctx.fact("FUNDS", _ref(ctx, fund), proj, cite, amount=None, kind="grant")
        return
    im = _ITEM_TEXT.match(line, at)
    if im is None or len(im.group("name").split()) > _ITEM_MAX_WORDS or _GERUND.match(im.group("name")):
        return
    name = im.group("name")
    proj = ctx.mention("Project", name, ctx.cite(start + im.start("name"), start + im.end("name")))
    ctx.fact("FUNDS", _ref(ctx, fund), proj, cite, amount=None, kind="grant")
# the body at the head of a bullet, up to where it is placed or what it is for ("X in Westby for
# their ...", "X towards their ...", "X who will offer ...", "X - a programme ...")
_BULLET_NAME = quick(r"(?:[Tt]he[ ]+)?(?P<name>[A-Z][\w'’&.-]*(?:[ ]+(?:[A-Z][\w'’&.-]*|of|and|&)){0,7})"
                     r"(?=[ ]+(?:in|at|for|towards|to|who|which|will|has|have|[-–—])[ ]|[ ]*[,(:]|[ ]*$)")
# "for their “Name” project": the project the body runs, named in quotes
_QUOTED_PROJECT = quick(r"[^\n“\"]{0,40}?\b(?:for|towards)[ ]+(?:their|its|the)[ ]+"
                        r"[“\"‘](?P<name>[^”\"’\n]{2,60})[”\"’][ ]+"
                        r"(?:project|programme|scheme|service|initiative|campaign)\b")


# "towards their online advice service": the body's own project, named in plain words
_OWN_PROJECT = quick(r"[^\n]{0,40}?\b(?:for|towards)[ ]+(?:their|its)[ ]+"
                     r"(?P<name>(?:[a-z][\w'’-]*[ ]+){0,4}(?:project|programme|scheme|service|initiative|campaign))\b")


def _funded_bullets(ctx: Context) -> None:
    """A list of funded bodies, one a bullet, under a line like "Funded projects include:"
    ("- Westby Boxing Academy in Northby for their “Fit Futures” project"): each body is paid by
    the paper's funder, no sum given, and DELIVERS the project it is funded for when the bullet
    names one in quotes. Under "The measures covered by the X Fund included:", each short bullet
    is a Project the fund pays for. Bullets that state a sum are left to the sentence rules."""
    from kg.extract.people import parse_person, starts_with_forename

    text = ctx.doc.text
    lines = text.split("\n")
    pos, under, fund = 0, False, None
    for line in lines:
        start, pos = pos, pos + len(line) + 1
        bm = _BULLET.match(line)
        if bm is None:
            under = bool(line.rstrip().endswith(":") and _FUNDED_FIRST.search(line))
            fund = _fund_of_list(ctx, start, line.rstrip()) if line.rstrip().endswith(":") else None
            continue
        if AMOUNT.search(line):
            continue
        if fund is not None:
            _fund_item(ctx, start, line, bm.end(), fund)
            continue
        if not under:
            continue
        nm = _BULLET_NAME.match(line, bm.end())
        if nm is None:
            continue
        name = nm.group("name")
        p = parse_person(name, whole=True)
        if len(name) < 3 or (p is not None and (p.honorific or starts_with_forename(p.name))):
            continue
        cls = bodies.classify(name)
        rec = Ent(start + nm.start("name"), start + nm.end("name"), cls[0] if cls else "Organisation", name,
                  dict(cls[1]) if cls else {"sector": "other"})
        payer = paper_funder(ctx, rec)
        if payer is None:
            continue
        cite = ctx.cite(start, start + len(line))
        rref = _ref(ctx, rec)
        ctx.fact("FUNDS", _ref(ctx, payer), rref, cite, amount=None, kind="grant")
        qm = _QUOTED_PROJECT.match(line, nm.end()) or _OWN_PROJECT.match(line, nm.end())
        if qm is not None:
            proj = ctx.mention("Project", qm.group("name"), ctx.cite(start + qm.start("name"), start + qm.end("name")))
            ctx.fact("DELIVERS", rref, proj, cite)


# the line that opens a list of funded projects given as lettered headings, each followed by
# bullets of what it does: "The individual organisations funded are as follows:"
_FUNDED_FOLLOW = quick(r"\b(?:organisations|groups|projects|bids|applicants|recipients|schemes)\s+"
                       r"(?:funded|supported|awarded)\s+(?:are|were)\s+as\s+follows\s*:\s*$", re.I)
_LETTERED = re.compile(r"[ \t]*\(?[a-z][.)][ \t]+(?P<name>[^:\n]{3,120}?):[ \t]*$")


def _main_funder(ctx: Context) -> Ent | None:
    """The paper's funder named most often: the body of the funder sectors (``paper_funder_sectors``)
    the paper names most, so a complaints unit named first does not pay for the paper's grants."""
    from kg.extract.table_rows import _sector_body

    return next((b for b in (_sector_body(ctx, sec) for sec in vocab()["paper_funder_sectors"]) if b), None)


def _funded_headings(ctx: Context) -> None:
    """Lettered headings under "The organisations funded are as follows:" ("a. Westby Boxing CIC
    – Fit Futures:" then bullets of what it does): each heading is a Project the paper's funder
    pays, no sum given; a body named before its dash DELIVERS it."""
    text = ctx.doc.text
    pos, under = 0, False
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not line.strip() or _BULLET.match(line):
            continue
        hm = _LETTERED.fullmatch(line)
        if hm is None:
            under = bool(_FUNDED_FOLLOW.search(line))
            continue
        if not under or AMOUNT.search(line):
            continue
        name = hm.group("name").strip()
        proj = Ent(start + hm.start("name"), start + hm.start("name") + len(name), "Project", name, {})
        payer = _main_funder(ctx)
        if payer is None:
            continue
        cite = ctx.cite(start, start + len(line))
        pref = _ref(ctx, proj)
        ctx.fact("FUNDS", _ref(ctx, payer), pref, cite, amount=None, kind="grant")
        head = re.split(r"\s+[–—-]\s+", name, maxsplit=1)
        cls = bodies.classify(head[0]) if len(head) == 2 else None
        if cls and cls[0] in ("Organisation", "Board"):
            org = Ent(proj.start, proj.start + len(head[0]), cls[0], head[0], dict(cls[1]))
            ctx.fact("DELIVERS", _ref(ctx, org), pref, cite)


# "we have supported organisations such as A for archery kit, B to run a club, and C, to ...":
# each item names a funded body, then what it was funded for
_SUCH_AS = quick(r"\b(?:supported|funded|helped|backed)[ ]+(?:organisations|groups|projects|charities|causes|clubs)"
                 r"[ ]+(?:such[ ]+as|including)[ ]+", re.I)
_ITEM_START = re.compile(r",[ ]+(?:and[ ]+)?(?=[A-Z])")
_ITEM_NAME = quick(r"(?:[Tt]he[ ]+)?(?P<name>[A-Z][\w'’&.-]*(?:[ ]+(?:[A-Z][\w'’&.-]*|of|and|&)){0,7})"
                   r"(?=[ ]+(?:for|to|who|which|in)[ ]|[ ]*,|[ ]*\.?$)")


def _funded_such_as(sent: str, s: int) -> list[Ent]:
    """The bodies a sentence lists as funded, each with what it was funded for ("we have supported
    organisations such as A for x, B to y, and C, to z"); at least two, else none.

    >>> [e.name for e in _funded_such_as("We have funded groups such as Westby Scouts for tents, "
    ...                                  "Eastby Aid to run a helpline, and Northby Youth Project, to help.", 0)]
    ['Westby Scouts', 'Eastby Aid', 'Northby Youth Project']
    """
    m = _SUCH_AS.search(sent)
    if m is None:
        return []
    starts = [m.end()] + [x.end() for x in _ITEM_START.finditer(sent, m.end())]
    out: list[Ent] = []
    for a in starts:
        nm = _ITEM_NAME.match(sent, a)
        if nm is None:
            continue
        name = nm.group("name")
        cls = bodies.classify(name)
        out.append(Ent(s + nm.start("name"), s + nm.end("name"), cls[0] if cls else "Organisation", name,
                       dict(cls[1]) if cls else {"sector": "other"}))
    return out if len(out) >= 2 else []


_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
# what may stand between the amounts of a list ("£A, £B and £C"), and between the last one and
# "respectively" ("£A and £B per annum respectively")
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")
_RATE_WORDS = re.compile(r"\s*(?:(?:per\s+annum|a\s+year|each\s+year|per\s+year|each|in\s+total)\s*)?,?\s*", re.I)


def _respectively(sent: str, s: int, ents: list[Ent],
                  pairs: list[tuple[Ent, Ent, re.Match[str] | None, dict[str, Any]]],
                  amounts: list[re.Match[str]]) -> list[tuple[Ent, Ent, re.Match[str] | None, dict[str, Any]]]:
    """"X contributes to A and B, of £N and £M respectively": the amounts listed before
    "respectively" go in order to the bodies the sentence names between its funder and the list,
    one each, when there are as many; when it names one ("the contracts of Y for both the city and
    the county, of £N and £M respectively"), each amount is a flow to it. A sentence whose flows
    have no one funder, or whose names do not fit the list, is left as read."""
    r = _RESPECTIVELY.search(sent)
    if r is None or len(amounts) < 2 or not pairs:
        return pairs
    before = [a for a in amounts if a.end() <= r.start()]
    if not before or not _RATE_WORDS.fullmatch(sent[before[-1].end():r.start()]):
        return pairs
    listed = [before[-1]]
    for a in reversed(before[:-1]):
        if not _LIST_JOIN.fullmatch(sent[a.end():listed[0].start()]):
            break
        listed.insert(0, a)
    funders = {p[0] for p in pairs}
    if len(listed) < 2 or len(funders) != 1:
        return pairs
    funder, props = pairs[0][0], pairs[0][3]
    recipients: list[Ent] = []
    for x in ents:
        if funder.end <= x.start and x.end <= s + listed[0].start() and x.name != funder.name \
                and x.name not in [y.name for y in recipients]:
            recipients.append(x)
    if len(recipients) not in (1, len(listed)):
        return pairs
    targets = recipients * len(listed) if len(recipients) == 1 else recipients
    return [(funder, rec, a, dict(props)) for rec, a in zip(targets, listed, strict=True)]


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
        # "Scottish and Welsh Governments": one plural names two bodies that end together
        by_end = _bodies_by_end(ctx)
        out += [Ent(bs, be, label, name, props) for r in list(out)
                for bs, be, label, name, props in by_end.get(r.end, ())
                if bs > r.start and name != r.name and label == r.label]
        for r in out:
            ctx.fact("FUNDS", _ref(ctx, fund), _ref(ctx, r), ctx.cite(s, e), share=f"{m.group(1)}%",
                     kind=_kind(sent))


def _bodies_by_end(ctx: Context) -> dict[int, list[tuple[Any, ...]]]:
    """The document's bodies by end offset (read once per document)."""
    cached = ctx.memo.get("_bodies_by_end")
    if cached is None:
        cached = {}
        for b in ctx.paper.bodies:
            cached.setdefault(b[1], []).append(tuple(b))
        ctx.memo["_bodies_by_end"] = cached
    return cached  # type: ignore[no-any-return]


_EACH = quick(r"\beach\b", re.I)
# one name of a list of recipients: capitalised words, with the joining words a name may hold
_LIST_NAME = re.compile(r"(?:the\s+)?[A-Z][\w'’&.-]*(?:\s+(?:of|for|the|&|[A-Z][\w'’&.-]*)){0,7}")
_AUXILIARIES = re.compile(r"(?:\s+(?:will|shall|would|have|has|had|are|were|is|was|be|been|each|all|both|also))+\s*$",
                          re.I)
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")  # ("&" stays inside a name: "Derry & Raphoe Action")


def _listed_before(ents: list[Ent], sent: str, s: int, verb: int) -> list[Ent]:
    """The names of the list that ends right before the verb at ``verb`` ("Three groups, A, B and C
    will each receive"): a body kg knows where it stands at a name's place, else an organisation
    named by its capitalised words; the list starts after its last part that is not a name.

    >>> sent = "Three groups, Eastby Club, North Hub and West GAC will each"
    >>> ents = _listed_before([], sent + " receive", 0, len(sent) + 1)
    >>> [e.name for e in ents]
    ['Eastby Club', 'North Hub', 'West GAC']
    """
    return _names_listed(ents, sent, s, 0, len(_AUXILIARIES.sub("", sent[:verb].rstrip())))


def _names_listed(ents: list[Ent], sent: str, s: int, lo: int, hi: int) -> list[Ent]:
    """The names of the list that ends at ``hi`` in ``sent[lo:hi]`` (at least two), read back from
    its end to its first part that is not a name."""
    head = sent[:hi]
    parts: list[tuple[int, int]] = []
    pos = lo
    for m in _LIST_SPLIT.finditer(head, lo):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, len(head)))
    names: list[tuple[int, int]] = []
    for a, b in reversed(parts):
        piece = head[a:b].strip()
        if not _LIST_NAME.fullmatch(piece) or not piece:
            break
        names.append((a + head[a:b].index(piece), a + head[a:b].index(piece) + len(piece)))
    if len(names) < 2:
        return []
    out: list[Ent] = []
    for a, b in reversed(names):
        known = [x for x in ents if x.label in PAYEES and s + a <= x.start and x.end <= s + b]
        if known:
            out.append(known[-1])
            continue
        name = re.sub(r"^the\s+", "", sent[a:b])
        cls = bodies.classify(name)
        out.append(Ent(s + b - len(name), s + b, cls[0] if cls else "Organisation", name,
                       dict(cls[1]) if cls else {"sector": "other"}))
    return out


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

    def agent_after(rec: Ent) -> Ent | None:
        """"... has been awarded to X by the Y Fund": the agent of the passive pays."""
        bm = re.match(r"[^.;]{0,40}?\bby\s+", ctx.doc.text[rec.end:e])
        if bm is None:
            return None
        f = after(rec.end + bm.end(), PAYERS)  # "by the X": an office's name may hold its "the"
        return f if f is not None and f.start - (rec.end + bm.end()) <= 4 else None

    def funder_in_sentence(exclude: Ent) -> Ent | None:
        for m in vp["funder_after"].finditer(sent):
            f = after(s + m.end() - (4 if m.group(0).lower().endswith("the") else 0), PAYERS)
            if f and f != exclude:
                return f
        return None

    def agent_by(pos: int) -> Ent | None:
        """"... has been awarded £N by the Commissioner": the agent named right after "by"."""
        bm = re.match(r"[^.;]{0,30}?\bby\s+", ctx.doc.text[pos:e])
        if bm is None:
            return None
        f = after(pos + bm.end(), PAYERS)  # "by the X": an office's name may hold its "the"
        return f if f is not None and f.start - (pos + bm.end()) <= 4 else None

    # "X will receive £N (and Y £M)": recipient before the verb, funder from context
    for m in vp["recipient_before"].finditer(sent):
        if _NOT_MONEY_RECEIVED.match(sent, m.end()):
            continue  # "received approval from X to fund ...": what was received is not the money
        vpos = s + m.start()
        recips = [a for a in amounts if s + a.start() > vpos]
        if not recips:
            # "X, who receive funding from the Commissioner's Office": a flow without a sum
            fm = _FUNDING_FROM.match(sent, m.end())
            if fm is None:
                continue
            first = before(vpos, PAYEES - {"Fund"})
            funder = after(s + fm.end(), PAYERS)
            if first is not None and funder is not None and funder != first and funder.start - (s + fm.end()) <= 4:
                out.append((funder, first, None, dict(base, kind=base["kind"] or "grant")))
                return out
            continue
        first = before(vpos, PAYEES - {"Fund"})
        subj = _subject_named(ctx, s, vpos)
        if first is None or (subj is not None and subj.start <= first.start and subj.end > first.end):
            # "Westby Wildlife Trust Food Champions was awarded": the whole name before the verb,
            # not the body a rule knew at its head
            first = subj
        dm = _DASH_PART.fullmatch(ctx.doc.text, first.end, vpos) if first is not None else None
        if first is not None and dm is not None:
            # "Westby Council – East Locality was awarded": the part of the body named after a dash
            first = Ent(first.start, dm.end(1), first.label, ctx.doc.text[first.start:dm.end(1)], dict(first.props))
        if first is None:
            continue
        funder = funder_in_sentence(first) or agent_by(s + recips[0].end())
        if funder is None and _FROM_NAMED.match(sent, recips[0].end()):
            continue  # "had been awarded £N of funding from the Safer Streets Bid": a payer no rule knew
        funder = funder or _recent(last_funder, s) or paper_funder(ctx, first)
        if funder is None:
            continue
        out.append((funder, first, recips[0], dict(base)))
        if _EACH.search(sent, max(0, m.start() - 12), recips[0].end() + 8):
            # "A, B and C will each receive £N": every name of the list before the verb gets the sum
            listed = _listed_before(ents, sent, s, m.start())
            if listed:
                out[-1:] = [(funder, r, recips[0], dict(base)) for r in listed if r != funder]
                return out
        # "... and Westmoor Council £6,000": each further amount goes to the name just before it
        for a in recips[1:]:
            r = before(s + a.start(), PAYEES - {"Fund"})
            if r is not None and r != first and r.end > s + recips[0].end():
                out.append((funder, r, a, dict(base)))
        return out
    # "£N allocated to X", "invoiced £N ... to fund Y"
    ra = list(vp["recipient_after"].finditer(sent))
    for k, m in enumerate(ra):
        rec = after(s + m.end(), PAYEES)
        if rec is not None and rec.start - (s + m.end()) > 5 and _NAME_AFTER.match(m.group(0)):
            rec = None  # the name right after "awarded to" is the recipient, even one no rule knew
        if rec is None and _NAME_AFTER.match(m.group(0)):
            from kg.extract.plans import _unknown_org

            lead = re.match(r"\s*(?:the\s+)?", sent[m.end():])
            rec = _unknown_org(ctx, s + m.end() + (lead.end() if lead else 0), e)
        if rec is None:
            continue
        if re.search(r"\b(?:with|by|through|via|alongside)\b", ctx.doc.text[s + m.end():rec.start]):
            continue  # "distributed to applicants in partnership with X": X is not who was paid
        # the sum of this clause: between the phrases before and after this one ("the spend to X is
        # £N, the spend to Y is £M": each its own), the nearest to the phrase
        lo, hi = (ra[k - 1].end() if k else 0), (ra[k + 1].start() if k + 1 < len(ra) else len(sent))
        if rec.start >= s + hi:
            continue  # the name after this phrase is the next clause's: this one names no known body
        near = [a for a in amounts if lo <= a.start() < hi and abs(a.start() - m.start()) < 80]
        later = [a for a in near if s + a.start() >= rec.end]  # "the spend to X is £N"
        amt = later[0] if later else (min(near, key=lambda a: abs(a.start() - m.start())) if near else None)
        if amt is None and not re.match(r"(?:allocated|awarded|granted|funding|grants?)\b", m.group(0)):
            continue  # "provided to the Board" without a sum is not a flow
        if amt is None and rec.start - (s + m.end()) > 5:
            continue  # "allocated to me, as Commissioner": without a sum, only a name right after the verb
        payer = before(s + m.start(), PAYERS)
        if payer is not None and any(payer == o[1] for o in out):
            payer = None  # the recipient of the clause before ("the spend to X is £N, the spend to Y ...")
        funder = payer or funder_in_sentence(rec) or agent_after(rec) or \
            _recent(last_funder, s)
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
        if funder is not None and funder.label == "Fund":
            # "funded through a project called the P through the F Fund": F pays for P
            via = [x for x in ents if x.label == "Project" and s + m.end() <= x.start and x.end <= funder.start
                   and re.fullmatch(r"\s*,?\s*(?:through|via|from|by)\s+(?:the\s+)?",
                                    ctx.doc.text[x.end:funder.start])]
            if via:
                rec = via[-1]
        if funder and rec and funder != rec:
            amt = amounts[0] if len(amounts) == 1 else None
            out.append((funder, rec, amt, dict(base, kind=base["kind"] or _kind(word))))
    if out:
        return out
    for m in vp["funder_before"].finditer(sent):
        if _PASSIVE_BEFORE.search(sent, 0, m.start()):
            continue  # "X being awarded", "Y has been granted": the name before a passive verb is paid, not paying
        funder = before(s + m.start(), PAYERS)
        # "X will allocate £450,000 to A and £120,000 to B": each sum goes to the name after its "to"
        pairs = [(a, r) for a in amounts if a.start() >= m.end() for r in [_to_after(sent, s, a.end(), after)]
                 if r is not None]
        if funder is not None and pairs:
            for a, r in pairs:
                if r != funder:
                    out.append((funder, r, a, dict(base, kind=base["kind"] or _kind(m.group(0)))))
            break
        rec = after(s + m.end(), PAYEES)
        if rec is not None and re.search(r"\b(?:from|by)\s+(?:the\s+)?$", ctx.doc.text[s + m.end():rec.start]):
            continue  # "to approve grants from the Safety Fund": the name after "from" pays, it is not paid
        if rec is None:
            # "invoiced £4,500 per annum to fund the Review": the thing after "to fund"
            tf = re.search(r"\bto\s+fund\b", sent[m.end():])
            rec = after(s + m.end() + tf.end(), PAYEES) if tf else None
            if rec is None:
                rec = _thing_after(sent, s, m.end() + (tf.end() if tf else 0))
                if rec is not None:
                    # "Domestic Abuse Reviews" is the "Domestic Abuse Review" the document names
                    same = _projects_by_stem(ctx).get(rec.name.lower().rstrip("s"))
                    if same is not None:
                        rec = Ent(rec.start, rec.end, "Project", same.name, {"aliases": [rec.name]})
        if funder and rec and funder != rec:
            amt = amounts[0] if len(amounts) == 1 else None
            out.append((funder, rec, amt, dict(base, kind=base["kind"] or _kind(m.group(0)))))
            break
    return out


def _projects_by_stem(ctx: Context) -> dict[str, Ent]:
    """The first project of the index under each name without its plural "s" (lower case), made
    once until the index grows, not by a scan of all names for every sentence."""
    idx = index(ctx)

    def make() -> dict[str, Ent]:
        out: dict[str, Ent] = {}
        for x in idx.ents:
            if x.label == "Project":
                out.setdefault(x.name.lower().rstrip("s"), x)
        return out

    got: dict[str, Ent] = idx.derived("projects_by_stem", make)
    return got


_SUBJECT = re.compile(r"(?:^|(?<=[.;:]\s))\s*(?:[Tt]he\s+)?((?:[A-Z][\w'’&-]*\s+(?:(?:of|for|and|the)\s+)*){0,6}?"
                      r"[A-Z][\w'’&-]*)\s+$")


_SUBJECT_WINDOW = 200
_DASH_PART = re.compile(r"[ ]+[–—][ ]+((?:[A-Z][\w'’&-]*[ ]+){0,3}[A-Z][\w'’&-]*)[ ]+")
_BASED = re.compile(r"[A-Z][\w'’-]*-based\s+")
_SUBJECT_APPOSED = re.compile(r",\s+(?:a|an|the)\s+[^,]{3,160},\s*$")
_SUBJECT_PLACE = re.compile(r"\s+(?:in|at|from)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s*$")


def _subject_named(ctx: Context, s: int, vpos: int) -> Ent | None:
    """The subject of "<Name> was awarded £N" that no rule knew as a body: a capitalised name of two
    or more words opening the sentence right before the verb ("Westby Youth Club was awarded ...").

    The name is an organisation (a club, a charity), unless the paper names it as a person."""
    from kg.extract import bodies
    from kg.extract.people import parse_person, starts_with_forename

    lo = max(s, vpos - _SUBJECT_WINDOW)  # the subject is a few words: never scan a whole long sentence
    # "X, a youth charity working across Y, received": the name before its apposition; "X in Y
    # received": the name before its place
    head = _SUBJECT_APPOSED.sub(" ", ctx.doc.text[lo:vpos])
    # "X has been allocated £N": the verb phrase may be matched from its last words, the name then
    # stands before the auxiliaries
    head = _AUXILIARIES.sub(" ", head)
    m = _SUBJECT.search(_SUBJECT_PLACE.sub(" ", head))
    if m is None or (lo > s and m.start() == 0):
        return None
    name = m.group(1)
    based = _BASED.match(name)
    if based:  # "Westby-based SUDDS was awarded": where it is, then its name
        name = name[based.end():]
    if len(name.split()) < 2 and not (name.isupper() and len(name) >= 3):
        return None  # one word is a name only in capitals ("SEQOL, a company, was awarded")
    p = parse_person(name, whole=True)
    if p is not None and (p.honorific or starts_with_forename(p.name)):
        return None  # "Ann Jones received £500": a person, not a body
    if name.lower() in bodies.vocab()["_stop"]:
        return None
    cls = bodies.classify(name)
    start = s + m.start(1) + (based.end() if based else 0)
    return Ent(start, start + len(name), cls[0] if cls else "Organisation", name,
               dict(cls[1]) if cls else {"sector": "other"})


# phrases after which the next capitalised name is the recipient, even one no rule knew
_NAME_AFTER = quick(r"(?:awarded|granted|paid|given|spend)\s+to", re.I)
# a payer named after the sum ("£N of funding from the Westby Bid", "£N by Westby Trust")
_FROM_NAMED = re.compile(r"[^.;£]{0,40}?\b(?:from|by)[ ]+(?:the[ ]+)?[A-Z]")
_NOT_MONEY_RECEIVED = re.compile(r"\s+(?:formal\s+|written\s+)?(?:approval|permission|agreement|confirmation|"
                                 r"notification|notice|assurance|a\s+request|requests|complaints?|referrals?)\b", re.I)
_FUNDING_FROM = re.compile(r"\s+(?:\w+\s+){0,2}?(?:funding|grants?|money|monies)\s+from\s+(?:the\s+)?", re.I)
_TO = re.compile(r"[ ]+(?:of[ ]+(?:[a-z]+[ ]+)?(?:funding|support|grants?|investment)[ ]+)?"
                 r"(?:(?:per\s+annum|a\s+year|each\s+year|in\s+total)[ ]+)?to[ ]+"
                 r"(?:the[ ]+|each[ ]+of[ ]+the[ ]+)?")


def _to_after(sent: str, s: int, pos: int, after: Any) -> Ent | None:
    """The payee named right after "£N (of funding) to (the)": "£450,000 to the Eastvale Partnership",
    "£5,000 of grant funding to Westby Scouts"."""
    m = _TO.match(sent, pos)
    if m is None:
        return None
    r: Ent | None = after(s + m.end(), PAYEES)
    return r if r is not None and r.start == s + m.end() else None


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


@lru_cache(maxsize=1)
def _manage_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    def alt(key: str) -> str:
        words = sorted(vocab()[key], key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return (re.compile(rf"\b(?:{alt('manages_active')})\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"),
            re.compile(rf"\b(?:is|are|was|were|will\s+be|has\s+been|have\s+been)?\s*(?:{alt('manages_passive')})"
                       rf"\s+(?:the\s+)?"))


@lru_cache(maxsize=1)
def _set_up_pattern() -> re.Pattern[str]:
    v = vocab()
    verbs = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(v["sets_up"], key=len, reverse=True))
    mods = "|".join(re.escape(w) for w in v["programme_modifiers"])
    heads = "|".join(re.escape(w) for w in v["programme_heads"])
    return re.compile(rf"\b(?:{verbs})\s+(?:a|an)\s+(?:(?:{mods})\s+)*((?:[a-z][a-z-]+\s+){{1,5}}(?:{heads}))\b")


def _set_up_programmes(ctx: Context, s: int, e: int, ents: list[Any], bodies_l: set[str]) -> None:
    """MANAGES for a funding programme a body sets up without a capitalised name:
    "The Office for Rural Affairs has established a dedicated village transport programme" gives
    the Fund "Village Transport Programme" (the written form kept as an alias)."""
    text = ctx.doc.text
    for m in _set_up_pattern().finditer(text, s, e):
        subj = [x for x in ents if x.end <= m.start()]
        if not subj or subj[-1].label not in bodies_l or m.start() - subj[-1].end > 12:
            continue
        written = " ".join(m.group(1).split())
        name = " ".join(w[:1].upper() + w[1:] for w in written.split())
        fund = ctx.mention("Fund", name, ctx.cite(m.start(1), m.end(1)), aliases=[written])
        ctx.fact("MANAGES", _ref(ctx, subj[-1]), fund, ctx.cite(s, e))


@lru_cache(maxsize=1)
def _cue_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """"<made available> £N (of funding) for the" and "<accountable body> for the": the fund
    follows the match."""
    def alt(key: str) -> str:
        words = sorted(vocab()[key], key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    avail = re.compile(rf"\b(?:{alt('manages_makes_available')})\s+{AMOUNT.pattern}"
                       r"\s+(?:of\s+(?:funding\s+|grant\s+)?(?:for\s+|to\s+)?|for\s+)(?:the\s+|its\s+|a\s+)?", re.I)
    role = re.compile(rf"\b(?:{alt('manages_roles')})\s+(?:for|of)\s+(?:the\s+)?", re.I)
    return avail, role


# The gap between an owner and its fund: "’s", "’s (PCVC’s)", "’s £1 million".
_POSSESSIVE = re.compile(r"(?:['’]s?)?(?:\s\([^()\n]{1,20}\))?"
                         r"(?:\s£\s?[\d.,]+(?:\s?(?:m|k|bn|million|thousand|billion))?)?\s+", re.I)
_THIS_WAS = re.compile(r"^\s*(?:This|It|That)\s+(?:was|is|were|are)\s+(?:the\s+|a\s+)?$")
_NAME_CUT = re.compile(r"[A-Z][\w'’-]*,\s$")
_SUM_BEFORE = re.compile(r"£\s?[\d.,]+(?:\s?(?:m|k|bn|million|thousand|billion))?\s$", re.I)
_FROM_THE = re.compile(r"^\s+(?:from|via)\s+(?:the\s+)?$")


def _manages_cues(ctx: Context, s: int, e: int, ents: list[Ent], bodies_l: set[str]) -> None:
    """MANAGES said by the shape of a sentence rather than a verb: the body's possessive on the
    fund ("the Commissioner's £1 million Safety Fund"), a sum the body makes available for the
    fund ("X has made available £N for the Y Fund"), the body as accountable body for it, the
    fund "from the X" ("the £N Y Fund from the Home Office"), and a fund followed by "This was
    X funding"."""
    text = ctx.doc.text
    avail, role = _cue_patterns()
    funds = [x for x in ents if x.label == "Fund"]
    for f in funds:
        before = [x for x in ents if x.end <= f.start and x.label in bodies_l]
        if before and f.start - before[-1].end <= 24:
            gap = text[before[-1].end:f.start]
            owner = text[before[-1].end - 2:before[-1].end] in ("’s", "'s") or gap[:1] in ("'", "’")
            # a name cut at a comma ("the Westby Police, Crime and Victims' Commissioner's") is no owner
            cut = _NAME_CUT.search(text, max(0, before[-1].start - 30), before[-1].start)
            if owner and not cut and _POSSESSIVE.fullmatch(gap):
                ctx.fact("MANAGES", _ref(ctx, before[-1]), _ref(ctx, f), ctx.cite(s, e))
        # "the £N Safer Streets Fund from the Home Office": a pot with its sum, from its holder
        after = next((x for x in ents if x.start >= f.end), None)
        if after is not None and after.label in bodies_l and _FROM_THE.match(text[f.end:after.start]) \
                and _SUM_BEFORE.search(text, max(0, f.start - 30), f.start):
            ctx.fact("MANAGES", _ref(ctx, after), _ref(ctx, f), ctx.cite(s, e))
    for pat in (avail, role):
        for m in pat.finditer(text, s, e):
            fund = next((x for x in funds if x.start >= m.end()), None)
            subj = [x for x in ents if x.end <= m.start()]
            if fund is None or fund.start != m.end() or not subj or subj[-1].label not in bodies_l:
                continue
            if m.start() - subj[-1].end > 40 or re.search(r"[,;:()]", text[subj[-1].end:m.start()]):
                continue
            ctx.fact("MANAGES", _ref(ctx, subj[-1]), _ref(ctx, fund), ctx.cite(s, e))


def _this_was_funding(ctx: Context, sents: list[tuple[int, int]]) -> None:
    """"Safer Streets Fund: £N. This was Home Office funding to ...": the body the next sentence
    names before "funding" runs the fund the sentence before it names (MANAGES)."""
    text = ctx.doc.text
    idx = index(ctx)
    for (ps, pe), (s, e) in zip(sents, sents[1:], strict=False):
        fund = next((x for x in idx.within(ps, pe) if x.label == "Fund"), None)
        body = next(iter(idx.within(s, e)), None)
        if fund is None or body is None or body.label not in ("Organisation", "Board"):
            continue
        if _THIS_WAS.match(text[s:body.start]) and re.match(r"\s+fund(?:ing|s|ed)?\b", text[body.end:e]):
            ctx.fact("MANAGES", _ref(ctx, body), _ref(ctx, fund), ctx.cite(s, e))


def _manages(ctx: Context) -> None:
    """MANAGES: "Eastvale Council administers the Safer Streets Fund", "the Safer Streets
    Fund is managed by the Office of the Commissioner"."""
    from kg.extract.plans import _unknown_org

    text = ctx.doc.text
    idx = index(ctx)
    active, passive = _manage_patterns()
    bodies_l = {"Organisation", "Board"}
    for s, e in sentences(ctx):
        if "\t" in text[s:e]:
            continue
        ents = idx.within(s, e)
        if not any(x.label == "Fund" for x in ents):
            _set_up_programmes(ctx, s, e, ents, bodies_l)
            continue
        _manages_cues(ctx, s, e, ents, bodies_l)
        for m in active.finditer(text, s, e):
            fund = next((x for x in ents if x.start >= m.end() and x.label == "Fund"), None)
            subj = [x for x in ents if x.end <= m.start()]
            if fund is None or fund.start - m.end() > 30 or not subj or subj[-1].label not in bodies_l:
                continue
            if m.start() - subj[-1].end > 40 or re.search(r"[,;:]", text[subj[-1].end:m.start()]):
                continue
            ctx.fact("MANAGES", _ref(ctx, subj[-1]), _ref(ctx, fund), ctx.cite(s, e))
        for m in passive.finditer(text, s, e):
            before = [x for x in ents if x.end <= m.start() + 1]
            if not before or before[-1].label != "Fund" or m.start() - before[-1].end > 40:
                continue
            agent = next((x for x in ents if x.start >= m.end()), None)
            if agent is None or agent.start - m.end() > 3:
                agent = _unknown_org(ctx, m.end(), e)
            if agent is not None and agent.label in bodies_l:
                ctx.fact("MANAGES", _ref(ctx, agent), _ref(ctx, before[-1]), ctx.cite(s, e))
    _this_was_funding(ctx, [(s, e) for s, e in sentences(ctx) if "\t" not in text[s:e]])


def run(ctx: Context) -> None:
    """Rule: FUNDS from tables (with the projects, providers, areas and priorities their
    columns name: :mod:`kg.extract.table_rows`) and from sentences."""
    from kg.extract import table_rows

    table_rows.run(ctx)
    table_rows.run_dash_lists(ctx)
    table_rows.run_flat_rows(ctx)
    table_rows.run_cards(ctx)
    _funds_from_sentences(ctx)
    _fund_sums(ctx)
    _funded_bullets(ctx)
    _funded_headings(ctx)
    _manages(ctx)
