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
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

BodyHit = tuple[int, int, str, str, dict[str, Any]]
Tok = tuple[int, int, str]
_JOINS = {"and", "of", "for", "the", "on", "&", ",", "-", "–"}


@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
    """The body vocabulary from ``data/bodies.yaml`` (read once)."""
    text = resources.files("kg.extract.data").joinpath("bodies.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    data["_org_heads"] = set(data["org_heads"])
    data["_stop"] = {w.lower() for w in data["leading_stopwords"]}
    data["_national"] = {k.lower(): (k, v) for k, v in data["national_bodies"].items()}
    data["_post"] = {w.lower() for w in data["post_words"]}
    data["_not"] = {w.lower() for w in data["not_bodies"]}
    data["generic_qualifiers"] = [str(w).lower() for w in data["generic_qualifiers"]]
    return data


# A word of a name: capitalised (Well-being, Children's, O'Neill), an acronym, or "&".
_WORD = r"(?:[A-Z][A-Za-z0-9'’\-]*[A-Za-z0-9](?:(?<=[sS])['’](?=[ ,]))?|[A-Z])"
_JOIN = r"(?:and|of|for|the|on|AND|OF|FOR|THE|ON|&)"
_CHUNK = re.compile(
    rf"(?<![\w'’-]){_WORD}(?:(?:(?:[ ]+|[ ]{{2}}\n)(?:{_JOIN}(?:[ ]+|[ ]{{2}}\n))*|,[ ]+)(?:{_WORD}))*"
)
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
    for phrase, kind in v["board_phrases"].items():
        if low.endswith(phrase) or low.endswith(phrase + "s"):
            return "Board", {"kind": kind}
    for pre in v["prefix_heads"]:
        if low.startswith(pre + " of ") or low.startswith(pre + " for "):
            return "Organisation", {"sector": sector_of(name)}
    # "Police and Crime Commissioner for Westmoor", "Safety Board for Northvale and Eastvale"
    fm = re.match(r"(.+?)\s+(?:for|For|FOR)\s+((?:[A-Z][\w'’-]*,?\s*(?:and\s+|&\s+)?){1,5})$", name)
    if fm and not re.search(r"\b(?:for|For)\b", fm.group(1)):
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
    return toks


def _is_compound(low_words: list[str], i: int) -> bool:
    """Whether the joining word at ``i`` sits inside a fixed phrase ("Police and Crime")."""
    for comp in vocab()["compounds"]:
        cw = comp.split()
        for k in range(len(cw)):
            if cw[k] == low_words[i] and low_words[i - k:i - k + len(cw)] == cw:
                return True
    return False


def _name(text: str, toks: list[Tok]) -> str:
    """The name a run of tokens spells (tokens may be synthetic: "A and B Groups" -> "A Group")."""
    return " ".join(t[2] for t in toks).replace(" ,", ",")


def _comma_segments(toks: list[Tok]) -> list[list[Tok]]:
    """Split a run at commas, except where the comma lists places inside one name
    ("Northvale, Eastvale and Westvale Safety Board"; "Department of X, Y and Z")."""
    segs: list[list[Tok]] = [[]]
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
            if has_and and (not heads or prefix) and not any(w in vocab()["_post"] for w in cur):
                segs[-1].append(t)
                continue
            segs.append([])
            continue
        segs[-1].append(t)
    return [s for s in segs if s]


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
                and _head(right[1][2]) in heads and prev != _head(right[1][2])
                and prev not in heads and not _is_compound(low, i)):
            # "Safety Strategy and Delivery Groups" -> "Safety Strategy Group", "Safety Delivery Group"
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
    Services"), but keep a group named after its members ("Senior Officer Group")."""
    post = vocab()["_post"]
    last = -1
    for i, t in enumerate(toks):
        if t[2].lower().strip("'’") in post:
            last = i
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
        if end < len(toks) and toks[end][2].lower() in ("and", "&", "of", "for") and end + 1 < len(toks):
            continue  # "Police" in "Police and Crime Plan" is not the end of a name
        if classify(_name(text, toks[:end])):
            if end < len(toks) and _head(toks[end][2]) in vocab()["non_body_heads"]:
                return None  # "Safer Streets Partnership Plan" names a plan
            return toks[:end]
    for i, t in enumerate(toks):
        if t[2].lower() in ("of", "for") and i > 0:
            rest = _trim_left(toks[i + 1:])
            if rest and classify(_name(text, rest)):
                return rest
    return None


def _strip_possessive(name: str) -> str:
    return re.sub(r"['’]s?$", "", name) if re.search(r"[a-z]['’]s?$", name) else name


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
        toks = [(m.start() + t.start(), m.start() + t.end(), t.group()) for t in _TOKEN.finditer(m.group())]
        for seg in _line_segments(text, toks):
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
            if ends_name or acronym:
                out.append([])
        out[-1].append(t)
    return [seg for seg in out if seg]


def _chunk_hits(text: str, toks: list[Tok], acr: dict[str, str], offset: int) -> list[BodyHit]:
    """Body hits in one run of capitalised words."""
    hits: list[BodyHit] = []
    for seg in _comma_segments(toks):
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


def guess_board(text: str) -> str | None:
    """The document's own board when no other rule has set it: the first Board named
    in the opening lines (the title of an agenda pack or report).

    >>> guess_board("NORTHSHIRE SAFER STREETS BOARD\\n\\n1 May 2026\\n")
    'Northshire Safer Streets Board'
    """
    head = "\n".join(text.split("\n", 40)[:40])
    for hit in find_bodies(head):
        if hit[2] == "Board":
            return hit[3]
    return None


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 12):pos]
    return bool(re.search(r"(^|\n|[.!?:;]\s|[-*•◦#>|\t]\s*|\*\*|\d[.)]\s)\s*$", before)) or pos == 0


def tidy_hits(text: str, hits: list[BodyHit]) -> list[BodyHit]:
    """Document-level clean-up of :func:`find_bodies` hits.

    * A capitalised opening word of a sentence or bullet that the document otherwise
      writes in lower case is not part of the name ("Use Joint Action Groups ...").
    * A plural name becomes the singular the document also uses ("Joint Action Groups"
      -> "Joint Action Group", the plural kept as an alias).

    >>> t = "Use Safety Groups to help. We use it and use the Safety Group."
    >>> [h[3] for h in tidy_hits(t, find_bodies(t))]
    ['Safety Group', 'Safety Group']
    """
    counts = Counter(re.findall(r"(?<![A-Za-z])[A-Za-z][a-z'’\-]+", text))
    names = {h[3] for h in hits}
    out: list[BodyHit] = []
    for start, end, label, name, props in hits:
        words = name.split()
        first = words[0]
        if (len(words) > 2 and first[:1].isupper() and first[1:].islower()
                and counts[first.lower()] >= counts[first]
                and _at_sentence_start(text, start)
                and not re.search(rf"[a-z,][ ]+{re.escape(name)}", text)):
            rest = " ".join(words[1:])
            cls = classify(rest)
            span = text[start:end]
            if cls and rest.split()[0].lower() not in _JOINS and span.startswith(first + " "):
                start = start + len(first) + 1
                kept = {"aliases": props["aliases"]} if "aliases" in props else {}
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
    if label != "Organisation" or name in vocab()["_national"] or name.lower() in vocab()["_national"]:
        return False
    words = _words(name)
    if len(words) > 1 and words[-1].endswith("s") and _head(words[-1]) != words[-1] and not name.isupper():
        return True  # a plural: a category of organisations
    qual = set(vocab()["generic_qualifiers"])
    return len(words) > 1 and all(w in qual for w in words[:-1])


def unify_bodies(hits: list[BodyHit]) -> list[BodyHit]:
    """Within one document, a body named without its place ("Youth Justice Service") is the
    one body named with it ("Westmoor Youth Justice Service"), when there is one; boards
    named as a kind ("Community Safety Partnership", one in every district) are left alone."""
    names = {h[3] for h in hits}
    generic = set(vocab()["generic_acronyms"].values())
    out: list[BodyHit] = []
    for s, e, label, name, props in hits:
        if not (label == "Board" and name in generic):
            longer = [n for n in names if n.endswith(" " + name) and 0 < len(n.split()) - len(name.split()) <= 2
                      and all(w[:1].isupper() and not w.endswith(("'s", "’s"))
                              for w in n[:-len(name)].split())]
            # "Police and Crime Commissioner" -> "Police and Crime Commissioner for Westmoor"
            longer += [n for n in names if n.startswith(name + " for ") and len(n.split()) - len(name.split()) <= 5]
            if len(longer) == 1 and len(name.split()) >= 2:
                props = {**props, "aliases": list(props.get("aliases") or []) + [name]}
                name = longer[0]
        out.append((s, e, label, name, props))
    return out


_SECTOR_REF = re.compile(r"\b[Tt]he\s+(force|Force|Constabulary|constabulary|police\s+force|"
                         r"police(?!\s+and\s+[Cc]rime)|Service|Commissioner)\b"
                         r"(?![ ]+[A-Z]|[-\w])")
_REF_SECTOR = {"force": "policing", "constabulary": "policing", "police force": "policing", "police": "policing",
               "service": "fire", "commissioner": "commissioner"}


def _sector_refs(text: str, hits: list[BodyHit]) -> list[BodyHit]:
    """"The force", "the Constabulary", "the Commissioner": the one organisation of that
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


def run(ctx: Any) -> None:
    """Rule: record every body named in the document as a Board/Organisation mention.

    Leaves ``ctx.state["bodies"]`` (all hits, by offset) and ``ctx.state["acronyms"]``
    for the governance, money and plan rules."""
    text = ctx.doc.text
    acr: dict[str, str] = ctx.state.setdefault("acronyms", {})
    record_acronyms(text, acr)
    board = ctx.state.get("board") or guess_board(text)
    ctx.state["own_board"] = board
    hits = tidy_hits(text, find_bodies(text, acr, board))
    hits = unify_bodies([h for h in hits if not is_generic(h[3], h[2])])
    refs = _sector_refs(text, hits)
    ctx.state["bodies"] = sorted(hits + refs, key=lambda h: h[0])
    for start, end, label, name, props in hits:
        if re.match(r"[Tt]he (Board|Partnership|Panel|Committee|Group)$", text[start:end]) or props.get("ref"):
            continue  # "the Board": already named where the document names it
        aliases = [a for a in props.get("aliases") or [] if a != name]
        extra = {k: v for k, v in props.items() if k != "aliases"}
        ctx.mention(label, name, ctx.cite(start, end), extra, aliases)
