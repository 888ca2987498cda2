"""Plans, funds, projects and priorities, and who owns or delivers them.

* :func:`find_named` finds names ending in a plan word ("... Action Plan 2024-27",
  "... Terms of Reference"), a fund word ("... Fund", "... Levy") or a project word
  ("... Project", "... Pilot", "Operation ..."), with the owner a name gives
  ("Northshire Police's Neighbourhood Strategy").
* :func:`run_named` records them (``Plan``, ``Fund``, ``Project`` mentions) and the
  ``OWNS`` / ``MANAGES`` facts their names state; :func:`run` reads ``OWNS``,
  ``DELIVERS`` and ``HAS_PRIORITY`` from sentences and headed lists.

>>> [(n.label, n.name, n.props.get("period")) for n in find_named("We adopted the Safer Streets Plan 2024-27 today.")]
[('Plan', 'Safer Streets Plan', '2024-27')]
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from kg.extract import bodies
from kg.extract.context import Context
from kg.extract.quickre import needed, quick
from kg.extract.spans import Ent, Spans, has_word, index, mention, sentence_at, sentences
from kg.model import Ref

#: libyaml's parser where it is installed (the same data, a seventh of the time)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PERIOD = quick(r"[ ]*\(?((?:19|20)\d{2})[ ]*[-/–][ ]*((?:19|20)?\d{2})\)?(?![\d/])")


@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
    """Plan/fund/project vocabulary from ``data/plans.yaml``."""
    text = resources.files("kg.extract.data").joinpath("plans.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=_YAML_LOADER)
    heads: dict[tuple[str, ...], str] = {}
    for label, key in (("Plan", "plan_heads"), ("Fund", "fund_heads"), ("Project", "project_heads")):
        for h in data[key]:
            heads[tuple(h.split())] = label
    data["_heads"] = heads
    data["_head_last"] = {h[-1] for h in heads}  # the last words of the head phrases: most words are none
    data["_generic"] = set(data["generic_words"]) | {w for p in data["priority_words"] for w in p.split()}
    data["_prefixes"] = set(data["project_prefixes"])
    return data


def norm_period(a: str, b: str) -> str:
    """A financial-year span in the ``2025-26`` form.

    >>> norm_period("2026", "2027"), norm_period("2023", "26"), norm_period("2024", "2028")
    ('2026-27', '2023-26', '2024-28')
    """
    return f"{a}-{b[-2:]}"


def _head_at(words: list[str], k: int) -> tuple[str, int] | None:
    """The label of a head phrase ending at word ``k`` and its length."""
    v = vocab()
    if 0 <= k < len(words) and words[k].lower().strip("'’") not in v["_head_last"]:
        return None  # no head phrase ends with this word (a set look-up, not four tuples)
    heads = v["_heads"]
    for n in (4, 3, 2, 1):
        if k - n + 1 < 0:
            continue
        phrase = tuple(w.lower().strip("'’") for w in words[k - n + 1:k + 1])
        if phrase in heads:
            return heads[phrase], n
    return None


def _specific(words: list[str]) -> bool:
    """Whether a name has a word beyond the generic ones ("Action Plan" has not)."""
    gen = vocab()["_generic"]
    return any(w.lower().strip("'’") not in gen and not w.isdigit() for w in words)


def find_named(text: str, offset: int = 0, acronyms: dict[str, str] | None = None) -> list[Ent]:
    """Plans, funds and projects named in ``text`` (offsets plus ``offset``).

    A body named in front of the name ("Northshire Police's Prevention Strategy") is
    given as ``props["owner"]`` (label, name).

    >>> text = "Northshire Police's Prevention Strategy and Operation Lantern"
    >>> [(e.name, e.props.get("owner")) for e in find_named(text)]
    [('Prevention Strategy', ('Organisation', 'Northshire Police')), ('Operation Lantern', None)]
    """
    acr = acronyms if acronyms is not None else {}
    out: list[Ent] = []
    stop = bodies.vocab()["_stop"]
    for m in bodies._CHUNK.finditer(text):
        toks = [(m.start() + t.start(), m.start() + t.end(), t.group()) for t in bodies._TOKEN.finditer(m.group())]
        toks = [t for t in toks if t[2] not in ("-", "–")]
        # split the run into names: after each head word, at "and"/","
        start_i = 0
        i = 0
        words = [t[2] for t in toks]
        prefixes = vocab()["_prefixes"]
        while i < len(toks):
            w = words[i].lower()
            if w in prefixes and i + 1 < len(toks) and words[i + 1][:1].isupper():
                j = i + 1
                while j < len(toks) and toks[j][2].lower() not in ("and", "&", ",", "of", "for", "the", "on"):
                    j += 1
                out.append(_ent(text, toks[i:j], "Project", offset, acr))
                i = j
                start_i = j
                continue
            hd = _head_at(words, i)
            if hd:
                nxt = words[i + 1].lower() if i + 1 < len(words) else ""
                # "Plan and Strategy" keeps going only when a further head follows
                if nxt in ("of", "for", "on") and i + 1 < len(words) - 1 and hd[0] != "Plan":
                    i += 1
                    continue
                if i + 1 < len(words) and _head_at(words, i + 1) and not (
                        hd[0] == "Fund" and words[i + 1].lower() in ("grants", "grant", "funding")):
                    i += 1  # "Community Safety Fund Grants" are grants of the Community Safety Fund
                    continue
                later = _head_at(words, i + 2) if i + 2 < len(words) else None
                if later and later[0] == hd[0] == "Plan" and words[i + 1][:1].isupper() and \
                        words[i + 1].lower() not in bodies._JOINS:
                    i += 1  # "Policing Guarantee Performance Framework": one name with a head word inside
                    continue
                if i + 1 < len(words) and bodies._head(words[i + 1]) in bodies.vocab()["board_heads"]:
                    i += 1  # "Strategy Group" is a body
                    continue
                if nxt in ("and", "&") and any(
                        bodies._head(w) in bodies.vocab()["board_heads"] and w.endswith("s")
                        for w in words[i + 2:i + 5]):
                    i += 1  # "Safety Strategy and Delivery Groups": two groups
                    continue
                part = toks[start_i:i + 1]
                # "Development of the Safety Plan" -> "Safety Plan"; the head phrase itself may hold "of"
                body_end = len(part) - hd[1]
                cut = max((k for k in range(body_end) if part[k][2].lower() in ("the", "of", "for")), default=-1)
                part = part[cut + 1:]
                while part and (part[0][2].lower() in stop or part[0][2].lower() in bodies._JOINS
                                or part[0][2].lower() in ("draft", "revised", "updated", "proposed", "refreshed")):
                    part = part[1:]
                if part and (_specific([t[2] for t in part]) or hd[0] == "Plan"):
                    ent = _ent(text, part, hd[0], offset, acr)
                    if not _specific(ent.name.split()):
                        ent.props["generic"] = True
                    out.append(ent)
                start_i = i + 1
            elif w in ("and", "&", ",") and i > start_i and \
                    bodies._head(words[i - 1]) in bodies.vocab()["non_body_heads"]:
                start_i = i + 1  # "Strategic Assessment and Safety Plan": the plan starts after "and"
            i += 1
    # "Street Warden scheme", "Westmoor Resolutions contract": a lower-case project word after a name
    for m in _lower_projects(text):
        chunk = m.group(1)
        words = chunk.split()
        # a capitalised word followed by "of" starts the name ("Out of Court Resolutions contract")
        while words and (words[0].lower() in stop or words[0].lower() in bodies._JOINS) and \
                not (len(words) > 2 and words[1] in ("of", "for") and words[0][:1].isupper()):
            words = words[1:]
        if "the" in words[1:]:
            words = words[len(words) - words[::-1].index("the"):]  # "Evaluation of the Town Centre project"
        if len(words) < 2 or bodies.classify(" ".join(words)) or not _specific(words) or \
                _head_at(words, len(words) - 1):
            continue
        start = m.start(1) + len(chunk) - len(" ".join(words))
        out.append(Ent(start + offset, m.end() + offset, "Project", f"{' '.join(words)} {m.group(2)}", {}))
    return [e for e in out if e.name]


_LOWER_PROJECT = quick(r"(?<![\w'’-])((?:[A-Z][\w'’-]*[ ]+(?:(?:of|and|for|the)[ ]+)*)*[A-Z][\w'’-]*)[ ]+"
                            r"(contract|scheme|project|programme|pilot|training|service)\b(?![ ]+[A-Z])")
_LOWER_KIND = re.compile(r"(?<![ ])[ ]+(?:contract|scheme|project|programme|pilot|training|service)\b(?![ ]+[A-Z])")


def _lower_projects(text: str) -> list[re.Match[str]]:
    """Matches of :data:`_LOWER_PROJECT`, looked for only just before a project word (so a long
    run of capitalised words costs a bounded window, not the whole run, at each word)."""
    out: list[re.Match[str]] = []
    last_end = 0
    for k in _LOWER_KIND.finditer(text):
        lo = max(last_end, k.start() - 200)
        m = next((x for x in _LOWER_PROJECT.finditer(text, lo, k.end()) if x.end() == k.end()), None)
        if m is not None:
            out.append(m)
            last_end = m.end()
    return out


def _ent(text: str, part: list[tuple[int, int, str]], label: str, offset: int,
         acr: dict[str, str]) -> Ent:
    props: dict[str, Any] = {}
    # a body in front: "Northshire Police's Strategy" (owner), "Home Office Toolkit" (owner, name kept)
    for k in range(len(part) - 1, 0, -1):
        w = part[k - 1][2]
        if w.endswith(("'s", "’s", "s'", "s’")):
            owner = " ".join(t[2] for t in part[:k])
            owner = re.sub(r"['’]s?$", "", owner)
            cls = bodies.classify(owner) or (bodies.classify(acr[owner]) if owner in acr else None)
            if len(owner.split()) == 1 and bodies._head(owner) in bodies.vocab()["board_heads"]:
                part = part[k:]  # "the Board's Plan": the document's own body, named elsewhere
                break
            if cls and bodies.is_generic(owner, cls[0]):
                part = part[k:]  # "the District Council's Plan": which council the name does not say
                break
            if cls:
                full = acr.get(owner, owner) if owner in acr and bodies.classify(acr[owner]) else owner
                props["owner"] = (cls[0], full)
                part = part[k:]
            elif k == 1:
                part = part[k:]  # "Northvale's Safety Plan": a place's, not a body's
            break
    if "owner" not in props:
        for k in range(len(part) - 1, 0, -1):
            owner = " ".join(t[2] for t in part[:k])
            cls = bodies.classify(owner)
            mixed = re.search(r"\s(?:and|AND|&)\s", owner) and any(
                bodies._head(t[2]) in bodies.vocab()["non_body_heads"] for t in part[:k])
            if cls and part[k][2].lower() not in bodies._JOINS and not mixed and not bodies.is_generic(owner, cls[0]):
                props["owner"] = (cls[0], owner)
                break
    start, end = part[0][0], part[-1][1]
    name = " ".join(t[2] for t in part).replace(" ,", ",")
    name = bodies._smart_title(name)
    pm = _PERIOD.match(text, end)
    if pm and label in ("Plan", "Fund", "Project"):
        props["period"] = norm_period(pm.group(1), pm.group(2))
        if label == "Plan":  # the period is a property; the name with it an alias
            props["aliases"] = [f"{name} {pm.group(0).strip()}"]
            end = pm.end()
    # "Northvale (NV) Action Plan": the bracketed acronym starts the name as the document uses it
    before = text[max(0, start - 14):start]
    am = re.search(r"\(([A-Z][A-Za-z&]{1,9})\)[ ]+$", before)
    if am and am.group(1) in acr:
        name = f"{am.group(1)} {name}"
    return Ent(start + offset, end + offset, label, name, props)


def main_plan(ents: list[Ent], text: str) -> Ent | None:
    """The plan a document is about: the first named in its opening lines, else the most named."""
    head_end = len("\n".join(text.split("\n", 40)[:40]))
    plans = [e for e in ents if e.label == "Plan"]
    for e in plans:
        if e.start < head_end:
            return e
    if not plans:
        return None
    counts: dict[str, int] = {}
    for e in plans:
        counts[e.name] = counts.get(e.name, 0) + 1
    best = max(counts, key=lambda n: counts[n])
    return next(e for e in plans if e.name == best)


_PLAN_REF = quick(r"\b(?:[Tt]he|[Tt]his|[Oo]ur|[Tt]heir|[Ii]ts)\s+"
                       r"((?:[A-Z][a-z]+\s+)?(?:[Aa]ction\s+|[Dd]elivery\s+)?(?:[Pp]lan|[Ss]trategy))\b(?!\s+[A-Z])")


def plan_refs(text: str, ents: list[Ent], lookback: int = 6000) -> list[Ent]:
    """"The plan", "this Action Plan": the nearest plan named before, with a matching last word."""
    import bisect

    plans = sorted((e for e in ents if e.label == "Plan"), key=lambda e: e.end)
    ends = [e.end for e in plans]
    last = [_last_word(e.name) for e in plans]
    first_of: dict[str, Ent] = {}
    for e in plans:
        first_of.setdefault(e.name, e)
    mp = main_plan(ents, text)
    out: list[Ent] = []
    for m in _PLAN_REF.finditer(text):
        word = m.group(1).lower().split()[-1]
        # plans ending before the reference, nearest first (a window, so the cost stays linear)
        hi = bisect.bisect_right(ends, m.start())
        lo = bisect.bisect_left(ends, m.start() - 40000)
        target = next((plans[k] for k in range(hi - 1, lo - 1, -1)
                       if m.start() - ends[k] < lookback and last[k] == word), None)
        if target is None:
            # the plan most named in the pages before ("this plan" in a long appendix)
            counts: dict[str, int] = {}
            for k in range(lo, hi):
                if last[k] == word:
                    counts[plans[k].name] = counts.get(plans[k].name, 0) + 1
            if counts:
                best = max(counts, key=lambda n: counts[n])
                target = first_of[best]
            elif mp and _last_word(mp.name) == word:
                target = mp
        if target is not None:
            out.append(Ent(m.start(), m.end(), "Plan", target.name, {"ref": True}))
    return out


def _last_word(name: str) -> str:
    words = [w for w in name.lower().split() if not re.match(r"\(?\d", w)]
    return words[-1] if words else ""


_LOWER_PLAN = quick(r"(?:['’]s)?[ ]+((?:[a-z]+[ ]+){0,2}(?:plan|strategy)(?:[ ]+(?:on|for)[ ]+[A-Z][\w-]*"
                         r"(?:[ ]+[A-Z][\w-]*){0,3})?)\b")


def _body_plans(text: str, hits: list[Any]) -> list[Ent]:
    """"Northshire Safety Network strategic plan": a body's plan written in lower case."""
    out = []
    for s, e, label, name, _props in hits:
        m = _LOWER_PLAN.match(text, e)
        head = re.split(r"\s(?:on|for)\s", m.group(1))[0] if m else ""
        if m and not re.search(r"\b(?:the|a|an|to|and|of|for|in|on|with|our|its|their)\b", head):
            out.append(Ent(s, m.end(), "Plan", f"{name} {m.group(1)}", {"owner": (label, name)}))
    return out


def _prefix_owner(words: list[str]) -> tuple[str, str] | None:
    """The body a name starts with ("Westmoor Safety Partnership Plan" -> the Partnership)."""
    for k in range(len(words) - 1, 0, -1):
        owner = " ".join(words[:k])
        cls = bodies.classify(owner)
        if cls and words[k].lower() not in bodies._JOINS and not bodies.is_generic(owner, cls[0]):
            return cls[0], owner
    return None


def _unify(ents: list[Ent]) -> list[Ent]:
    """Within one document, a plan or fund name that another name extends by a short
    prefix is the same thing ("Action Plan 2024" -> "NV Action Plan" when the document
    also writes "NV Action Plan"); a generic name ("the Action Plan") stands for the one
    named plan it ends, or is dropped."""
    names = {e.name for e in ents if not e.props.get("generic")}
    periods: dict[str, set[str]] = {}
    for e in ents:
        if e.props.get("period"):
            periods.setdefault(e.name, set()).add(str(e.props["period"]))
    target: dict[str, str | None] = {}
    for e in ents:
        if e.name in target:
            continue
        words = e.name.split()
        generic = bool(e.props.get("generic"))
        if generic and e.label == "Plan":
            tail = re.split(r"\s+(?:and|&)\s+", e.name)[-1]
            words = tail.split()
        suffix = " " + " ".join(words)
        longer = [n for n in names if n != e.name and n.endswith(suffix)
                  and (generic or (len(n.split()) - len(words) <= 1 and _specific(words)))]
        # the shortest of the longer names ("X Plan" rather than "Draft X Plan")
        longer = [n for n in longer if not any(m != n and n.endswith(" " + m) for m in longer)]
        # "Youth Plan 2026/27" is not the "Northvale Youth Plan 2023/26" before it: another edition
        own = {str(e.props["period"])} if e.props.get("period") else set()
        longer = [n for n in longer if not (own and periods.get(n) and not own & periods[n])]
        if e.label == "Project":
            target[e.name] = None if generic else e.name
        elif len(longer) == 1:
            target[e.name] = longer[0]
        else:
            target[e.name] = None if generic else e.name
    out = []
    for e in ents:
        name = target.get(e.name)
        for _ in range(3):  # follow "Action Plan" -> "X Action Plan" -> "NV X Action Plan"
            nxt = target.get(name) if name else None
            if not nxt or nxt == name:
                break
            name = nxt
        if name is None:
            continue
        if name != e.name:
            props = {k: v for k, v in e.props.items() if k not in ("generic", "owner")}
            owner = e.props.get("owner")
            if owner and name.startswith(owner[1] + " "):
                props["owner"] = owner
            elif owner:  # the owner the short name gave is not the one the full name gives
                prefix = _prefix_owner(name.split())
                if prefix:
                    props["owner"] = prefix
            props["aliases"] = list(props.get("aliases") or []) + ([e.name] if not e.props.get("generic") else [])
            e = Ent(e.start, e.end, e.label, name, props)
        out.append(e)
    return out


def _tidy_named(ctx: Context, ents: list[Ent]) -> list[Ent]:
    """Drop a sentence's capitalised opening verb from a name ("Deliver Safety Training
    Programme" -> "Safety Training Programme") when the document otherwise writes the word
    in lower case, and names that hold a person's name ("Jo Bloggs Projects")."""
    text = ctx.doc.text
    counts = bodies.word_counts(text)
    people = {m.name for m in ctx.mentions if m.label == "Person" and " " in m.name}
    by_first: dict[str, list[str]] = {}
    for p in people:
        by_first.setdefault(p.split()[0], []).append(p)
    # a name the document also writes inside a sentence keeps its first word everywhere
    # ("The Gambling Safety Levy came into force" after a heading "Gambling Safety Levy")
    mid = {e.name for e in ents if not bodies._at_sentence_start(text, e.start)}
    names = {e.name for e in ents}
    out = []
    for e in ents:
        # a person's name inside: look only at the names starting with one of its words
        if any(p in e.name for w in set(e.name.split()) for p in by_first.get(w, ())):
            continue
        words = e.name.split()
        first = words[0]
        if (first[:1].isupper() and first[1:].islower() and counts[first.lower()] >= max(1, counts[first])
                and e.name not in mid
                # "Victim First service" when "Victim First" is named too: the word is the name's
                and " ".join(words[:2]) not in names
                and first.lower() not in vocab()["_prefixes"]
                # "Treatment and recovery services": a description, not a title with a verb before it
                and any(w[:1].isupper() for w in words[1:])
                and bodies._at_sentence_start(text, e.start) and text[e.start:e.start + len(first)] == first):
            rest = words[1:]
            if len(rest) < 2 or not _specific(rest):
                out.append(e)  # "Prevent Partnership Plan": the word belongs to the name
                continue
            e = Ent(e.start + len(first) + 1, e.end, e.label, " ".join(rest), e.props)
        out.append(e)
    return out


_TITLE_WORD = re.compile(r"(?:[A-Z][\w'’-]*|\([A-Z][A-Za-z&]{1,9}\)|and|of|for|the|on|&|\d{4}(?:[-/–]\d{2,4})?)$")


def _title_plan(ctx: Context) -> Ent | None:
    """A plan named by the document's title set over several short lines at its top::

        Northvale
        Youth Safety
        (YS) Action Plan

    -> "Northvale Youth Safety Action Plan" (the bracketed acronym left for an alias). Lines
    in capitals only (a logo's "NORTHVALE POLICE") are not part of the name."""
    doc = ctx.doc
    heads = set(vocab()["plan_heads"])
    skip = set(vocab()["title_skip_words"])
    lines: list[tuple[int, str]] = []
    for ln in range(1, min(len(doc.line_starts), 30) + 1):
        raw = doc.line_text(ln)
        plain = re.sub(r"[*#_]+", " ", raw).strip()
        if not plain:
            continue
        words = plain.split()
        if len(plain) > 50 or not all(_TITLE_WORD.match(w) for w in words) or plain.isupper() or \
                words[0].lower() in skip:
            if lines:
                break
            continue
        lines.append((ln, plain))
        if words[-1].lower() in heads:
            break
    if len(lines) < 2 or lines[-1][1].split()[-1].lower() not in heads:
        return None
    lines = lines[-4:]
    full = " ".join(p for _, p in lines)
    name = " ".join(re.sub(r"\s*\([A-Z][A-Za-z&]{1,9}\)", "", full).split())
    if len(name.split()) < 3 or not _specific(name.split()):
        return None
    start = doc.line_starts[lines[0][0] - 1]
    end = doc.line_starts[lines[-1][0] - 1] + len(doc.line_text(lines[-1][0]))
    return Ent(start, end, "Plan", name, {"aliases": [full] if full != name else []})


def _to_title(ents: list[Ent], title: Ent, acr: dict[str, str]) -> list[Ent]:
    """Shorter names of the title's plan ("the ASB Action Plan", "this Youth Safety Action
    Plan") are that plan: the title ends with them, acronyms written out, after at most one
    word of place."""
    tkey = title.name.lower()
    acr = {**acr, **_title_acronyms(title.props.get("aliases") or [])}
    out = []
    for e in ents:
        if e.label != "Plan" or e.name == title.name:
            out.append(e)
            continue
        key = " ".join(_expand_acronyms(e.name, acr).split()).lower()
        words = key.split()
        if tkey.endswith(" " + key) and len(tkey.split()) - len(words) <= 1 and _specific(e.name.split()):
            props = {k: v for k, v in e.props.items() if k not in ("generic", "owner")}
            props["aliases"] = list(props.get("aliases") or []) + [e.name]
            e = Ent(e.start, e.end, "Plan", title.name, props)
        out.append(e)
    return out


_QUALIFIER = re.compile(r"[ ]\(((?:[A-Z][a-z]+|on|of|and|for)(?:[ ](?:[A-Z][a-z]+|on|of|and|for)){0,2})\)"
                        r"(?=[ ]*(?:\t|\n|<|$))")


def _with_qualifier(text: str, e: Ent) -> Ent:
    """"Operation Lantern (On Foot)" standing alone in a cell or on a line: a variant of the
    operation, named with its bracketed words (an acronym in brackets is not part of it)."""
    if e.label != "Project" or e.name.split()[0].lower() not in vocab()["_prefixes"]:
        return e
    m = _QUALIFIER.match(text, e.end)
    if not m:
        return e
    return Ent(e.start, m.end(), e.label, f"{e.name} ({m.group(1)})", e.props)


def _title_acronyms(names: list[str]) -> dict[str, str]:
    """Acronyms a title defines in brackets: "Anti-Social Behaviour (ASB) Action Plan" gives
    ASB -> "Anti-Social Behaviour" (the initials of the words before, hyphenated parts too).

    >>> _title_acronyms(["Northvale Anti-Social Behaviour (ASB) Action Plan"])
    {'ASB': 'Anti-Social Behaviour'}
    """
    out: dict[str, str] = {}
    for name in names:
        for m in re.finditer(r"\(([A-Z][A-Za-z&]{1,9})\)", name):
            acro = m.group(1).upper()
            words = name[:m.start()].split()
            for k in range(1, min(len(words), 6) + 1):
                cand = words[-k:]
                initials = "".join(p[0] for w in cand for p in w.split("-") if p and p[0].isupper())
                if initials.upper() == acro:
                    out[m.group(1)] = " ".join(cand)
                    break
    return out


def _expand_acronyms(name: str, acr: dict[str, str]) -> str:
    """The name with the document's acronyms written out, for an alias ("NV Safety Plan" ->
    "Northvale Safety Plan")."""
    return " ".join(acr.get(w, w) if w.isupper() and len(w) > 1 else w for w in name.split())


def _co_owners(ctx: Context, start: int) -> list[Ent]:
    """Bodies joined by "and" to the possessive owner that starts at ``start``."""
    text = ctx.doc.text
    out = []
    pos = start
    for b in reversed(index(ctx).within(max(0, start - 200), start, {"Board", "Organisation"})):
        if pos == start and re.fullmatch(r"(?:['’]s)?\s*", text[b.end:pos]):
            pos = b.start  # the possessive owner itself
            continue
        if re.fullmatch(r"\s*(?:\\?\(?[A-Za-z&]*\\?\))?\s*(?:and|&|,)\s*(?:the\s+)?", text[b.end:pos]):
            out.append(b)
            pos = b.start
        else:
            break
    return out


_YEAR_AFTER = re.compile(r"[ ]((?:19|20)\d{2})\b(?![ ]*[-/–][ ]*\d)")


def _with_year(text: str, e: Ent) -> Ent:
    """"the ASB Survey 2025": a year right after a project's name is part of it (a survey or
    campaign of each year is its own project); a plan's span of years is its period instead.

    >>> _with_year("The ASB Survey 2025 ran.", Ent(4, 14, "Project", "ASB Survey")).name
    'ASB Survey 2025'
    """
    m = _YEAR_AFTER.match(text, e.end)
    if e.label != "Project" or m is None:
        return e
    return Ent(e.start, m.end(), e.label, f"{e.name} {m.group(1)}", e.props)


def run_named(ctx: Context) -> None:
    """Rule: Plan, Fund and Project mentions, and OWNS/MANAGES stated by the names themselves."""
    text = ctx.doc.text
    acr = ctx.paper.acronyms
    from kg.extract.project_cues import find_acronym_projects, find_cued

    named = [_with_year(text, e) for e in find_named(text, 0, acr)]
    found = Spans((n.start, n.end) for n in named)
    named += [c for c in find_acronym_projects(text, acr) if not found.meets(c.start, c.end)]
    # a cued name already inside a found name is that name ("the Safer Streets Fund tool")
    found = Spans((e.start, e.end) for e in named)
    cued = [c for c in find_cued(text) if not found.meets(c.start, c.end)]
    ents = named + cued + _body_plans(text, ctx.paper.bodies)
    title = _title_plan(ctx)
    if title is not None:
        ents = _to_title(ents, title, acr) + [title]
    # plural names ("District Safety Plans") are kinds of plan, not one plan
    ents = _unify([e for e in ents if not (e.label == "Plan" and re.search(r"(?:Plans|Strategies)$", e.name))])
    ents = [_with_qualifier(text, e) for e in _tidy_named(ctx, ents)]
    # "Eastvale and Westmoor training": places and a project word name no one project
    areas = known_areas(ctx)
    ents = [e for e in ents if e.label != "Project" or _specific(
        [w for w in re.sub("|".join(re.escape(a) for a in sorted(areas, key=len, reverse=True)) or "^$", " ",
                           e.name).split()])]
    idx = index(ctx)
    for e in ents:
        full = _expand_acronyms(e.name, acr)
        if full != e.name:
            e.props["aliases"] = list(e.props.get("aliases") or []) + [full]
        idx.add(e)
        ref = mention(ctx, e)
        owner = e.props.get("owner")
        if owner:
            oref = Ref(owner[0], owner[1])
            ctx.mention(owner[0], owner[1], ctx.cite(e.start, e.end))
            rtype = {"Plan": "OWNS", "Fund": "MANAGES", "Project": "DELIVERS"}[e.label]
            ctx.fact(rtype, oref, ref, ctx.cite(*sentence_at(ctx, e.start)))
            # "The Office (OPCC) and Northshire Police's Joint Strategy": a co-owner before "and"
            for co in _co_owners(ctx, e.start):
                ctx.fact(rtype, mention(ctx, co), ref, ctx.cite(*sentence_at(ctx, e.start)))
    for r in plan_refs(text, ents):
        idx.add(r)
    _repeat_projects(ctx, ents)
    _list_siblings(ctx, areas)
    ctx.paper.main_plan = main_plan(ents, text)


def _list_siblings(ctx: Context, areas: dict[str, str]) -> None:
    """Names listed beside a known project are projects too (see ``project_cues``)."""
    from kg.extract.project_cues import find_list_siblings

    text = ctx.doc.text
    idx = index(ctx)
    known: set[str] = set()
    for x in idx.ents:
        if x.label == "Project":
            known.update(n for n in [x.name, *(x.props.get("aliases") or [])] if len(n) >= 3)
    if not known:
        return
    area_names = {a.lower() for a in areas}
    new = find_list_siblings(text, known, lambda s, e: idx.overlaps(s, e) or text[s:e].lower() in area_names)
    idx.extend(new)
    for n in new:
        mention(ctx, n)


def run_services(ctx: Context) -> None:
    """Rule: a body's named services ("Brightpath Trust drug and alcohol services", "advocacy
    services (Voices Northshire)") are a project that body DELIVERS. Runs last, so that every
    organisation the document names is known."""
    from kg.extract.project_cues import find_body_services, find_paren_services

    text = ctx.doc.text
    orgs: dict[str, str] = {}
    for m in ctx.mentions:
        if m.label == "Organisation":
            for n in [m.name, *m.aliases]:
                orgs.setdefault(n, m.name)
    idx = index(ctx)
    for proj, a, b in find_paren_services(text):
        prov = idx.within(a, b, {"Organisation", "Board"})
        if not prov and re.fullmatch(r"(?:The )?[A-Z][a-z][\w'’-]*(?: (?:[A-Z][\w'’-]*|of|and|for)){1,5}", text[a:b]):
            # "(Voices Westshire)": a name with no body word, in the place of the provider
            prov_ref = mention(ctx, Ent(a, b, "Organisation", re.sub(r"^The ", "", text[a:b]), {}))
        elif len(prov) != 1 or prov[0].start > a + 4 or prov[0].end < b:
            continue  # the brackets hold something other than one body's name
        else:
            prov_ref = _ref(ctx, prov[0])
        s, e = sentence_at(ctx, proj.start)
        ctx.fact("DELIVERS", prov_ref, mention(ctx, proj), ctx.cite(s, e))
    for proj, org in find_body_services(text, orgs):
        if idx.overlaps(proj.start, proj.end) and not idx.within(proj.start, proj.end, {"Organisation"}):
            continue  # already part of some other name
        s, e = sentence_at(ctx, proj.start)
        ctx.fact("DELIVERS", _ref(ctx, org), mention(ctx, proj), ctx.cite(s, e))
    _delivered_by(ctx)


# "5.2 Helpline & Engagement Service (HES) delivered by Westby Aid.": a named service opening its
# line (after any numbering or bullet), then who delivers it
_DELIVERED_BY = re.compile(
    r"^[ \t]*(?:\d+(?:\.\d+)*[.)]?\s+|[•·*-]\s*)?(?P<proj>[A-Z][\w&'’/-]*(?:\s+[\w&'’/-]+){0,9}?)"
    r"(?:\s*\([A-Z][A-Za-z&]{1,8}\))?(?:\s*,)?\s+(?:is\s+|are\s+|will\s+be\s+|was\s+)?(?:delivered|provided|run)\s+by\s+"
    r"(?:the\s+)?", re.M)


def _delivered_by(ctx: Context) -> None:
    text = ctx.doc.text
    idx = index(ctx)
    for m in _DELIVERED_BY.finditer(text):
        name = re.sub(r"^The\s+", "", m.group("proj"))
        words = name.split()
        # a name: mostly capitalised words ("Substance Use Out of Court options"), not a sentence
        if sum(1 for w in words if w[:1].isupper()) * 2 < len(words) or len(words) < 2:
            continue
        if words[-1].lower() in ("support", "administration", "advice"):
            continue  # "Secretariat support will be provided by X": support of a board, not a service
        # a body or a person is not what is delivered; a "... Service" delivered by someone is
        if (bodies.classify(name) and words[-1].lower() not in ("service", "services")) or \
                idx.within(m.start("proj"), m.end("proj"), {"Person", "Project"}):
            continue
        found = idx.within(m.end(), m.end() + 80, {"Organisation", "Board"})
        prov = found[0] if found and found[0].start - m.end() <= 4 else _unknown_org(ctx, m.end(), len(text))
        if prov is None:
            continue
        proj = Ent(m.end("proj") - len(name), m.end("proj"), "Project", name, {})
        s, e = sentence_at(ctx, m.start("proj"))
        ctx.fact("DELIVERS", _ref(ctx, prov), mention(ctx, proj), ctx.cite(s, e))


def _repeat_projects(ctx: Context, ents: list[Ent]) -> None:
    """A project the document names once with a cue is that project wherever its name (or an
    alias) recurs on its own: "the system known as CaseTrack" makes "to embed CaseTrack across
    Eastvale" a mention too, so that later rules can read relations from that sentence."""
    known: dict[str, Ent] = {}
    for e in ents:
        if e.label != "Project" or e.props.get("generic") or e.props.get("ref"):
            continue
        for n in [e.name, *(e.props.get("aliases") or [])]:
            words = n.split()
            # a name that cannot be a common word: an acronym, or two or more capitalised words
            if len(n) >= 4 and (n.isupper() or len([w for w in words if w[:1].isupper()]) >= 2):
                known.setdefault(n, e)
    if not known:
        return
    idx = index(ctx)
    text = ctx.doc.text
    pat = re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(n) for n in sorted(known, key=len, reverse=True))
                     + r")(?![\w'’-])")
    new: list[Ent] = []
    for m in pat.finditer(text):
        if idx.overlaps(m.start(), m.end()):
            continue
        e = known[m.group(0)]
        aliases = [m.group(0)] if m.group(0) != e.name else []
        new.append(Ent(m.start(), m.end(), "Project", e.name, {"aliases": aliases}))
    idx.extend(new)
    for n in new:
        mention(ctx, n)


# -- relations read from sentences ------------------------------------------------

_OWNS_ACTIVE = re.compile(r"\b(?:has|have|had|will)?\s*(?:published|produced|developed|prepared|agreed|owns|own|"
                          r"producing|publishing|preparing|"
                          r"launched|refreshed|approved|approve|written|drafted|lead responsibility for|leads? on)\b")
_OWNS_PASSIVE = re.compile(r"\b(?:published|produced|developed|prepared|owned|written|drafted|launched|"
                           r"refreshed|led|approved)\s+by\b")
_DELIVERS_ACTIVE = re.compile(r"\b(?:delivers?|delivering|will deliver|runs|run|operates?|provides?|carr(?:y|ies) out|"
                              r"leads? on|leading on|is leading|commissioned to deliver|introduced|has introduced|"
                              r"launched)\b")
_DELIVERS_PASSIVE = re.compile(r"\b(?:delivered|run|operated|provided|carried out|led|hosted|awarded to|"
                               r"progressed)\s+(?:by|through|to)\b|\bawarded to\b")


def _active_facts(ctx: Context, ents: list[Any], pattern: re.Pattern[str], rtype: str, obj_label: str,
                  s: int, e: int, bodies_l: set[str]) -> None:
    """"X owns/publishes the Plan", "X delivers the Project": the body just before the verb to each
    coordinated object of ``obj_label`` just after it, cited by the sentence ``s:e``."""
    text = ctx.doc.text
    for m in pattern.finditer(text[s:e]):
        subj = _last(ents, s + m.start(), bodies_l, stop_at={"Plan", "Fund", "Project"})
        if subj:
            for o in _coordinated(text, ents, s + m.end(), {obj_label}):
                ctx.fact(rtype, _ref(ctx, subj), _ref(ctx, o), ctx.cite(s, e))


def run(ctx: Context) -> None:
    """Rule: OWNS, DELIVERS and HAS_PRIORITY from sentences and headed lists."""
    text = ctx.doc.text
    idx = index(ctx)
    bodies_l = {"Board", "Organisation"}
    for s, e in sentences(ctx):
        sent = text[s:e]
        ents = idx.within(s, e)
        if not ents:
            continue
        # "Operation Y is Northshire Police's response to ...": the possessor delivers it
        for x, y in zip(ents, ents[1:], strict=False):
            if x.label != "Project" or y.label not in bodies_l:
                continue
            if not re.fullmatch(r"\s+(?:is|are|was|were)\s+(?:the\s+)?", text[x.end:y.start]):
                continue
            if text[y.start:y.end].endswith(("'s", "’s")) or re.match(r"['’]s\b", text[y.end:y.end + 3]):
                ctx.fact("DELIVERS", _ref(ctx, y), _ref(ctx, x), ctx.cite(s, e))
        for m in _OWNS_PASSIVE.finditer(sent):
            a = s + m.start()
            plan = _last(ents, a, {"Plan"})
            if plan is None and re.match(r"\s*(?:It|This|The\s+plan|The\s+strategy)\s+(?:is|was|has|had|will)\b", sent):
                # "It was prepared by X": the plan of the sentence before
                before = idx.within(max(0, s - 400), s, {"Plan"})
                plan = before[-1] if before else None
            agents = _coordinated(text, ents, s + m.end(), bodies_l)
            for ag in agents:
                if plan:
                    ctx.fact("OWNS", _ref(ctx, ag), _ref(ctx, plan), ctx.cite(s, e))
        _active_facts(ctx, ents, _OWNS_ACTIVE, "OWNS", "Plan", s, e, bodies_l)
        for m in _DELIVERS_PASSIVE.finditer(sent):
            a = s + m.start()
            thing = _last(ents, a, {"Project", "Plan"})
            agents = [x for x in _coordinated(text, ents, s + m.end(), bodies_l) if not _possessive(text, x)]
            if thing and thing.label == "Project" and not agents:
                agent = _unknown_org(ctx, s + m.end(), e)
                agents = [agent] if agent else []
            for ag in agents:
                if thing:
                    ctx.fact("DELIVERS", _ref(ctx, ag), _ref(ctx, thing), ctx.cite(s, e))
        _active_facts(ctx, ents, _DELIVERS_ACTIVE, "DELIVERS", "Project", s, e, bodies_l)
        # "Through the Talk Back initiative, Northshire Police tells residents ...": the body acts by it
        tm = _THROUGH.match(sent)
        if tm:
            proj = next((x for x in ents if x.start == s + tm.end()), None)
            if proj is not None and proj.label == "Project":
                m2 = re.match(r"(?:\s+(?:initiative|programme|project|scheme|service|campaign|platform))?\s*,\s*"
                              r"(?:the\s+)?", text[proj.end:e])
                agent = next((x for x in ents if m2 and x.start == proj.end + m2.end()), None)
                if agent is not None and agent.label in bodies_l and not _possessive(text, agent):
                    ctx.fact("DELIVERS", _ref(ctx, agent), _ref(ctx, proj), ctx.cite(s, e))
    _operation_lists(ctx)
    _priorities(ctx)
    from kg.extract import addresses

    addresses.run(ctx)
    addresses.run_tables(ctx)
    _delivery_lists(ctx)
    _areas(ctx)
    _functions(ctx)
    _title_owner(ctx)
    _terms_of_reference(ctx)


_OPERATIONS = quick(r"\b(?:Operations|Ops\.?)\s+(?:such\s+as\s+|including\s+|like\s+)?"
                         r"([A-Z][a-z][\w-]*(?:\s*,\s*[A-Z][a-z][\w-]*)*\s+(?:and|&)\s+[A-Z][a-z][\w-]*)\b")
_FORCE_POSSESSIVE = re.compile(r"\b(?:the|its|our)\s+(force|Force|Constabulary)['’]s?\b")


def _operation_lists(ctx: Context) -> None:
    """"Operations such as Kestrel and Heron demonstrate the force's ...": each is a project
    "Operation Kestrel"; "the force's" (the one police force the document names most) or a
    body's possessive in the sentence delivers them."""
    from kg.extract.table_rows import _sector_body

    text = ctx.doc.text
    if "Operations" not in text and "Ops" not in text:
        return
    idx = index(ctx)
    for m in _OPERATIONS.finditer(text):
        s, e = sentence_at(ctx, m.start())
        refs = []
        for wm in re.finditer(r"[A-Z][a-z][\w-]*", m.group(1)):
            ws = m.start(1) + wm.start()
            ent = Ent(ws, ws + len(wm.group(0)), "Project", f"Operation {wm.group(0)}", {})
            refs.append(mention(ctx, ent))
        fm = _FORCE_POSSESSIVE.search(text, m.end(), e)
        agent = _sector_body(ctx, "policing") if fm else None
        if agent is None:
            owners = [x for x in idx.within(m.end(), e, {"Organisation"}) if _possessive(text, x)]
            agent = owners[0] if owners else None
        if agent is None:
            continue
        for ref in refs:
            ctx.fact("DELIVERS", _ref(ctx, agent), ref, ctx.cite(s, e))


_THROUGH = re.compile(r"[\W\d]*(?:Through|Via|Under|As\s+part\s+of|By\s+means\s+of)\s+(?:the\s+|its\s+|our\s+)?")


_FUNCTION = re.compile(r"\W*(?:\d+[.)]\s*)?To\s+(?:prepare|produce|publish|develop|agree|approve|own|maintain|"
                       r"refresh|review\s+and\s+approve)\b")


def _functions(ctx: Context) -> None:
    """"To prepare a Community Safety Agreement ...": a function listed in a board's terms of
    reference; the document's own board owns the plan."""
    board = ctx.paper.board or ctx.paper.own_board
    if not board:
        return
    cls = bodies.classify(board)
    if cls is None:
        return
    text = ctx.doc.text
    idx = index(ctx)
    for s, e in sentences(ctx):
        m = _FUNCTION.match(text, s, e)
        if not m:
            continue
        plans = [x for x in idx.within(m.end(), e, {"Plan"}) if x.start - m.end() < 30]
        if plans:
            ctx.fact("OWNS", Ref(cls[0], board), _ref(ctx, plans[0]), ctx.cite(s, e))


def _title_owner(ctx: Context) -> None:
    """A plan's title followed by title lines that name a body ("Youth Justice Plan 2026/27",
    "Westmoor Youth Justice Service"): the body owns the plan."""
    text = ctx.doc.text
    idx = index(ctx)
    doc = ctx.doc
    for plan in [x for x in idx.ents if x.label == "Plan" and not x.props.get("ref")]:
        line_no = doc.locate(plan.start)[0]
        line = doc.line_text(line_no)
        if not (_is_heading(line) or len(_plain_line(line)) <= len(plan.name) + 20):
            continue
        seen = 0
        for ln in range(line_no + 1, min(len(doc.line_starts), line_no + 8) + 1):
            nxt = doc.line_text(ln)
            plain = _plain_line(nxt)
            if not plain:
                continue
            seen += 1
            if seen > 3 or len(plain) > 80:
                break
            ls = doc.line_starts[ln - 1]
            found = idx.within(ls, ls + len(nxt), {"Board", "Organisation"})
            # the title line is the body's name and nothing else
            if len(found) == 1 and not found[0].props.get("ref") and \
                    _plain_line(text[found[0].start:found[0].end]).lower() == plain.lower():
                ctx.fact("OWNS", _ref(ctx, found[0]), _ref(ctx, plan), ctx.cite(ls, ls + len(nxt)))
                break


_TERMS = quick(r"\bterms\s+of\s+reference\b", re.I)
_FOR_BOARD = re.compile(r"\s+(?:for|of)\s+(?:the\s+)?", re.I)
# a title line that only says what the paper is: "Terms of Reference", "Draft Terms of Reference 2026"
_TERMS_TITLE = re.compile(r"\W*(?:(?:draft|revised|updated|agreed)\s+)?terms\s+of\s+reference"
                          r"(?:[\s,:(–—-]*(?:v(?:ersion)?\s?[\d.]+|(?:19|20)\d\d(?:[-/]\d{2,4})?|draft)\)?)*\W*",
                          re.I)
_TITLE_LINES = 12  # how far down the paper a bare "Terms of Reference" title line may stand


def _terms_of_reference(ctx: Context) -> None:
    """A board's terms of reference as the plan it owns: "the terms of reference for the Westby
    Panel", or a title line "Terms of Reference" in a paper of the board's own ("<Board> Terms of
    Reference" is a plan's name the plan finder reads already).

    >>> from kg.loaders.base import Document
    >>> from kg.extract import extract
    >>> ex = extract(Document.from_text("d.txt", "Westby Youth Advisory Board\\n\\nTerms of Reference\\n"))
    >>> [(f.type, f.start.name, f.end.name) for f in ex.facts]
    [('OWNS', 'Westby Youth Advisory Board', 'Westby Youth Advisory Board Terms of Reference')]
    """
    text = ctx.doc.text
    idx = index(ctx)
    done: set[str] = set()
    for m in _TERMS.finditer(text):
        if idx.within(m.start(), m.end(), {"Plan"}):
            continue  # "<Board> Terms of Reference": named and owned already
        fm = _FOR_BOARD.match(text, m.end())
        board = next((x for x in idx.within(fm.end(), fm.end() + 200, {"Board"}) if x.start == fm.end()), None) \
            if fm else None
        if board is None or board.props.get("ref"):
            line_no = ctx.doc.locate(m.start())[0]
            own = ctx.paper.board or ctx.paper.own_board
            if line_no > _TITLE_LINES or not own or not _TERMS_TITLE.fullmatch(ctx.doc.line_text(line_no)):
                continue
            board = Ent(m.start(), m.end(), "Board", own, {"ref": True})
        name = f"{board.name} Terms of Reference"
        if name in done:
            continue
        done.add(name)
        line_no = ctx.doc.locate(m.start())[0]
        ls = ctx.doc.line_starts[line_no - 1]
        cite = ctx.cite(ls, ls + len(ctx.doc.line_text(line_no)))
        plan = ctx.mention("Plan", name, cite, {}, [text[m.start():m.end()]])
        ctx.fact("OWNS", _ref(ctx, board), plan, cite)


def _plain_line(line: str) -> str:
    return " ".join(re.sub(r"[#*_<>/]|</?b>", " ", line).split())


def known_areas(ctx: Context) -> dict[str, str]:
    """Places the document itself names as the areas of its local bodies ("Eastvale" from
    "Eastvale Borough Council"), and acronyms of lists of them ("NEW" for "Northvale,
    Eastvale and Westmoor"): spelling -> area name."""
    cached = ctx.memo.get("_areas")
    if cached is not None:
        return dict(cached)
    areas: dict[str, str] = {}
    suffixes = sorted(bodies.vocab()["area_suffixes"], key=len, reverse=True)
    for _s, _e, label, name, props in ctx.paper.bodies:
        if props.get("ref") or label not in ("Organisation", "Board"):
            continue
        low = name.lower()
        for suf in suffixes:
            if low.endswith(" " + suf):
                place = name[:-len(suf) - 1].strip()
                if place and all(w[:1].isupper() or w in ("and", "&") for w in place.split()) and \
                        not re.search(r"\b(?:of|the|for)\b", place) and len(place.split()) <= 4:
                    areas.setdefault(place, place)
                    if suf == "city council":
                        areas.setdefault(place + " City", place + " City")
                break
    # "Northvale and Eastvale Safety Board": a list of two known places, not a third place
    for place in [p for p in areas if re.search(r"\s(?:and|&)\s", p)]:
        parts = [q for q in re.split(r",\s*|\s+and\s+|\s*&\s*", place) if q]
        if len(parts) >= 2 and all(q in areas for q in parts):
            del areas[place]
    for acro, full in ctx.paper.acronyms.items():
        parts = [p for p in re.split(r",\s*|\s+and\s+|\s*&\s*", full) if p]
        if len(parts) >= 2 and all(p in areas for p in parts):
            areas[acro] = full
            areas[full] = full
    ctx.memo["_areas"] = areas
    return dict(areas)


# a relative clause right after a project that says where it is used
_IN_USE = quick(r"(?:\s+known\s+as\s+[\w-]+)?,?\s+(?:which|that)\s+(?:is|was|are|were|has\s+been|had\s+been)\s+"
                     r"(?:now\s+|already\s+)?(?:in\s+use|used|running|operating|operational|live|available|"
                     r"rolled\s+out|in\s+place)\s+(?:in|across|throughout)\s+(?:the\s+)?")
_AREA_SUBJECT = re.compile(r"[ \t]*(?:[-*•]\s+|\d{1,2}[.)]\s+)?([A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*){0,3})\s+"
                           r"(?:has|have|had|is|are|was|were)\s+(?:also\s+|now\s+|recently\s+)?(?:introduced|launched|"
                           r"adopted|rolled\s+out|implemented|established|set\s+up|started|begun)\b")
# a verb that puts a project to work, right before it ("to embed CaseTrack ...")
_DEPLOYED = quick(r"\b(?:embed|embedding|embedded|roll\s+out|rolling\s+out|rolled\s+out|introduce|introducing|"
                       r"implement|implementing|launch|launching|extend|extending|expand|expanding)\s+"
                       r"(?:the\s+|a\s+|an\s+|our\s+)?$")
# after the project: an optional apposition, then "across/throughout/in" and the place
_DEPLOY_AREA = quick(r"(?:,[^,;:.\n]{1,120},)?\s+(?:across|throughout|in)\s+(?:the\s+)?")
_AREA_PREP = re.compile(r"\b(?:across|throughout|covering|in)\s+(?:the\s+)?")


def _board_for_area(ctx: Context, areas: dict[str, str], alt: str, area_list: re.Pattern[str]) -> None:
    """"**Strategic Partnership Board** For Northvale, Eastvale and Westmoor": a board named
    for its area (the name may be wrapped over lines of a title)."""
    text = ctx.doc.text
    for x in index(ctx).ents:
        if x.label != "Board" or x.props.get("ref"):
            continue
        # "Board**", a blank line, then "For ..." on a line of its own: still the title's board
        fm = re.match(r"(?:\*\*)?[ ]*(?:\n[ ]*){0,2}[Ff]or[ ]+(?:the[ ]+)?", text[x.end:x.end + 16])
        am = area_list.match(text, x.end + fm.end()) if fm else None
        if not fm or not am or re.match(r"[ ]+[A-Z]", text[am.end():am.end() + 2]):
            continue
        line_end = text.find("\n", am.end())
        cite = ctx.cite(text.rfind("\n", 0, x.start) + 1, line_end if line_end >= 0 else len(text))
        # a list wrapped over lines of a title is the same list ("Northvale, Eastvale\nand Westmoor")
        for place in dict.fromkeys(areas[p] for p in re.findall(alt, " ".join(am.group(0).split()))):
            aref = ctx.mention("Area", place, ctx.cite(x.end + fm.end(), am.end()))
            ctx.fact("IN_AREA", _ref(ctx, x), aref, cite)


def _named_for_area(ctx: Context, areas: dict[str, str], alt: str, area_list: re.Pattern[str]) -> None:
    """"Eastvale and Westmoor Night Safe training", "Northvale Youth Diversion Project": a
    project whose name starts with the places it serves."""
    done: set[tuple[str, str]] = set()
    for x in index(ctx).ents:
        if x.label != "Project" or x.props.get("ref"):
            continue
        am = area_list.match(x.name)
        if not am or am.end() >= len(x.name) or x.name[am.end()] != " " or not _specific(x.name[am.end():].split()):
            continue  # the name must go on after the places, with more than "training" or "project"
        for place in dict.fromkeys(areas[p] for p in re.findall(alt, am.group(0))):
            if (x.name, place) in done:
                continue
            done.add((x.name, place))
            cite = ctx.cite(*sentence_at(ctx, x.start))
            aref = ctx.mention("Area", place, ctx.cite(x.start, x.end))
            ctx.fact("IN_AREA", _ref(ctx, x), aref, cite)


def _areas(ctx: Context) -> None:
    """IN_AREA: "<project or board> ... across/in <area>[, <area> and <area>]" where every
    place is one the document names as the area of a local body; "<project> is <area>'s"."""
    areas = known_areas(ctx)
    if not areas:
        return
    text = ctx.doc.text
    idx = index(ctx)
    alt = "|".join(re.escape(a) for a in sorted(areas, key=len, reverse=True))
    area_list = re.compile(rf"((?:{alt}))(?:\s*,\s*((?:{alt}))|,?\s+(?:and|&)\s+((?:{alt})))*"
                           rf"(?:\s+(?:Counties|County|areas?|districts?))?\b")
    _board_for_area(ctx, areas, alt, area_list)
    _named_for_area(ctx, areas, alt, area_list)
    for s, e in sentences(ctx):
        ents = idx.within(s, e, {"Project", "Board"})
        if not ents:
            continue
        # the project or board must be what the sentence is about: its subject, first
        subj: Ent | None = ents[0]
        lead = text[s:ents[0].start]
        if not re.fullmatch(r"[\W\d]*(?:(?:The|the|This|Our)\s+)?", lead) and (
                len(lead) > 60 or idx.within(s, ents[0].start) or not lead.rstrip().endswith(",")):
            subj = None  # "The recording system, Sentinel, was ...": an apposition may come first
        for m in _AREA_PREP.finditer(text, subj.end if subj else e, e):
            am = area_list.match(text, m.end())
            if not am or subj is None or re.match(r"\s+[A-Z]", text[am.end():am.end() + 2]):
                continue  # "in the Northvale Safety Strategy": the place starts a name
            gap = re.sub(r"\s*\\?\([A-Z][A-Za-z&]{1,9}\\?\)", "", text[subj.end:m.start()])
            # "delivered by X in Eastvale": the place is still where the subject works
            others = [x for x in idx.within(subj.end, m.start()) if x.label in ("Organisation", "Board", "Project")
                      and not re.search(r"\bby\s+(?:the\s+)?$", text[max(0, x.start - 8):x.start])]
            if len(gap) > 160 or others or re.search(r"[;:]|\b(?:report|regarding|about|concerning)\b", gap):
                break  # the place belongs to another part of the sentence
            found = re.findall(alt, am.group(0))
            acro = re.match(r"\s*\\?\(([A-Z][A-Za-z&]{1,9})\\?\)", text[am.end():am.end() + 14])
            if acro and acro.group(1) in areas and len(found) > 1:
                found = [acro.group(1)]  # "Northvale, Eastvale, and Westmoor (NEW)": the area as one
            for place in dict.fromkeys(areas[p] for p in found):
                aref = ctx.mention("Area", place, ctx.cite(m.end(), am.end()))
                ctx.fact("IN_AREA", _ref(ctx, subj), aref, ctx.cite(s, e))
            break
        # "Eastvale has also introduced street patrols under Operation Kestrel": the place that
        # introduced something under a project is where the project works
        sm = _AREA_SUBJECT.match(text, s, e)
        if sm and sm.group(1) in areas:
            for x in ents:
                if x.label == "Project" and x.start > sm.end() and re.search(
                        r"\b(?:under|through|via|as\s+part\s+of)\s+(?:the\s+)?$", text[max(0, x.start - 16):x.start]):
                    aref = ctx.mention("Area", areas[sm.group(1)], ctx.cite(sm.start(1), sm.end(1)))
                    ctx.fact("IN_AREA", _ref(ctx, x), aref, ctx.cite(s, e))
        for x in ents:
            # "to embed CaseTrack, the new case system, across Northvale and Eastvale": where a
            # project is put to work is where it runs
            dm = _DEPLOY_AREA.match(text, x.end, e) if x.label == "Project" and \
                _DEPLOYED.search(text, max(s, x.start - 40), x.start) else None
            um = area_list.match(text, dm.end()) if dm else None
            if um and not re.match(r"\s+[A-Z]", text[um.end():um.end() + 2]):
                found = re.findall(alt, um.group(0))
                acro = re.match(r"\s*\\?\(([A-Z][A-Za-z&]{1,9})\\?\)", text[um.end():um.end() + 14])
                if acro and acro.group(1) in areas and len(found) > 1:
                    found = [acro.group(1)]
                for place in dict.fromkeys(areas[p] for p in found):
                    aref = ctx.mention("Area", place, ctx.cite(um.start(), um.end()))
                    ctx.fact("IN_AREA", _ref(ctx, x), aref, ctx.cite(s, e))
            # "the Case Management System known as CaseTrack which is in use in Eastvale"
            rm = _IN_USE.match(text, x.end, e) if x.label == "Project" else None
            um = area_list.match(text, rm.end()) if rm else None
            if um and not re.match(r"\s+[A-Z]", text[um.end():um.end() + 2]):
                for place in dict.fromkeys(areas[p] for p in re.findall(alt, " ".join(um.group(0).split()))):
                    aref = ctx.mention("Area", place, ctx.cite(um.start(), um.end()))
                    ctx.fact("IN_AREA", _ref(ctx, x), aref, ctx.cite(s, e))
            pm = re.match(rf"\s+(?:is|are)\s+({alt})['’]s\b", text[x.end:e])
            if x.label == "Project" and pm:
                aref = ctx.mention("Area", areas[pm.group(1)], ctx.cite(x.end + pm.start(1), x.end + pm.end(1)))
                ctx.fact("IN_AREA", _ref(ctx, x), aref, ctx.cite(s, e))


_DELIVERY_LEAD = quick(r"\b(?:delivers|deliver|runs|run|provides|provide|operates|operate|offers|offer|"
                            r"commissions|commission)\b[^:]{0,80}:\s*\**\s*$")


def _delivery_lists(ctx: Context) -> None:
    """"Northshire Police delivers a range of diversion schemes:" followed by a list: each
    item (its bold lead, or a short item) is a project the body delivers."""
    text = ctx.doc.text
    idx = index(ctx)
    lines = text.split("\n")
    offs = ctx.doc.line_starts
    for i, line in enumerate(lines):
        m = _DELIVERY_LEAD.search(line)
        if not m:
            continue
        ls = offs[i]
        subj = [x for x in idx.within(ls, ls + m.start(), {"Board", "Organisation"})]
        if not subj:
            continue
        for s, e in _list_items(lines, offs, i):
            name, ns, ne = _priority_name(text, s, e)
            if not name or len(name.split()) > 8 or not name[:1].isupper():
                continue
            hd = _head_at(name.split(), len(name.split()) - 1)
            if hd and hd[0] == "Fund":  # a fund the body runs, not a project
                fund = ctx.mention("Fund", name, ctx.cite(ns, ne))
                ctx.fact("MANAGES", _ref(ctx, subj[-1]), fund, ctx.cite(s, e))
                continue
            proj = ctx.mention("Project", name, ctx.cite(ns, ne))
            ctx.fact("DELIVERS", _ref(ctx, subj[-1]), proj, ctx.cite(s, e))


_CAPS_NAME = re.compile(r"\s*(?:the\s+)?((?:[A-Z][\w&'’+-]*|\d+)(?:\s+(?:[A-Z][\w&'’+-]*|of|and|for|\d+)){0,4})")


def _possessive(text: str, ent: Ent) -> bool:
    """"Northshire Police's lead": the name qualifies someone else."""
    return text[ent.start:ent.end].endswith(("'s", "’s")) or text[ent.end:ent.end + 2] in ("'s", "’s")


def _unknown_org(ctx: Context, pos: int, end: int) -> Ent | None:
    """A capitalised name right after "delivered by" / "awarded to" that no rule knew:
    an organisation (a provider, a charity), unless the document names it as a person."""
    m = _CAPS_NAME.match(ctx.doc.text, pos, end)
    if not m:
        return None
    name = m.group(1).rstrip(" .,;")
    name = re.sub(r"\s+(?:of|and|for)$", "", name)
    if not name or name.split()[0].isdigit():
        return None  # "to 62 community projects": a count, not a name
    people = ctx.memo.get("_people")
    if people is None:
        people = {w for mm in ctx.mentions if mm.label == "Person" for w in mm.name.split()}
        ctx.memo["_people"] = people
    parts = re.split(r"\s+and\s+", name, maxsplit=1)
    if len(parts) == 2 and (bodies.classify(parts[1]) or parts[1].isupper()):
        name = parts[0]  # "Brightside and Northshire Police": two names
    if not name or name.split()[-1] in people or name.lower() in bodies.vocab()["_stop"]:
        return None
    rest = ctx.doc.text[m.start(1) + len(name):m.start(1) + len(name) + 12]
    if not re.match(r"(?:[.,;:)]|\s*$|\s*\\?\(|\s+(?:and|in|on|at|from|to|since|for|with|across|by)\b)", rest):
        return None  # "the ASB partnership": a name used as a modifier
    if name.isupper() and len(name) <= 6 and name not in ctx.paper.acronyms:
        return None
    cls = bodies.classify(name)
    if cls is None and _head_at(name.split(), len(name.split()) - 1):
        return None  # a plan or project, not who delivers it
    return Ent(m.start(1), m.start(1) + len(name), cls[0] if cls else "Organisation", name,
               dict(cls[1]) if cls else {"sector": "other"})


def _ref(ctx: Context, ent: Ent) -> Ref:
    if ent.props.get("ref"):
        return Ref(ent.label, ent.name)
    return mention(ctx, ent)


_LAST_REACH = 400  # characters before a verb in which its subject is looked for


def _last(ents: list[Ent], before: int, labels: set[str], stop_at: set[str] | None = None) -> Ent | None:
    """The entity of ``labels`` nearest before offset ``before`` (``ents`` in text order, as
    ``EntIndex.within`` gives them; found by bisection, so a long sentence is not re-scanned for
    every verb in it)."""
    k = bisect.bisect_right(ents, before, key=lambda x: x.end)
    while k > 0:
        k -= 1
        e = ents[k]
        if before - e.end > _LAST_REACH:
            return None
        if e.label in labels:
            return e
        if stop_at and e.label in stop_at:
            return None
    return None


def _coordinated(text: str, ents: list[Ent], after: int, labels: set[str]) -> list[Ent]:
    """The first entity of ``labels`` after offset ``after`` (within a few words) and those
    coordinated with it ("X, Y and Z")."""
    out: list[Ent] = []
    pos = after
    for e in ents[bisect.bisect_left(ents, after, key=lambda x: x.start):]:
        gap = text[pos:e.start]
        if not out:
            if len(gap) > 40 or re.search(r"[;:.]", gap) or e.label not in labels:
                if e.label not in labels and len(gap) <= 40:
                    break
                if len(gap) > 40:
                    break
                continue
            out.append(e)
        else:
            if e.label in labels and re.fullmatch(r"\s*(?:,|and|&|,\s*and|as well as)\s*(?:the\s+)?", gap):
                out.append(e)
            else:
                break
        pos = e.end
    return out


# -- priorities ----------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:(?:[-*•◦▪»>➤►▶✓✔→]|\d{1,2}(?:\.\d{1,2})*[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)])\s+)+")


def _marker_kind(marker: str) -> str:
    """The style of a list marker ("- a." -> "-a.", "3.5." -> "9.9."), to tell one list from the next."""
    m = re.sub(r"\d+", "9", marker.strip())
    return re.sub(r"(?<![A-Za-z])[a-z](?=[.)])", "a", re.sub(r"\s+", "", m))


def _followed_by_text(lines: list[str], j: int) -> bool:
    """Whether the first non-empty line after line ``j`` is running text (not a list item)."""
    for ln in lines[j + 1:j + 4]:
        if ln.strip():
            return not _BULLET.match(ln) and not ln.lstrip().startswith("**")
    return False


def _next_is_bold_item(lines: list[str], j: int) -> bool:
    """Whether the first non-empty line after line ``j`` (within two blank lines) is a bold-led item."""
    for ln in lines[j + 1:j + 4]:
        if ln.strip():
            return bool(re.match(r"\s*(?:[-*•»➤►▶]\s*)*\*\*", ln)) and not _is_heading(ln)
    return False


def _list_items(lines: list[str], offs: list[int], i: int) -> list[tuple[int, int]]:
    """The items of the list that follows the lead-in at line ``i``: bullets of one style,
    or bold-led lines; a line of continuation text may follow each item."""
    items: list[tuple[int, int]] = []
    kind: str | None = None
    j = i + 1
    gap = 0
    while j < len(lines) and len(items) < 15:
        ln = lines[j]
        if not ln.strip():
            gap += 1
            if gap > 2:
                break
            j += 1
            continue
        bm = _BULLET.match(ln)
        bold = ln.lstrip().startswith("**") and not _is_heading(ln)
        k = _marker_kind(bm.group(0)) if bm else ("bold" if bold else None)
        if bm and ln[bm.end():].lstrip().startswith("**") and kind in (None, "bold-item"):
            k = "bold-item"  # "➤ **Item**" and "- **Item**" in one list: the bold lead is what counts
        if k is None or (kind is not None and k != kind):
            # one line of text under a bold-led item continues it; anything else ends the list
            after_bold = re.match(r"\s*(?:[-*•»➤►▶]\s*)*\*\*", lines[j - 1] or "")
            if items and k is None and not _is_heading(ln) and after_bold and gap == 0:
                j += 1
                continue
            # a paragraph between bold-led items explains the item above it
            if items and k is None and kind in ("bold", "bold-item") and not _is_heading(ln) and \
                    _next_is_bold_item(lines, j):
                gap = 0
                j += 1
                continue
            break
        if _is_heading(ln):
            break
        if gap and items and k not in ("bold", "bold-item") and _followed_by_text(lines, j):
            break  # "4. Partners" then a paragraph: the next numbered section, not an item
        gap = 0
        kind = k
        items.append((offs[j] + (bm.end() if bm else len(ln) - len(ln.lstrip())), offs[j] + len(ln)))
        j += 1
    return items


# no two runs of the same characters side by side (each split of a long run of blanks would be
# tried), and the name from its first to its last character that is neither a blank nor a star
_NUMBERED = re.compile(r"^[\s#>*-]*(?:<sup>\w+</sup>[\s*]*)?(?:\d{1,2}(?:\.\d{1,2})*[.:)]?\s+(?:\*+\s*)?)?"
                       r"(Priority|Objective|Pillar|Theme|Strand|Strategic\s+Priority|Aim)\s+(?:\d{1,2}|[A-H])\s*[:–-]\s*"
                       r"(?:\*+\s*)?([^*\s](?:[^*\n]*[^*\s])?)\s*\**\s*$")
_LEAD_END = quick(r"(?::\s*\**\s*$|\b(?:as follows|outlined below|set out below|listed below|below)\b)", re.I)


@lru_cache(maxsize=1)
def _priority_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The lead-in naming priorities, the words that make it something else, and the inline list
    ("the priorities include"), built from the vocabulary once."""
    v = vocab()
    words = "|".join(re.escape(w) for w in sorted(v["priority_words"], key=len, reverse=True))
    lead = quick(rf"\b(?:{words})\b", re.I)
    notw = quick(r"\b(?:" + "|".join(re.escape(w) for w in v["not_priority_words"]) + r")\w*|\bAct\b", re.I)
    inline = quick(rf"\b(?:{words})\s+(?:include|includes|including|are\s*:|are\s+as\s+follows\s*:?|comprise)"
                   rf"\s*[:,]?\s+", re.I)
    return lead, notw, inline


def _priorities(ctx: Context) -> None:
    """HAS_PRIORITY from a lead-in that names priorities/themes/objectives followed by a list,
    and from "the priorities include A, B and C"."""
    text = ctx.doc.text
    lead, notw, inline = _priority_patterns()
    lead_words, inline_words = needed(lead), needed(inline)
    lines = text.split("\n")
    offs = ctx.doc.line_starts
    for i, line in enumerate(lines):
        if not has_word(ctx, lead_words, offs[i], offs[i] + len(line)):
            continue  # no priority word: the lead pattern cannot match (a test with "in", not a search)
        st = line.strip().strip("*#").strip()
        if not st or len(st) > 300 or not lead.search(st) or notw.search(st):
            continue
        if not (_LEAD_END.search(st) or _is_heading(line)):
            continue
        last_sentence = re.split(r"(?<=[.!?])\s+", st)[-1]
        if not _is_heading(line) and not lead.search(last_sentence):
            continue  # the list belongs to the last sentence, which names no priorities
        items = _list_items(lines, offs, i)
        if len(items) < 2:
            continue
        if not _LEAD_END.search(st) and any(len(_priority_name(text, a, b)[0].split()) > 15 for a, b in items):
            continue  # a heading over paragraphs of prose, not over a list of priorities
        owner = _owner_near(ctx, offs[i], offs[i] + len(line))
        if owner is None:
            continue
        for s, e in items:
            name, ns, ne = _priority_name(text, s, e)
            if name:
                pref = _priority(ctx, owner, name, ns, ne)
                ctx.fact("HAS_PRIORITY", _ref(ctx, owner), pref, ctx.cite(s, e))
    # "Priority 2: Reducing youth harm", "**Objective 1: To support victims.**"
    for i, line in enumerate(lines):
        m = _NUMBERED.match(line)
        if not m:
            continue
        s, e = offs[i] + m.start(2), offs[i] + m.end(2)
        name = re.split(r"\.\s|\s\[", re.sub(r"[*_]+", "", m.group(2)))[0].strip(" .;:")
        e = s + len(m.group(2).split(name)[0]) + len(name) if name in m.group(2) else e
        if not name or len(name) > 200:
            continue
        # a numbered priority heading belongs to the plan named last before it, however far back
        inside = index(ctx).within(offs[i], offs[i] + len(line), {"Plan"})
        before = index(ctx).within(max(0, offs[i] - 30000), offs[i], {"Plan"})
        owner = inside[-1] if inside else (before[-1] if before else None)
        if owner is None:
            continue
        pref = _priority(ctx, owner, name, s, e)
        ctx.fact("HAS_PRIORITY", _ref(ctx, owner), pref, ctx.cite(offs[i], offs[i] + len(line)))
    # inline: "The priorities include A, B and C."
    for s, e in sentences(ctx):
        if not has_word(ctx, inline_words, s, e):
            continue
        sent = text[s:e]
        m = inline.search(sent)
        if not m or notw.search(sent[:m.start()]):
            continue
        owner = _owner_near(ctx, s, e)
        if not owner:
            continue
        rest_s = s + m.end()
        parts = re.split(r",\s*(?:and\s+)?|\s+and\s+(?=[a-z]+ing\b)|;\s*", text[rest_s:e].rstrip(" ."))
        if len(parts) < 2:
            continue
        pos = rest_s
        for p in parts:
            ps = text.find(p, pos)
            if ps < 0:
                continue
            pos = ps + len(p)
            name = p.strip(" .;:")
            if 2 < len(name) < 150:
                pref = _priority(ctx, owner, name, ps, ps + len(p))
                ctx.fact("HAS_PRIORITY", _ref(ctx, owner), pref, ctx.cite(s, e))


def _priority(ctx: Context, owner: Ent, name: str, s: int, e: int) -> Ref:
    """A Priority mention; a priority of the same owner written a second time with small
    differences (a heading repeating a list item) keeps the first wording, the second as alias."""
    from rapidfuzz import fuzz

    seen: dict[str, list[str]] = ctx.memo.setdefault("_priorities", {})
    names = seen.setdefault(owner.name, [])
    written = name
    # "Continue embedding X", "Further development of X": the priority is X, the wording an alias
    core = _CONTINUING.sub("", name)
    if core != name and len(core.split()) >= 2:
        name = core[:1].upper() + core[1:]
    extra = [written] if written != name else []
    for known in names:
        if known != name and fuzz.ratio(known.lower(), name.lower()) >= 90:
            return ctx.mention("Priority", known, ctx.cite(s, e), aliases=[name, *extra])
    names.append(name)
    return ctx.mention("Priority", name, ctx.cite(s, e), aliases=extra)


_CONTINUING = re.compile(r"^(?:continu(?:e|ed|ing)(?:\s+to)?|further(?:\s+(?:development|strengthening)\s+of)?|"
                         r"ongoing|sustained)\s+", re.I)


def _is_heading(line: str) -> bool:
    st = line.strip()
    return st.startswith("#") or (st.startswith("**") and st.rstrip(":").endswith("**")) or (
        st.startswith("<b>") and st.endswith("</b>"))


_ALIGN = quick(r"(?:in\s+line\s+with|consistent\s+with|aligns?\s+(?:with|to)|aligned\s+(?:with|to)|"
                    r"in\s+accordance\s+with|set\s+out\s+in|as\s+part\s+of)\s+(?:the\s+|our\s+|its\s+)?$", re.I)


def _owner_near(ctx: Context, s: int, e: int) -> Ent | None:
    """The plan or fund a priority list belongs to: named in the lead-in, else the nearest
    plan or fund named before it in the last few paragraphs, else the document's plan."""
    idx = index(ctx)
    text = ctx.doc.text
    inside = [x for x in idx.within(s, e, {"Plan", "Fund"}) if not _ALIGN.search(text[max(0, x.start - 40):x.start])]
    if inside:
        return inside[-1]
    text = ctx.doc.text
    line_no = ctx.doc.locate(s)[0]
    seen = 0
    for ln in range(line_no - 1, 0, -1):
        ls = ctx.doc.line_starts[ln - 1]
        if s - ls > 4000 or seen >= 3:
            break
        line = ctx.doc.line_text(ln)
        if _is_heading(line):
            seen += 1
            found = idx.within(ls, ls + len(line), {"Plan", "Fund"})
            if found:
                return found[-1]
    before = idx.within(max(0, s - 1500), s, {"Plan", "Fund"})
    if before:
        return before[-1]
    # the plan the title of the part of the document the list sits in names ("# Youth Plan 2026/27")
    for ln in range(line_no - 1, 0, -1):
        ls = ctx.doc.line_starts[ln - 1]
        if s - ls > 40000:
            break
        line = ctx.doc.line_text(ln)
        if line.lstrip().startswith("#") and not line.lstrip().startswith("###"):
            found = idx.within(ls, ls + len(line), {"Plan"})
            if found:
                return found[-1]
    # the document's plan only when it names no other
    mp = ctx.paper.main_plan
    plans = {x.name for x in idx.ents if x.label == "Plan"}
    return mp if isinstance(mp, Ent) and len(plans) == 1 else None


def _priority_name(text: str, s: int, e: int) -> tuple[str, int, int]:
    """The name of a priority from a list item: its bold lead if any, else the item up to
    the first clause break, without the trailing punctuation."""
    item = text[s:e]
    bm = re.match(r"\s*(?:[»>•-]\s*)*\*\*(.+?)\*\*", item)
    if bm:
        name = bm.group(1).strip(" :;.,")
        return name, s + bm.start(1), s + bm.end(1)
    cut = re.split(r"\s+[-–]\s+(?=.*\d)|\s*[;:]\s*|\.\s", item, maxsplit=1)[0]
    name = re.sub(r"\s*\([A-Z][A-Za-z&]{1,9}\)\s*$", "", cut.strip(" .;,*")).strip()
    name = re.sub(r"<[^>]+>", "", name)
    if not name or len(name) > 200:
        return "", s, e
    return name, s, s + len(cut)
