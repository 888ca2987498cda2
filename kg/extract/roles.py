"""People's roles: HOLDS_ROLE and PRESENTED, and the helpers every people rule shares.

* :func:`person_ref` records a Person mention (name without honorific, ``honorific`` prop,
  the written form as an alias);
* :func:`record_role` records HOLDS_ROLE; when the text gives a title but no organisation,
  the fact waits until :func:`run_finish`, which uses the organisation the same person is
  listed with elsewhere in the document (an attendance row, a contact block);
* :func:`run_presenters` reads "X, Title, Organisation, will present this report" under an
  agenda item and "The Board considered a report of X, Title, Organisation" in minutes;
* :func:`run_name_blocks` reads contact and signature blocks: a line holding only a name,
  followed by short title / organisation lines ("Officer to contact", "Report Author").

>>> from kg.loaders.base import Document
>>> from kg.extract import extract
>>> ex = extract(Document.from_text("r.txt", "Officer to contact\\n\\nJane Smith\\n"
...     "Community Safety Manager – Eastvale Borough Council\\nTel: 01234 567890\\n"))
>>> [(f.type, f.start.name, f.end.name, f.props["title"]) for f in ex.facts if f.type == "HOLDS_ROLE"]
[('HOLDS_ROLE', 'Jane Smith', 'Eastvale Borough Council', 'Community Safety Manager')]
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kg.extract.context import Block, Context
from kg.extract.people import (
    Entry,
    body_label,
    chair_role,
    honorific_alternation,
    is_membership_heading,
    is_title,
    is_vacancy,
    parse_person,
    split_entry,
    split_title_body,
    starts_with_forename,
    title_first,
)
from kg.extract.quickre import quick
from kg.extract.structure import CELL_SLASH, plain
from kg.model import Cite, Ref


def person_key(name: str) -> str:
    """Surname and first initial, to recognise one person written two ways.

    >>> person_key("K. Okafor") == person_key("Kemi Okafor")
    True
    """
    words = name.replace(".", " ").split()
    return f"{words[0][0].lower()} {words[-1].lower()}" if len(words) > 1 else words[0].lower() if words else ""


@lru_cache(maxsize=1)
def _attendance_notes() -> frozenset[str]:
    from kg.extract.people import people_vocab

    return frozenset(str(n).lower() for n in people_vocab().get("attendance_notes") or [])


_SPACED_DASH = re.compile(r"\s[–—-]\s")


@lru_cache(maxsize=1)
def _party_label() -> re.Pattern[str]:
    from kg.extract.people import people_vocab

    parties = "|".join(re.escape(str(p)) for p in people_vocab()["party_abbreviations"])
    return re.compile(rf"\s*\((?:{parties})\)(?=[\s,;.(]|$)")


def _no_parties(t: str) -> str:
    """A list of people without the party labels after their names ("Cllr A Jones (Lab) (Chair),
    Cllr B Patel (Con)": the bracket that says the party is no part of the entry).

    >>> _no_parties("Cllr A Jones (Lab) (Chair), Cllr B Patel (Con)")
    'Cllr A Jones (Chair), Cllr B Patel'
    """
    return _party_label().sub("", t) if "(" in t else t


_CAPS_LIST_MIN = 12  # letters of a line in capitals that is read as a list of names in capitals


def _capitalised(t: str) -> str:
    """A list of names written in capitals ("CLLR A JONES (CHAIR), CLLR B PATEL"), each word of two
    letters or more capitalised; any other text as it is.

    >>> _capitalised("CLLR A JONES (CHAIR), MRS B PATEL"), _capitalised("Cllr A Jones (WBC)")
    ('Cllr A Jones (Chair), Mrs B Patel', 'Cllr A Jones (WBC)')
    """
    letters = [c for c in t if c.isalpha()]
    if len(letters) < _CAPS_LIST_MIN or any(c.islower() for c in letters):
        return t
    return re.sub(r"[A-Z]{2,}", lambda m: m.group(0)[0] + m.group(0)[1:].lower(), t)


@lru_cache(maxsize=1)
def _head_cells() -> frozenset[str]:
    """The words of a people table's header cells ("Name", "Organisation", "Job Title")."""
    from kg.extract.people import people_vocab

    v = people_vocab()
    return frozenset(str(w).lower() for w in v["grid_entry_heads"] + v["table_head_cells"])


def entries(text: str, base: int = 0, multi: bool = True) -> list[Entry]:
    """People in one attendance/contact line: TAB cells each holding a person, one
    "Name – Title – Organisation" entry, or (``multi``) a flattened run of
    "Name Organisation Name Organisation" with no separators.

    >>> [e.person.name for e in entries("Cllr. A. Jones\tCllr. B. Patel")]
    ['A. Jones', 'B. Patel']
    >>> [(e.person.name, e.org) for e in entries("Jane Smith Eastvale Police Raj Patel Westshire NHS Trust")]
    [('Jane Smith', 'Eastvale Police'), ('Raj Patel', 'Westshire NHS Trust')]
    """
    # cells: TAB-separated, or written with " / " ("Ann Jones / Minute Taker")
    notes = _attendance_notes()
    cells = [c for c in (text.split("\t") if "\t" in text else CELL_SLASH.split(text))
             if c.strip() and c.strip().lower() not in notes]
    if len(cells) > 1 and all(plain(c).strip(" :*").lower() in _head_cells() for c in cells):
        return []  # "Name <TAB> Organisation": a table's header row
    if len(cells) == 2:
        paired = column_pairs(plain(cells[0]), plain(cells[1]))
        if paired:
            return paired
    if len(cells) > 1:
        people = [parse_person(plain(c), whole=True) for c in cells]
        # every cell one person, each with an honorific or a known forename ("Minute Taker" is not)
        if all(p is not None and (p.honorific or starts_with_forename(p.name)) for p in people):
            return [Entry(person=p) for p in people if p]
    if "\t" not in text and len(cells) > 1:  # " / " cells: one entry, cell by cell
        e = split_entry(", ".join(c.strip() for c in cells))
        return [e] if e else []
    t = _no_parties(_capitalised(plain(text)))
    if multi and len(t) > _INITIALS_RUN_MIN_CHARS:
        run = initials_run(t)
        if run:
            return run
    if multi and t.count("(") >= 2:
        posts = _post_then_name(t)
        if posts:
            return posts
    # ("A, Title, Body; B, Body" or "A – Body; B – Body": entries separated by semicolons)
    semi = ";" in t and ("," in t or _SPACED_DASH.search(t) is not None)
    listed = _bracketed_list(t) or (_semicolon_list(t) if semi else []) or _person_list(t) \
        or _alternating_list(t)
    if listed:
        return listed
    first = title_first(t)  # "Westby North Ward Councillor Mr Bob Patel": one person, the post first
    if first is not None:
        return [first]
    if multi and not re.search(r"\t|,|\s[–—-]\s", t):
        run = _people_run(t)
        if len(run) > 1:
            return run
    if multi and len(_DASH.findall(t)) >= 2:
        run = _dash_run(t)
        if len(run) > 1:
            return run
    if multi and "," in t:
        run = _comma_run(t)
        if len(run) > 1:
            return run
    # a row of cells is one entry, cell by cell ("Name | Title, Body"), whatever the separator
    e = (split_entry(", ".join(c.strip() for c in cells)) if len(cells) > 1 else None) or split_entry(text)
    return [e] if e else []


# "Councillors: A, B and C": the honorific said once for all (also after the other language's word,
# "Cyng/Cllrs:")
_SHARED_COUNCILLORS = re.compile(r"^\s*(?:[^\s/]+\s?/\s?)?(Councillors|Cllrs\.?)\s*:?\s+")


_PLURAL_AFTER_BRACKET = re.compile(r"(?<=\))\s+(?=(?:Councillors|Cllrs)\.?\s)")


def _person_list(t: str) -> list[Entry]:
    """ "Cllr. A. Jones (Chair), Cllr. B. Patel and Raj Shah." -> one entry per name, when every
    part of the list is a name."""
    if not re.search(r"[,;]|\sand\s", t):
        return []
    shared = ""
    hm = _SHARED_COUNCILLORS.match(t)
    if hm:  # "Councillors: Shah (Chair), Ellis and Moore": the honorific is said once for all
        shared, t = "Councillor ", t[hm.end() :]
    # "Councillor A (Chair) Councillors B, C": the plural honorific after a bracket starts the next part
    t = _PLURAL_AFTER_BRACKET.sub(", ", t)
    parts = _top_level_parts(t.strip().rstrip("."))
    if len(parts) < 2:
        return []
    out: list[Entry] = []
    for x in parts:
        if is_vacancy(x):
            continue  # an empty seat in the list
        pm = re.match(r"^\s*(?:Councillors|Cllrs\.?)\s+", x)
        if pm:  # "Councillor A (Chairman), Councillors B, C and D": the plural holds from here on
            shared, x = "Councillor ", x[pm.end():]
        # the shared honorific is every name's, initials or not ("Councillors: Shah, C Ellis")
        p = (parse_person(shared + x, whole=True) if shared else None) or parse_person(x, whole=True)
        if p is None:
            # "Cllr B Patel (Alternate)", "Ann Lee (for Raj Shah)", "Neighbourhood Insp C Moore": a note
            # in brackets after the name, or words qualifying a rank before it
            bm = re.match(r"^(?P<who>[^()]+?)\s*\((?P<note>[^()]*)\)$", x)
            who = bm.group("who") if bm else x
            p = parse_person(shared + who if shared and not parse_person(who) else who, whole=True) \
                or _ranked_tail(who)
            if p is not None and bm and chair_role(bm.group("note")):
                p.chair = chair_role(bm.group("note")) or ""
        if p is None:
            return []
        out.append(Entry(person=p))
    if len(out) == 2 and not (out[1].person.honorific or starts_with_forename(out[1].person.name)
                              or re.match(r"^[A-Z]\.?\s", out[1].person.name)):
        return []  # "Ann Jones, Westby First": a name and the body she is from, not two people
    return out


def _alternating_list(t: str) -> list[Entry]:
    """ "Cllr Ann Jones (Chair), Bob Patel, Westby Police, Carol Ellis, Director, Westby Council": a
    comma list of people, each followed by their title and body as parts of their own. Every part
    must be a person (with an honorific or a known forename), a title or a body, and the list
    must start with a person.

    >>> [(e.person.name, e.title, e.org) for e in _alternating_list(
    ...     "Ann Jones, Westby Police, Bob Patel, Director, Westby Council, Cllr Dee Shah")]
    [('Ann Jones', '', 'Westby Police'), ('Bob Patel', 'Director', 'Westby Council'), ('Dee Shah', '', '')]
    """
    parts = _top_level_parts(t.strip().rstrip("."))
    if len(parts) < 3:
        return []
    out: list[Entry] = []
    for x in parts:
        bm = re.match(r"^(?P<who>[^()]+?)\s*\((?P<note>[^()]*)\)$", x)
        who = bm.group("who") if bm else x
        p = parse_person(who, whole=True)
        if p is not None and (p.honorific or starts_with_forename(p.name)) and not body_label(who):
            if bm and chair_role(bm.group("note")):
                p.chair = chair_role(bm.group("note")) or ""
            out.append(Entry(person=p))
            continue
        if not out:
            return []
        e = out[-1]
        lab = body_label(x)
        if lab and not is_title(x) and not e.org:
            e.org, e.org_label, e.org_props = x, lab[0], dict(lab[1])
        elif is_title(x) and not e.title and not e.org:
            e.title = x
        else:
            return []
    return out if len(out) >= 2 else []


_LIST_SEP = quick(r"\s*[,;]\s*(?:and\s+)?|\s+and\s+|\s+&\s+")


def _top_level_parts(t: str) -> list[str]:
    """Split a list at commas, semicolons and "and" that are not inside brackets."""
    parts: list[str] = []
    depth, start = 0, 0
    i = 0
    while i < len(t):
        c = t[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = _LIST_SEP.match(t, i)
            if m and m.end() > i and (c in ",;" or t[i].isspace()):
                parts.append(t[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(t[start:])
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _ranked_tail(words: str) -> Any:
    """ "Neighbourhood Insp Sarah Honeyman": a person with an honorific or rank after one or two
    words that qualify the rank; None when the words are not that."""
    ws = words.split()
    for k in (1, 2):
        if len(ws) - k < 2 or not all(w[:1].isupper() for w in ws[:k]):
            continue
        p = parse_person(" ".join(ws[k:]), whole=True)
        if p is not None and (p.honorific or p.rank_title):
            return p
        lead = " ".join(ws[:k])
        if p is not None and is_title(lead) and starts_with_forename(p.name):  # "Commissioner Ann Jones"
            p.rank_title = p.rank_title or lead
            return p
    return None


def _bracketed_list(t: str) -> list[Entry]:
    """ "Cllr A Jones (Westby Council), Cllr B Patel OBE (Northby Council) and Mr C Moore MBE":
    an inline list whose people carry their body (or office) in brackets. Every part must be one
    person, with nothing after the name but post-nominals and one bracket; the honorific of a
    list opened with "Councillors" is shared by every name."""
    if "(" not in t or not re.search(r"[,;]|\sand\s", t):
        return []
    shared = ""
    hm = _SHARED_COUNCILLORS.match(t)
    if hm:
        shared, t = "Councillor ", t[hm.end() :]
    out: list[Entry] = []
    parts = _top_level_parts(t)
    # "Councillors A (Chair) and B; Supt C (Police)": the shared honorific ends at the semicolon
    shared_upto = len(_top_level_parts(t.split(";", 1)[0])) if shared and ";" in t else len(parts)
    for k_part, part in enumerate(parts):
        if k_part >= shared_upto:
            shared = ""
        if is_vacancy(part):
            continue  # "Vacancy (Westby Council)": an empty seat
        m = re.match(r"^(?P<who>[^()]+?)\s*(?:\((?P<inner>[^()]*)\))?$", part)
        if not m:
            return []
        who = m.group("who")
        # "Councillors A (X Council), B (Y Council)": the shared honorific is each one's
        p = (parse_person(shared + who, whole=True) if shared else None) or parse_person(who, whole=True) \
            or _ranked_tail(who)
        if p is None:
            return []
        role = chair_role(m.group("inner") or "")
        if role:  # "Ann Jones (Chair)": the chair of the meeting's board
            p.chair = p.chair or role
            out.append(Entry(person=p))
            continue
        e = split_entry(f"{p.written} ({m.group('inner')})") if m.group("inner") else None
        if e is None or not (e.org or e.title):
            e = Entry(person=p)
            inner = (m.group("inner") or "").strip()
            lab = body_label(inner) if inner else None
            if lab is not None:
                e.org, e.org_label, e.org_props = inner, lab[0], lab[1]
            elif inner and is_title(inner):
                e.title = inner
        else:
            e.person = p
            e.title = e.title.strip("() ")
        if out and e.title and not e.org:
            _share_plural_post(t, parts[k_part - 1], who, out[-1], e)
        out.append(e)
    return out if len(parts) >= 2 and any(e.org or e.title for e in out) else []


_PLURAL_POST = re.compile(r"(?P<head>.*[a-z])s$")


def _share_plural_post(t: str, prev_part: str, who: str, prev: Entry, e: Entry) -> None:
    """ "A Jones and B Patel (Assistant Directors)": the post in the bracket after two names joined
    by "and" is each one's, in the singular."""
    pm = _PLURAL_POST.fullmatch(e.title)
    if pm is None or "(" in prev_part or prev.title or prev.org or prev.person.chair:
        return
    if f"{prev_part.strip()} and {who.strip()}" not in t or not is_title(pm.group("head")):
        return
    e.title = prev.title = pm.group("head")


# "Chief Executive, Westby Council (Ann Jones) - AJ": an entry's post (and body) first, the name in
# brackets, then the initials the minutes use for them
_POST_RUN_MISSES = 4  # at most one bracket in this many + 1 may hold no person
_POST_MAX_WORDS = 8  # a post kg has no words for is read as one up to this long
_POST_OF = re.compile(r"^(?P<title>.+?)\s+(?:of|for)\s+(?:the\s+)?"
                      r"(?P<body>[A-Z][\w'’&]*(?:\s+(?:[A-Z][\w'’&]*|and|of|for))*)$")


def _post_of_body(e: Entry) -> None:
    """ "CEO Westby Probation Service" read as a body, "Interim CEO of WPS" as a title: the title and
    the body it is of, split."""
    if e.org and not e.title:
        tb = split_title_body(e.org)
        m = _POST_OF.match(e.org)
        if tb is not None:
            e.title, e.org = tb
        elif m and is_title(m.group("title")) and body_label(m.group("body")):
            e.title, e.org = m.group("title"), m.group("body")
        else:
            return
        lab = body_label(e.org) or ("Organisation", {})
        e.org_label, e.org_props = lab[0], dict(lab[1])
    elif e.title and not e.org:
        m = _POST_OF.match(e.title)
        if m and (body_label(m.group("body")) or re.fullmatch(r"[A-Z]{2,6}", m.group("body"))) \
                and not chair_role(m.group("title")):
            lab = body_label(m.group("body")) or ("Organisation", {})
            e.title, e.org, e.org_label, e.org_props = m.group("title"), m.group("body"), lab[0], dict(lab[1])


_NAME_IN_BRACKETS = re.compile(r"\((?P<who>[^()]{3,60})\)(?:\s*[–—-]\s*[A-Z]{2,4}\b)?")


def _post_then_name(t: str) -> list[Entry]:
    """ "Chief Executive, Westby Council (Ann Jones) - AJ  Director of Care (Dr Raj Patel) - RP": a run
    of entries that give the post first and the person in brackets. Every bracket must hold a
    person (with an honorific or a known forename) and every post before one must read as a title
    or a body, or the line is not such a run.

    >>> [(e.person.name, e.title, e.org) for e in _post_then_name(
    ...     "Chief Executive, Westby Council (Ann Jones) - AJ  Head of Care (Dr Raj Patel) - RP")]
    [('Ann Jones', 'Chief Executive', 'Westby Council'), ('Raj Patel', 'Head of Care', '')]
    """
    out: list[Entry] = []
    pos = misses = 0
    for m in _NAME_IN_BRACKETS.finditer(t):
        post = t[pos:m.start()].strip(" ,;·•–—-")
        pos = m.end()
        if not post or len(post.split()) > 14:
            return []
        who = m.group("who").split(",")[-1].strip()  # "(Westshire Commissioner, Ann Jones)": the name last
        p = parse_person(who, whole=True)
        # in brackets after a post, two or three capitalised words that name no body or post are a
        # name, whether or not kg knows the forename
        if p is None or not (p.honorific or starts_with_forename(p.name) or (
                len(p.name.split()) in (2, 3) and not body_label(who) and not is_title(who)
                and not who.lower().startswith("the "))):
            misses += 1  # a bracket whose name was lost ("(The Rt Hon MP)"): that entry is left out
            continue
        e = split_entry(f"{p.written} – {post}")
        if e is None or not (e.title or e.org):
            # the words before a person's name in brackets are their post, whether or not kg knows
            # its words ("Attorney General (Ann Jones)")
            if not post[:1].isupper() or len(post.split()) > _POST_MAX_WORDS:
                return []
            e = Entry(person=p, title=post)
        e.person = p
        _post_of_body(e)
        out.append(e)
    # a run of such entries, nearly all of them people, with nothing left after the last
    return out if len(out) >= 2 and misses * _POST_RUN_MISSES <= len(out) and not t[pos:].strip(" .;") else []


_DASH = re.compile(r"\s[–—-]\s")
# a bare name of two to four capitalised words (or initials), then a dash: where an entry starts
_NAME_DASH = quick(r"(?:(?<=\s)|^)(?P<name>(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]+)\s[–—-]\s")


def _dash_run(t: str) -> list[Entry]:
    """ "Ann Jones - Westby Police Bob Patel - Northby Borough Council (Chair) ...": a flattened run of
    "Name - Body" pairs; each entry starts at a name that opens with a known forename (or an
    honorific) and is followed by a dash."""
    starts = []
    for m in _NAME_DASH.finditer(t):
        name = m.group("name")
        words = name.split()
        for k in range(len(words) - 1):  # the body before may run into the name: find where it starts
            cand = " ".join(words[k:])
            p = parse_person(cand, whole=True)
            if p is not None and (p.honorific or starts_with_forename(p.name)):
                starts.append(m.start("name") + name.index(cand, 0) if k == 0 else m.start("name") +
                              len(" ".join(words[:k])) + 1)
                break
    out: list[Entry] = []
    for k, s0 in enumerate(starts):
        seg = t[s0 : starts[k + 1] if k + 1 < len(starts) else len(t)]
        e = split_entry(seg)
        if e is not None:
            out.append(e)
    # every segment a person, and most of them with a body or title after the dash
    return out if len(out) == len(starts) and 2 * sum(1 for e in out if e.org or e.title) >= len(out) else []


def _starts_body(text: str) -> bool:
    """Whether the words at the start of ``text`` name a body ("Clinical Commissioning Group ...")."""
    words = text.split()
    if len(words) > 2 and words[1].lower() in _body_vocab()["_tiers"]:
        return True  # "Westby Metropolitan Borough Council": a council's tier is no one's surname
    return any(body_label(" ".join(words[:k])) for k in range(2, min(len(words), 3) + 1))


def _body_vocab() -> dict[str, Any]:
    from kg.extract.bodies import vocab  # bodies imports this module: read at call time

    return vocab()


_LONG_RUN_CHARS = 120  # a list this long that no list reader split is a table flattened onto one line
_LONG_RUN_MIN = 3  # that many people at least
_LONG_RUN_MAX_CHARS = 20_000  # an attendance list longer than this is no list (and each name is sought at every word)


_INITIALS_TOKEN = re.compile(r"[A-Z][A-Za-z]{1,4}")
_INITIALS_RUN_MIN = 3  # entries closed by their initials: fewer are no table
_INITIALS_RUN_MIN_CHARS = 60  # a line shorter than this holds no three such entries


def _word_initials(w: str) -> str:
    """The capitals a word gives a person's initials: "Armstrong-Smith" -> "AS", "HH" -> "HH"."""
    return "".join(part[0] for part in re.split(r"[-‐]", w) if part[:1].isupper()) if not w.isupper() else w


def initials_run(t: str) -> list[Entry]:
    """A table of "Name | Body or title | Initials" flattened onto one line: each entry ends at the
    initials of the name it opens with ("Ann Jones Westby Police AJ Bob Patel CPS BP"), the
    initials' capitals those of the name's first two to four words ("MSt" for "Mark Street");
    [] unless at least three entries close so and nothing long is left over.

    >>> [(e.person.name, e.org) for e in initials_run("Ann Jones Westby Police AJ Bob Patel Westshire CPS BP "
    ...                                               "Carl Ellis Westby Council CE")]
    [('Ann Jones', 'Westby Police'), ('Bob Patel', 'Westshire CPS'), ('Carl Ellis', 'Westby Council')]
    """
    words = list(re.finditer(r"\S+", t))
    out: list[Entry] = []
    seg = 0  # index of the first word of the open entry
    for k, m in enumerate(words):
        tok = m.group(0)
        if k - seg < 2 or not _INITIALS_TOKEN.fullmatch(tok) or sum(ch.isupper() for ch in tok) < 2:
            continue
        caps = "".join(ch for ch in tok if ch.isupper())
        names = [w.group(0).strip("(),") for w in words[seg:min(k, seg + 4)]]  # a name is at most four words
        for n in (2, 3, 4):
            if n > len(names) or "".join(_word_initials(w) for w in names[:n]) != caps:
                continue
            body = t[words[seg + n].start():m.start()].strip() if seg + n < k else ""
            note = re.search(r"\(\s*([^()]*?)\s*\)", body)
            chair = chair_role(note.group(1)) if note else None
            if chair and note is not None:  # "(Vice Chair Person)": the board's chair, not the body's
                body = (body[:note.start()] + body[note.end():]).strip(" -–")
            e = split_entry(f"{' '.join(names[:n])}, {body}") if body else split_entry(" ".join(names[:n]))
            seg = k + 1  # a name kg cannot read is left out, and the next entry starts after its initials
            if e is None:
                break
            if chair:
                e.person.chair = chair
            if e.rest and not e.title and not e.org:  # a body with no body word: the column says it is one
                e.org, e.org_label, e.rest = ", ".join(e.rest), "Organisation", []
            out.append(e)
            break
    left = " ".join(w.group(0) for w in words[seg:])
    return out if len(out) >= _INITIALS_RUN_MIN and len(left) <= 60 else []


def flattened_run(text: str, base: int = 0) -> list[Entry]:
    """The people of a long attendance list flattened from a table onto one line, whose entries
    hold commas and dashes of their own ("AJ Ann Jones Chair, Westby Forum BP Bob Patel ..."): the
    run split where a name with an honorific or a known forename starts; [] for a short text or
    fewer than three people.
    """
    t = plain(text)
    if len(t) <= _LONG_RUN_CHARS or len(t) > _LONG_RUN_MAX_CHARS:
        return []
    run = _people_run(t, strict=True)
    return run if len(run) >= _LONG_RUN_MIN else []


def _people_run(t: str, strict: bool = False) -> list[Entry]:
    """Split "Name Body Name Body ..." at each word where a person's name starts (``strict``: only
    a name with an honorific or a known forename starts one, for a long run whose entries hold
    places and commas of their own). Initials written before a name ("AJ Ann Jones") are the
    name's, not the entry's before.

    >>> [(e.person.name, e.org) for e in _people_run("AJ Ann Jones Westby Police BP Bob Patel Westby Council")]
    [('Ann Jones', 'Westby Police'), ('Bob Patel', 'Westby Council')]
    """
    starts: list[tuple[int, int]] = []
    cuts: list[int] = []
    sized: list[int] = []  # the number of words of the name its initials give (0: not given)
    pos = 0
    prev: re.Match[str] | None = None
    for m in re.finditer(r"\S+", t):
        if m.start() < pos:
            prev = m
            continue
        p = parse_person(t[m.start() :])
        if p is not None and not p.honorific and prev is not None and prev.group(0).lower() in _BODY_JOINS:
            prev = m  # a place that ends a body's name ("... Commissioner for Kent Ann Jones")
            continue
        # ("Carl Dean": a forename before a title word is a name, the word its surname)
        if p is not None and (p.honorific or len(p.name.split()) >= 2 and (
                not is_title(p.name) or starts_with_forename(p.name)) and (
                starts_with_forename(p.name) or not strict and not _starts_body(t[m.start():]))):
            starts.append((m.start(), m.start() + p.end))
            ini = "".join(w[0] for w in p.name.split() if w[:1].isupper())
            # "BMP Bob Michael Patel": the initials may hold a word more than the name kg read
            tok = prev.group(0) if prev is not None else ""
            own = len(ini) >= 2 and tok.startswith(ini) and tok.isalpha() and tok.isupper() and \
                len(tok) <= len(ini) + 1
            words = t[m.start():].split()[: len(tok)] if own else []
            sized.append(len(tok) if own and "".join(w[0] for w in words) == tok else 0)
            cuts.append(prev.start() if own and prev is not None else m.start())
            pos = m.start() + p.end
        prev = m
    out: list[Entry] = []
    for k, (s0, _) in enumerate(starts):
        seg = t[s0 : cuts[k + 1] if k + 1 < len(starts) else len(t)]
        if sized[k]:
            words = seg.split()
            seg = f"{' '.join(words[:sized[k]])} – {' '.join(words[sized[k]:])}"
        e = split_entry(seg.strip(" –"))
        if e is not None:
            out.append(e)
    return out


@lru_cache(maxsize=1)
def _honorific_start() -> re.Pattern[str]:
    return re.compile(rf"(?<!\S)(?:{honorific_alternation()})\.?(?=\s)")


def column_pairs(names: str, bodies: str) -> list[Entry]:
    """ "Cllr A Cllr B Cllr C | X Council Y Council Z Council": a table whose first column holds a
    run of names, each with an honorific, and whose second holds the same number of bodies, in
    the same order (a two-column list flattened cell by cell); [] when the counts differ or the
    second cell is not all bodies.

    >>> [(e.person.name, e.org) for e in column_pairs("Cllr Ash Cllr Birch", "Westby Council Northby Council")]
    [('Ash', 'Westby Council'), ('Birch', 'Northby Council')]
    """
    from kg.extract.bodies import find_bodies

    starts = [m.start() for m in _honorific_start().finditer(names)]
    if not starts or len(names[:starts[0]].split()) > 3:
        return []  # a short label may lead the names ("Labour Cllr A Cllr B")
    ends = starts[1:] + [len(names)]
    people = [parse_person(names[a:b].strip(), whole=True) for a, b in zip(starts, ends, strict=True)]
    hits = find_bodies(bodies)
    covered = sum(len(h[3]) for h in hits)
    if any(p is None for p in people) or len(hits) != len(people) or covered < 0.8 * len(bodies.strip()):
        return []
    return [Entry(person=p, org=h[3], org_label=h[2], org_props=dict(h[4]))
            for p, h in zip(people, hits, strict=True) if p]


def _comma_run(t: str) -> list[Entry]:
    """ "Ann Jones Director of Services, Westby Council Raj Patel Chief Inspector, Northby Police":
    a flattened run of "Name Title, Body" entries with nothing between them but the next name.
    An entry starts at a name with an honorific or a known forename; every entry must give a title
    or a body, and no part may be left over, or the line is not such a run."""
    from kg.extract.bodies import is_head_word

    starts: list[int] = []
    pos = 0
    prev = ""
    for m in re.finditer(r"\S+", t):
        word, prev = m.group(0), prev if m.start() < pos else prev
        if m.start() < pos:
            prev = word
            continue
        p = parse_person(t[m.start():])
        if p is not None and not p.honorific and prev.lower() in _BODY_JOINS:
            prev = word
            continue  # "... Commissioner for Kent Ann Jones": the word after "for" ends the body's name
        # after the head word of a body's name the next person's name may start, whether or not
        # kg knows the forename ("... Westby County Council Bronwen Morgan Northby Police")
        after_body = is_head_word(prev)
        if after_body and p is not None:
            nxt = _NEXT_WORD.match(t, m.start() + p.end)
            after_body = not (nxt and is_head_word(nxt.group(1)))  # "... NHS Clinical Commissioning Group": one body
        prev = word
        # a surname alone needs its honorific ("Councillor Moore, Elected Member, ...")
        if p is None or len(p.name.split()) < 2 and not p.honorific or \
                not (p.honorific or starts_with_forename(p.name) or after_body):
            continue
        if starts and not re.search(r"[A-Za-z):]\s*$", t[:m.start()]):
            continue  # a name after a comma or dash belongs to the entry before ("Chair, Ann Jones")
        starts.append(m.start())
        pos = m.start() + p.end
    if len(starts) < 2 or starts[0] != len(t) - len(t.lstrip()):
        return []
    out: list[Entry] = []
    unread = 0
    for k, s0 in enumerate(starts):
        seg = t[s0: starts[k + 1] if k + 1 < len(starts) else len(t)].strip(" ,;")
        seg = strip_label(seg)  # "... Westby Council Officers: Ann Jones": the label of the next part
        e = split_entry(seg)
        if e is None:
            p = parse_person(seg)
            if p is None:
                return []
            e = Entry(person=p, rest=["?"])
        if e.rest or not (e.title or e.org):
            # a body kg has no word for ("Ann Jones One Voice Westby"): the person stands, her
            # body is left out; a run in which most entries are unread is no run of people
            unread += 1
            e.rest, e.title, e.org = [], "", ""
        out.append(e)
    return out if unread * _UNREAD_SHARE <= len(out) else []


_NEXT_WORD = re.compile(r"\s*(\S+)")
_BODY_JOINS = frozenset({"for", "of", "upon", "on"})  # words inside a body's name before its place
_LABEL_TAIL = re.compile(r"\s+(?:[A-Z][\w&]*\s+){0,3}[A-Z][\w&]*\s*:\s*$")


def strip_label(seg: str) -> str:
    """``seg`` without the label of the next part at its end ("... Westby Borough Council Other
    Members:"): the label's words start after the last head word of a body's name.

    >>> strip_label("Ann Jones, Chief Executive, Westby Borough Council Other Members:")
    'Ann Jones, Chief Executive, Westby Borough Council'
    """
    from kg.extract.bodies import is_head_word

    m = _LABEL_TAIL.search(seg)
    if m is None:
        return seg
    words = seg[m.start():].split()
    heads = [k for k, w in enumerate(words[:-1]) if is_head_word(w)]
    keep = " ".join(words[: heads[-1] + 1]) if heads else ""
    return (seg[: m.start()] + (" " + keep if keep else "")).rstrip()
_UNREAD_SHARE = 3  # at most one entry in this many of a flattened run may leave its body unread


_PLURAL_HONORIFIC = re.compile(r"(?:Councillors|Cllrs)\b")


_PAIR_MAX_CHARS = 160  # two names and a body's name
_PAIR = re.compile(r"(?P<a>[^,;]+?)\s+(?:and|&)\s+(?P<b>[^,;]+?),\s*(?P<rest>\S.*)")


def _pair(x: str) -> list[Entry]:
    """ "Ann Jones and Bob Smith, Westby Community Council": two people from one body, each an entry
    with the body (both names a person's with a known forename or an honorific).

    >>> [(e.person.name, e.org) for e in _pair("Ann Jones and Bob Smith, Westby Community Council")]
    [('Ann Jones', 'Westby Community Council'), ('Bob Smith', 'Westby Community Council')]
    >>> _pair("Safety and Justice, Westby Council")
    []
    """
    m = _PAIR.fullmatch(x) if len(x) <= _PAIR_MAX_CHARS else None  # an entry is short: no long scan
    if m is None:
        return []
    people = [parse_person(m.group(k), whole=True) for k in ("a", "b")]
    if not all(p is not None and (p.honorific or starts_with_forename(p.name)) for p in people):
        return []
    got = [split_entry(f"{m.group(k)}, {m.group('rest')}") for k in ("a", "b")]
    return [e for e in got if e is not None] if all(got) else []


def _semicolon_list(t: str) -> list[Entry]:
    """ "Ann Jones, Westby Council; Insp. Bob Moore, Northby Police; Carol Ellis, Director, X": a
    list of entries separated by semicolons, each a person with their title and body."""
    parts = [x.strip(" .") for x in t.split(";") if x.strip(" .")]
    if len(parts) < 2:
        return []
    out: list[Entry | None] = []
    for x in parts:
        # "Cllr A Jones (Chair); Councillors Patel, Shah and Moore": a part may be a run of names
        # under one plural honorific
        run = _person_list(x) if _PLURAL_HONORIFIC.match(x) else []
        out.extend(run or _pair(x) or [split_entry(x)])
    if sum(e is None for e in out) * _UNREAD_SHARE > len(out):
        return []  # a part or two that name no person (a note, a cut-off end) are left out
    return [e for e in out if e is not None]


def person_ref(ctx: Context, e: Entry, cite: Cite) -> Ref:
    """Record the Person mention of an entry and return its Ref."""
    p = e.person
    props: dict[str, Any] = {}
    aliases = []
    if p.honorific:
        props["honorific"] = p.honorific
        aliases.append(p.written)
    ref = ctx.mention("Person", p.name, cite, props, aliases)
    if e.org:
        ctx.paper.affiliations.setdefault(person_key(p.name), (e.org, e.org_label, e.org_props))
    return ref


_COUNCILLOR = re.compile(r"^(?:cllr|councillor|county councillor)\.?$", re.I)


_PLAIN_MEMBER = re.compile(r"(?:board\s+|panel\s+|committee\s+|partnership\s+)?members?", re.I)


# the start of a post's words that cannot start a post: a joining word, or a dash at its end
# (``re.match``: "of Policy", "and Scrutiny Officer", "member -"; not "Head of Policy")
_TITLE_FRAGMENT = re.compile(r"(?:of|and|for|to|the|in|at|&)\b|.*\s[-–—]$|[-–—]")


def record_role(ctx: Context, e: Entry, pref: Ref, org_ref: Ref | None, cite: Cite) -> None:
    """HOLDS_ROLE from an entry; without an organisation the fact waits for :func:`run_finish`."""
    title = e.title or e.person.rank_title or ("Councillor" if _COUNCILLOR.match(e.person.honorific) else "")
    if org_ref is None:
        if title:
            ctx.paper.pending_roles.append((pref, title, cite))
        return
    if title and title.lower().endswith(org_ref.name.lower()):
        # "Chair of the Westby Board" at the Westby Board: the title is "Chair" (string tests, not a
        # pattern per body name: compiling one per call thrashes the regular-expression cache)
        head = title[: len(title) - len(org_ref.name)].rstrip()
        for joint in (" of the", " for the", " at the", " of", " for", " at"):
            if head.lower().endswith(joint) and len(head) > len(joint):
                title = head[: len(head) - len(joint)]
                break
    if title and _TITLE_FRAGMENT.match(title):
        # "of Ethics", "and Scrutiny Officer", "member -": a post cut from the words before it
        # (the line broke inside it); the whole is not known, so nothing is said of it
        return
    if title and _PLAIN_MEMBER.fullmatch(title):
        # "Ann Jones Member of Westby LEP": a seat on the body, not a post held at it
        ctx.fact("MEMBER_OF", pref, org_ref, cite, role="member")
        return
    ctx.fact("HOLDS_ROLE", pref, org_ref, cite, title=title or None)
    if (
        title
        and re.search(r"(?:^|\s)(?:chair|chairman|chairperson)$|^chair(?:man|person)?\b(?! of)|^chair of", title, re.I)
        and not re.search(r"vice", title, re.I)
        and org_ref.label == "Board"
    ):
        ctx.fact("MEMBER_OF", pref, org_ref, cite, role="chair")
    elif title and re.search(r"\bvice[- ]chair", title, re.I) and org_ref.label == "Board":
        ctx.fact("MEMBER_OF", pref, org_ref, cite, role="vice_chair")


def office_body(title: str) -> tuple[str, str, dict[str, Any]] | None:
    """An office that is itself a body in the graph ("Westshire's Police and Crime Commissioner",
    a corporation sole): (the office's title without its place, the body's name, the body's props).

    >>> office_body("Westshire's Police and Crime Commissioner")[:2]
    ('Police and Crime Commissioner', "Westshire's Police and Crime Commissioner")
    >>> office_body("North Westshire’s Police and Crime Commissioner")[0]
    'Police and Crime Commissioner'
    >>> office_body("Director of Children's Services") is None
    True
    """
    lab = body_label(title)
    if not lab or lab[0] != "Organisation" or lab[1].get("sector") not in _office_sectors():
        return None
    words = title.split()
    if words and words[0].lower().strip("'’").removesuffix("'s").removesuffix("’s") in _post_words():
        return None
    # the place before the office, of up to four words ("West Yorkshire’s"), or one word before it
    bare = re.sub(r"^(?:(?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*['’]s?\s+|[A-Z][\w-]*\s+(?=[A-Z]))?(.+?)"
                  r"(?:\s+for\s+[A-Z].*)?$", r"\1", title)
    return (bare if body_label(bare) else title), title, lab[1]


def _office_sectors() -> set[str]:
    from kg.extract.people import people_vocab

    return set(people_vocab().get("office_sectors") or [])


def _post_words() -> set[str]:
    from kg.extract.bodies import vocab

    return set(vocab()["_post"])


def _entry_facts(ctx: Context, e: Entry, cite: Cite) -> Ref:
    if e.title and not e.org:
        office = office_body(e.title)
        if office:  # "Jo Bloggs, Westshire's Police and Crime Commissioner": the office is the body
            e.title, e.org, e.org_label, e.org_props = office[0], office[1], "Organisation", office[2]
    pref = person_ref(ctx, e, cite)
    org_ref = ctx.mention(e.org_label, e.org, cite, e.org_props) if e.org else None
    record_role(ctx, e, pref, org_ref, cite)
    return pref


# -- presenters ---------------------------------------------------------------

# starts at a comma or at the first blank of a run (not inside a run: each start would scan the rest of it)
_WILL = quick(r"(?:,\s*|(?<!\s)\s*)(?:will|to|who\s+will)\s+"
                   r"(?:present|give|provide|introduce|deliver|lead|update)\b", re.I)
_REPORT_OF = re.compile(
    r"\b(?:(?:a|the)\s+(?:verbal\s+|written\s+|joint\s+)?(?:report|update|presentation|briefing)s?\s+"
    r"(?:(?:was\s+)?(?:given|delivered|made)\s+)?(?:of|from|by)|(?:report|update|presentation)\s+was\s+"
    r"(?:presented|introduced|given|delivered)\s+by|(?:presented|introduced)\s+by|"
    r"^\s*(?:\(?\d{1,2}[.)]\s*)?(?:verbal\s+)?(?:presentation|report|update|briefing)\s+(?:from|by))\s+(?:the\s+)?",
    re.I,
)
_REPORT_HINT = quick(r"eport|pdate|resent|riefing|ntroduc", re.I)
_ENDERS = quick(
    r",\s*(?:which|who|regarding|about|on|that|setting|providing|giving|outlining|"
    r"detailing|concerning|in\s+relation|in\s+respect|updating|to)\b|\s+(?:on|regarding|about|concerning)\s|"
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bCllr)(?<!\bSupt)(?<!\bInsp)(?<!\b[A-Z])\.\s|\.$|;",
    re.I,
)


_OF_BODY = re.compile(r"^(?P<who>.+?)\s+(?:of|from)\s+(?:the\s+)?(?P<body>[A-Z].+)$")


def _presented(ctx: Context, b: Block, span_start: int, span_text: str, item: str | None, meeting: str | None) -> None:
    om = _OF_BODY.match(span_text)
    if om and "," not in om.group("who") and body_label(om.group("body")) and parse_person(om.group("who"), whole=True):
        span_text = f"{om.group('who')}, {om.group('body')}"  # "Inspector Jo Bloggs of Westby Police"
    e = split_entry(span_text)
    if e is None:
        return
    cite = ctx.cite(b.start, b.end)
    pref = _entry_facts(ctx, e, cite)
    if meeting:
        ctx.fact("PRESENTED", pref, Ref("Meeting", meeting), cite, item=item)


def run_presenters(ctx: Context) -> None:
    """PRESENTED (+ HOLDS_ROLE) from agenda presenter lines and minutes' "report of X"."""
    from kg.extract.meetings import meeting_at

    last_item: Block | None = None
    for b in ctx.blocks:
        if b.kind == "agenda_item":
            last_item = b
            m = re.search(r"\(([^()]{3,60})\)", b.text)
            if m:  # "3 PERFORMANCE (Insp Jane Smith) 15 mins"
                p = parse_person(m.group(1), whole=True)
                if p is not None:
                    _, meeting = meeting_at(ctx, b.start)
                    _presented(ctx, b, b.start + m.start(1), m.group(1), b.meta.get("title"), meeting)
            title = b.meta.get("title") or ""
            tm = _REPORT_OF.match(title)
            if tm:  # "4. Presentation by Jo Bloggs, Director of Westby Probation on Crime Figures"
                rest = title[tm.end():]
                em = _ENDERS.search(rest)
                span = plain(rest[: em.start()] if em else rest)
                if parse_person(span) is not None:
                    _, meeting = meeting_at(ctx, b.start)
                    _presented(ctx, b, b.start, span, title, meeting)
            continue
        if b.kind in ("heading", "attendance", "table_row"):
            continue
        text = b.text
        item = b.meta.get("item")
        wm = _WILL.search(text)
        if wm and last_item is not None and b.start - last_item.end < 400 and item == last_item.meta.get("title"):
            lead = plain(text[: wm.start()])
            if split_entry(lead) is not None:
                _, meeting = meeting_at(ctx, b.start)
                _presented(ctx, b, b.start, lead, item, meeting)
                continue
        for rm in _REPORT_OF.finditer(text) if _REPORT_HINT.search(text) else ():
            if rm.group(0).rstrip().lower().endswith(" the"):
                continue  # "a report of the Secretariat": a body or an office, not a named person
            rest = text[rm.end() :]
            em = _ENDERS.search(rest)
            span = rest[: em.start()] if em else rest
            if parse_person(plain(span)) is None:
                continue
            _, meeting = meeting_at(ctx, b.start)
            _presented(ctx, b, b.start + rm.end(), plain(span), item, meeting)
            break


# -- "Cllr. Jane Smith (Westby CSP Chair)" -------------------------------------------

_PAREN = re.compile(r"\(([^()]{3,90})\)")
_PAREN_TITLE = re.compile(
    r"^(?P<body>.+?)\s+(?P<title>(?:Vice[- ])?Chair(?:man|person)?|Lead|Representative)$|"
    r"^(?P<title2>(?:Vice[- ])?Chair(?:man|person)?)\s+of\s+(?:the\s+)?(?P<body2>.+)$",
    re.I,
)


_ACRONYM_ONLY = re.compile(r"^[A-Z][A-Z&]{1,6}$")


def _title_comma_body(inner: str) -> tuple[str, str] | None:
    """ "Head of Community Safety, Westshire County Council" -> (title, body); the body may be an
    acronym the paper uses ("KCC"): later stages write it out.

    >>> _title_comma_body("Head of Community Safety, Westshire County Council")
    ('Head of Community Safety', 'Westshire County Council')
    >>> _title_comma_body("see page 4, Appendix B") is None
    True
    """
    if "," not in inner:
        return None
    title, body = (x.strip() for x in inner.rsplit(",", 1))
    if not title or not body or not is_title(title):
        return None
    if body_label(body) is None and not _ACRONYM_ONLY.match(body):
        return None
    return title, body


def _expand_generic(name: str) -> str:
    """ "Westby CSP" -> "Westby Community Safety Partnership" with the generic acronyms of bodies.yaml."""
    try:
        from kg.extract.bodies import vocab
    except ImportError:  # pragma: no cover - E2's module absent
        return name
    generic = vocab().get("generic_acronyms") or {}
    words = name.split()
    if words and words[-1] in generic:
        return " ".join(words[:-1] + [str(generic[words[-1]])])
    return name


def _title_without_place(title: str) -> str:
    """ "Westby CSP Chair" -> "CSP Chair": the place that names the body is not part of the title."""
    from kg.extract.people import people_vocab

    generic = {w.lower() for w in people_vocab()["not_name_words"]}
    words = title.split()
    for i, w in enumerate(words):
        if w.lower() in generic or re.fullmatch(r"[A-Z]{2,6}s?", w) or w.lower() in ("vice-chair", "chair"):
            return " ".join(words[i:])
    return title


def run_paren_roles(ctx: Context) -> None:
    """HOLDS_ROLE / MEMBER_OF from a role in brackets after a name in running text:
    "Cllr. Jane Smith (Westby CSP Chair)", "Raj Patel (Chair of the Eastvale Safety Board)"."""
    for b in ctx.blocks:
        if b.kind not in ("paragraph", "list_item") or "(" not in b.text:
            continue
        for m in _PAREN.finditer(b.text):
            inner = m.group(1).strip()
            pm = _PAREN_TITLE.match(inner)
            title_body = _title_comma_body(inner) if not pm else None
            if not pm and not title_body:
                continue
            if title_body:  # "(Head of Community Safety, Westshire County Council)"
                title, body = title_body
                lab = body_label(body) or ("Organisation", {})
            else:
                assert pm is not None
                title = _title_without_place(inner)
                body = _expand_generic((pm.group("body") or pm.group("body2") or "").strip())
                found = body_label(body)
                if found is None:
                    continue
                lab = found
            # the name just before the bracket: try the last few words
            before = plain(b.text[max(0, m.start() - 60) : m.start()]).rstrip()
            person = None
            words = before.split()
            for k in range(min(5, len(words)), 1, -1):
                cand = " ".join(words[-k:])
                person = parse_person(cand, whole=True)
                if person is not None:
                    break
            if person is None:
                continue
            cite = ctx.cite(b.start, b.end)
            e = Entry(
                person=person,
                title=title,
                org=body,
                org_label=lab[0],
                org_props=lab[1],
            )
            pref = person_ref(ctx, e, cite)
            record_role(ctx, e, pref, ctx.mention(lab[0], body, cite, lab[1]), cite)


# -- name blocks (contacts, signatures, bylines) -----------------------------------

_CONTACT_STOP = re.compile(r"\b(?:tel|telephone|phone|mobile|e-?mail|email)\b|@|\d{4,}|https?:|www\.", re.I)
_TITLE_COLON = re.compile(r"^\s*(?:\*\*)?([A-Z][A-Za-z &/'’-]{2,60}?)\s*:\s*(?:\*\*)?\s*(.+?)\s*(?:\*\*)?\s*$")


def _short_line(b: Block) -> bool:
    t = plain(b.text)
    return bool(t) and len(t.split()) <= 14 and not _CONTACT_STOP.search(t) and not t.endswith(".")


_CHAIR_TITLE = re.compile(r"^(?:vice[- ])?chair(?:man|person|woman)?$", re.I)
_JOINER_END = quick(r"(?:\b(?:and|of|for|the)|[&,])$")


def _role_line(written: str, line: str) -> bool:
    """A line under a name that gives a title or a body ("Chief Constable", "Westshire Police")."""
    if is_title(line) or body_label(line):
        return True
    e = split_entry(f"{written} – {line}")
    return e is not None and bool(e.org)


_POSTS_ABOVE_MAX_LINES = 30  # how far back a run of post and name lines is read


def _name_line(t: str) -> bool:
    p = parse_person(t, whole=True)
    return p is not None and bool(p.honorific or starts_with_forename(p.name))


def _post_above(ctx: Context, blocks: list[Block], i: int) -> str | None:
    """The post written on the line above the name of block ``i`` in a list laid out post first
    ("Local Member (chair)" / "Cllr Ann Jones" / "Chair of Westby Forum" / "Bob Patel"): the run of
    short lines, one line apart, starts with a post and alternates post and name."""
    run: list[str] = []
    k = i - 1
    end = blocks[i].start
    while k >= 0 and len(run) < _POSTS_ABOVE_MAX_LINES:
        bk = blocks[k]
        if bk.kind != "paragraph" or ctx.doc.text.count("\n", bk.end, end) > 1 or not _short_line(bk) \
                or bk.meta.get("opens"):
            break  # (a heading, "Officer(s) to contact" among them, is no post of the name under it)
        run.append(plain(bk.text))
        end = bk.start
        k -= 1
    if not run:
        return None

    def is_post(t: str) -> bool:
        if _name_line(t) or t.rstrip().endswith(":") or is_membership_heading(t):
            return False  # ("Core Members", "Membership:" head a list; they are no one's post)
        return bool(is_title(t) or body_label(t) or chair_role(t.split("(")[-1].strip(")")))

    # the alternation that ends with the line above the name: post, name, post ... read backwards
    n = 0
    while n < len(run) and (is_post(run[n]) if n % 2 == 0 else _name_line(run[n])):
        n += 1
    if n == 0 or n % 2 == 0:
        return None  # no post right above, or the list starts with a name: name first
    if n == 1:
        # the first name of the list: the layout shows only if it goes on post, name below this name
        after = [plain(x.text) for x in blocks[i + 1:i + 3] if x.kind == "paragraph"]
        if len(after) < 2 or not is_post(after[0]) or not _name_line(after[1]):
            return None
    return run[0]


def run_name_blocks(ctx: Context) -> None:
    """HOLDS_ROLE from blocks made of a name line and title/organisation lines under it."""
    blocks = ctx.blocks
    n = len(blocks)
    from kg.extract.column_grids import taken
    from kg.extract.meetings import meeting_at

    for i, b in enumerate(blocks):
        if b.kind in ("agenda_item", "list_item") or taken(ctx, b):
            continue
        t = plain(b.text)
        tm = _TITLE_COLON.match(t) if b.kind != "table_row" else None
        if tm and is_title(tm.group(1)):  # "Lead Officer: Supt Jane Smith", "Chair: Cllr. A. Shah"
            p = parse_person(tm.group(2), whole=True)
            if p is not None:
                cite = ctx.cite(b.start, b.end)
                pref = _entry_facts(ctx, Entry(person=p, title=tm.group(1)), cite)
                role = _CHAIR_TITLE.match(tm.group(1).strip())
                board, _ = meeting_at(ctx, b.start)
                if role and board:
                    bref = ctx.mention("Board", board, cite, ctx.paper.boards.get(board, {}))
                    vice = role.group(0).lower().startswith("vice")
                    ctx.fact("MEMBER_OF", pref, bref, cite, role="vice_chair" if vice else "chair")
            continue
        if b.kind == "attendance":
            continue
        if b.kind == "table_row" or len(t.split()) > 16:
            continue
        e = split_entry(t)
        if e is None:
            continue
        whole = parse_person(t, whole=True) is not None
        if not whole and not (b.kind == "contact" and (e.title or e.org)):
            continue
        post = _post_above(ctx, blocks, i) if whole else None
        if post is not None:
            # "Chair of Westby Youth Forum" / "Ann Jones": the post on the line above the name
            above = split_entry(f"{e.person.written} – {post}")
            if above is not None and (above.title or above.org):
                _entry_facts(ctx, above, ctx.cite(blocks[i - 1].start, b.end))
            continue
        # the lines that follow: titles and bodies, until a contact detail or a sentence
        j = i + 1
        end = b.end
        lines: list[str] = []
        while j < n and len(lines) < 4:
            nb = blocks[j]
            if ctx.doc.text.count("\n", end, nb.start) > 2 or nb.kind in ("agenda_item", "attendance"):
                break
            ln = plain(nb.text)
            if not _short_line(nb) or nb.text.lstrip().startswith("#") or parse_person(ln, whole=True):
                break
            if lines and _JOINER_END.search(lines[-1]):
                lines[-1] = f"{lines[-1]} {ln}"  # a title or name broken over two lines
            elif _role_line(e.person.written, ln) or (_JOINER_END.search(ln) and ln[:1].isalpha()):
                lines.append(ln)
            else:
                break
            end = nb.end
            j += 1
        if not lines and not (e.title or e.org):
            continue
        if not whole and b.kind != "contact":
            continue
        entries_: list[Entry] = []
        cur = e
        for ln in lines:
            part = split_entry(f"{e.person.written} – {ln}")
            if part is None:
                break
            if (
                part.title and not part.org and cur.title and not cur.org and ln[:1].islower()
            ):  # a title broken over two lines
                cur.title = f"{cur.title} {ln}"
                continue
            if not part.title and part.org and not cur.org:
                cur.org, cur.org_label, cur.org_props = part.org, part.org_label, part.org_props
                continue
            if part.title:
                if cur.org and not part.org:
                    break  # a title after the organisation line belongs to something else
                if cur.title or cur.org:
                    entries_.append(cur)
                cur = part
                continue
            if not part.title and not part.org:
                break
        if cur.title or cur.org:
            entries_.append(cur)
        if not entries_ or not any(x.title for x in entries_) and b.kind != "contact":
            continue
        cite = ctx.cite(b.start, end)
        for x in entries_:
            if x.org or x.title:
                _entry_facts(ctx, x, cite)


_PEOPLE_COLUMN = quick(r"\b(?:officer|lead|owner|responsible|contact|name|author|manager)s?\b", re.I)


def run_table_people(ctx: Context) -> None:
    """People named in the cells of a "Responsible Officer" / "Lead" / "Owner" column of a table
    (action logs, delivery plans): Person mentions, and the rank they are given as a role."""
    header: list[str] = []
    cols: list[int] = []
    for b in ctx.blocks:
        if b.kind != "table_row" and not (b.kind == "attendance" and b.cells):
            header, cols = [], []
            continue
        if not cols and not header:
            header = [plain(c) for c in b.cells]
            cols = [i for i, h in enumerate(header) if _PEOPLE_COLUMN.search(h) and len(h.split()) <= 4]
            if not cols:
                header = ["-"]  # not a table with a people column: skip to its end
            continue
        for i in cols:
            if i >= len(b.cells):
                continue
            raw_cell = re.sub(r"<[^>]+>", "  ", b.cells[i])
            for part in re.split(r"\s*/\s*|\s*[,;&]\s*|\s+and\s+|\s{2,}", raw_cell.strip()):
                p = parse_person(plain(part), whole=True)
                if p is None:
                    continue
                cite = ctx.cite(b.start, b.end)
                pref = person_ref(ctx, Entry(person=p), cite)
                if p.rank_title:
                    ctx.paper.pending_roles.append((pref, p.rank_title, cite))


def _rank_service(ctx: Context, title: str) -> tuple[str, str, dict[str, Any]] | None:
    """The force or service a rank serves in when the text gives no organisation: the one
    organisation of the rank's sector (police unless ``rank_sectors`` in people.yaml says otherwise)
    that the document names at least twice as often as any other of that sector."""
    from kg.extract.people import people_vocab

    v = people_vocab()
    ranks = set(v["ranks"].values())
    if title not in ranks:
        return None
    sector = (v.get("rank_sectors") or {}).get(title, "policing")
    counts: dict[str, int] = {}
    for h in ctx.paper.bodies or []:
        if h[2] == "Organisation" and h[4].get("sector") == sector and not h[4].get("ref"):
            counts[h[3]] = counts.get(h[3], 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if not top or len(top) > 1 and top[1][1] * 2 > top[0][1]:
        return None
    return top[0][0], "Organisation", {"sector": sector}


def run_finish(ctx: Context) -> None:
    """HOLDS_ROLE facts that waited for an organisation: use the one the same person is listed
    with elsewhere in this document, or for a rank the one force of its kind the document names;
    drop the fact when there is none (a title alone links nothing).
    Then tidy this document's people facts: an untitled HOLDS_ROLE is dropped where the same
    person has a titled one to the same body (and of titles that differ only in punctuation, the
    first is kept), and PRESENTED is one fact per person and meeting
    (its ``item`` lists every item they presented, joined by "; ")."""
    from kg.extract.offices import holder_body

    aff = ctx.paper.affiliations or {}
    pending, ctx.paper.pending_roles = ctx.paper.pending_roles, []
    for pref, title, cite in pending:
        got = aff.get(person_key(pref.name)) or _rank_service(ctx, title) or holder_body(ctx, title)
        if got is None:
            continue
        org, label, props = got
        oref = ctx.mention(label, org, cite, props)
        ctx.fact("HOLDS_ROLE", pref, oref, cite, title=title)
    from kg.extract.bodies import unify_document

    unify_document(ctx)  # one name per body in this document, whichever rule recorded it
    titled = {(f.start, f.end) for f in ctx.facts if f.type == "HOLDS_ROLE" and f.props.get("title")}
    kept = []
    presented: dict[tuple[Ref, Ref], Any] = {}
    seen_roles: set[tuple[Ref, Ref, str]] = set()
    for f in ctx.facts:
        if f.type == "HOLDS_ROLE" and not f.props.get("title") and (f.start, f.end) in titled:
            continue
        if f.type == "HOLDS_ROLE" and f.props.get("title"):
            # "Strategic Lead, Public Health" and "Strategic Lead Public Health": one role, written twice
            key = (f.start, f.end, " ".join(re.findall(r"[a-z0-9]+", str(f.props["title"]).lower())))
            if key in seen_roles:
                continue
            seen_roles.add(key)
        if f.type == "PRESENTED":
            first = presented.get((f.start, f.end))
            if first is not None:
                item = f.props.get("item")
                if item and item not in str(first.props.get("item", "")).split("; "):
                    first.props["item"] = "; ".join(x for x in (first.props.get("item"), item) if x)
                continue
            presented[(f.start, f.end)] = f
        kept.append(f)
    ctx.facts[:] = kept
