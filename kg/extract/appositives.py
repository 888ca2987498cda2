"""People named in running text with their post in apposition: HOLDS_ROLE.

"... following the departure of Ann Jones, Director of the Westby Violence Reduction Unit",
"Raj Patel, Community Safety Manager, Westby Borough Council, said ...", "Jo Bloggs, Deputy
Commissioner read the statement". A person's name (an honorific, or a known forename and a
surname), a comma, then a job title (``is_title``), optionally followed by ", Body" or written
"Title of the Body". The title ends at the first word in lower case that cannot be part of a title
("read", "said", "who"), or at a clause mark. A title with no body waits for the finishing stage,
which keeps it only where the paper ties the person to a body elsewhere.

Lists of attendance, tables and contact blocks are read by other stages; this one reads paragraphs
and list items only.

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> ex = extract(Document.from_text("n.txt", "The post is vacant following the departure of "
...     "Ann Jones, Director of the Westby Violence Reduction Unit."))
>>> [(f.start.name, f.end.name, f.props["title"]) for f in ex.facts if f.type == "HOLDS_ROLE"]
[('Ann Jones', 'Westby Violence Reduction Unit', 'Director')]
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any

from kg.extract.context import Context
from kg.extract.people import (
    Entry,
    body_label,
    chair_role,
    honorific_alternation,
    is_title,
    portfolio_post,
    split_entry,
    starts_with_forename,
)
from kg.extract.quickre import quick
from kg.extract.roles import office_body, person_ref, record_role
from kg.extract.spans import sentences

_BLOCKS = ("paragraph", "list_item")
# lower-case words that may sit inside a job title ("Head of Community Safety and Partnerships")
_TITLE_JOINS = {"of", "the", "and", "for", "&", "to", "in", "on", "at", "-", "–"}
_MAX_TITLE_WORDS = 10  # a title with its body, before the clause goes on


@lru_cache(maxsize=1)
def _name_comma() -> re.Pattern[str]:
    hon = honorific_alternation()
    # up to three capitalised words (initials allowed) and a surname, then ", " and a capital; a name
    # starts where a word does (not inside "Westby-Westby-...", which made the search quadratic)
    return quick(rf"(?<![\w'’.-])(?P<name>(?:(?:{hon})\.?\s+)?(?:[A-Z][\w'’.-]*\s+){{1,3}}[A-Z][\w'’-]+),\s+"
                 r"(?=[A-Z]|(?:the|our|its|their)\s+(?:(?:new|interim|acting|incoming)\s+)?[A-Z]|"
                 r"(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*\s+(?:of|for|at)\s+(?:the\s+)?[A-Z])")


def _title_words(text: str) -> str:
    """The words of ``text`` up to the first that cannot be part of a title or body."""
    out: list[str] = []
    for w in re.split(r"(\s+)", text):
        if not w.strip():
            out.append(w)
            continue
        bare = w.strip(",")
        if not (bare[:1].isupper() or bare[:1].isdigit() or bare.lower() in _TITLE_JOINS):
            break
        out.append(w)
        if w.endswith(",") and sum(1 for x in out if x.strip().endswith(",")) >= 3:
            break
    while out and (not out[-1].strip() or out[-1].strip(",").lower() in _TITLE_JOINS):
        out.pop()
    return "".join(out).rstrip(",")


_AND = re.compile(r"\s+(?:and|&)\s+")


def _before_next_person(tail: str) -> str:
    """``tail`` up to an "and" that starts the next person of a list ("Westby Police and Ann Jones,
    Manager": "Westby Police").

    >>> _before_next_person("Westby Constabulary and Ann Jones"), _before_next_person("Safety and Justice")
    ('Westby Constabulary', 'Safety and Justice')
    >>> _before_next_person("Devon and Cornwall Police and Cllr Bob Lee")
    'Devon and Cornwall Police'
    """
    for m in _AND.finditer(tail):
        e = split_entry(tail[m.end():].split(",")[0])
        if e is not None and not (e.rest or e.title or e.org) and (
                e.person.honorific or (len(e.person.name.split()) >= 2 and starts_with_forename(e.person.name))):
            return tail[:m.start()]
    return tail


def _person_tail(name: str) -> Entry | None:
    """The longest tail of ``name`` that is one person, who must carry an honorific or open
    with a known forename or an initial."""
    words = list(re.finditer(r"\S+", name))
    for m in words:
        e = split_entry(name[m.start():])
        if e is None or e.rest or e.title or e.org:
            continue
        p = e.person
        if p.honorific or (len(p.name.split()) >= 2 and starts_with_forename(p.name)):
            return e
    return None


@lru_cache(maxsize=1)
def _comma_name() -> re.Pattern[str]:
    hon = honorific_alternation()
    # ", Name," or ", Name said" (or with no comma after an office: "Commissioner Ann Jones said")
    return re.compile(rf"(?:,\s+|\s)(?P<name>(?:(?:{hon})\.?\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{1,2}})"
                      rf"(?=[,;:.)]|\s+(?:{'|'.join(_SPEECH)})\b|\s+[a-z]|\s*$)")


#: verbs that follow a name that a post was set before ("..., Ann Jones, said")
_SPEECH = ("said", "says", "commented", "comments", "added", "adds", "explained", "is", "has", "was", "will",
           "announced", "welcomed")
_POST_WINDOW = 240  # characters before a name in which a post set before it is looked for
_POSSESSOR = re.compile(r"(?P<body>[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|and|of|for|&))*)['’]s\s*$")
_PRE_TITLE_WORDS = 12  # how far back from the name a post set before it may start


def _post_before(left: str) -> str | None:
    """The post that ends ``left`` ("... Westby's Police and Crime Commissioner (PCC)"): the longest
    run of its last words that reads as a job title, opening with a capital or "the"."""
    left = re.sub(r"\s*\([A-Z][A-Za-z]{1,7}\)\s*$", "", left.rstrip(" ,"))
    words = list(re.finditer(r"\S+", left))
    for m in words[-_PRE_TITLE_WORDS:]:
        cand = left[m.start():]
        first = cand.split()[0]
        if not (first[:1].isupper() or first.lower() == "the"):
            continue
        cand = re.sub(r"^(?:the|The)\s+", "", cand)
        if is_title(cand) and all(w[:1].isupper() or w.lower() in _TITLE_JOINS or w[:1] in "(&"
                                  for w in cand.replace(",", " ").split()):
            return cand
    return None


def run(ctx: Context) -> None:
    """Rules: "Name, Title (of the Body | , Body)" in a sentence, "Title of the Body, Name," and
    "Inspector Name of the Body"."""
    run_after(ctx)
    run_before(ctx)
    run_of(ctx)
    run_copula(ctx)
    run_bracketed_body(ctx)


_OF_LOOKBACK = 120  # how far before a body's name the people said to be "of" or "from" it may start


@lru_cache(maxsize=1)
def _people_of() -> re.Pattern[str]:
    hon = honorific_alternation()
    name = rf"(?:(?:{hon})\.?\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{1,3}}"
    return re.compile(rf"(?:^|(?<=[\s,(]))(?P<list>{name}(?:\s*(?:,|\band\b)\s+{name})*)\s+(?:of|from)\s+(?:the\s+)?$")


def run_of(ctx: Context) -> None:
    """Rule: people said to be of or from a body in running text ("Inspector Ann Jones of Westby
    Police", "PC A Lee and Bob Moore from the Westby Transport Police introduced themselves"):
    HOLDS_ROLE at that body, with the rank or honorific's title where one is written."""
    text = ctx.doc.text
    spans = [(b.start, b.end) for b in ctx.blocks if b.kind in _BLOCKS]
    if not spans:
        return
    starts = [a for a, _ in spans]
    for bs, be, label, name, props in ctx.paper.bodies:
        if label != "Organisation" or re.match(r"[Tt]he\s", text[bs:be]):
            continue
        k = bisect.bisect_right(starts, bs) - 1
        if k < 0 or spans[k][1] < be:
            continue  # not in a paragraph or list item
        sm = re.match(r"(?P<head>[A-Z][\w'’-]*)\s+of\s+(?:the\s+)?(?=[A-Z])", text[bs:be])
        if sm and body_label(sm.group("head")) is None:
            # "Inspector Ann Sawyer of Westby Police" read as one body "Sawyer of Westby Police": the
            # body is what follows "of"
            name, bs = text[bs + sm.end():be], bs + sm.end()
            lab = body_label(name)
            if lab is None:
                continue
            label, props = lab
        lo = max(spans[k][0], bs - _OF_LOOKBACK)
        m = _people_of().search(text[lo:bs])
        if m is None:
            continue
        cite = ctx.cite(lo + m.start("list"), be)
        for part in re.split(r"\s*(?:,|\band\b)\s+", m.group("list")):
            who = split_entry(part)
            if who is None or who.rest or who.title or who.org:
                continue
            p = who.person
            if not (p.honorific or p.rank_title or len(p.name.split()) >= 2 and starts_with_forename(p.name)):
                continue
            entry = Entry(person=p, org=name, org_label=label, org_props=props)
            pref = person_ref(ctx, entry, cite)
            record_role(ctx, entry, pref, ctx.mention(label, name, cite, props), cite)


_WORD = re.compile(r"[\w'’-]+")
_BRACKETED = re.compile(r"\([^()]*\)")
_NON_BLANK = re.compile(r"\S+")


def run_before(ctx: Context) -> None:
    """Rule: a post set before a name in running text ("Westby's Police and Crime Commissioner (PCC),
    Ann Jones, is inviting ...", "The Chief Executive of Westby Council, Bob Patel, said ...")."""
    text = ctx.doc.text
    heads = _title_heads()
    for s, e in _prose_sentences(ctx):
        for m in _comma_name().finditer(text, s, e):
            for w in _NON_BLANK.finditer(m.group("name")):  # "Commissioner Ann Jones": the name is a tail
                at = m.start("name") + w.start()
                last = _WORD.findall(_BRACKETED.sub(" ", text[max(s, at - 40):at]))
                if not last or last[-1].lower() not in heads:
                    continue  # a post ends with a title's head word ("... Commissioner (PCC), Ann Jones")
                who = split_entry(text[at:m.end("name")])
                if who is None or who.rest or who.title or who.org:
                    continue
                p = who.person
                if not (p.honorific or len(p.name.split()) >= 2 and starts_with_forename(p.name)):
                    continue
                left = text[max(s, at - _POST_WINDOW):at]  # a post is a dozen words at most: never the whole sentence
                post = _post_before(left)
                comma = left.rstrip().endswith(",") and re.match(r",|\s+(?:" + "|".join(_SPEECH) + r")\b",
                                                                       text[m.end("name"):])
                if post is not None and (comma or office_body(post) is not None):
                    # with no comma between, only an office runs straight into its holder's name
                    own = re.match(r"^(?P<body>.+?)['’]s\s+(?P<title>[A-Z].*)$", post)
                    pm = _POSSESSOR.search(left.rstrip(" ,")[: -len(post)])
                    if own and body_label(own.group("body")) and is_title(own.group("title")):
                        post = f"{own.group('title')} of {own.group('body')}"  # "Westby Council's Chief Executive"
                    elif pm and body_label(pm.group("body")) and not re.search(r"\b(?:of|at|for)\s", post):
                        post = f"{post} of {pm.group('body')}"
                    _record_post(ctx, who, post, s, e)
                break


@lru_cache(maxsize=1)
def _title_heads() -> frozenset[str]:
    from kg.extract.bodies import vocab
    from kg.extract.people import people_vocab

    # a title's head word, or a body's when the title names its body ("Chief Executive of Westby Council")
    v = vocab()
    return frozenset({w.lower().split()[-1] for w in people_vocab()["title_words"]} | set(v["_org_heads"])
                     | set(v["board_heads"]))


def _record_post(ctx: Context, who: Entry, title: str, s: int, e: int) -> None:
    org, org_label, org_props = "", "", {}
    of = re.match(r"^(?P<title>.+?)\s+(?:of|at|for)\s+(?:the\s+)?(?P<body>[A-Z].+)$", title)
    lab = body_label(of.group("body")) if of and not portfolio_post(title) else None
    if of and lab is not None and not is_title(of.group("body")):
        title, org, org_label, org_props = of.group("title"), of.group("body"), lab[0], lab[1]
    if not org:
        office = office_body(title)
        if office is not None:
            title, org, org_label, org_props = office[0], office[1], "Organisation", office[2]
    entry = Entry(person=who.person, title=title, org=org, org_label=org_label, org_props=org_props)
    cite = ctx.cite(s, e)
    pref = person_ref(ctx, entry, cite)
    # a post with no body waits for the finishing stage, which keeps it where the paper ties the
    # person to a body elsewhere
    record_role(ctx, entry, pref, ctx.mention(org_label, org, cite, org_props) if org else None, cite)


def _prose_sentences(ctx: Context) -> list[tuple[int, int]]:
    """The sentences that start in a paragraph or a list item (lists of attendance, tables and
    contact blocks are read by other stages). Found once for the four readers of this module, which
    run one after the other (the kinds of blocks are settled by then: the meetings stage, which
    marks lists of attendance, runs first)."""
    got: list[tuple[int, int]] | None = ctx.memo.get("_prose_sentences")
    if got is None:
        got = ctx.memo["_prose_sentences"] = _find_prose_sentences(ctx)
    return got


def _find_prose_sentences(ctx: Context) -> list[tuple[int, int]]:
    blocks = [(b.start, b.end) for b in ctx.blocks if b.kind in _BLOCKS]
    # a sentence with no full stop runs on into the list after it (a page flattened onto one line):
    # it ends where a block of another kind starts
    others = [b.start for b in ctx.blocks if b.kind not in _BLOCKS]
    out: list[tuple[int, int]] = []
    k = j = 0
    for s, e in sentences(ctx) if blocks else []:
        while k < len(blocks) and blocks[k][1] < s:
            k += 1
        while j < len(others) and others[j] <= s:
            j += 1
        if k < len(blocks) and blocks[k][0] <= s <= blocks[k][1]:
            out.append((s, min(e, others[j]) if j < len(others) else e))
    return out


def run_after(ctx: Context) -> None:
    """Rule: "Name, Title (of the Body | , Body)" in a sentence."""
    text = ctx.doc.text
    pat = _name_comma()
    for s, e in _prose_sentences(ctx):
        for m in pat.finditer(text, s, e):
            if not text[s:m.start()].strip() and _name_body_line(ctx, m.group("name"), text[m.end():e], s, e):
                continue
            _apposition(ctx, m.group("name"), text[m.end():e], s, e)


_LINE_END = re.compile(r"[.;]?\s*$")


def _name_body_line(ctx: Context, name: str, after: str, s: int, e: int) -> bool:
    """A line that is a name and the body the person is from, and nothing else ("Ann Jones, Westby
    Housing Trust", one of a list of people invited or present): HOLDS_ROLE with no title.

    >>> from kg.loaders.base import Document
    >>> from kg.extract import extract
    >>> ex = extract(Document.from_text("n.txt", "Invited:\\n\\nAnn Jones, Westby Housing Trust\\n"))
    >>> [(f.start.name, f.end.name, f.props.get("title")) for f in ex.facts if f.type == "HOLDS_ROLE"]
    [('Ann Jones', 'Westby Housing Trust', None)]
    """
    if "\n" in after.strip():
        return False
    body = _LINE_END.sub("", after).strip()
    if not body or "," in body or is_title(body) or any(
            not w[:1].isupper() and w.lower() not in _TITLE_JOINS for w in body.split()):
        return False  # a body's name is capitalised words and joins: no clause runs on after it
    lab = body_label(body)
    who = _person_tail(name) if lab is not None else None
    if lab is None or who is None or who.person.name != name.strip():
        return False
    _record(ctx, Entry(person=who.person, org=body, org_label=lab[0], org_props=lab[1]), s, e)
    return True


_LOWER_TITLE = re.compile(r"\s*((?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*)(?=\s+(?:of|for|at)\s+(?:the\s+)?[A-Z])")


def _capital_title(after: str) -> str:
    """A post written in small letters before the body it is held at, as news pages write it
    ("Ann Jones, chair of Westby PCSP, said"), in capitals, when it is a post.

    >>> _capital_title(" chair of Westby PCSP, said"), _capital_title(" who spoke of Westby")
    (' Chair of Westby PCSP, said', ' who spoke of Westby')
    """
    m = _LOWER_TITLE.match(after)
    if m is None:
        return after
    words = " ".join(w[:1].upper() + w[1:] for w in m.group(1).split())
    if not is_title(words):
        return after
    return after[:m.start(1)] + words + after[m.end(1):]


def _apposition(ctx: Context, name: str, after: str, s: int, e: int) -> None:
    who = _person_tail(name)
    if who is None:
        return
    after = _capital_title(after)
    # "the new Head of Service": "new" is no part of the post; "the interim Director": "Interim" is
    after = re.sub(r"^(?:the|our|its|their)\s+(?:(?:new|incoming)\s+)?(?=[A-Za-z])", "", after)
    after = re.sub(r"^(interim|acting)(?=\s+[A-Z])", lambda m: m.group(1).capitalize(), after)
    tail = _before_next_person(_title_words(after))
    if not tail or len(tail.split()) > _MAX_TITLE_WORDS:
        if who.person.rank_title and tail and body_label(tail.split(",")[0]):
            pass  # "Superintendent Bob Moore, Westby Police, said": the rank at the body written after
        else:
            return
    first = tail.split(",")[0].strip()
    if who.person.rank_title and body_label(first) and not is_title(first) \
            and not is_title(" ".join(first.split()[:2])) and not chair_role(first.split()[0]):
        body = first
        lab = body_label(body)
        assert lab is not None
        _record(ctx, Entry(person=who.person, title=who.person.rank_title, org=body, org_label=lab[0],
                           org_props=lab[1]), s, e)
        return
    # "Title, Body" or "Title, Department, Body": the last part that is a body, after the title
    parts = [x.strip() for x in tail.split(",")]
    title, org, org_label, org_props = parts[0], "", "", {}
    for n in range(len(parts) - 1, 0, -1):
        lab = body_label(parts[n])
        if lab is not None and not is_title(parts[n]):
            title, org, org_label, org_props = ", ".join(parts[:n]), parts[n], lab[0], lab[1]
            break
    if not org:
        # "Director of Public Health at Westby Council": the body after "at" first, then after "of"/"for"
        of = re.match(r"^(?P<title>.+)\s+at\s+(?:the\s+)?(?P<body>[A-Z].+)$", title) or \
            re.match(r"^(?P<title>.+?)\s+(?:of|for)\s+(?:the\s+)?(?P<body>[A-Z].+)$", title)
        lab = body_label(of.group("body")) if of and not portfolio_post(title) else None
        if of and lab is not None:
            title, org, org_label, org_props = of.group("title"), of.group("body"), lab[0], lab[1]
        elif of and _own_kind(ctx, title):
            # "Independent Chair of the Board": the paper's own board, named by its kind
            title, org, org_label, org_props = of.group("title"), ctx.paper.board or "", "Board", {}
    if not org:
        title = title.rstrip(" .")  # the sentence's full stop
        office = office_body(re.sub(r"\s*\([A-Z]{2,6}\)$", "", title))
        if office:  # "Jo Bloggs, Westshire's Police and Crime Commissioner (PCC)": the office is the body
            title, org, org_label, org_props = office[0], office[1], "Organisation", office[2]
            _record(ctx, Entry(person=who.person, title=title, org=org, org_label=org_label, org_props=org_props),
                    s, e)
            return
        org, org_label, org_props = _body_in_title(title) or ("", "", {})
        if org.endswith(("'s", "’s")):  # "Westby Council's Community Safety Manager": the post at the council
            title, org = title[len(org):].strip(), org[:-2]
    org = org.rstrip(" .")
    if not is_title(title) or body_label(title) and not org:
        return
    _record(ctx, Entry(person=who.person, title=title, org=org, org_label=org_label, org_props=org_props), s, e)


_OF_THE_KIND = re.compile(r"\s(?:of|for)\s+the\s+(?P<kind>Board|Partnership|Panel|Committee|Group|Executive)$")


def _own_kind(ctx: Context, title: str) -> bool:
    """Whether ``title`` ends "of the <Kind>" and the paper's own board is a body of that kind
    ("Chair of the Board" in the Westby Partnership Board's paper).

    >>> from kg.extract.context import Context
    >>> from kg.loaders.base import Document
    >>> c = Context(Document.from_text("a.txt", "")); c.paper.board = "Westby Partnership Board"
    >>> _own_kind(c, "Independent Chair of the Board"), _own_kind(c, "Chair of the Panel")
    (True, False)
    """
    m = _OF_THE_KIND.search(title)
    board = ctx.paper.board
    return m is not None and board is not None and board.split()[-1].lower() == m.group("kind").lower()


def _body_in_title(title: str) -> tuple[str, str, dict[str, Any]] | None:
    """The body a title opens with ("Community Safety Partnership Co-ordinator": the partnership;
    "Westby Council Licensing Manager": the council): the longest run of its first words that
    names a body, with at least one word of the title after it.

    >>> _body_in_title("Westby Community Safety Partnership Co-ordinator")[:2]
    ('Westby Community Safety Partnership', 'Board')
    >>> _body_in_title("Head of Community Safety") is None
    True
    """
    words = title.split()
    for n in range(len(words) - 1, 1, -1):
        head = " ".join(words[:n])
        lab = body_label(head)
        if lab is not None and not is_title(head):
            return head, lab[0], lab[1]
    return None


def _record(ctx: Context, entry: Entry, s: int, e: int) -> None:
    cite = ctx.cite(s, e)
    pref = person_ref(ctx, entry, cite)
    oref = ctx.mention(entry.org_label, entry.org, cite, entry.org_props) if entry.org else None
    record_role(ctx, entry, pref, oref, cite)


@lru_cache(maxsize=1)
def _copula() -> re.Pattern[str]:
    hon = honorific_alternation()
    return re.compile(
        rf"(?<![\w'’.-])(?P<name>(?:(?:{hon})\.?\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{1,2}}),?\s+"
        r"(?:is|was|has\s+been\s+appointed(?:\s+as)?|was\s+appointed(?:\s+as)?|has\s+been\s+named(?:\s+as)?|"
        r"has\s+joined\s+as|joined\s+as|joins\s+as|became|becomes|will\s+become|remains|as)\s+"
        r"(?:the\s+|our\s+|its\s+|their\s+)?(?:new\s+|interim\s+|permanent\s+)?(?=[A-Z])")


@lru_cache(maxsize=1)
def _chairs() -> re.Pattern[str]:
    hon = honorific_alternation()
    return re.compile(
        rf"(?<![\w'’.-])(?P<name>(?:(?:{hon})\.?\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{1,2}}),?\s+(?:who\s+)?"
        r"(?P<vice>(?:co-|vice-|vice\s|deputy\s)?)chairs\s+(?:the\s+)?(?=[A-Z])")


def run_copula(ctx: Context) -> None:
    """Rules: "Name is the Title at the Body", "Name has been appointed (as) the new Title of the Body"
    (HOLDS_ROLE), and "Name, who chairs the Board" (MEMBER_OF as chair or vice-chair)."""
    text = ctx.doc.text
    for s, e in _prose_sentences(ctx):
        sent = text[s:e]
        if " is " not in sent and "appointed" not in sent and "join" not in sent and "bec" not in sent \
                and "chairs" not in sent and "remains" not in sent and "named" not in sent and " as " not in sent:
            continue
        for m in _copula().finditer(text, s, e):
            _apposition(ctx, m.group("name"), text[m.end():e], s, e)
        for m in _chairs().finditer(text, s, e):
            who = _person_tail(m.group("name"))
            board = _title_words(text[m.end():e]).split(",")[0].strip()
            lab = body_label(board)
            if who is None or lab is None or lab[0] != "Board":
                continue
            cite = ctx.cite(s, e)
            pref = person_ref(ctx, who, cite)
            ctx.fact("MEMBER_OF", pref, ctx.mention("Board", board, cite, lab[1]), cite,
                     role="vice_chair" if m.group("vice") else "chair")


_NAME_BODY = re.compile(r"\((?P<body>[A-Z][^()]{2,80})\)")
_NAME_END = re.compile(r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3})\s*$")  # a name just before a bracket


@lru_cache(maxsize=1)
def _notes() -> frozenset[str]:
    from kg.extract.people import people_vocab

    return frozenset(str(n).lower() for n in people_vocab()["attendance_notes"])  # "(MS Teams)" is how, not who


def run_bracketed_body(ctx: Context) -> None:
    """Rule: "Ann Jones (Westby Borough Council) gave an update": a person in running text with the
    body she is from in brackets (HOLDS_ROLE with no title)."""
    text = ctx.doc.text
    for s, e in _prose_sentences(ctx):
        if "(" not in text[s:e]:
            continue
        for m in _NAME_BODY.finditer(text, s, e):
            body = m.group("body").strip()
            lab = body_label(body)
            if lab is None or is_title(body) or "," in body or body.lower() in _notes():
                continue  # "(Cabinet Member, Westby Council)" is read as a post with its body elsewhere
            nm = _NAME_END.search(text, max(s, m.start() - 60), m.start())
            if nm is None:
                continue
            who = _person_tail(nm.group("name"))
            if who is None:
                continue
            _record(ctx, Entry(person=who.person, org=body, org_label=lab[0], org_props=lab[1]), s, e)

