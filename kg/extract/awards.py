"""Awards whose recipient stands in a fixed place of the phrase: FUNDS with an amount.

Grant decisions and award pages name recipients that are often neither a council nor a known
kind of body ("PACE Film", "Northby Mediation"); what makes them recipients is where they stand:

* "To award X £N (towards ...)", "award X £N": the recipient between the verb and the amount;
* lists of awards, on one line or many: "X - £N Y - £N", "X: £N", "X (£N), Y (£M) and Z (£K)",
  "X, £N; Y, £M";
* "£N to X", "awarded £N to X": the recipient after "to".

The funder is a body of the paper's funder sectors (``paper_funder_sectors`` in
``data/money.yaml``, the commissioner's office) named in the sentence, else the first such body
the paper names. Nothing is read without a funder, and an amount another money rule already read
on the same line is left alone. The period is the sentence's ("for 2024/25").

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> text = ("Westby Police and Crime Commissioner: Decision 08/2024\\n\\n"
...         "To award Northby Mediation £5,000 towards the costs of a coordinator in 2024/25.\\n")
>>> [(f.start.name, f.end.name, f.props["amount"], f.props.get("period"))
...  for f in extract(Document.from_text("d.txt", text)).facts if f.type == "FUNDS"]
[('Westby Police and Crime Commissioner', 'Northby Mediation', 5000.0, '2024-25')]
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any

from kg.extract.context import Context
from kg.extract.money import _OWN_PROJECT, funder_bodies, parse_amount, vocab
from kg.extract.people import body_label, parse_person, starts_with_forename
from kg.extract.plans import norm_period
from kg.extract.quickre import quick
from kg.extract.spans import sentences
from kg.extract.structure import plain

_FUND = quick(r"\b(?:fund|funding|grant|budget|programme)\)?(?:\s+(?:\d+|round\s+\d+|\([^)]*\)))?$", re.I)
_PERIOD = re.compile(r"\b((?:19|20)\d{2})\s*[-/–]\s*((?:19|20)?\d{2})\b")
_NAME = r"(?:the\s+)?(?P<r>[A-Z0-9][\w&'’.()-]*(?:\s+(?:[A-Z0-9&][\w&'’.()-]*|of|and|for|the|on|in|de)){0,10})"
# what stands before an item of a list of awards: the start, a separator, "and", or the amount
# of the item before ("X - £N Y - £M")
_ITEM_START = re.compile(r"(?:^|[,;:•*\n(\t]|\band|\bto|&|[-–—]|\d|\b[kKmM]|million|thousand|"
                         r"\b(?:were|are|include|includes|included))\s*$")
_MONEY = r"£\s?\d[\d,]*(?:\.\d{1,2})?(?:\s?(?:k|K|m|M|million|thousand)\b)?"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    verbs = "|".join(sorted((re.escape(v) for v in vocab()["award_verbs"]), key=len, reverse=True))
    return {
        # "To award X £N": the recipient between the verb and the amount
        "verb_first": re.compile(rf"(?i:\b(?:{verbs}))\s+{_NAME}\s+(?P<amt>{_MONEY})"),
        # "X - £N" items of a list of awards, "X (£N)" in a list written inline
        "item": re.compile(rf"{_NAME}\s*(?:[-–—:]\s*|\(\s*)(?P<amt>{_MONEY})"),
        # "a grant of £N for X (was approved)": the body named after "for" gets the sum
        "of_for": re.compile(rf"(?i:\b(?:grant|funding|award|allocation)\s+of)\s+(?P<amt>{_MONEY})\s+"
                             rf"(?i:(?:has\s+been\s+|was\s+|is\s+)?(?:approved\s+|agreed\s+|awarded\s+)?for)\s+{_NAME}"),
        # "A, £N; B, £M": items cut by semicolons, each name and sum by a comma
        "comma_item": re.compile(rf"{_NAME},[ ]*(?P<amt>{_MONEY})(?=[ ]*(?:;|\.?$|\.\s|and\b))"),
        # "£N to X", "£N from the round was awarded to X" (a source in words of no name: the paper's)
        "to_after": re.compile(rf"(?P<amt>{_MONEY})(?:\s+of\s+(?:[a-z]+\s+)?(?:funding|support|grants?|investment))?"
                               rf"(?:\s+from\s+(?:the|this|that|its)\s+[a-z]+(?:\s+[a-z]+){{0,2}})?"
                               rf"\s+(?i:(?:(?:has|have|had)\s+been\s+|was\s+|were\s+|is\s+|are\s+|will\s+be\s+)?"
                               rf"(?:(?:{verbs})\s+)?to)\s+{_NAME}"),
    }


def _funders(ctx: Context) -> list[tuple[int, int, str, str, dict[str, Any]]]:
    """The paper's funder bodies in text order, the commissioner's office ("Office of the ...")
    first where the paper names one: it holds the budget the awards come from."""
    hits = funder_bodies(ctx)
    office = [h for h in hits if re.match(r"(?:the\s+)?office\s+of\b", h[3], re.I)]
    return office[:1] + [h for h in hits if h not in office[:1]]


def _recipient(name: str) -> tuple[str, str, dict[str, Any]] | None:
    name = re.sub(r"\s+(?:for|in|from|during|to|by)\s+(?:the\s+)?\d.*$", "", name.strip())  # "X for 2024/25"
    name = re.sub(r"\s+(?:of|and|for|the|on|in|de)$", "", name.strip(" .,;:()-–"))
    head, sep, tail = name.rpartition(" for ")
    if sep and len(tail.split()) <= 2 and body_label(head) is not None:
        name = head  # "Westby Borough Council for CCTV": the body, then what the money is for
    words = name.split()
    if not words or len(words) > int(vocab()["award_recipient_max_words"]) or not re.search(r"[A-Za-z]", name):
        return None  # too long for a name, or a figure ("to 62 community projects")
    if len(words) == 1 and words[0].lower() in vocab()["not_recipients"]:
        return None  # "awards over £50,000"
    if vocab()["_total"].search(name):
        return None  # "Total Programme Cost: £N" adds up the lines above: nobody receives it
    if _FUND.search(name):
        return None  # "X Fund: £N" says what a fund holds or gave, not what it received
    p = parse_person(name, whole=True)
    if p is not None and body_label(name) is None and (p.honorific or starts_with_forename(p.name)):
        return None  # money to a named person is not a grant to a body
    lab = body_label(name)
    if lab is not None:
        return name, lab[0], lab[1]
    return name, "Organisation", {"sector": "voluntary"}


def _modifier_of(sent: str, end: int) -> bool:
    """Whether the name ending at ``end`` only qualifies a common noun after it ("the Northby
    committee area", "Westby residents"), so it is not the recipient itself.

    >>> _modifier_of("£9 to the Northby committee area.", 17), _modifier_of("£9 to Northby Scouts for tents", 20)
    (True, False)
    """
    m = _NEXT_WORD.match(sent, end)
    return m is not None and m.group(1).lower() in vocab()["recipient_modified_heads"]


_CLAUSE_OPENER = re.compile(r"(?:In|On|At|By|For|From|During|Since|Until|After|Before|Over|Under|Last|This|Next|"
                            r"Each|Every|With|Of|Overall|Altogether|Total|Of\s+which)\b")
_RESPECTIVELY = re.compile(r"[ ]*,?[ ]*respectively\b")
_NEXT_WORD = re.compile(r"[ ]+([a-z]+)\b")


def _by_start(funders: list[Any]) -> tuple[list[int], list[int]]:
    """The funders named by name (not a reference) as (offsets, their places in ``funders``),
    sorted by offset: the funders of a sentence are looked up by bisection, not by a scan of all
    the paper's funders for each sentence (quadratic in a long paper)."""
    named = sorted((h[0], i) for i, h in enumerate(funders) if not h[4].get("ref"))
    return [a for a, _ in named], [i for _, i in named]


def _own_funder(funders: list[Any], by_start: tuple[list[int], list[int]], s: int, e: int) -> Any:
    """The funder of the sentence ``s``-``e``: the first in ``funders``' order (the office first)
    named in it by name, else the paper's first funder."""
    starts, places = by_start
    inside = places[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)]
    return funders[min(inside)] if inside else funders[0]


def _other_funder(funders: list[Any], rec: str) -> Any:
    """The paper's first funder that is not the recipient ``rec`` ("Northby Town Council was
    awarded £N" on a county council's page: the county pays), else None."""
    return next((h for h in funders if h[3] != rec), None)


# a sentence whose subject is a pronoun ("It saw £N given to X"): who pays is what the pronoun stands for
_PRONOUN_SUBJECT = re.compile(r"\s*(?:It|This|They)\s+(?:saw|sees|has|have|had|was|were|is|are|also|then|will)\b")


def run(ctx: Context) -> None:
    """Rule: awards with the recipient in a fixed place."""
    funders = _funders(ctx)
    if not funders:
        return
    text = ctx.doc.text
    done = {(f.cite.line, f.props.get("amount")) for f in ctx.facts if f.type == "FUNDS"}
    mine: set[tuple[int, float, str]] = set()
    pats = _patterns()
    by_start = _by_start(funders)
    for s, e in sentences(ctx):
        sent = text[s:e]
        if "£" not in sent:
            continue
        own = _own_funder(funders, by_start, s, e)
        if _PRONOUN_SUBJECT.match(sent) and not s <= own[0] < e:
            continue  # "It saw £N given to X": "it" (a fund, a scheme) pays, not the paper's funder
        pm = _PERIOD.search(sent)
        period = norm_period(pm.group(1), pm.group(2)) if pm else None
        found: list[tuple[int, int, str, re.Match[str]]] = []
        for key in ("verb_first", "to_after", "of_for", "item", "comma_item"):
            for m in pats[key].finditer(sent):
                if any(a <= m.start("amt") < b for a, b, _, _ in found):
                    continue
                if key in ("item", "comma_item") and not _ITEM_START.search(sent, 0, m.start()):
                    continue  # "a camera with Encryption (£N)": a price inside a sentence, not an item of a list
                if key == "comma_item" and _CLAUSE_OPENER.match(m.group("r")):
                    continue  # "In March, £N": a phrase of time or place opening the sentence, not a name
                found.append((m.start("amt"), m.end("amt"), key, m))
        for _a, _b, key, m in sorted(found, key=lambda x: x[0]):
            amount = parse_amount(m.group("amt"))
            if amount is None:
                continue
            rec = _recipient(m.group("r"))
            payer = own if rec is None or rec[0] != own[3] else _other_funder(funders, rec[0])
            if rec is not None and _RESPECTIVELY.match(sent, m.end("r")):
                continue  # "£N and £M went to A and B respectively": the money rules pair them up
            if rec is not None and _modifier_of(sent, m.end("r")):
                continue  # "£N to the Northby committee area": the name only says whose area
            if rec is None or payer is None or not amount:
                continue
            cite = ctx.cite(s + m.start(), s + m.end()) if key in ("item", "comma_item") else ctx.cite(s, e)
            if (cite.line, amount) in done or (cite.line, amount, rec[0]) in mine:
                continue  # read already, by another money rule or by this one
            mine.add((cite.line, amount, rec[0]))
            fref = ctx.mention(payer[2], payer[3], cite, payer[4])
            rref = ctx.mention(rec[1], rec[0], cite, rec[2])
            ctx.fact("FUNDS", fref, rref, cite, amount=amount, period=period, kind="grant")
            om = _OWN_PROJECT.match(sent, m.end())
            if om is not None:
                # "To award X £N towards their youth outreach project": X runs the project it is paid for
                pref = ctx.mention("Project", om.group("name"), ctx.cite(s + om.start("name"), s + om.end("name")))
                ctx.fact("DELIVERS", rref, pref, cite)


# "Westby Police – Engagement Van for Northby": a title line naming who applied and for what
_TITLE_LINE = re.compile(r"^\s*(?:\*\*|#+\s*)?(?P<org>[A-Z][^–—:]{1,80}?)\s+[–—-]\s+(?P<proj>[A-Z][^.;:]{2,100}?)"
                         r"\s*(?:\*\*)?\s*$")
_TITLE_MAX_WORDS = 14


def run_titles(ctx: Context) -> None:
    """Rule: an award under a title line "<Recipient> – <Project>" (a list of grant applications):
    the project is the recipient's (DELIVERS), when the award just below names that recipient."""
    funded = [f for f in ctx.facts if f.type == "FUNDS"]
    if not funded:
        return
    blocks = ctx.blocks
    # the block that opens each line, found once (a fact knows its line, not its offset)
    first_of_line: dict[int, int] = {}
    for k, b in enumerate(blocks):
        first_of_line.setdefault(ctx.doc.locate(b.start)[0], k)
    aliases: dict[tuple[str, str], set[str]] = {}
    for mention in ctx.mentions:
        aliases.setdefault((mention.label, mention.name), set()).update(a.lower() for a in mention.aliases or [])
    for f in funded:
        at = first_of_line.get(f.cite.line)
        if at is None or at < 1:
            continue
        title = blocks[at - 1]
        tm = _TITLE_LINE.match(plain(title.text))
        if tm is None or len(title.text.split()) > _TITLE_MAX_WORDS or title.kind in ("table_row", "attendance"):
            continue
        org = tm.group("org").strip().lower()
        if org != f.end.name.lower() and org not in aliases.get((f.end.label, f.end.name), set()):
            continue
        cite = ctx.cite(title.start, title.end)
        pref = ctx.mention("Project", tm.group("proj").strip(), cite)
        ctx.fact("DELIVERS", f.end, pref, cite)
