"""Governance lines read from the sentences that state them.

"The Safety Group reports to the Board", "the plan is overseen by the Executive",
"the Panel scrutinises the Commissioner", "secretariat support is provided by
Northshire Council": a phrase from ``data/governance.yaml`` between two named
things (bodies from :mod:`kg.extract.bodies`, plans from :mod:`kg.extract.plans`)
gives REPORTS_TO, OVERSEES, SCRUTINISES, HOLDS_TO_ACCOUNT, SUPPORTS or PART_OF.
"The Board" is the document's own board. A phrase is only read between names in
the same sentence, so a rule never guesses across sentences, except that an
oversight phrase with no named object ("will track progress") refers to the plan
under discussion.

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> text = "The Safer Streets Group reports to the Northshire Community Safety Partnership.\\n"
>>> ex = extract(Document.from_text("d.txt", text))
>>> [(f.type, f.start.name, f.end.name) for f in ex.facts if f.type == "REPORTS_TO"]
[('REPORTS_TO', 'Safer Streets Group', 'Northshire Community Safety Partnership')]
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from kg.extract.context import Context
from kg.extract.quickre import needed, quick
from kg.extract.spans import Ent, has_word, index, mention, sentences

#: libyaml's parser where it is installed (the same data, a seventh of the time)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BODY = {"Board", "Organisation"}
# what a governance sentence may link (a set built once, not once per entity of every sentence)
_SENTENCE_LABELS = frozenset(BODY | {"Plan", "Project"})
#: the labels of the names this reader joins (bodies, and the plans and projects a body oversees)
READ_LABELS = BODY | {"Plan", "Project"}


class _Ends(dict[str, tuple[set[str], set[str]]]):
    """Which labels each governance type may join: its ends in the schema (``kg/schema/
    relationships.yaml``), of the labels this reader finds; read once, when first asked."""

    def __missing__(self, rtype: str) -> tuple[set[str], set[str]]:
        from kg.schema import load_schema

        td = load_schema().types[rtype]
        self[rtype] = ends = (set(td.start) & READ_LABELS, set(td.end) & READ_LABELS)
        return ends


#: which labels each type may join: ENDS["OVERSEES"] == ({"Board", "Organisation"}, {..., "Plan", "Project"})
ENDS: dict[str, tuple[set[str], set[str]]] = _Ends()


@lru_cache(maxsize=1)
def patterns() -> list[tuple[str, str, re.Pattern[str]]]:
    """(voice, type, compiled phrases) from ``data/governance.yaml``: means, passive, then active."""
    data = _data()
    out = []
    for voice in ("means", "passive", "active"):
        for rtype, phrases in data[voice].items():
            # one alternation per voice and type: a sentence is scanned once for each
            alt = "|".join(f"(?:{p})" for p in phrases)
            out.append((voice, rtype, quick(rf"(?<![\w-])(?:{alt})(?![\w-])", re.I)))
    return out


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("kg.extract.data").joinpath("governance.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=_YAML_LOADER)
    return data


def vocab() -> dict[str, Any]:
    """The governance vocabulary of ``data/governance.yaml`` (trigger phrases, offices, object leads)."""
    return _data()


@lru_cache(maxsize=1)
def _trigger() -> re.Pattern[str]:
    """A cheap filter: sentences without any of the stems of ``trigger_stems`` (data) hold no
    governance phrase."""
    return quick("|".join(vocab()["trigger_stems"]), re.I)


def line_types() -> frozenset[str]:
    """The relationship types this reader writes: those its phrases (``data/governance.yaml``) name.

    >>> sorted(line_types())[:2]
    ['HOLDS_TO_ACCOUNT', 'OVERSEES']
    """
    data = vocab()
    return frozenset(t for voice in ("active", "passive", "means") for t in (data.get(voice) or {}))
# what may stand between coordinated names: "X and Y", "X, Y", "X and, in turn, the Y"
_COORD = quick(r"\s*(?:\([A-Za-z&]+\)\s*)?(?:,|and|&|as\s+well\s+as)(?:\s*(?:,|and|in\s+turn|then|also))*"
                    r"\s*,?\s*(?:the\s+)?", re.I)
# between a phrase and its object for lines other than oversight: "reports to the X"
_NEAR = re.compile(r"\s*(?:the\s+|its\s+|their\s+|his\s+|her\s+|a\s+|an\s+|both\s+|all\s+|each\s+)?"
                   r"(?:\w+\s+){0,1}?", re.I)
_HYPOTHETICAL = quick(r"\b(?:whether|proposed|proposes|proposal|should\s+be|could\s+be|would\s+be|might|"
                           r"consult(?:ation)?\s+on|options?\s+for|if\s+agreed|subject\s+to\s+approval)\b", re.I)
_INTRO = quick(r"(?:\b(?:within|in|at|for|across|from|under)\s+(?:the\s+)?)$", re.I)


def run(ctx: Context) -> None:
    """Rule: governance relationships from sentences."""
    text = ctx.doc.text
    idx = index(ctx)
    up = set(_data()["upward_passive"])
    for s, e in sentences(ctx):
        ents = [x for x in idx.within(s, e) if x.label in _SENTENCE_LABELS]
        if not ents:
            continue  # (looked at first: cheaper than the trigger, and most sentences name nothing)
        sent = text[s:e]
        if not _trigger().search(sent):
            continue
        done: set[tuple[int, int]] = set()
        for voice, rtype, pat in patterns():
            if not has_word(ctx, needed(pat), s, e):
                continue  # a word each of the type's phrases holds is missing (most sentences)
            for m in pat.finditer(sent):
                a, b = s + m.start(), s + m.end()
                if any(a < y and b > x for x, y in done):
                    continue  # a longer phrase already read here
                if any(x.start <= a < x.end for x in ents):
                    continue  # the phrase is inside a name ("Oversight Board")
                if voice == "means":
                    made = _means(ctx, rtype, ents, a, b, s, e)
                elif voice == "active":
                    made = _active(ctx, rtype, ents, a, b, s, e)
                else:
                    phrase = m.group(0).lower()
                    made = _passive(ctx, rtype, ents, a, b, s, e, any(w in phrase for w in up),
                                    bool(re.match(r"(?:governance|oversight|formal|reporting|progress)", phrase)))
                if made:
                    done.add((a, b))


@lru_cache(maxsize=1)
def _list_leads() -> list[tuple[str, str, re.Pattern[str]]]:
    """(type, which end the listed body is, phrase) of ``list_leads`` (data)."""
    return [(d["type"], d["item"], re.compile(rf"(?<![\w-]){d['phrase']}(?![\w-])", re.I))
            for d in _data()["list_leads"]]


_LEAD_MAX_CHARS = 300  # a lead over a list is one sentence or a heading
_ITEM_HEAD = re.compile(r"[\W\d]*(?:(?:The|the)\s+)?")  # what may stand before the body an item names


def run_lists(ctx: Context) -> None:
    """Rule: "The work of the Board is supported by several subgroups:" (or a heading
    "Sub-groups") over a list of bodies: each listed body takes the line with the body the lead
    names, else the paper's own board.

    >>> from kg.loaders.base import Document
    >>> from kg.extract import extract
    >>> ex = extract(Document.from_text("d.txt", "The Westby Safety Board is supported by two "
    ...     "subgroups:\\n\\n  • The Westby Audit Group\\n  • The Westby Training Panel\\n"))
    >>> sorted((f.type, f.start.name) for f in ex.facts if f.end.name == "Westby Safety Board")
    [('SUPPORTS', 'Westby Audit Group'), ('SUPPORTS', 'Westby Training Panel')]
    """
    blocks = ctx.blocks
    idx = index(ctx)
    for i, b in enumerate(blocks[:-1]):
        lead = b.text.strip()
        if b.kind == "list_item" or len(lead) > _LEAD_MAX_CHARS or not (lead.endswith(":") or b.kind == "heading"):
            continue
        got = next(((t, end, m) for t, end, pat in _list_leads() for m in [pat.search(lead)] if m), None)
        if got is None:
            continue
        rtype, end, m = got
        items = _listed_bodies(ctx, blocks, i + 1)
        if not items:
            continue
        at = b.start + b.text.find(lead) + m.start()
        named = [x for x in idx.within(b.start, b.end, BODY) if x.end <= at or x.start >= at + len(m.group(0))]
        board = ctx.paper.board or ctx.paper.own_board
        head = named[-1] if named else (Ent(b.start, b.start, "Board", board, {"ref": True}) if board else None)
        if head is None or any(head.name in x.name for x, _ in items):
            continue  # a board guessed from the list itself is not the lead's
        for x, (s, e) in items:
            src, dst = (x, head) if end == "start" else (head, x)
            _emit(ctx, rtype, src, dst, s, e)


def _listed_bodies(ctx: Context, blocks: list[Any], j: int) -> list[tuple[Ent, tuple[int, int]]]:
    """The bodies the list from block ``j`` on names, one an item, each with its item's span; none
    when an item of the list names no body (a list of duties, not of bodies)."""
    idx = index(ctx)
    text = ctx.doc.text
    out: list[tuple[Ent, tuple[int, int]]] = []
    while j < len(blocks) and blocks[j].kind == "list_item":
        b = blocks[j]
        first = _item_name(ctx, b) or next(iter(idx.within(b.start, b.end, BODY)), None)
        if first is None or first.props.get("ref") or not _ITEM_HEAD.fullmatch(text, b.start, first.start):
            return []
        out.append((first, (b.start, b.end)))
        j += 1
    return out


_ITEM_NOTE_MAX = 42  # the longest note in brackets after a listed body's name
_NAME_JOIN = {"and", "of", "for", "the", "&", "on", "in"}


def _item_name(ctx: Context, b: Any) -> Ent | None:
    """A list item that is only a body's name ("• The Adult Quality, Training and Development
    Group (Statutory)"): the whole name, every word capitalised and its head a body's, which the
    body finder may have cut at a comma or an "and"."""
    from kg.extract.people import body_label

    text = ctx.doc.text
    h = _ITEM_HEAD.match(text, b.start, b.end)
    start = h.end() if h else b.start
    name = text[start:b.end].rstrip().rstrip(".;,").rstrip()
    if name.endswith(")") and 0 <= len(name) - name.rfind("(") <= _ITEM_NOTE_MAX:
        name = name[:name.rfind("(")].rstrip()  # "(Statutory)": a note on the body, not its name
    end = start + len(name)
    words = name.replace(",", " ").split()
    if not 2 <= len(words) <= 12 or not all(w[:1].isupper() or w in _NAME_JOIN for w in words):
        return None
    lab = body_label(name)
    return Ent(start, end, lab[0], name, lab[1]) if lab is not None and lab[0] in BODY else None


def _subject(ents: list[Ent], before: int, text: str, labels: set[str]) -> list[Ent]:
    """The named subject(s) of a phrase at ``before``: the nearest names before it in the
    same clause, with those coordinated with them ("X and Y will oversee")."""
    cands = [x for x in ents if x.end <= before]
    if not cands:
        return []
    last = cands[-1]
    if re.search(r"\b(?:by|with|from|to)\s+(?:the\s+)?$", text[max(0, last.start - 12):last.start]) and \
            re.fullmatch(r"\s*(?:,\s*)?and\s+", text[last.end:before]) and len(cands) > 1:
        # "X is chaired by Y and reports to Z", "X is accountable to Y and reports to Z": X, not Y, reports
        last = cands[0]
        out_first = [last] if last.label in labels else []
        return out_first
    gap = text[last.end:before]
    if re.fullmatch(r"\s*(?:\([A-Za-z&]+\)\s*)?,?\s*(?:which|that|who)\s+(?:also\s+|in\s+turn\s+)?", gap):
        gap = ""  # "X, which reports to Y": X is the subject
    if re.search(r"[;:]|\b(?:which|that|who|where|when|while|whilst)\b", gap) or len(gap) > 120:
        return []
    if last.label not in labels:
        return []
    out = [last]
    for x in reversed(cands[:-1]):
        between = text[x.end:out[0].start]
        if x.label in labels and _COORD.fullmatch(between):
            out.insert(0, x)
        else:
            break
    return out


def _objects(ents: list[Ent], after: int, end: int, text: str, labels: set[str],
             means_ok: bool = True) -> list[Ent]:
    """The named object(s) after a phrase: the first name within a few words, those
    coordinated with it, and plans named later in the same clause. With ``means_ok``
    False a name after "through"/"via"/"by" is a means, not an object."""
    out: list[Ent] = []
    pos = after
    for x in [y for y in ents if y.start >= after]:
        gap = text[pos:x.start]
        if ";" in gap:
            break
        if not out:
            if len(gap) > 70 or re.search(r"[.:]\s", gap):
                break
            if not means_ok and re.search(r"\b(?:through|via|by|at)\b", gap, re.I) and \
                    not _object_lead().fullmatch(gap):
                break
            if x.label in labels:
                out.append(x)
                pos = x.end
            continue
        if x.label in labels and _COORD.fullmatch(gap):
            out.append(x)
            pos = x.end
        elif x.label == "Plan" and "Plan" in labels and len(gap) < 150:
            out.append(x)
            pos = x.end
        elif len(gap) > 150:
            break
    return out


def _plan_here(ctx: Context, s: int, e: int, b: int, force: bool = False) -> Ent | None:
    """The plan an oversight phrase refers to when it names none ("will track progress"):
    a plan named in the sentence, else the plan under discussion."""
    from kg.extract.plans import _owner_near  # late import: plans imports spans only

    rest = ctx.doc.text[b:e].lower()
    words = _data()["plan_words"]
    if not force and not any(re.search(rf"\b{re.escape(w)}\b", rest[:60]) for w in words):
        return None
    owner = _owner_near(ctx, s, e)
    return owner if owner is not None and owner.label == "Plan" else None


def _emit(ctx: Context, rtype: str, src: Ent, dst: Ent, s: int, e: int) -> bool:
    if rtype == "HOLDS_TO_ACCOUNT" and src.label == "Board":
        rtype = "SCRUTINISES"  # a panel holding an office-holder to account is its scrutiny
    starts, ends = ENDS[rtype]
    if src.label not in starts or dst.label not in ends or src.name == dst.name:
        return False
    seen = ctx.memo.setdefault("_gov_seen", set())
    key = (rtype, src.label, src.name, dst.label, dst.name, s)
    if key in seen:
        return True
    seen.add(key)
    # "whether X should be required to report to Y", "it is proposed that X oversees Y"
    text = ctx.doc.text
    before = text[s:max(src.start, dst.start)]
    status = "proposed" if _HYPOTHETICAL.search(before) else None
    if rtype == "PART_OF" and src.label != dst.label:
        return False
    ctx.fact(rtype, _ref(ctx, src), _ref(ctx, dst), ctx.cite(s, e), status=status)
    return True


def _ref(ctx: Context, ent: Ent) -> Any:
    from kg.model import Ref

    if ent.props.get("ref"):
        return Ref(ent.label, ent.name)
    return mention(ctx, ent)


@lru_cache(maxsize=1)
def _object_lead() -> re.Pattern[str]:
    """ "scrutinise decisions made by the X": words naming what of the object is governed."""
    leads = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _data()["object_leads"])
    return re.compile(rf"\s*(?:and\s+\w+\s+)?(?:{leads})\s+(?:the\s+)?", re.I)


@lru_cache(maxsize=1)
def _own_subject() -> re.Pattern[str]:
    return re.compile(r"[\W\d]*(?:" + "|".join(_data()["own_subject"]) + r")\b", re.I)


# a duty in a list of a board's terms of reference: the item starts with its verb
# ("• Report strategic issues to the Commissioner", "2. To scrutinise the plan")
_IMPERATIVE_ITEM = re.compile(r"\s*(?:[•·▪●○◦*-]|\(?\d{1,2}(?:\.\d{1,2}){0,3}[.)]|\(?[a-z][.)])\s*(?:to\s+)?", re.I)


def _own_board(ctx: Context, s: int, a: int) -> list[Ent]:
    """ "Its function is to scrutinise ...": the body just named, else the paper's own board."""
    text = ctx.doc.text
    line = text.rfind("\n", 0, s) + 1  # "3. Report ...": the item's number may stand as a sentence of its own
    if not _own_subject().match(text, s, a) and not _IMPERATIVE_ITEM.fullmatch(text, s, a) \
            and not (line < s and _IMPERATIVE_ITEM.fullmatch(text, line, a)):
        return []
    prev = _previous_subject(ctx, s)
    if prev is not None:
        return [prev]
    board = ctx.paper.board or ctx.paper.own_board
    return [Ent(s, s, "Board", board, {"ref": True})] if board else []


def _active(ctx: Context, rtype: str, ents: list[Ent], a: int, b: int, s: int, e: int) -> bool:
    text = ctx.doc.text
    subj = _subject(ents, a, text, ENDS[rtype][0]) or [x for x in _own_board(ctx, s, a) if x.label in ENDS[rtype][0]]
    if not subj:
        return _named_after(ctx, rtype, ents, a, b, s, e)
    return _active_with(ctx, rtype, subj, ents, b, s, e)


@lru_cache(maxsize=1)
def _plural_subject() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (re.compile(rf"(?:{_data()['plural_subjects']})\s*$", re.I), re.compile(_data()["named_after"], re.I))


def _named_after(ctx: Context, rtype: str, ents: list[Ent], a: int, b: int, s: int, e: int) -> bool:
    """ "A number of subgroups feed into the Board, including the X Group and the Y Panel": the
    subjects are named after the object, brought in by "including".

    >>> from kg.loaders.base import Document
    >>> from kg.extract import extract
    >>> ex = extract(Document.from_text("d.txt", "Several subgroups feed into the Westby Safety Board, "
    ...     "including the Westby Audit Group."))
    >>> [(f.type, f.start.name, f.end.name) for f in ex.facts]
    [('REPORTS_TO', 'Westby Audit Group', 'Westby Safety Board')]
    """
    text = ctx.doc.text
    plural, lead = _plural_subject()
    if not plural.search(text, max(s, a - 80), a):
        return False
    objs = _objects(ents, b, e, text, ENDS[rtype][1], means_ok=False)
    if not objs:
        return False
    m = lead.match(text, objs[-1].end)
    if m is None:
        return False
    first = next((x for x in ents if x.start >= m.end()), None)
    if first is None or not re.fullmatch(r"(?:the\s+)?", text[m.end():first.start], re.I):
        return False
    subj = [first]
    for x in ents:  # "including the X Group and the Y Panel"
        if x.start > subj[-1].start and _COORD.fullmatch(text[subj[-1].end:x.start]):
            subj.append(x)
    return _active_with(ctx, rtype, [x for x in subj if x.label in ENDS[rtype][0]], ents, b, s, e, objs)


def _active_with(ctx: Context, rtype: str, subj: list[Ent], ents: list[Ent], b: int, s: int, e: int,
                 objs: list[Ent] | None = None) -> bool:
    """The lines from each subject to the objects after the phrase ending at ``b``."""
    text = ctx.doc.text
    if not subj:
        return False
    if rtype == "HOLDS_TO_ACCOUNT" and not re.search(r"\bto\s+account\b", text[b:min(e, b + 120)], re.I):
        return False
    objs = objs if objs is not None else _objects(ents, b, e, text, ENDS[rtype][1], means_ok=False)
    if objs and rtype != "OVERSEES" and not (_NEAR.fullmatch(text[b:objs[0].start])
                                             or _object_lead().fullmatch(text[b:objs[0].start])):
        objs = []  # "this report to outline for the Panel": the name must follow the phrase
    if not objs and rtype == "OVERSEES":
        plan = _plan_here(ctx, s, e, b)
        objs = [plan] if plan else []
    made = False
    for x in subj:
        for y in objs:
            made |= _emit(ctx, rtype, x, y, s, e)
    return made


_OWN_SUPPORT = re.compile(r"[\W\d]*(?:The\s+)?(?:secretariat|administrative|administration|clerking|officer|policy|"
                          r"business)\s+support\b", re.I)


def _passive(ctx: Context, rtype: str, ents: list[Ent], a: int, b: int, s: int, e: int, upward: bool,
             about_plan: bool) -> bool:
    text = ctx.doc.text
    agents = [x for x in _objects(ents, b, e, text, BODY) if not _modifier(text, x)]
    if not agents:
        return False
    # the patient: the first name of the sentence before the phrase that is not inside an
    # introductory phrase ("Within Northshire Police, governance is provided through ...")
    cands = [x for x in ents if x.end <= a and not (_INTRO.search(text[max(s, x.start - 25):x.start])
                                                   and text[x.end:x.end + 2].startswith(","))]
    patient: Ent | None = cands[0] if cands else None
    if patient is None and re.match(r"\s*(?:It|Its|Their|They|This\s+body)\b", text[s:a]):
        patient = _previous_subject(ctx, s)  # "Its work is scrutinised by X": the body just named
    if patient is None and rtype == "SUPPORTS" and ctx.paper.board and _OWN_SUPPORT.match(text, s, b):
        # "Secretariat support will be provided by X" in a board's own paper: X supports that board
        patient = Ent(s, s, "Board", str(ctx.paper.board), {})
    if patient is None or patient in agents:
        if rtype != "OVERSEES":
            return False
        patient = _plan_ref_before(ctx, s, b) or (_plan_here(ctx, s, e, s, force=True) if about_plan else None)
        if patient is None:
            return False
    made = False
    for ag in agents:
        if upward and patient.label in BODY and rtype == "OVERSEES":
            made |= _emit(ctx, "REPORTS_TO", patient, ag, s, e)
        else:
            made |= _emit(ctx, rtype, ag, patient, s, e)
    return made


_FUNCTION = {"and", "or", "to", "in", "on", "at", "for", "with", "by", "which", "who", "that", "as", "is", "are",
             "was", "were", "will", "has", "have", "had", "chaired", "led", "where", "when", "through", "via",
             "from", "under", "within", "whose", "meeting", "meetings", "members", "partners", "itself",
             "governance", "arrangements", "structures", "structure", "process", "processes", "section",
             "team", "teams", "office", "department", "unit", "service", "services", "directorate"}


def _modifier(text: str, ent: Ent) -> bool:
    """Whether a name is used as a modifier ("tracked through Safety Group recording system")."""
    m = re.match(r"\s+([a-z][a-z-]*)", text[ent.end:ent.end + 30])
    return m is not None and m.group(1) not in _FUNCTION


def _previous_subject(ctx: Context, s: int) -> Ent | None:
    """The body that opens the sentence before ``s`` (what "it" refers to)."""
    sents = sentences(ctx)
    # sentences are in text order and do not overlap, so their ends are sorted too
    k = bisect.bisect_right(sents, s, key=lambda x: x[1])
    if not k:
        return None
    ps, pe = sents[k - 1]
    first = [x for x in index(ctx).within(ps, pe) if x.label in BODY]
    if first and re.fullmatch(r"[\W\d]*(?:(?:The|the)\s+)?", ctx.doc.text[ps:first[0].start]):
        return first[0]
    return None


def _plan_ref_before(ctx: Context, s: int, a: int) -> Ent | None:
    """"This plan", "the Action Plan" before the phrase: resolved by the plan rule."""
    for x in index(ctx).within(s, a, {"Plan"}):
        return x
    return None


def _means(ctx: Context, rtype: str, ents: list[Ent], a: int, b: int, s: int, e: int) -> bool:
    """"... will monitor delivery of this plan through the Safety Board": the body after
    "through" oversees the plan named in between (or the plan under discussion)."""
    text = ctx.doc.text
    agents = _objects(ents, b, e, text, BODY)
    if not agents:
        return False
    plans = index(ctx).within(a, b, {"Plan"})
    patient = plans[0] if plans else _plan_here(ctx, s, e, a)
    if patient is None:
        return False
    made = False
    for ag in agents:
        made |= _emit(ctx, rtype, ag, patient, s, e)
    return made
