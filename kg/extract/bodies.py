"""Names of governance bodies and partner organisations in running text.

A body name is a run of capitalised words (with the joining words "and", "of",
"for", "the", "&") whose last word is a body word: "Board", "Panel", "Group",
"Partnership" make a :data:`Board`; "Council", "Police", "Service", "Trust",
"Office" an ``Organisation``. "Department of X" / "Office of X" style names
start with their body word. Vocabulary lives in ``data/bodies.yaml``.

>>> classify("Safer Streets Strategy Board")
('Board', {'kind': 'board'})
>>> classify("Northshire Constabulary")
('Organisation', {'sector': 'policing'})
>>> [(n, lab) for _, _, lab, n, _ in find_bodies("The Northshire Police and Eastvale Borough Council agreed.")]
[('Northshire Police', 'Organisation'), ('Eastvale Borough Council', 'Organisation')]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from kg.extract.area import places
from kg.extract.quickre import quick

#: libyaml's parser where it is installed (the same data, a seventh of the time)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BodyHit = tuple[int, int, str, str, dict[str, Any]]
Tok = tuple[int, int, str]


@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
    """The body vocabulary from ``data/bodies.yaml`` (read once)."""
    text = resources.files("kg.extract.data").joinpath("bodies.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=_YAML_LOADER)
    data["_org_heads"] = set(data["org_heads"])
    # the words a body name ends in, of either kind (built once: the chunker asks for every name)
    data["_heads"] = data["board_heads"].keys() | data["_org_heads"]
    data["_stop"] = {w.lower() for w in data["leading_stopwords"]}
    data["_welsh"] = {w.lower() for w in data["welsh_lead_words"]}
    data["_national"] = {k.lower(): (k, v) for k, v in data["national_bodies"].items()}
    data["_post"] = {w.lower() for w in data["post_words"]}
    data["_tiers"] = {w.lower() for w in data["council_tiers"]}
    data["_not_place"] = {w.lower() for w in data["not_place_words"]} | {w.lower() for w in data["non_body_heads"]}
    data["_not"] = {w.lower() for w in data["not_bodies"]}
    data["generic_qualifiers"] = [str(w).lower() for w in data["generic_qualifiers"]]
    return data


# A word of a name: capitalised (Well-being, Children's, O'Neill), an acronym, or "&".
_WORD = r"(?:[A-Z][A-Za-z0-9'’\-]*[A-Za-z0-9](?:(?<=[sS])['’](?=[ ,]))?|[A-Z])"
# the words that may join the words of a name (``connectors`` in data), in lower case or capitals
_JOIN = "(?:" + "|".join(re.escape(w) for c in vocab()["connectors"] for w in dict.fromkeys((c, c.upper()))) + ")"
_JOINS = {*vocab()["connectors"], ",", "-", "–"}
_CHUNK = quick(
    rf"(?<![\w'’-]){_WORD}(?:(?:(?:[ ]+|[ ]{{2}}\n)(?:{_JOIN}(?:[ ]+|[ ]*\n))*|,[ ]+)(?:{_WORD}))*"
)  # a name goes on over a hard line break, or over any line break after a joining word ("Police and\nCrime")
_ACRO_DEF = re.compile(r"[ ]*\\?\(([A-Z][A-Za-z&]{1,9})\\?\)")  # "(OPCC)" or markdown-escaped
_TOKEN = re.compile(r"[A-Za-z0-9'’\-]+|&|,|[-–]")


@lru_cache(maxsize=65536)
def _words_cached(name: str) -> tuple[str, ...]:
    return tuple(w.lower().strip("'’") for w in _WORDS.findall(name))


_WORDS = re.compile(r"[A-Za-z0-9'’\-&]+")


def _words(name: str) -> list[str]:
    return list(_words_cached(name))


@lru_cache(maxsize=65536)
def _head(word: str) -> str:
    """A head word in its singular form ("Boards" -> "board")."""
    w = word.lower().strip("'’")
    if w.endswith("’s") or w.endswith("'s"):
        w = w[:-2]
    v = vocab()
    if w in v["board_heads"] or w in v["_org_heads"]:
        return w
    if w.endswith("s") and (w[:-1] in v["board_heads"] or w[:-1] in v["_org_heads"]):
        return w[:-1]
    return w


def is_head_word(word: str) -> bool:
    """True for a word that ends a body's name ("Council", "Boards", "Police").

    >>> is_head_word("Council"), is_head_word("Westby")
    (True, False)
    """
    v = vocab()
    w = _head(word.strip(",.;:()"))
    return w in v["board_heads"] or w in v["_org_heads"]


def sector_of(name: str) -> str:
    """The sector of an organisation from words in its name.

    >>> sector_of("Westshire Fire and Rescue Service")
    'fire'
    """
    low = " " + " ".join(_words(name)) + " "
    for word, sector in vocab()["sector_words"]:
        if f" {word}" in low and (word.endswith(" ") or re.search(rf"\b{re.escape(word)}\b", low)):
            return str(sector)
    return "other"


def classify(name: str) -> tuple[str, dict[str, Any]] | None:
    """Label and properties of a body name, or None when the name is not a body (cached).

    >>> classify("Community Safety Partnership")
    ('Board', {'kind': 'partnership'})
    >>> classify("Police and Crime Plan") is None
    True
    """
    found = _classify(name)
    return (found[0], dict(found[1])) if found else None


@lru_cache(maxsize=65536)
def _classify(name: str) -> tuple[str, dict[str, Any]] | None:
    v = vocab()
    name = " ".join(name.split()).strip(" ,-–")
    if not name:
        return None
    nat = v["_national"].get(name.lower())
    if nat:
        return "Organisation", {"sector": nat[1]}
    words = _words(name)
    if not words:
        return None
    low = " ".join(words)
    for phrase, sector in v["org_phrases"].items():
        if low.endswith(phrase):
            return "Organisation", {"sector": sector}
    for dept, sector in v["department_words"].items():
        # "Eastvale County Council Public Health": a department named after its body
        if low.endswith(" " + dept) and len(words) > len(dept.split()) + 1:
            parent = " ".join(name.split()[: -len(dept.split())])
            got = _classify(parent)
            if got and got[0] == "Organisation" and _has_place(parent):
                return "Organisation", {"sector": sector}
    for phrase, kind in v["board_phrases"].items():
        if low.endswith(phrase) or low.endswith(phrase + "s"):
            return "Board", {"kind": kind}
    for pre in v["prefix_heads"]:
        if low.startswith(pre + " of ") or low.startswith(pre + " for "):
            # "Office of the Police and Crime Commissioner", not "Association of X, any other"
            tail = name.split()[len(pre.split()) + 1:]
            if _head(words[-1]) in v["non_body_heads"]:
                return None  # "Office of the X Commissioned Services Report" is a report
            if all(w[:1].isupper() or w.lower().strip(",") in _JOINS or w[:1].isdigit() for w in tail):
                return "Organisation", {"sector": sector_of(name)}
            return None
    # "Police and Crime Commissioner for Westmoor", "Safety Board for Northvale and Eastvale"
    fm = re.match(r"(.+?)\s+(?:for|For|FOR)\s+((?:[A-Z][\w'’-]*,?\s*(?:and\s+|&\s+)?){1,5})$", name)
    if fm and not re.search(r"\b(?:for|For)\b", fm.group(1)) and \
            not any(w.lower().strip(",") in v["_not_place"] for w in fm.group(2).split()):
        inner = _classify(fm.group(1))
        if inner:
            return inner
    last = _head(words[-1])
    if len(words) >= 2 and words[0] in v["_post"] and last in v["_org_heads"] and last not in v["board_heads"]:
        return None  # "Deputy Police and Crime Commissioner" is a post
    if len(words) >= 2 and words[-2] in v["_post"] and v["board_heads"].get(last) == "executive":
        return None  # "Chief Executive" is a post
    if len(words) >= 2 and words[-2] == "the":
        return None  # "Terms of Reference for the Board": a reference to a board, not a name
    if last in v["board_heads"]:
        if len(words) == 1:
            return None  # "Board" alone is a reference, not a name
        return "Board", {"kind": v["board_heads"][last]}
    if last in v["_org_heads"]:
        if len(words) == 1 and last not in ("nhs", "icb", "opcc"):
            return None
        # "Service" and "Team" alone after a generic word are not names ("the Service")
        return "Organisation", {"sector": sector_of(name)}
    return None


def _smart_title(name: str) -> str:
    """Title-case an ALL-CAPS heading name, keeping short acronyms ("NV ASB BOARD" -> "NV ASB Board")."""
    letters = [c for c in name if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return name
    small = {"AND": "and", "OF": "of", "FOR": "for", "THE": "the", "ON": "on"}
    out = []
    for w in name.split(" "):
        if w in small:
            out.append(small[w])
        elif len(w) <= 3 or not re.search(r"[AEIOUY]", w):
            out.append(w)
        else:
            out.append(w.capitalize())
    return " ".join(out)


def _trim_left(toks: list[Tok]) -> list[Tok]:
    stop = vocab()["_stop"]
    while toks and (toks[0][2].lower() in stop or toks[0][2].lower() in _JOINS):
        if len(toks) > 1 and toks[0][2] in ("His", "Her", "HIS", "HER") and toks[1][2].lower().startswith("majesty"):
            break  # "His Majesty's Inspectorate"
        toks = toks[1:]
    while toks and toks[-1][2].lower() in _JOINS:
        toks = toks[:-1]
    k = _welsh_lead(len(toks), lambda i: toks[i][2])
    return toks[k:]


def _welsh_lead(n: int, word: Callable[[int], str]) -> int:
    """How many words open a name in Welsh before its English name with its head ("Cyngor Cymuned
    Westby Community Council": 2); 0 when no English head follows them."""
    v = vocab()
    k = 0
    while k < n and word(k).lower() in v["_welsh"]:
        k += 1
    if k and any(_head(word(i)) in v["_heads"] for i in range(k, n)):
        return k
    return 0


def english_name(name: str) -> str:
    """A body's name given in both languages, in English ("Cyngor Tref Westby Town Council" ->
    "Westby Town Council"); any other name as it is.

    >>> english_name("Cyngor Tref Westby Town Council"), english_name("Cyngor Gwynedd")
    ('Westby Town Council', 'Cyngor Gwynedd')
    """
    words = name.split()
    k = _welsh_lead(len(words), lambda i: words[i])
    return " ".join(words[k:]) if k else name


def _is_compound(low_words: list[str], i: int) -> bool:
    """Whether the joining word at ``i`` sits inside a fixed phrase ("Police and Crime")."""
    words = ["and" if w == "&" else w for w in low_words]  # "Police & Crime" is "Police and Crime"
    for comp in vocab()["compounds"]:
        cw = comp.split()
        for k in range(len(cw)):
            if cw[k] == words[i] and words[i - k:i - k + len(cw)] == cw:
                return True
    return False


def _name(text: str, toks: list[Tok]) -> str:
    """The name a run of tokens spells (tokens may be synthetic: "A and B Groups" -> "A Group")."""
    return " ".join(t[2] for t in toks).replace(" ,", ",")


_LIST_LEAD = re.compile(r"(?:\bsuch\s+as|\bincluding|\be\.g\.,?|\bfor\s+example,?|\blike)\s*$")


def _comma_segments(toks: list[Tok], text: str = "") -> list[list[Tok]]:
    """Split a run at commas, except where the comma lists places inside one name
    ("Northvale, Eastvale and Westvale Safety Board"; "Department of X, Y and Z").
    After "such as" or "including" the run is a list: split at every comma and at the
    "and" after one ("such as Shopwatch, Nightwatch and Retail Crime Partnerships")."""
    segs: list[list[Tok]] = [[]]
    words = [t[2] for t in toks]
    heads = vocab()["board_heads"]
    if len(words) > 5 and words[0].lower() == "the" and "and" not in words and words[2] == words[4] == "," \
            and all(_head(w) not in heads for w in (words[1], words[3])):
        return [toks]  # "The Clear, Hold, Build Partnership": a slogan of single words inside one name
    if toks and "," in words and words[-1].endswith("s") and _head(words[-1]) in heads and \
            _LIST_LEAD.search(text, max(0, toks[0][0] - 24), toks[0][0]):
        seen_comma = False
        for t in toks:
            if t[2] == "," or (seen_comma and t[2].lower() in ("and", "&")):
                seen_comma = True
                segs.append([])
            else:
                segs[-1].append(t)
        return [x for x in segs if x]
    for i, t in enumerate(toks):
        if t[2] == ",":
            rest = [x[2].lower() for x in toks[i + 1:]]
            # "A, B, C and D": an "and" further on, before any segment that is a body of its own
            has_and = False
            for w in rest:
                if w in ("and", "&"):
                    has_and = True
                    break
                if _head(w) in vocab()["board_heads"] or _head(w) in vocab()["_org_heads"]:
                    break
            cur = [x[2].lower() for x in _trim_left(segs[-1])]
            heads = [w for w in cur if _head(w) in vocab()["board_heads"] or _head(w) in vocab()["_org_heads"]]
            prefix = bool(cur) and cur[0] in vocab()["prefix_heads"] and len(cur) > 2 and cur[1] in ("of", "for")
            if has_and and (not heads or prefix) and not any(w in vocab()["_post"] for w in cur) \
                    and not _is_person([x[2] for x in _trim_left(segs[-1])]):
                segs[-1].append(t)
                continue
            segs.append([])
            continue
        segs[-1].append(t)
    return [s for s in segs if s]


def _is_person(words: list[str]) -> bool:
    """Whether words are a person's name ("Jo Bloggs, Youth Justice Service Manager": a person
    and a body, never one name).

    >>> _is_person(["Jo", "Bloggs"]), _is_person(["Northvale"])
    (True, False)
    """
    if not 2 <= len(words) <= 4:
        return False
    from kg.extract.people import parse_person

    name = " ".join(words)
    got = parse_person(name)
    return got is not None and got.end >= len(name)


def _split_and(text: str, toks: list[Tok], acr: dict[str, str]) -> list[list[Tok]]:
    """Split a run at "and"/"&" where both sides are bodies ("Northshire Police and
    Eastvale Borough Council"); always at "and the"."""
    low = [t[2].lower() for t in toks]
    for i, w in enumerate(low):
        if w not in ("and", "&") or i == 0 or i == len(toks) - 1:
            continue
        if i + 1 < len(low) and low[i + 1] == "the":
            return [toks[:i]] + _split_and(text, toks[i + 2:], acr)
        right = toks[i + 1:i + 3]
        after = toks[i + 3:]
        heads = set(vocab()["board_heads"]) | vocab()["_org_heads"]
        prev = _head(toks[i - 1][2])
        if (len(right) == 2 and (not after or after[0][2].lower() in ("and", "&", ","))
                and right[1][2].endswith("s") and right[1][2][:1].isupper()
                and _head(right[1][2]) in heads and _head(right[1][2]) not in ("service", "services")
                and prev != _head(right[1][2])
                and prev not in heads and not _is_compound(low, i)):
            # "Safety Strategy and Delivery Groups" -> "Safety Strategy Group", "Safety Delivery Group"
            # ("Children and Family Services" is one department, not two)
            h = right[1]
            sing = h[2][:-3] + "y" if h[2].endswith("ies") else h[2][:-1]
            head_tok = (h[0], h[1], sing)
            more = _split_and(text, after[1:], acr) if len(after) > 1 else []
            return [toks[:i] + [head_tok], toks[:i - 1] + [right[0], head_tok]] + more
        if _is_compound(low, i):
            continue
        left, right = toks[:i], toks[i + 1:]
        lname = _expand(left, acr) or _name(text, left)
        if len(left) == 1 and left[0][2].isupper() and len(left[0][2]) <= 6 and len(right) >= 2 \
                and not _name(text, right).isupper() and _cut_to_body(text, right):
            return [left] + _split_and(text, right, acr)  # "ABC and Northshire Police": an unknown acronym
        if _head(left[-1][2]) in vocab()["non_body_heads"] and _cut_to_body(text, right):
            return [left] + _split_and(text, right, acr)
        if len(left) < 2 and lname.lower() not in vocab()["_national"] and lname == left[0][2]:
            continue
        if classify(lname) is None and (len(right) < 2 or _cut_to_body(text, left) is None):
            continue
        rest = _split_and(text, right, acr)
        if rest and any(classify(_expand(r, acr) or "") or _cut_to_body(text, r) for r in rest):
            return [left] + rest
    return [toks]


def _after_post(toks: list[Tok]) -> list[Tok]:
    """Drop a post title in front of a body ("Director of Children's Services" -> "Children's
    Services") or after it ("Westby Panel Member" -> "Westby Panel"), but keep a group named
    after its members ("Senior Officer Group").

    >>> [t[2] for t in _after_post([(0, 1, "Westby"), (2, 3, "Panel"), (4, 5, "Member")])]
    ['Westby', 'Panel']
    """
    post = vocab()["_post"]
    if len(toks) > 2 and toks[0][2].lower() in vocab()["prefix_heads"] and toks[1][2].lower() in ("of", "for"):
        return toks  # "Association of Directors of Children's Services" is a body of post-holders
    # a seat on a board after the board ("Westby Panel Member", "Eastvale Council Cabinet Lead
    # Member") ends the run; after an organisation it is a job title ("Democratic Services Officer")
    while len(toks) > 1 and toks[-1][2].lower().strip("'’") in post and not toks[-1][2].endswith("s") \
            and (_head(toks[-2][2]) in vocab()["board_heads"] or toks[-2][2].lower().strip("'’") in post):
        toks = toks[:-1]
    last = -1
    for i, t in enumerate(toks):
        if t[2].lower().strip("'’") in post or "-" in t[2] and any(x in post for x in t[2].lower().split("-")):
            last = i  # "Vice-Chair" too
    if last < 0:
        return toks
    rest = toks[last + 1:]
    if len(rest) == 1 and _head(rest[0][2]) in vocab()["board_heads"] and \
            vocab()["board_heads"][_head(rest[0][2])] not in ("executive",):
        return toks
    while rest and rest[0][2].lower() in _JOINS:
        rest = rest[1:]
    return rest


def _cut_to_body(text: str, toks: list[Tok]) -> list[Tok] | None:
    """The longest part of a run that is a body: a prefix ("Police and Crime Commissioner
    Jane Doe" -> "Police and Crime Commissioner") or what follows "of"/"for"
    ("Terms of Reference for the Safer Streets Board"); None when no part is."""
    for end in range(len(toks), 0, -1):
        if toks[end - 1][2].lower() in _JOINS:
            continue
        if end < len(toks) and toks[end][2].lower() in ("and", "&", "of") and end + 1 < len(toks):
            continue  # "Police" in "Police and Crime Plan" is not the end of a name
        cls = classify(_name(text, toks[:end]))
        if cls:
            if end < len(toks) and _head(toks[end][2]) in vocab()["non_body_heads"]:
                return None  # "Safer Streets Partnership Plan" names a plan
            if end < len(toks) and toks[end][2].lower() in vocab()["modifier_next"]:
                return None  # "Early Intervention and Partnership Working": a way of working
            if cls[0] == "Board":
                inner = _board_after_of(text, toks[:end])
                if inner is not None:
                    return inner or None
            return toks[:end]
    for i, t in enumerate(toks):
        if t[2].lower() in ("of", "for") and i > 0:
            rest = _trim_left(toks[i + 1:])
            if rest and classify(_name(text, rest)):
                return rest
    return None


def _board_after_of(text: str, toks: list[Tok]) -> list[Tok] | None:
    """"Scrutiny of the Safer Streets Board", "Vision of the Westby CSP": words with no body word
    before "of"/"for" are about the board, not part of its name (None when the run has no such
    lead)."""
    v = vocab()
    for i, t in enumerate(toks):
        if t[2].lower() in ("of", "for") and i > 0:
            lead = toks[:i]
            if any(_head(x[2]) in v["board_heads"] or _head(x[2]) in v["_org_heads"] for x in lead):
                return None
            if lead[0][2].lower() in v["prefix_heads"]:
                return None
            rest = _trim_left(toks[i + 1:])
            # "the" or a place after "of" marks a board named on its own ("Out of Court Panel" is one name)
            about = _head(lead[-1][2]) in v["non_body_heads"] or lead[-1][2].lower() in v["item_words"]
            named = toks[i + 1][2].lower() == "the" or bool(rest) and _has_place(_name(text, rest)) or about
            if about and not (rest and classify(_name(text, rest))):
                return []  # "Review of Panel": about a board that is not named
            if rest and named and classify(_name(text, rest)):
                return _board_after_of(text, rest) or rest
            # "Terms of Reference for the X Board": a later "of"/"for" may still lead to the board
    return None


_INNER_POSSESSIVE = re.compile(r"\b([A-Za-z]+)['’]s(?= [A-Z])")
_FINAL_POSSESSIVE = re.compile(r"['’]s?$")
_ENDS_POSSESSIVE = re.compile(r"[a-z]['’]s?$")


def _strip_possessive(name: str) -> str:
    """A name without a final possessive, and without the possessive of a body inside it
    ("Eastvale Borough Council's Democratic Services" -> "Eastvale Borough Council Democratic
    Services"; "Children's Services" keeps its own).

    >>> _strip_possessive("Eastvale Borough Council's Democratic Services")
    'Eastvale Borough Council Democratic Services'
    >>> _strip_possessive("Wealden’s Community Safety Partnership"), _strip_possessive("Children's Services Board")
    ('Wealden Community Safety Partnership', "Children's Services Board")
    >>> _strip_possessive("Council's Finance and Performance Scrutiny Committee")
    'Finance and Performance Scrutiny Committee'
    """
    v = vocab()

    def inner(m: re.Match[str]) -> str:
        w = _head(m.group(1))
        if (w in v["board_heads"] or w in v["_org_heads"]) and m.start(1) == 0:
            return "\0"  # "the Council's Scrutiny Committee": a body named by its kind alone owns it
        if w in v["board_heads"] or w in v["_org_heads"]:
            return m.group(1)
        # "Westby’s Community Safety Partnership": a place's body is named without the possessive
        if any(e == m.end(1) for _s, e, _p in places().find(name[:m.end(1)])):
            return m.group(1)
        return m.group(0)

    name = _INNER_POSSESSIVE.sub(inner, name)
    name = name.split("\0 ", 1)[-1]
    return _FINAL_POSSESSIVE.sub("", name) if _ENDS_POSSESSIVE.search(name) else name


# No body's name runs to this many words. Longer runs of capitalised words (a flattened table, a
# title-case paragraph, hostile input) are read in pieces of this size, so that the splitting and
# cutting below, which look at sub-runs, never grow with the square of the run or recurse deeply.
MAX_RUN = 24


def _bounded(segments: list[list[Tok]]) -> list[list[Tok]]:
    """Cut over-long runs of tokens into pieces of at most MAX_RUN tokens.

    >>> [len(s) for s in _bounded([[(0, 1, "A")] * 50, [(0, 1, "B")] * 3])]
    [24, 24, 2, 3]
    """
    out: list[list[Tok]] = []
    for seg in segments:
        out.extend(seg[i:i + MAX_RUN] for i in range(0, len(seg), MAX_RUN))
    return out


def find_bodies(text: str, acronyms: dict[str, str] | None = None, board: str | None = None,
                offset: int = 0) -> list[BodyHit]:
    """Body names in ``text``: ``(start, end, label, canonical name, props)``.

    Offsets are into ``text`` plus ``offset``. An acronym defined in brackets after
    a name ("Safer Streets Board (SSB)") is added to ``acronyms`` (when given) and
    the hit's props get ``aliases``; later uses of a known acronym resolve to the full
    name (the short form becomes an alias). ``board`` is the document's own board:
    "the Board" resolves to it.

    >>> acr = {}
    >>> hits = find_bodies("The Safer Streets Board (SSB) met. SSB agreed.", acr)
    >>> [(h[3], h[4].get("aliases")) for h in hits]
    [('Safer Streets Board', ['SSB']), ('Safer Streets Board', ['SSB'])]
    >>> acr
    {'SSB': 'Safer Streets Board'}
    """
    acr = acronyms if acronyms is not None else {}
    hits: list[BodyHit] = []
    done = 0  # end of the last hit, so that "(SSB)" after a name is not read again
    for m in _CHUNK.finditer(text):
        if m.start() < done:
            continue
        word = m.group()
        if " " not in word and "\n" not in word and not _may_name_alone(word, acr):
            continue  # one capitalised word that cannot name a body on its own ("The", "Jo")
        toks = [(m.start() + t.start(), m.start() + t.end(), t.group()) for t in _TOKEN.finditer(word)]
        for seg in _bounded(_line_segments(text, toks)):
            hits.extend(_chunk_hits(text, seg, acr, offset))
            if hits:
                done = max(done, hits[-1][1] - offset)
    if board:
        cls = classify(board)
        last = board.split()[-1].lower() if board.split() else ""
        for m in re.finditer(r"\b[Tt]he (Board|Partnership|Panel|Committee|Group)\b(?![ ]+[A-Z])", text):
            if cls and m.group(1).lower() == last:
                hits.append((m.start() + offset, m.end() + offset, cls[0], board, dict(cls[1])))
        hits.sort(key=lambda h: h[0])
    return hits


@lru_cache(maxsize=65536)
def _may_name_alone_cached(word: str) -> bool:
    v = vocab()
    low = word.lower().strip("'’")
    return (word.rstrip("sS").isupper() or low in v["_national"] or _head(word) in v["board_heads"]
            or _head(word) in v["_org_heads"] or low in v["abbreviations"] or not word.isalpha())


def _may_name_alone(word: str, acr: dict[str, str]) -> bool:
    """Whether a lone capitalised word may be (or stand for) a body name: an acronym, a national
    body, a body word, or a word the document defined."""
    return word in acr or _may_name_alone_cached(word)


def _line_segments(text: str, toks: list[Tok]) -> list[list[Tok]]:
    """A run may go on across a markdown hard break ("  \\n") only where the line before
    does not already end a name: "OFFICE OF THE POLICE AND CRIME / COMMISSIONER" is one
    name, "Northshire Police / Eastvale Borough Council" two."""
    out: list[list[Tok]] = [[]]
    for i, t in enumerate(toks):
        if i and "\n" in text[toks[i - 1][1]:t[0]]:
            prev = toks[i - 1][2]
            ends_name = _head(prev) in vocab()["board_heads"] or _head(prev) in vocab()["_org_heads"]
            acronym = prev.isupper() and len(prev) <= 5 and not text[toks[0][0]:toks[i - 1][1]].isupper()
            if (ends_name and not _lone_head(text, toks[i:])) or acronym or _line_starts_body(text, out[-1], toks[i:]):
                out.append([])
        out[-1].append(t)
    return [seg for seg in out if seg]


def _lone_head(text: str, after: list[Tok]) -> bool:
    """Whether the next line holds only a body word ("Strategic  / Partnership  / Board"): the
    name goes on, the line before did not end it."""
    one = after[0]
    alone = len(after) == 1 or "\n" in text[one[1]:after[1][0]]
    return alone and _head(one[2]) in vocab()["board_heads"]


def _line_starts_body(text: str, before: list[Tok], after: list[Tok]) -> bool:
    """Whether a new line opens a body of its own rather than going on with the line before: in a
    contact block a job title is followed by its organisation ("Strategic Lead Public Health /
    Eastvale Borough Council"). True when the line before does not end on a joining word and the
    new line names a body with its place, or the line before holds a post word."""
    if not before or before[-1][2].lower() in _JOINS:
        return False
    nxt = after
    for j in range(1, len(after)):
        if "\n" in text[after[j - 1][1]:after[j][0]]:
            nxt = after[:j]
            break
    body = _cut_to_body(text, _trim_left(nxt))
    if not body or len(body) < 2:
        return False
    if _has_place(_name(text, body)):
        return True
    post = vocab()["_post"]
    return any(t[2].lower().strip("'’") in post for t in before)


_LOWER_WORD = quick(r"(?<![\w'’-])[a-z][a-z'’-]*")  # (quick: the look-behind is tried only before a-z)


@lru_cache(maxsize=8)
def _lower_words(text: str) -> frozenset[str]:
    """The words a text writes in lower case (one pass per text; str hashes are cached, so a
    look-up with the same text is cheap)."""
    return frozenset(_LOWER_WORD.findall(text))


def _split_people(text: str, toks: list[Tok], acr: dict[str, str]) -> list[list[Tok]]:
    """Cut people's names out of a run where a flattened attendance list or table has joined them
    to bodies ("Cllr Jo Bloggs Eastvale Borough Council Sam Smith Westshire Police"): a name is
    looked for at the start of the run and after each body word, and taken out only when a body
    follows it ("Joseph Bloggs Foundation" stays whole) and the text never writes its first word in
    lower case ("Young Futures Prevention Panel" is no person's). Two bodies named one after the other, the
    second with its place ("Eastvale Borough Council Westby District Council"), are cut apart too.

    >>> [h[3] for h in find_bodies("Cllr Jo Bloggs Eastvale Borough Council Westby District Council")]
    ['Eastvale Borough Council', 'Westby District Council']
    """
    if len(toks) < 3:
        return [toks]
    v = vocab()
    heads = v["_heads"]
    stop = v["_stop"]
    for p in range(len(toks) - 1):
        after_item = bool(p) and toks[p - 1][2].lower() in v["item_words"]  # "X Update Westby Council"
        if p and _head(toks[p - 1][2]) not in heads and not is_acronym_word(toks[p - 1][2]) and not after_item:
            continue
        if p and toks[p][2].lower() not in _JOINS and (_head(toks[p - 1][2]) in heads or after_item):
            # "Eastvale Borough Council Westby District Council": a body with its place right after
            # a whole body starts a new name
            nxt = _cut_to_body(text, toks[p:])
            before = _cut_to_body(text, toks[:p])
            if nxt and nxt[0] is toks[p] and _has_place(_name(text, nxt)) and (before and len(before) == p
                                                                              or after_item):
                return [toks[:p]] + _split_people(text, toks[p:], acr)
        q = p
        while q < len(toks) and toks[q][2].lower() in stop:
            q += 1  # "Councillor", "Cllr" before the name
        for k in (2, 3):
            rest = toks[q + k:]
            if not rest or rest[0][2].lower() in _JOINS:
                continue
            words = [t[2] for t in toks[q:q + k]]
            if any(w.lower() in _JOINS or _head(w) in heads or is_acronym_word(w) for w in words):
                continue
            first = _cut_to_body(text, rest)
            if first and not (_has_place(_name(text, first)) or _name(text, first).lower() in v["_national"]):
                first = None  # only a body that names its place (or a national one) shows where a name ends
            if not first and _lookup(rest[0][2], acr, v["generic_acronyms"]):
                first = [rest[0]]
            if first and first[0] is rest[0] and words[0].lower() not in _lower_words(text) and _is_person(words):
                return ([toks[:p]] if p else []) + _split_people(text, rest, acr)
    return [toks]


def _chunk_hits(text: str, toks: list[Tok], acr: dict[str, str], offset: int) -> list[BodyHit]:
    """Body hits in one run of capitalised words."""
    hits: list[BodyHit] = []
    for seg in (s for piece in _split_people(text, toks, acr) for s in _comma_segments(piece, text)):
        for part in _split_and(text, _trim_left(seg), acr):
            part = _trim_left(_after_post(_trim_left(part)))
            if not part:
                continue
            hit = _resolve_part(text, part, acr)
            if hit is None:
                continue
            s, e, label, name, props = hit
            hits.append((s + offset, e + offset, label, name, props))
    return hits


def _expand(part: list[Tok], acr: dict[str, str]) -> str | None:
    """The name with known body acronyms written out ("SSB Executive" -> "Safer Streets
    Board Executive"), or None when the part holds no known acronym."""
    generic = vocab()["generic_acronyms"]
    abbrev = vocab()["abbreviations"]
    words = [t[2] for t in part]
    out: list[str] = []
    changed, skip = False, 0
    for i, w in enumerate(words):
        if skip:
            skip -= 1
            continue
        full = _lookup(w, acr, generic)
        if full and classify(full):
            fw = full.split()
            nxt = [x.lower() for x in words[i + 1:i + 1 + len(fw)]]
            if nxt == [x.lower() for x in fw]:
                changed = True
                continue  # "JAG Joint Action Group": the name follows its acronym
            out.append(full)
            changed = True
            if i + 1 < len(words) and _head(words[i + 1]) == _head(fw[-1]):
                skip = 1  # "Youth JAG Group": the body word is already in the expansion
        elif w.lower() in abbrev:
            out.append(abbrev[w.lower()])
            changed = True
        else:
            out.append(w)
    if not changed:
        return None
    return re.sub(r" ([,])", r"\1", " ".join(out))


def _lookup(word: str, acr: dict[str, str], generic: dict[str, str]) -> str | None:
    """The full name of an acronym, also in the plural ("MARACS" -> "... Conferences")."""
    if not (word[:1].isupper() and word.rstrip("sS").isupper() and len(word) > 1):
        return acr.get(word)
    for table in (acr, generic):
        if word in table:
            return table[word]
    if word[-1] in "sS":
        for table in (acr, generic):
            full = table.get(word[:-1])
            if full:
                return full if full.endswith("s") else full + "s"
    return None


def _resolve_part(text: str, part: list[Tok], acr: dict[str, str]) -> BodyHit | None:
    v = vocab()
    raw = _name(text, part)
    heads = v["_heads"]
    last = part[-1][2]
    if len(part) > 1 and _head(last) not in heads and last.lower() not in v["abbreviations"] \
            and not _lookup(last, acr, v["generic_acronyms"]):
        # "OPCC Commissioning Framework", "OPCC Recruitment": words after a body's acronym that end
        # in no body word name something of the body's, so the body is the acronym alone
        w = part[0][2]
        if is_acronym_word(w) and classify(_lookup(w, acr, v["generic_acronyms"]) or ""):
            part = part[:1]
            raw = w
    full = _expand(part, acr)
    if full:
        cls = classify(full)
        if cls:
            props = dict(cls[1])
            props["aliases"] = [_strip_possessive(raw)]
            return part[0][0], part[-1][1], cls[0], _strip_possessive(_smart_title(full)), props
    if len(part) > 2 and part[0][2].endswith(("'s", "’s")) and part[0][2][:-2].isupper() \
            and not classify(acr.get(part[0][2][:-2], "")):
        part = part[1:]  # "NV's Safety Partnership": the area's partnership
    body = _cut_to_body(text, part)
    if body is None:
        return None
    start, end = body[0][0], body[-1][1]
    name = _strip_possessive(_smart_title(_name(text, body)))
    if name.lower() in v["_not"]:
        return None
    cls = classify(name)
    if cls is None:
        return None
    label, props = cls[0], dict(cls[1])
    nat = v["_national"].get(name.lower())
    if nat:
        name = nat[0]
        extra = v.get("national_aliases", {}).get(name)
        if extra:
            props["aliases"] = list(props.get("aliases") or []) + list(extra)
    d = _ACRO_DEF.match(text, end)
    if d and _acronym_fits(d.group(1), name):
        a = d.group(1)
        acr.setdefault(a, name)
        props["aliases"] = [a]
        end = d.end()
        # "Police and Crime Commissioner (PCC) for Westmoor": the place after the bracket belongs to the name
        fm = re.match(r"[ ]+for[ ]+([A-Z][\w'’-]*(?:[ ]+(?:and[ ]+)?[A-Z][\w'’-]*){0,3})", text[end:end + 60])
        if fm and label == "Organisation":
            short = name
            name = f"{name} for {fm.group(1)}"
            end += fm.end()
            if acr.get(a) == short:
                acr[a] = name
        # "Safer Streets Board (SSB) Executive": the body word after the bracket extends the name
        nxt = re.match(r"[ ]+([A-Z][a-z]+)\b", text[end:end + 30])
        if nxt and _head(nxt.group(1)) in v["board_heads"]:
            name = f"{name} {nxt.group(1)}"
            sub = classify(name)
            if sub:
                label, props = sub[0], {**sub[1], "aliases": [f"{a} {nxt.group(1)}"]}
                end += nxt.end()
    return start, end, label, name, props


def _acronym_fits(acro: str, name: str) -> bool:
    """Whether ``acro`` plausibly abbreviates ``name``: its letters are initials in order.

    >>> _acronym_fits("OPCC", "Office of the Police and Crime Commissioner")
    True
    >>> _acronym_fits("XYZ", "Safer Streets Board")
    False
    """
    letters = [c.lower() for c in acro if c.isalpha() and c.isupper()]
    initials = [w[0].lower() for w in re.findall(r"[A-Za-z][A-Za-z'’\-]*", name)]
    if not letters or not initials:
        return False
    # the acronym may leave out a leading place name ("Northshire Violence Reduction Unit (VRU)")
    for skip in range(0, min(3, len(initials))):
        if _initials_fit(letters, initials[skip:]):
            return True
    return False


def _initials_fit(letters: list[str], initials: list[str]) -> bool:
    if not initials or letters[0] != initials[0]:
        return False
    i = 0
    for c in letters:
        while i < len(initials) and initials[i] != c:
            i += 1
        if i == len(initials):
            return False
        i += 1
    return True


def record_acronyms(text: str, acronyms: dict[str, str]) -> None:
    """Record every "Capitalised Name (ACR)" definition in ``text``, body or not
    ("Northvale and Eastvale (N&E)"), so that later rules can write acronyms out.

    >>> a = {}
    >>> record_acronyms("across Northvale, Eastvale and Westvale (NEW) partners", a)
    >>> a
    {'NEW': 'Northvale, Eastvale and Westvale'}
    """
    for m in re.finditer(r"\\?\(([A-Z][A-Za-z&]{1,9})\\?\)", text):
        before = text[max(0, m.start() - 200):m.start()].rstrip()
        chunks = list(_CHUNK.finditer(before))
        if not chunks or chunks[-1].end() != len(before):
            continue
        words = [t.group() for t in _TOKEN.finditer(chunks[-1].group())]
        acro = m.group(1)
        # take the shortest tail of the run whose initials fit the acronym
        for k in range(len(words) - 1, -1, -1):
            if words[k].lower() in _JOINS:
                continue
            cand = " ".join(words[k:]).replace(" ,", ",")
            if _acronym_fits(acro, cand) and len(re.findall(r"[A-Z]", acro)) <= len(words) - k:
                acronyms.setdefault(acro, cand)
                break


def initials(name: str) -> str:
    """The initials of a name's capitalised words, joining words left out.

    >>> initials("Office of the Police and Crime Commissioner")
    'OPCC'
    """
    return "".join(w[0] for w in _TOKEN.findall(name) if w.lower() not in _JOINS and w[0].isupper())


_BARE_ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")  # two letters ("IT", "HO") are too often something else


def _in_spans(pos: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def infer_acronyms(text: str, names: Iterable[str], acronyms: dict[str, str]) -> set[str]:
    """Acronyms the paper uses without defining them, where exactly one body it names has those
    initials ("Kent County Council ... KCC"); added to ``acronyms``. Returns the ones added.

    >>> a = {}
    >>> infer_acronyms("Northshire County Council leads. NCC agreed.", ["Northshire County Council"], a), a
    ({'NCC'}, {'NCC': 'Northshire County Council'})
    """
    by_initials: dict[str, set[str]] = {}
    for n in set(names):
        # the name, and the bodies its head words name ("Westby Community Safety Partnership" of
        # "Westby Community Safety Partnership Working Group")
        words = n.split()
        for k in range(len(words), 1, -1):
            part = " ".join(words[:k])
            if k < len(words) and (words[k - 1].lower() in _JOINS or classify(part) is None):
                continue
            ini = initials(part)
            if len(ini) >= 2:
                by_initials.setdefault(ini, set()).add(part)
    if not by_initials:
        return set()
    generic = vocab()["generic_acronyms"]
    added: set[str] = set()
    for tok in set(_BARE_ACRONYM.findall(text)):
        got = by_initials.get(tok)
        if got and len(got) == 1 and tok not in acronyms and tok not in generic:
            acronyms[tok] = next(iter(got))
            added.add(tok)
    return added


def guess_board(text: str) -> str | None:
    """The document's own board when no other rule has set it: the first Board named
    in the opening lines (the title of an agenda pack or report).

    >>> guess_board("NORTHSHIRE SAFER STREETS BOARD\\n\\n1 May 2026\\n")
    'Northshire Safer Streets Board'
    """
    head = "\n".join(text.split("\n", 40)[:40])
    furniture = "|".join(re.escape(w) for w in vocab().get("page_furniture") or [])
    if furniture:  # blanked, not removed: offsets of the names found stay those of the text
        head = re.sub(rf"(?i)\b(?:{furniture})\b", lambda m: " " * len(m.group(0)), head)
    for hit in find_bodies(head):
        if hit[2] == "Board":
            return hit[3]
    return None


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 12):pos]
    return bool(re.search(r"(^|\n|[.!?:;]\s|[-*•◦#>|\t]\s*|\*\*|\d[.)]\s)\s*$", before)) or pos == 0


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether ``pos`` opens a sentence, perhaps after a leading word left out of names ("Our
    Future Safety Service ...": "Future" opens it).

    >>> _opens_sentence("Done. Our Future Service is new.", 10)
    True
    """
    if _at_sentence_start(text, pos):
        return True
    m = re.search(r"([A-Z][a-z]+)[ ]+$", text[max(0, pos - 20):pos])
    if m is None:
        return False
    return m.group(1).lower() in vocab()["_stop"] and _at_sentence_start(text, pos - len(m.group(0)))


@lru_cache(maxsize=8)
def word_counts(text: str) -> Counter[str]:
    """How often ``text`` writes each word, in the case written (one pass per text, shared by the
    rules that ask; read only).

    >>> c = word_counts("Safety first. Plan for safety, safety always")
    >>> c["Safety"], c["safety"], c["Board"]
    (1, 2, 0)
    """
    return Counter(re.findall(r"(?<![A-Za-z])[A-Za-z][a-z'’\-]+", text))


@lru_cache(maxsize=8)
def _mid_index(text: str) -> tuple[dict[str, list[int]], dict[str, set[int]]]:
    """:func:`_mid_sentence_starts` of ``text`` and the same as sets (once per text; read only)."""
    mid = _mid_sentence_starts(text)
    return mid, {w: set(ps) for w, ps in mid.items()}


def _mid_sentence_starts(text: str) -> dict[str, list[int]]:
    """Where each capitalised word follows a lower-case word or a comma ("use Safety Groups"),
    by word: one pass over the text, so that a name's mid-sentence uses are looked up, not searched.

    >>> _mid_sentence_starts("Use Safety Groups. we use Safety Groups, Safety Plans")["Safety"]
    [4, 26, 41]
    """
    out: dict[str, list[int]] = {}
    for m in re.finditer(r"(?<=[a-z,])[ ]+([A-Z][\w'’\-]*)", text):
        out.setdefault(m.group(1), []).append(m.start(1))
    return out


def tidy_hits(text: str, hits: list[BodyHit]) -> list[BodyHit]:
    """Document-level clean-up of :func:`find_bodies` hits.

    * A capitalised opening word of a sentence or bullet that the document otherwise
      writes in lower case is not part of the name ("Use Joint Action Groups ..."), nor is
      such a word in front of an acronym ("a Good MARAC").
    * A plural name becomes the singular the document also uses ("Joint Action Groups"
      -> "Joint Action Group", the plural kept as an alias).

    >>> t = "Use Safety Groups to help. We use it and use the Safety Group."
    >>> [h[3] for h in tidy_hits(t, find_bodies(t))]
    ['Safety Group', 'Safety Group']
    """
    counts = word_counts(text)
    mid, mid_sets = _mid_index(text)
    mid_uses: dict[str, int] = {}  # name -> how often it follows a lower-case word (once per name)

    def used_mid_sentence(name: str, first: str, start: int) -> bool:
        if name not in mid_uses:
            mid_uses[name] = sum(1 for p in mid.get(first, ()) if text.startswith(name, p))
        own = 1 if start in mid_sets.get(first, ()) and text.startswith(name, start) else 0
        return mid_uses[name] - own > 0

    out: list[BodyHit] = []
    for start, end, label, name, props in hits:
        words = name.split()
        first = words[0]
        span_words = text[start:end].split()
        before_acronym = len(span_words) > 1 and is_acronym_word(span_words[1].rstrip("'’s,"))
        bare = first.strip(",.;:'’")
        if (len(words) > 2 and bare == first and first[:1].isupper() and first[1:].islower()
                and 0 < counts[first.lower()] and counts[first.lower()] >= counts[first]
                and (before_acronym
                     or _opens_sentence(text, start)
                     and not used_mid_sentence(name, first, start))):
            rest = " ".join(words[1:])
            skip = len(first) + 1
            if rest.startswith("the ") and text[start + skip:start + skip + 4] == "the ":
                rest, skip = rest[4:], skip + 4  # "Supporting the Police and Crime Commissioner"
            cls = classify(rest)
            span = text[start:end]
            if cls and rest.split()[0].lower() not in _JOINS and span.startswith(first + " "):
                start = start + skip
                kept = {"aliases": [a[len(first) + 1:] if a.startswith(first + " ") else a
                                    for a in props["aliases"]]} if "aliases" in props else {}
                label, name, props = cls[0], rest, {**cls[1], **kept}
        out.append((start, end, label, name, props))
    names = {h[3] for h in out}
    final: list[BodyHit] = []
    for start, end, label, name, props in out:
        for sing in (name[:-1], name[:-3] + "y" if name.endswith("ies") else ""):
            if name.endswith("s") and sing and sing in names:
                props = {**props, "aliases": list(props.get("aliases") or []) + [name]}
                name = sing
                break
        final.append((start, end, label, name, props))
    return final


def is_generic(name: str, label: str) -> bool:
    """Whether an organisation name names a kind of body ("District Councils", "Local
    Authority", "NHS Trusts") rather than one body.

    >>> is_generic("Borough Councils", "Organisation"), is_generic("Eastvale Borough Council", "Organisation")
    (True, False)
    """
    if name in vocab()["_national"] or name.lower() in vocab()["_national"]:
        return False
    words = _words(name)
    if label == "Board":  # "Community Groups", "Local Partnership": only the kind of body
        qual = set(vocab()["generic_qualifiers"])
        return len(words) > 1 and all(w in qual for w in words[:-1])
    if label != "Organisation":
        return False
    if len(words) > 1 and words[-1].endswith("s") and _head(words[-1]) != words[-1] and not name.isupper():
        return True  # a plural: a category of organisations
    if len(words) > 1 and words[-1] in vocab()["plural_kinds"]:
        return True  # "the Northshire Local Authorities": several bodies of one kind, no one body
    qual = set(vocab()["generic_qualifiers"])
    return len(words) > 1 and all(w in qual for w in words[:-1])


def _has_place(name: str) -> bool:
    """Whether a body name already starts with its area: a word before an area ending such as
    "Borough Council" or "Police" ("Eastvale Borough Council"), so that no longer name can be
    the same body with its place added ("Public Health Eastvale Borough Council" is not).

    >>> _has_place("Eastvale Borough Council"), _has_place("Youth Justice Service")
    (True, False)
    """
    low = " ".join(_words(name))
    for suffix in vocab()["area_suffixes"]:
        if low.endswith(" " + suffix) and low[: -len(suffix) - 1].split()[-1:] not in (["the"], []):
            head = low[: -len(suffix) - 1].split()
            if head and head[0] not in vocab()["generic_qualifiers"]:
                return True
    return False


def unify_names(labels: dict[str, str], acronyms: dict[str, str] | None = None,
                ambiguous: dict[str, list[str]] | None = None) -> dict[str, str]:
    """Within one document, the fuller name of each body named in a shorter or variant form
    (``labels`` maps each name to its label; the result maps a name to the name it stands for):

    * a body named without its place ("Youth Justice Service") is the one body named with it
      ("Westmoor Youth Justice Service"), or the one named "... for <place>" (also when the place
      is written first: "Westmoor Police and Crime Commissioner"); boards named as a
      kind ("Community Safety Partnership", one in every district) are left alone;
    * a name with an abbreviated word ("Wmoor. Fire & Rescue Service") or an acronym for some of
      its words ("CAMHS VR Team") is the one name that writes them out;
    * a name without a council's tier word ("Westmoor Council") is the one name with it
      ("Westmoor County Council"); "Youth and Justice Service" is "Youth Justice Service";
    * "National <national body>" is the national body ("National Probation Service"), "Providers
      of <body>s" the body, and a bare acronym the name the document (or common usage) gives it.

    A short name that fits several fuller ones is left alone; with ``ambiguous`` given, it is
    recorded there with its candidates.

    >>> sorted(unify_names({"Youth Justice Service": "Organisation", "Westmoor Youth Justice Service": "Organisation",
    ...                     "Wmoor. Fire & Rescue Service": "Organisation",
    ...                     "Westmoor Fire and Rescue Service": "Organisation"}).values())
    ['Westmoor Fire and Rescue Service', 'Westmoor Youth Justice Service']
    """
    v = vocab()
    acr = {**v["generic_acronyms"], **(acronyms or {})}
    generic = set(v["generic_acronyms"].values())
    names = set(labels)
    by_key: dict[str, str] = {}
    for n in sorted(names, key=lambda n: (len(n.split()), n)):
        by_key.setdefault(_nkey(n), n)
    # index every name by its tails, by what comes before " for ", by its shape and by its loose
    # key, so that each name looks its fuller forms up instead of scanning every name
    by_tail: dict[str, set[str]] = {}
    by_shape: dict[tuple[int, str], set[str]] = {}
    by_last: dict[str, set[str]] = {}
    by_loose: dict[str, set[str]] = {}
    by_swap: dict[str, set[str]] = {}
    for n in names:
        words = _loose(n).split()
        for k in range(1, min(len(words), 6)):
            by_tail.setdefault(" ".join(words[k:]), set()).add(n)
        for m in re.finditer(r" for ", _nkey(n)):
            if len(_nkey(n)[m.end():].split()) + 1 <= 5:
                by_tail.setdefault("for:" + _nkey(n)[:m.start()], set()).add(n)
        folded = _fold_words(n)
        by_shape.setdefault((len(folded), folded[-1] if folded else ""), set()).add(n)
        by_last.setdefault(folded[-1] if folded else "", set()).add(n)
        by_loose.setdefault(_loose(n), set()).add(n)
        fm = re.match(r"(.+?) for ((?:[A-Z][\w'’-]*(?: and | & | )?){1,4})$", n)
        if fm:  # "Police and Crime Commissioner for Westmoor" is also "Westmoor Police and Crime Commissioner"
            by_swap.setdefault(_loose(f"{fm.group(2)} {fm.group(1)}"), set()).add(n)
    tiers = v["_tiers"]
    out: dict[str, str] = {}
    for name in sorted(names):
        label = labels[name]
        words = name.split()
        key = _nkey(name)
        if key in by_key and by_key[key] != name:
            out[name] = by_key[key]  # "Police & Crime Commissioner" is "Police and Crime Commissioner"
            continue
        full = _variant_of(name, words, names, by_shape, by_last, by_loose, acr, tiers)
        swapped = sorted(by_swap.get(_loose(name), set()) - {name})
        if not full and len(swapped) == 1:
            full = swapped[0]
        if full:
            out[name] = full
            continue
        if (label == "Board" and name in generic) or len(words) < 2 or _has_place(name) \
                or name.lower() in v["_national"]:
            continue  # a national body named on its own is itself
        loose = _loose(name).split()
        longer = [n for n in by_tail.get(" ".join(loose), ()) if _is_place(_prefix_before(n, loose))]
        # "Police and Crime Commissioner" -> "Police and Crime Commissioner for Westmoor"
        longer += sorted(by_tail.get("for:" + key, ()))
        if len(longer) == 1:
            out[name] = longer[0]
        elif longer and ambiguous is not None:
            ambiguous[name] = sorted(longer)  # the caller may choose by position in the text
    # two names mapped to each other: keep the first (in sorted order) as the target
    for name in sorted(out):
        if out.get(out.get(name, "")) == name:
            del out[out[name]]
    # "A" -> "B" and "B" -> "C": A is C
    for name in list(out):
        seen = {name}
        while out[name] in out and out[name] not in seen:
            seen.add(out[name])
            out[name] = out[out[name]]
    return {k: v for k, v in out.items() if k != v}


def _variant_of(name: str, words: list[str], names: set[str], by_shape: dict[tuple[int, str], set[str]],
                by_last: dict[str, set[str]], by_loose: dict[str, set[str]], acr: dict[str, str],
                tiers: set[str]) -> str | None:
    """The one other name of the document that ``name`` is a variant spelling of (see
    :func:`unify_names`), or None."""
    v = vocab()
    if len(words) == 1 and is_acronym_word(name):
        full = acr.get(name)
        return full if full in names else None
    other = [a for a in v.get("national_aliases", {}).get(name, []) if a in names and len(a) > len(name)]
    if other:
        return str(other[0])  # "Government" is "HM Government" where the document names both
    if len(words) >= 2 and words[0].lower() == "national":
        nat = v["_national"].get(" ".join(words[1:]).lower())
        if nat and nat[0] != name:
            return str(nat[0])
    m = re.match(r"(?:the\s+)?(\w+)\s+of\s+(?:the\s+)?(.+)$", name, re.I)
    if m and m.group(1).lower() in v["member_plurals"]:
        rest = m.group(2)
        for cand in (rest, rest[:-1] if rest.endswith("s") else rest):
            nat = v["_national"].get(cand.lower())
            if cand in names or nat:
                return str(nat[0]) if nat else cand
    folded = _fold_words(name)
    last = folded[-1] if folded else ""
    if any(w.endswith(".") and len(w) > 2 for w in words[:-1]):
        cands = [n for n in by_shape.get((len(folded), last), ()) if n != name and _abbreviates(folded, _fold_words(n))]
        if len(cands) == 1:
            return cands[0]
    if any(is_acronym_word(w) for w in words[:-1]) and len(words) >= 2:
        cands = [n for n in by_last.get(last, ()) if n != name and _acronym_inside(folded, words, _fold_words(n))]
        if len(cands) == 1:
            return cands[0]
    if len(folded) >= 2 and folded[-1] in ("council", "councils"):
        cands = [n for n in by_last.get(last, ()) if n != name and len(_fold_words(n)) == len(folded) + 1
                and _fold_words(n)[-2] in tiers and _fold_words(n)[:-2] == folded[:-1]]
        if len(cands) == 1:
            return cands[0]
    for a, b in v["same_heads"]:  # "Westmoor Police" is "Westmoor Constabulary" where both are named
        if len(words) >= 2 and words[-1].lower() == a and " ".join(words[:-1] + [b.capitalize()]) in names:
            return " ".join(words[:-1] + [b.capitalize()])
    same = sorted(by_loose.get(_loose(name), set()) - {name}, key=lambda n: (len(n.split()), n))
    if same and (len(same[0].split()), same[0]) < (len(words), name):
        return same[0]  # "Youth and Justice Service" -> "Youth Justice Service"
    return None


def is_acronym_word(word: str) -> bool:
    """An acronym: capitals (perhaps a final "s"), at least two letters.

    >>> is_acronym_word("ACEs"), is_acronym_word("Team")
    (True, False)
    """
    w = word[:-1] if word.endswith("s") else word
    return len(w) >= 2 and w.isalpha() and w.isupper()


def _acronym_inside(short: list[str], raw: list[str], full: list[str]) -> bool:
    """Whether ``full`` is ``short`` with one acronym written out ("camhs aces team" ~ "camhs
    adverse childhood experiences team")."""
    for i, w in enumerate(raw[:-1]):
        if not is_acronym_word(w):
            continue
        tail = len(short) - i - 1
        if short[:i] != full[:i] or short[len(short) - tail:] != full[len(full) - tail:]:
            continue
        initials = "".join(x[0] for x in full[i:len(full) - tail] if x not in _JOINS)
        # "ACEs", "ACES": the plural "s" may be written in capitals too
        if initials and initials in (w.lower(), w[:-1].lower() if w[-1] in "sS" else ""):
            return True
    return False


def _prefix_before(full: str, bare: list[str]) -> str:
    """The words of ``full`` before the part that ``bare`` (a shorter name's :func:`_loose` words)
    spells, as written: "Westmoor" for "Youth Justice Service" in "Westmoor Youth and Justice
    Service"; "Office of the" for "Police Crime Commissioner" in "Office of the Police and Crime
    Commissioner" (not a place)."""
    words = _nkey(full).split()
    for i in range(len(words) - 1, 0, -1):
        if _loose(" ".join(words[i:])).split() == bare:
            return " ".join(words[:i])
    return ""


def _nkey(name: str) -> str:
    """A name with "&" as "and" and single spaces."""
    return " ".join(name.replace("&", " and ").split())


@lru_cache(maxsize=65536)
def _loose(name: str) -> str:
    """A name without joining words, hyphens or punctuation, lower case, words roughly stemmed:
    spellings that differ only there ("Youth and Justice Service", "Youth Justice Service";
    "Multi-Agency"/"Multi Agency"; "Strategic"/"Strategy") name one body."""
    low = name.lower().replace("’", "'").replace("'s", "").replace("-", "")
    return " ".join(_stem(w) for w in re.findall(r"[a-z0-9]+", low) if w not in ("and", "of", "the", "for"))


def _stem(word: str) -> str:
    """A rough stem, enough to tell "Strategic"/"Strategy" and "Conference"/"Conferences" apart
    from other words."""
    for suffix in ("ies", "ic", "y", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)]
    return word


def _is_place(words: str) -> bool:
    """Whether the words in front of a body name read as its place or parent body: one to five
    capitalised words, perhaps a list ("Northvale, Eastvale and Westvale", "Eastvale Borough
    Council"), no possessive and no joining word at either end."""
    ws = words.replace(",", " ").split()
    if not ws or len(ws) > 5 or ws[0].lower() in ("and", "&") or ws[-1].lower() in ("and", "&"):
        return False
    return all((w[:1].isupper() and not w.endswith(("'s", "’s"))) or w in ("and", "&") for w in ws)


def _fold_words(name: str) -> list[str]:
    """A name's words for comparing spellings: lower case, "&" as "and", a final "." kept
    (it marks an abbreviation)."""
    return [w for w in name.lower().replace("&", " and ").replace(",", " ").split() if w != "the"]


def _abbreviates(short: list[str], full: list[str]) -> bool:
    """Whether words ``short`` are words ``full`` with some written short ("wshire." for
    "westshire": same first letter, its letters in order)."""
    if len(short) != len(full):
        return False
    for a, b in zip(short, full, strict=True):
        if a == b:
            continue
        if not a.endswith(".") or b.endswith("."):
            return False
        a = a[:-1]
        if not a or a[0] != b[0] or len(a) >= len(b):
            return False
        it = iter(b)
        if not all(c in it for c in a):
            return False
    return True


def unify_bodies(hits: list[BodyHit]) -> list[BodyHit]:
    """Apply :func:`unify_names` to hits: the short form becomes an alias of the fuller name."""
    target = unify_names({h[3]: h[2] for h in hits})
    out: list[BodyHit] = []
    for s, e, label, name, props in hits:
        full = target.get(name)
        if full:
            props = {**props, "aliases": list(props.get("aliases") or []) + [name]}
            name = full
        out.append((s, e, label, name, props))
    return out


_SECTOR_REF = re.compile(r"\b[Tt]he\s+(force|Force|Constabulary|constabulary|police\s+force|"
                         r"police(?!\s+and\s+[Cc]rime)|Service|Commissioner|Council)\b"
                         r"(?![ ]+[A-Z]|[-\w])")
_REF_SECTOR = {"force": "policing", "constabulary": "policing", "police force": "policing", "police": "policing",
               "service": "fire", "commissioner": "commissioner", "council": "local_government"}


def _sector_refs(text: str, hits: list[BodyHit]) -> list[BodyHit]:
    """"The force", "the Constabulary", "the Commissioner", "the Council": the one organisation of that
    sector the document names most (at least three times in four), as a reference."""
    out: list[BodyHit] = []
    by_sector: dict[str, Counter[str]] = {}
    for h in hits:
        if h[2] == "Organisation" and h[4].get("sector"):
            by_sector.setdefault(h[4]["sector"], Counter())[h[3]] += 1
    ordered = sorted(hits, key=lambda h: h[0])
    starts = [h[0] for h in ordered]
    for m in _SECTOR_REF.finditer(text):
        word = " ".join(m.group(1).lower().split())
        sector = _REF_SECTOR[word]
        if word == "service" and sector not in by_sector:
            continue
        counts = by_sector.get(sector)
        if not counts:
            continue
        top = counts.most_common(2)
        name, n = top[0]
        if n * 2 < sum(counts.values()) or (len(top) > 1 and top[1][1] * 2 > n):
            continue
        i = bisect.bisect_left(starts, m.end())
        if any(h[0] < m.end() and m.start() < h[1] for h in ordered[max(0, i - 3):i]):
            continue  # part of a name ("The Force-wide Board")
        out.append((m.start(), m.end(), "Organisation", name, {"sector": sector, "ref": True}))
    return out


def _rename_bodies(ctx: Any, target: dict[str, str]) -> None:
    """Rename the Organisation/Board mentions and fact ends that earlier rules recorded under a
    name that :func:`unify_names` maps to a fuller one (the old name becomes an alias)."""
    if not target:
        return
    from kg.model import Ref

    def ref(r: Ref) -> Ref:
        return Ref(r.label, target[r.name]) if r.label in ("Organisation", "Board") and r.name in target else r

    for m in ctx.mentions:
        if m.label in ("Organisation", "Board") and m.name in target:
            if m.name not in m.aliases:
                m.aliases.append(m.name)
            m.name = target[m.name]
    ctx._mention_at = {(m.label, m.name, m.cite.line): m for m in reversed(ctx.mentions)}
    # a fact's end named only in the fact ("the Commissioner" in a governance line): the name it
    # was written with is an alias of the body it is renamed to, on that body's first mention
    first: dict[tuple[str, str], Any] = {}
    for m in ctx.mentions:
        first.setdefault((m.label, m.name), m)
    for f in ctx.facts:
        for r in (f.start, f.end):
            m = first.get((r.label, target.get(r.name, ""))) if r.label in ("Organisation", "Board") else None
            if m is not None and r.name not in m.aliases:
                m.aliases.append(r.name)
    for f in ctx.facts:
        f.start, f.end = ref(f.start), ref(f.end)
    ctx.facts[:] = [f for f in ctx.facts if f.start != f.end]


@lru_cache(maxsize=1)
def _department_at_pattern() -> re.Pattern[str]:
    words = sorted(vocab()["department_words"], key=len, reverse=True)
    alts = "|".join(" ".join(re.escape(w[:1].upper() + w[1:]) for w in d.split()) for d in words)
    return re.compile(rf"(?<![\w'’-])({alts})[ ]+at[ ]+(?:the[ ]+)?")


def _departments_at(text: str, hits: list[BodyHit]) -> list[BodyHit]:
    """"Public Health at Eastvale County Council": the council's department, named as
    "Eastvale County Council Public Health" (the written form an alias).

    >>> t = "Public Health at Eastvale County Council have funded a post."
    >>> [(h[3], h[4]["aliases"]) for h in _departments_at(t, find_bodies(t))]
    [('Eastvale County Council Public Health', ['Public Health at Eastvale County Council'])]
    """
    by_start = {h[0]: h for h in hits if h[2] == "Organisation"}
    out: list[BodyHit] = []
    for m in _department_at_pattern().finditer(text):
        h = by_start.get(m.end())
        if h is None or not _has_place(h[3]):
            continue
        dept = m.group(1)
        sector = vocab()["department_words"].get(dept.lower(), "other")
        out.append((m.start(), h[1], "Organisation", f"{h[3]} {dept}",
                    {"sector": sector, "aliases": [f"{dept} at {h[3]}"]}))
    return out


@lru_cache(maxsize=1)
def _department_pattern() -> re.Pattern[str]:
    words = sorted(vocab()["department_words"], key=len, reverse=True)
    alts = "|".join(" ".join(re.escape(w[:1].upper() + w[1:]) for w in d.split()) for d in words)
    return re.compile(rf"(?<![\w'’-])({alts})(?![\w'’-]| [A-Z])")


def _departments_in_lists(text: str, hits: list[BodyHit]) -> list[BodyHit]:
    """A department named on its own in a list of bodies ("... include Westby Police, Public
    Health and the Youth Justice Service"): an Organisation. Only next to another body in the
    same list, so that "the Director of Public Health" or "public health outcomes" name none.

    >>> t = "Partners include Westby Police, Public Health and the Westby Youth Justice Service."
    >>> [h[3] for h in _departments_in_lists(t, find_bodies(t))]
    ['Public Health']
    """
    ordered = sorted(hits, key=lambda h: h[0])
    starts = [h[0] for h in ordered]
    out: list[BodyHit] = []
    for m in _department_pattern().finditer(text):
        i = bisect.bisect_left(starts, m.start())
        if i < len(ordered) and ordered[i][0] < m.end() or i and ordered[i - 1][1] > m.start():
            continue  # part of a longer name
        before = ordered[i - 1] if i else None
        after = ordered[i] if i < len(ordered) else None
        near_before = before is not None and re.fullmatch(r",\s*(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?",
                                                          text[before[1]:m.start()]) is not None
        near_after = after is not None and re.fullmatch(r",\s*(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?",
                                                        text[m.end():after[0]]) is not None
        if near_before or near_after:
            dept = m.group(1)
            out.append((m.start(), m.end(), "Organisation", dept,
                        {"sector": vocab()["department_words"].get(dept.lower(), "other")}))
    return out


def _nearest_fuller(hits: list[BodyHit], ambiguous: dict[str, list[str]]) -> list[BodyHit]:
    """A short name that fits several fuller ones ("the Partnership Board" after "the Westby Youth
    Partnership Board") stands for the one named last before it; before any, it stays as it is.

    >>> h = [(0, 5, "Board", "Westby Youth Partnership Board", {}), (9, 12, "Board", "Partnership Board", {}),
    ...      (20, 25, "Board", "Eastvale Safety Partnership Board", {}), (30, 33, "Board", "Partnership Board", {})]
    >>> [x[3].split()[0] for x in _nearest_fuller(h, {"Partnership Board": ["Eastvale Safety Partnership Board",
    ...                                                                 "Westby Youth Partnership Board"]})]
    ['Westby', 'Westby', 'Eastvale', 'Eastvale']
    """
    if not ambiguous:
        return hits
    # for each short name, the short names a fuller name may stand behind ...
    shorts: dict[str, list[str]] = {}
    for short, cands in ambiguous.items():
        for c in set(cands):
            shorts.setdefault(c, []).append(short)
    # ... so that the fuller name named last is kept as the text is read, not looked for among
    # all the candidates at each short name (many in a long paper)
    latest: dict[str, tuple[int, str]] = {}  # short name -> (offset, fuller name) named last
    out: list[BodyHit] = []
    for s, e, label, name, props in sorted(hits, key=lambda h: h[0]):
        if ambiguous.get(name) and name in latest:
            props = {**props, "aliases": list(props.get("aliases") or []) + [name]}
            name = latest[name][1]
        for short in shorts.get(name, ()):
            latest[short] = max(latest.get(short, (s, name)), (s, name))
        out.append((s, e, label, name, props))
    return out


_OFFICE_OF = re.compile(r"^(?:the\s+)?office\s+of\s+the\s+(.*\bcommissioner\b.*)$", re.I)


def unify_document(ctx: Any) -> None:
    """Last step of a document: every Organisation/Board name any rule recorded is mapped to the
    fuller name of the same body (:func:`unify_names`), so that one body is one name per document.
    The document's own board keeps its name."""
    labels: dict[str, str] = {}
    for m in ctx.mentions:
        if m.label in ("Organisation", "Board"):
            labels.setdefault(m.name, m.label)
    for f in ctx.facts:
        for r in (f.start, f.end):
            if r.label in ("Organisation", "Board"):
                labels.setdefault(r.name, r.label)
    own = {ctx.paper.own_board, ctx.paper.board} | set(ctx.paper.acronyms.values())  # as in run()
    _rename_bodies(ctx, {k: v for k, v in unify_names(labels, ctx.paper.acronyms).items() if k not in own})


_THE_KIND = re.compile(r"[Tt]he (Board|Partnership|Panel|Committee|Group)$")


def run(ctx: Any) -> None:
    """Rule: record every body named in the document as a Board/Organisation mention.

    Leaves ``ctx.paper.bodies`` (all hits, by offset) and ``ctx.paper.acronyms``
    for the governance, money and plan rules."""
    text = ctx.doc.text
    acr: dict[str, str] = ctx.paper.acronyms
    record_acronyms(text, acr)
    board = ctx.paper.board or guess_board(text)
    ctx.paper.own_board = board
    raw = find_bodies(text, acr, board)
    hits = [h for h in tidy_hits(text, raw) if not is_generic(h[3], h[2])]
    new = infer_acronyms(text, [h[3] for h in hits], acr)
    if new:  # "SCC" of "Surrey County Council": the lines that use one are read again
        used = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(new)) + r")\b")
        spans = sorted({(text.rfind("\n", 0, m.start()) + 1, (text.find("\n", m.end()) + 1 or len(text) + 1) - 1)
                        for m in used.finditer(text)})
        starts = [a for a, _ in spans]
        raw = [h for h in raw if not _in_spans(h[0], starts, spans)]
        for a, b in spans:
            raw.extend(find_bodies(text[a:b], acr, board, offset=a))
        raw.sort(key=lambda h: h[0])
        hits = [h for h in tidy_hits(text, raw) if not is_generic(h[3], h[2])]
    hits = sorted(hits + _departments_at(text, hits), key=lambda h: h[0])
    hits = sorted(hits + _departments_in_lists(text, hits), key=lambda h: h[0])
    # one name map for the whole document: bodies that earlier rules (attendance, membership, roles)
    # recorded are unified with the names found here, and the other way round
    labels = {h[3]: h[2] for h in hits}
    for m in ctx.mentions:
        if m.label in ("Organisation", "Board"):
            labels.setdefault(m.name, m.label)
    ambiguous: dict[str, list[str]] = {}
    target = unify_names(labels, acr, ambiguous)
    # the paper's own board keeps its name, and so does a name the paper defines by an acronym:
    # "OPCC" after "Commissioning OPCC" (a team's line) is still the office
    keep = ({board} if board else set()) | set(acr.values())
    target = {k: v for k, v in target.items() if k not in keep}
    hits = [(s, e, lab, target[n], {**p, "aliases": list(p.get("aliases") or []) + [n]}) if n in target
            else (s, e, lab, n, p) for s, e, lab, n, p in hits]
    hits = _nearest_fuller(hits, {k: v for k, v in ambiguous.items() if k not in keep})
    _rename_bodies(ctx, target)
    refs = _sector_refs(text, hits)
    ctx.paper.bodies = sorted(hits + refs, key=lambda h: h[0])
    for start, end, label, name, props in hits:
        if _THE_KIND.match(text[start:end]) or props.get("ref"):
            continue  # "the Board": already named where the document names it
        aliases = [a for a in props.get("aliases") or [] if a != name]
        holder = _OFFICE_OF.match(name) if props.get("sector") == "commissioner" else None
        if holder and holder.group(1) not in aliases:
            # the commissioner and the office that serves them are one body in the graph (a
            # corporation sole): the holder's title names it too
            aliases.append(holder.group(1))
        extra = {k: v for k, v in props.items() if k != "aliases"}
        ctx.mention(label, name, ctx.cite(start, end), extra, aliases)
