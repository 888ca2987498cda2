"""People's names, titles and organisations as UK council papers write them.

Pure string functions, no document state:

* :func:`parse_person` reads one candidate ("Cllr. K. Okafor", "Ch Insp Rob Delaney",
  "Mr. C. Ansell CC (in the Chair)") into a :class:`PersonName`, or None when it
  does not look like a person (a body, a title, a heading);
* :func:`split_entry` splits an attendance or contact line ("Name – Title, Organisation",
  "Name<TAB>Title – Organisation", "Name Organisation") into name, title and body parts;

Names are read with regular expressions built from the vocabulary, not with spaCy: one
spaCy tokenizer pass over a document costs as much as the whole extraction budget, and the
shapes of names in council papers (honorific, initials, capitalised words, a body or a title
after them) are regular enough that a model adds little.

Vocabulary (honorifics, ranks, post-nominals, title words) lives in ``data/people.yaml``.

>>> p = parse_person("Cllr. K. Okafor")
>>> (p.name, p.honorific)
('K. Okafor', 'Cllr.')
>>> parse_person("Eastvale County Council") is None
True
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kg.extract.quickre import quick

#: libyaml's parser where it is installed (the same data, a seventh of the time)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def people_vocab() -> dict[str, Any]:
    """The people vocabulary from ``data/people.yaml`` (read once)."""
    text = resources.files("kg.extract.data").joinpath("people.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=_YAML_LOADER)
    return data


@dataclass
class PersonName:
    """A person as written: ``name`` without honorific/rank/post-nominals, the ``honorific``
    (``Cllr.``, ``Ch Insp``), the title a rank or post-nominal stands for (``rank_title``),
    ``chair`` when the text says "(in the Chair)", and ``end``: where the name ends in the
    parsed text (so a caller can read what follows it)."""

    name: str
    honorific: str = ""
    rank_title: str = ""
    chair: str = ""
    end: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def written(self) -> str:
        """The name as written with its honorific ("Cllr. K. Okafor")."""
        return f"{self.honorific} {self.name}".strip()


# capitals and small letters with the accents of names written in the UK ("Siân", "Seán", "Zoë")
_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
_NAME_WORD = (
    rf"(?:(?:Mc|Mac|O['’]?|D['’])[{_UP}][{_LOW}]+(?:-\s?[{_UP}][{_LOW}]+)*"
    rf"|[{_UP}][{_LOW}]+(?:['’][{_UP}]?[{_LOW}]+)?(?:-\s?[{_UP}][{_LOW}]+)*)"
)
_ONE_INITIAL = re.compile(r"[A-Z]\.?|(?:[A-Z]\.)+|(?:Ll|Rh|Dd|Ff)\.?")  # one word of initials, on its own
# initials: "A.", "A. B.", "A" before a space, and the Welsh letters written with two ("M Ll Davies")
_INITIALS = r"(?:[A-Z]\.(?:\s?[A-Z]\.)*|[A-Z](?=\s)|(?:Ll|Rh|Dd|Ff)\.?(?=\s))"
_PARTICLE = r"(?:de|van|von|der|den|da|di|du|le|la|bin|al|ter|ap|ab|del|dos|das)"


@lru_cache(maxsize=1)
def honorific_alternation() -> str:
    """The honorifics of ``people.yaml`` as one regular-expression alternation, longest first
    (for readers that find where a person's name starts: "Cllr", "County Councillor", "Dr").

    >>> bool(re.fullmatch(honorific_alternation(), "County Councillor"))
    True
    """
    return "|".join(sorted((re.escape(str(h)) for h in people_vocab()["honorifics"]), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Any]:
    v = people_vocab()
    hons = sorted(v["honorifics"], key=len, reverse=True)
    ranks = sorted(v["ranks"], key=len, reverse=True)
    prefix_alts = "|".join(re.escape(h).replace(r"\ ", r"\.?\s+") for h in ranks + hons)
    post = "|".join(sorted((re.escape(p) for p in v["post_nominals"]), key=len, reverse=True))
    name_core = (
        # "Councillors SWJ Ashley": initials run together, only right after an honorific
        rf"(?:(?<=\s)[A-Z]{{2,3}}\s+(?=[A-Z][a-z])|{_INITIALS}\s*)?(?:{_NAME_WORD}|{_INITIALS})"
        rf"(?:\s+(?:{_PARTICLE}\s+)?(?:{_NAME_WORD}|{_INITIALS})){{0,3}}"
    )
    person = re.compile(
        # an honorific's full stop may stand against the name ("Cllr.Gale": text copied from a PDF)
        rf"^(?P<pre>(?:(?:{prefix_alts})(?:\.?\s+|\.(?=[A-Z][a-z])))*)(?P<name>{name_core})"
        rf"(?P<post>(?:,?\s+(?:{post})\b)*)"
        # "Ann Jones (AJ) (Chair)": the initials the minutes call her by, then a note on her seat
        r"(?:\s*\((?:[A-Z][A-Za-z]?){1,3}\)(?=\s*\())?"
        r"(?P<paren>\s*\((?:in\s+the\s+)?[A-Za-z \-]{2,40}\))?",
    )
    return {
        "person": person,
        "ranks": {k.lower(): val for k, val in v["ranks"].items()},
        "post": {k: val for k, val in v["post_nominals"].items()},
        "parties": frozenset(str(x).upper() for x in v["party_abbreviations"]),
        "not_name": {w.lower() for w in v["not_name_words"]},
        "title_words": [w.lower() for w in v["title_words"]],
        "title_set": {w.lower() for w in v["title_words"] if " " not in w},
        "org_heads": {w.lower() for w in v["org_heads"]},
        "org_words": [w.lower() for w in v["org_words"]],
        "chair": [w.lower() for w in v["chair_markers"]],
        "vice": [w.lower() for w in v["vice_chair_markers"]],
        "hons": {h.lower() for h in hons},
        "place_first": {w.lower() for w in v["not_first_words"]},
        "not_last": frozenset(v["not_last_words"]),
        "month_names": frozenset(v["month_forenames"]),
        "vacant": {w.lower() for w in v["vacancy_words"]},
    }


@lru_cache(maxsize=1)
def forenames() -> frozenset[str]:
    """Known forenames, lower case: the US Census 1990 lists of male and female first names that
    the ``names`` package ships (5,494 names; empty when the package is missing). Words of kg's
    own vocabulary of bodies, plans and money are left out ("Justice", "Grant").

    Measured and not taken: adding gender-guesser's 16,000 forenames of the countries most of the
    UK's population comes from lowered development precision (0.89 to 0.88) and did not change
    the held-out score."""
    out: set[str] = set()
    try:
        import names  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - a dependency of kg
        return frozenset()
    for key in ("first:male", "first:female"):
        with open(names.FILES[key], encoding="ascii", errors="replace") as fh:
            out.update(line.split()[0].lower() for line in fh if line.strip())
    with open(names.FILES["last"], encoding="ascii", errors="replace") as fh:
        surnames = {line.split()[0].lower() for line in fh if line.strip()}
    return frozenset((out | (_british_forenames() - surnames)) - _vocabulary_words())


def _british_forenames() -> set[str]:
    """Forenames common in Great Britain or Ireland from gender-guesser's dictionary ("Alasdair",
    "Eilidh", "Dafydd": the US lists have few of them); empty when the package is missing."""
    # only the package's data file is read (GNU FDL); its code (GPLv3) is never imported
    spec = importlib.util.find_spec("gender_guesser")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency of kg
        return set()
    v = people_vocab()
    cols, least = list(v["forename_countries"].values()), int(v["forename_min_frequency"])
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "nam_dict.txt"
    if not path.is_file():  # pragma: no cover
        return set()
    out: set[str] = set()
    with open(path, encoding="iso-8859-1") as fh:
        for line in fh:
            # comments, "=" lines of equivalent names, and the second copy of a name written with
            # expanded umlauts ("+" at offset 29) are not entries
            if line[:1] in "#=" or len(line) <= max(cols) or line[29] == "+":
                continue
            name = line[3:29].strip()
            if name.isalpha() and any(line[c].strip() and int(line[c], 16) >= least for c in cols):
                out.add(name.lower())
    return out


def _vocabulary_words() -> set[str]:
    """Every word of the bodies, plans, money and governance vocabularies."""
    words: set[str] = set()
    for fname in ("bodies.yaml", "plans.yaml", "money.yaml", "governance.yaml"):
        text = resources.files("kg.extract.data").joinpath(fname).read_text(encoding="utf-8")
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", text))
    return words


def starts_with_forename(name: str) -> bool:
    """Whether a name without an honorific opens with a known forename or an initial, the test of a
    bare name where a body's words could pass for one ("Suzie Hawkins" yes, "Clinical
    Commissioning" no).

    >>> starts_with_forename("Suzie Hawkins"), starts_with_forename("J. Smith")
    (True, True)
    >>> starts_with_forename("Clinical Commissioning")
    False
    """
    first = name.split()[0] if name.split() else ""
    return bool(_INITIALS_RE.fullmatch(first)) or first.strip(".").lower() in forenames()


@lru_cache(maxsize=1)
def _membership_head() -> re.Pattern[str]:
    heads = "|".join(re.escape(w) for w in sorted(people_vocab()["membership_heads"], key=len, reverse=True))
    # "Council members (10)", "Members (Local Authority)": a count or a qualifier may follow
    qualifier = r"(?:\s*\((?:\d+|[A-Za-z][\w ]{0,30})\))?"
    # "Responsible Authorities (Statutory Members)": the kind of members, then the word in brackets
    bracketed = rf"(?:[\w'’-]+\s+){{1,4}}\((?:[\w'’-]+\s+){{0,2}}(?:{heads})\)"
    return re.compile(rf"^\s*(?:\*\*|#+\s*)?(?:(?:[\w'’-]+\s+){{0,3}}(?:{heads}){qualifier}|{bracketed})"
                      rf"\s*:?\s*(?:\*\*)?\s*$", re.I)


def is_membership_heading(text: str) -> bool:
    """Whether a line heads a membership list ("Membership", "Panel Members", "Council members (10)").

    >>> is_membership_heading("Membership"), is_membership_heading("Council members (10)")
    (True, True)
    >>> is_membership_heading("Members (Local Authority)")
    True
    >>> is_membership_heading("Members are reminded to declare interests")
    False
    """
    return bool(_membership_head().match(text))


_MARKUP = re.compile(r"<[^>]+>|\*\*|__|\\")


def _clean(text: str) -> str:
    text = _MARKUP.sub(" ", text)
    return " ".join(text.replace("&amp;", "&").split())


def is_vacancy(text: str) -> bool:
    """True for a list entry that is an empty seat ("Vacancy (Westby Council)").

    >>> is_vacancy("Vacancy (Isles)"), is_vacancy("Ann Jones")
    (True, False)
    """
    first = text.split()[:1]
    return bool(first) and first[0].lower().strip(".,;:()") in _patterns()["vacant"]


_DETERMINERS = frozenset({"the", "an", "this", "that", "these", "those", "our", "their", "its", "his", "her"})


_POSSESSIVE_END = re.compile(r"['’]s$")
_INITIALS_RE = re.compile(_INITIALS)
_PARTICLE_RE = re.compile(_PARTICLE)
_ING_END = re.compile(r"ing$")


def parse_person(text: str, *, whole: bool = False) -> PersonName | None:
    """Read a person's name at the start of ``text``; None if it does not look like one.

    With ``whole=True`` the name must take up all of ``text`` (bar punctuation).

    >>> parse_person("Mr. C. Ansell CC (in the Chair)").chair
    'chair'
    >>> parse_person("Temporary Chief Constable David Brook").rank_title
    'Temporary Chief Constable'
    >>> parse_person("Strategic Lead") is None
    True
    >>> parse_person("Cllr.Gale, Cllr. Snell").name
    'Gale'
    """
    P = _patterns()
    s = text.strip()
    m = P["person"].match(s)
    if not m:
        return None
    pre = " ".join(m.group("pre").split())
    words = m.group("name").split()
    # "Name Surname Organisation Words": keep the name words before the first non-name word
    keep: list[str] = []
    stopped = False
    has_pre = bool(m.group("pre").strip())
    for k_w, w in enumerate(words):
        lw = _POSSESSIVE_END.sub("", w.strip(".")).lower()
        surname_slot = has_pre and all(_INITIALS_RE.fullmatch(k) for k in keep) and lw not in P["org_heads"]
        if k_w == 0 and w in P["month_names"] and len(words) > 1 and words[1].lower() not in P["not_name"]:
            keep.append(w)  # "April Adam": a month that is a forename, then a surname
            continue
        # "Ian Grant", "Jon House": right after a known forename, a common word is the surname
        # ("Carl Dean": a title word so placed, with no word after it, is the surname too)
        after_forename = k_w == 1 and len(keep) == 1 and keep[0].lower() in forenames() and w[:1].isupper() \
            and (lw in P["not_name"] or lw in P["title_set"] and len(words) == 2) and lw not in P["org_heads"]
        if (lw in P["not_name"] or lw in P["hons"] or lw in P["title_set"]) and not surname_slot \
                and not after_forename:
            # after an honorific the first full word is the surname even if it is also a common
            # word ("Cllr. F. Grant", "Dr. J. Hall")
            stopped = True
            break
        keep.append(w)
    if stopped and len(keep) >= 3 and not m.group("pre").strip():
        keep = keep[:-1]  # "Jane Smith Falcon Centre": the word before "Centre" names the body
    if len(keep) > 2:
        # "Jane Smith Eastvale Borough Council": the name stops where a body name starts
        after = s[m.start("name") :]
        for k in range(2, len(keep)):
            if _PARTICLE_RE.fullmatch(keep[k - 1]):
                continue  # "Ellen ap Gwynn": a particle is followed by the rest of the surname
            if all(_ONE_INITIAL.fullmatch(w) for w in keep[:k]):
                continue  # "Mr P J Clarke Chairman": initials are followed by the surname
            off = _offset_after_words(after, k)
            rest = _SEP.split(after[off:].strip(), maxsplit=1)[0]
            if body_label(rest) or is_title(rest):
                keep = keep[:k]
                break
    if len(keep) > 2 and not _PARTICLE_RE.fullmatch(keep[-2]):
        from kg.extract.area import one_word_places

        while len(keep) > 2 and (keep[-1] in P["not_last"] or keep[-1] in one_word_places()):
            keep.pop()  # "Cllr Ann Jones Wealden District Council": the place begins the body
    if keep and _INITIALS_RE.fullmatch(keep[0]):
        # "E. Jones T. Smith": a name written initials first ends at its surname; an initial after
        # it starts the next name
        full = next((k for k, w in enumerate(keep) if not _INITIALS_RE.fullmatch(w)), len(keep))
        nxt = next((k for k in range(full + 1, len(keep)) if _INITIALS_RE.fullmatch(keep[k])), None)
        if nxt is not None:
            keep = keep[:nxt]
    while keep and _INITIALS_RE.fullmatch(keep[-1]):  # a name ends with a surname
        keep.pop()
    if not keep or any(w.lower().strip(".,") in P["vacant"] for w in keep):
        return None  # "Vacancy": a seat, not a person
    if len(keep) > 3 and keep[0].lower() in forenames() and \
            not any(_PARTICLE_RE.fullmatch(w) or _INITIALS_RE.fullmatch(w) for w in keep):
        keep = keep[:2]  # "Ann Jones Natural Resources Westby": a known forename and a surname, then a body
    if len(keep) > 2 and keep[2] in P["not_last"]:
        keep = keep[:2]  # "Ann Jones North Westby Ward": a compass word after a name starts a place
    name = " ".join(keep)
    # the end of the name in the original text
    name_end = m.start("name") + _offset_after_words(s[m.start("name") :], len(keep))
    # "Jean CassGovernance Officer": a post run onto the surname with no space starts where the
    # name's words end, inside the word
    if name_end > m.end("name") and s[m.end("name"):m.end("name") + 1].isalpha():
        name_end = m.end("name")
    truncated = len(keep) < len(words)
    post = m.group("post") if not truncated else ""
    paren = m.group("paren") if not truncated else ""
    end = m.end() if not truncated else name_end
    if not post and not paren:
        end = name_end
    real_words = [w for w in keep if not _INITIALS_RE.fullmatch(w) and not _PARTICLE_RE.fullmatch(w)]
    if not real_words:
        return None
    if not pre and (_ING_END.search(keep[0]) or keep[0].lower() in P["place_first"]):
        return None  # "Making Westshire Safer", "North West ..." are not names
    if not pre and keep[0].lower() in _DETERMINERS:
        return None  # "The Ordinary Meeting ...": a sentence, not a name
    if any(w.lower().endswith("shire") for w in keep) and \
            not (pre and len(keep) == 2 and keep[0].lower() in forenames()):
        return None  # a county, except as the surname after an honorific and a forename ("Cllr Ann Wiltshire")
    if len(keep) == 1 and not pre:
        return None  # a lone capitalised word is not enough without an honorific
    full_words = [w.lower() for w in keep if not _ONE_INITIAL.fullmatch(w)]  # "G G Williams": initials may repeat
    if any(len(w) > 20 for w in keep) or len(set(full_words)) < len(full_words):
        return None  # "Jane Smith Jane Smith" is a name written twice, not a name
    if not pre and len(real_words) > 3:
        return None
    if whole and s[end:].strip(" ,.;:–-*"):
        return None
    honorific = re.sub(r"^(Councillor|Cllr)s\b", r"\1", pre)  # "Councillors A and B"
    rank_title = ""
    low_pre = pre.lower().replace(".", "")
    for r, full in sorted(P["ranks"].items(), key=lambda kv: -len(kv[0])):
        if low_pre == r or low_pre.endswith(" " + r):
            rank_title = full
            break
    post_titles = [P["post"].get(p.strip(" ,")) for p in (post or "").split()]
    post_titles = [t for t in post_titles if t]
    if not rank_title and post_titles:
        rank_title = post_titles[0]
    chair = ""
    if paren:
        inner = paren.strip(" ()").lower()
        inner = inner.removeprefix("in the ").strip()
        if inner in P["vice"]:
            chair = "vice_chair"
        elif inner in P["chair"]:
            chair = "chair"
    name = re.sub(r"-\s+", "-", name)
    pn = PersonName(name=name, honorific=honorific, rank_title=rank_title, chair=chair, end=end)
    if post:
        pn.notes.append(post.strip(" ,"))
    return pn


_NEXT_WORD = re.compile(r"\s*\S+")


def _offset_after_words(text: str, n: int) -> int:
    """Offset just after the ``n``-th whitespace-separated word of ``text``."""
    pos = 0
    for _ in range(n):
        m = _NEXT_WORD.match(text, pos)
        if not m:
            break
        pos = m.end()
    return pos


@lru_cache(maxsize=65536)
def is_title(text: str) -> bool:
    """True when a phrase reads as a job title ("Senior Democratic Services Officer").

    Cached: the readers of names and posts ask it of the same phrases many times over (about three
    times each in the sample corpus), and each answer tries every title word of the vocabulary.

    >>> is_title("Performance and Assurance Officer"), is_title("Westby Borough Council")
    (True, False)
    """
    words = [w.strip("-'’") for w in re.sub(r"[^\w\s'’-]", " ", _clean(text).lower()).split()]
    words = [w for w in words if w]
    low = f" {' '.join(words)} "
    if not words:
        return False
    P = _patterns()
    if re.match(r"^\s*(?:the\s+)?(?:office|department|ministry|directorate)\s+(?:of|for)\b", low):
        return False
    if words[-1] in P["title_set"] and words[-1] not in P["org_heads"]:
        return True
    if body_label(text):
        # "Chair of the X Board" is a title; "X Board" is not; "Cabinet Member for Adult Services" is
        # a councillor's portfolio, not a body
        return bool(re.match(r"^\s*(?:\w+\s+){0,3}(?:chair|head|director|member|lead)\s+of\b"
                             r"|^\s*(?:\w+\s+){0,2}(?:member|lead|holder)\s+for\b", low))
    parts = low.replace("-", " ")  # "Under-Secretary", "Co-Chair": a title word inside a hyphened one
    return any(f" {w} " in low or f" {w} " in parts for w in P["title_words"])


def body_label(text: str) -> tuple[str, dict[str, Any]] | None:
    """Label (Organisation or Board) and props of a body name, via :func:`kg.extract.bodies.classify`
    when it is available, else a small local fallback.

    >>> body_label("Northshire Fire and Rescue Service")[0]
    'Organisation'
    """
    name = _clean(text).strip(" ,.;:–-")
    if not name or not name[0].isupper():
        return None
    try:
        from kg.extract.bodies import classify
    except ImportError:  # pragma: no cover - E2's module absent
        pass
    else:
        return classify(name)
    low = name.lower()
    if re.search(r"\b(board|panel|committee|group|partnership|forum)s?$", low):
        return "Board", {"kind": "board"}
    if any(re.search(rf"\b{re.escape(w)}\b", low) for w in _patterns()["org_words"]):
        return "Organisation", {"sector": "other"}
    return None


_SEP = quick(r"\t+|\s+[–—-]\s+|,\s+|\s{2,}")


@dataclass
class Entry:
    """One attendance or contact entry split up: the person, their title, their body
    (``org`` with ``org_label`` Organisation or Board) and where each part sits in the
    text (offsets relative to the parsed string)."""

    person: PersonName
    title: str = ""
    org: str = ""
    org_label: str = ""
    org_props: dict[str, Any] = field(default_factory=dict)
    rest: list[str] = field(default_factory=list)


def chair_role(word: str) -> str | None:
    """The MEMBER_OF role a chair's marker gives ("Chair", "Vice-Chair", "Deputy Chairman",
    "in the Chair"), or None for any other word.

    >>> chair_role("Chairman"), chair_role("Deputy Chair"), chair_role("Con")
    ('chair', 'vice_chair', None)
    >>> chair_role("Vice – Chairman"), chair_role("V/Chair")
    ('vice_chair', 'vice_chair')
    """
    low = re.sub(r"^in\s+the\s+", "", word.lower().strip())
    # "Vice – Chairman", "Vice - Chair", "V/Chair": the vice's mark written with a spaced dash or a slash
    low = re.sub(r"^(?:vice|v)\s*[-–—/]\s*(?=chair)", "vice-", low)
    P = _patterns()
    if low in P["vice"] or re.match(r"deputy\s+chair", low):
        return "vice_chair"
    if low in P["chair"]:
        return "chair"
    return None


_TITLE_BODY_ACRONYM = re.compile(r"^[A-Z][A-Z&]{2,7}$")


def split_title_body(text: str) -> tuple[str, str] | None:
    """ "Chief Executive Westby District Council" -> ("Chief Executive", "Westby District Council"):
    a title run into its body with no separator (a table cell "Title & Organisation"). The body
    is the longest tail that is a body, or a last word that is an acronym ("Executive Director
    WHSCT"); the title before it must read as a title and not end in a joining word.

    >>> split_title_body("Independent Chair Westby Safeguarding Board")
    ('Independent Chair', 'Westby Safeguarding Board')
    >>> split_title_body("Director of Public Health") is None
    True
    >>> split_title_body("Chief Executive Westby Youth Trust")
    ('Chief Executive', 'Westby Youth Trust')
    """
    if "," in text:  # "Acting Director, WPBN"
        title, body = (x.strip() for x in text.rsplit(",", 1))
        if is_title(title) and not is_title(body) and (body_label(body) is not None or _TITLE_BODY_ACRONYM.match(body)
                                                       or _PLACE_ACRONYM.match(body)):
            return title, body  # "Manager, Westby and Vale UHB": a place and an acronym name a body
    words = text.split()
    for k in range(1, len(words)):
        title, body = " ".join(words[:k]), " ".join(words[k:])
        if not body[:1].isupper() or words[k - 1].lower() in ("of", "for", "and", "the", "&", "to", "in") \
                or is_title(words[k]):
            continue  # "Chief | Executive Westby Council": the body does not start inside the title
        if (body_label(body) is not None or (k == len(words) - 1 and _TITLE_BODY_ACRONYM.match(body))) \
                and is_title(title) and not is_title(body):
            if k + 1 < len(words) and words[k].lower() in _patterns()["title_set"] \
                    and body_label(" ".join(words[k + 1:])):
                continue  # "Chief | Executive Westby Trust": the longer title leaves a body as well
            return title, body
    return None


def split_entry(text: str) -> Entry | None:
    """Split "Name<sep>Title<sep>Organisation" (any of the parts after the name optional).

    >>> e = split_entry("Claire Jones – Chief Executive, Office of the Police and Crime Commissioner")
    >>> (e.person.name, e.title, e.org)
    ('Claire Jones', 'Chief Executive', 'Office of the Police and Crime Commissioner')
    >>> e = split_entry("Rob Kent Northshire Fire and Rescue Service")
    >>> (e.person.name, e.title, e.org)
    ('Rob Kent', '', 'Northshire Fire and Rescue Service')
    """
    e = _split_entry(text)
    if e is not None and e.org and _ACRONYM_BODY.fullmatch(e.org) and e.title:
        # "Manager, Westby and Vale UHB": the place before an acronym is the body's, not the title's
        # ("Head of Policy, Performance and Assurance, OPCC": a remit listed after "of" is the title's)
        pm = _PLACE_TAIL.search(e.title)
        if pm and pm.start() > 0 and not _REMIT.search(e.title[: pm.start()]) \
                and f"{pm.group(1)} {e.org}" in text:  # the place written right before the letters
            e.org, e.title = f"{pm.group(1)} {e.org}", e.title[: pm.start()].strip(" ,")
    if e is not None and e.org and e.title:
        _named_before_letters(text, e)
        _listed_body(text, e)
    return e


def _named_before_letters(text: str, e: Entry) -> None:
    """ "Chair of the Westby Audit Panel (WAP)": the letters in the bracket are the body the title
    names, whose name is the body."""
    if not _ACRONYM_BODY.fullmatch(e.org):
        return
    m = re.search(r"\b(?:of|for)\s+(?:the\s+)?(?P<body>[A-Z].*)$", e.title)
    if m is None or f"{m.group('body')} ({e.org})" not in text:
        return
    lab = body_label(m.group("body"))
    if lab is not None and not is_title(m.group("body")):
        e.org, e.org_label, e.org_props = m.group("body"), lab[0], lab[1]
        e.title = e.title[: m.start()].strip(" ,")


_REMIT = re.compile(r"\b(?:of|for)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}$")
# the last words of a title that may be the first item of a body's name written as a list
_TITLE_TAIL = re.compile(r"(?:,\s*|\s+(?:of|for)\s+(?:the\s+)?)(?P<item>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})$")


def _listed_body(text: str, e: Entry) -> None:
    """ "Chair of Ethics, Transparency and Audit Panel", "Chair, Community Learning, Development and
    Engagement Group": a body whose name is a list ("A, B and C Panel") cut at its first comma; the
    item left at the end of the title is the body's."""
    if not re.match(r"[A-Z][^,]*?\s(?:and|&)\s", e.org):
        return
    m = _TITLE_TAIL.search(e.title)
    if m is None or m.start() == 0 or is_title(m.group("item")) or body_label(m.group("item")):
        return
    name = f"{m.group('item')}, {e.org}"
    lab = body_label(name)
    if name not in text or lab is None or lab[0] != "Board":
        return  # a board's name ("... Audit Panel"), not a body named by its letters
    e.org, e.org_label, e.org_props = name, lab[0], lab[1]
    e.title = e.title[: m.start()].strip(" ,")


_ACRONYM_BODY = re.compile(r"[A-Z]{2,6}")


def _bracket_acronym(text: str, p: PersonName) -> bool:
    """ "Ann Jones (YJB)": letters in the bracket after a name that name her body, not her own
    initials ("Ann Jones (AJ)"), an honour or a party."""
    t = text.strip()
    if not re.fullmatch(r"[A-Z][A-Z&]{1,6}(?:\s+[A-Z][A-Z&]{1,6}){0,2}", t):
        return False
    own = "".join(w[0] for w in p.name.split() if w[:1].isalpha()).upper()
    if len(t) == 2 and own[:1] == t[0]:
        return False  # "Sam Bunyan (SC)": her initials with the surname's letter mistyped, not a body
    P = _patterns()
    return not own.startswith(t) and t not in P["post"] and t not in P["parties"]
_PLACE_ACRONYM = re.compile(r"^[A-Z][\w'’-]*(?:\s+(?:and|&|[A-Z][\w'’-]*)){0,3}\s+[A-Z]{2,6}$")
_PLACE_TAIL = re.compile(r",\s*([A-Z][\w'’-]+(?:\s+(?:and|&|upon|on)\s+[A-Z][\w'’-]+|\s+[A-Z][\w'’-]+){0,3})$")


def title_first(text: str) -> Entry | None:
    """ "Clerk Mr A Jones", "Town Clerk – Mrs B Patel": a post written before the honorific and the
    name (nothing after the name).

    >>> e = title_first("Town Clerk Mrs B Patel")
    >>> (e.person.name, e.title)
    ('B Patel', 'Town Clerk')
    >>> title_first("Westby Mrs B Patel") is None
    True
    >>> title_first("Westby North Ward Councillor Mr Bob Patel and two members of the public").person.name
    'Bob Patel'
    """
    m = _title_first_pattern().match(text)
    if m is None or not is_title(m.group("title")) or body_label(m.group("title")):
        return None
    p = parse_person(text[m.start("who"):])
    if p is None or not p.honorific:
        return None
    after = text[m.start("who") + p.end:].strip(" ,.;")
    if after and not re.match(r"(?:and\s+)?[a-z]", after):
        return None  # more than one name, or a body after it: not this layout
    p.end += m.start("who")
    return Entry(person=p, title=m.group("title"))


_TITLE_FIRST_MAX_WORDS = 6  # a post before a name, in words at most ("Westby North Ward Councillor")


@lru_cache(maxsize=1)
def _title_first_pattern() -> re.Pattern[str]:
    return re.compile(rf"^(?P<title>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,{_TITLE_FIRST_MAX_WORDS - 1}}})"
                      rf"\s*[-–—:]?\s+(?P<who>(?:{honorific_alternation()})\.?\s+\S.*)$")


def _split_entry(text: str) -> Entry | None:
    """The entry as read, before an acronym body takes back its place name."""
    t = _clean(text)
    p = parse_person(t)
    if p is None or not p.honorific:
        # "Clerk Mr A Jones"; "Westby North Ward Councillor Mr Bob Patel": the post before the name
        post_first = title_first(t)
        if post_first is not None or p is None:
            return post_first
    rest = t[p.end :].strip(" ,;:–—-\t")
    nm = re.search(r"\(([^()]+)\)\s*$", t[: p.end])
    if nm and not p.chair and not rest and (body_label(nm.group(1)) or is_title(nm.group(1))
                                           or _bracket_acronym(nm.group(1), p)):
        rest = nm.group(1).strip()  # "Ann Jones (Westby Council)": the name's bracket holds her body or post
    lead = re.match(r"([^,()]{3,25}),\s*(?=\S)", rest)
    if lead and not p.chair and chair_role(lead.group(1)) and not body_label(
            strip_paren(rest[lead.end():].rsplit(",", 1)[-1]).strip()):
        # "Ann Jones, Chair, Director of Public Health": the chair's marker first, then her post ("Ann
        # Jones, Chair, Westby Youth Group" is the chair of the body named)
        p.chair, rest = chair_role(lead.group(1)) or "", rest[lead.end():]
    cm = re.search(r"\s*\(([^()]*)\)\s*$", rest)
    if cm and not p.chair and chair_role(cm.group(1)):
        # "Ann Jones - Westby Police (Chair)": the chair's marker after the body
        p.chair = chair_role(cm.group(1)) or ""
        rest = rest[: cm.start()].strip(" ,;:–—-\t")
    pm = re.fullmatch(r"\(([^()]*,[^()]*)\)", rest)
    if pm:  # "Ann Jones (Chair, Leader of the Council, Westby Council)": the post in brackets
        first, _, more = pm.group(1).partition(",")
        if chair_role(first) and not p.chair:
            p.chair, rest = chair_role(first) or "", more.strip(" ,")
        else:
            rest = pm.group(1).strip()
    else:
        bm = re.fullmatch(r"\(([^()]+)\)", rest)
        if bm and (body_label(bm.group(1)) or is_title(bm.group(1))) and not chair_role(bm.group(1)):
            rest = bm.group(1).strip()  # "Ann Jones (Westby Council)": her body in brackets
        am = re.fullmatch(r"(?P<title>[^()]+?)\s*\((?P<acr>[A-Z][A-Z&]{1,6})\)", rest)
        if am and is_title(am.group("title")) and _bracket_acronym(am.group("acr"), p):
            # "Ann Jones, Under-Secretary of State for Justice (MOJ)": the body's letters after the post
            return Entry(person=p, title=am.group("title").strip(" ,"), org=am.group("acr"),
                         org_label="Organisation", org_props={})
    e = Entry(person=p)
    if not rest:
        return e
    fm = _FROM_BODY.match(rest.strip(" .;:,"))
    flab = body_label(fm.group("body")) if fm else None
    if fm and flab and not is_title(fm.group("body")):
        # "Cllr Ann Jones from Westby Borough Council": the body she comes from
        e.org, e.org_label, e.org_props = fm.group("body"), flab[0], flab[1]
        return e
    at = _POST_AT.match(_TITLE_ARTICLE.sub("", rest.strip(" .;:,")))
    lab = body_label(at.group("body")) if at and is_title(at.group("post")) else None
    if at and lab and not is_title(at.group("body")):
        # "Director of Housing at Westby Trust": the post, then the body it is held at
        e.title, e.org, e.org_label, e.org_props = at.group("post"), at.group("body"), lab[0], lab[1]
        return e
    # the organisation is the last part that names a body; what lies before it is the title
    seps = [(m.start(), m.end()) for m in _SEP.finditer(rest)]
    bounds = [0] + [b for _, b in seps]
    for k, b0 in enumerate(bounds):
        org = rest[b0:].strip(" .;:,")
        if k > 0 and rest[b0:].strip().startswith(tuple("abcdefghijklmnopqrstuvwxyz")):
            continue
        org_clean = strip_paren(re.sub(r"^(?:the|The)\s+", "", org))
        inner = [x for x in _SEP.split(org_clean)[:-1] if x.strip()]
        if any(
            is_title(x) or body_label(x) or any(w.lower() in _patterns()["not_name"] for w in x.split()) for x in inner
        ) or (inner and body_label(_SEP.split(org_clean)[-1])):
            # "Title, Body" or "Team, Council", or "Director, Care and Lifestyle, Westby Council": the
            # body starts further on
            continue
        lab = body_label(org_clean)
        if lab and not is_title(org_clean):
            org_clean, lab = _first_body(org_clean, lab)
            e.org, e.org_label, e.org_props = org_clean, lab[0], lab[1]
            title = rest[: seps[k - 1][0]] if k > 0 else ""
            e.title = title.strip(" .;:,–—-")
            break
    else:
        e.title = rest.strip(" .;:,–—-") if is_title(rest) else ""
        head, _, letters = rest.strip(" .;:,–—-").rpartition(",")
        named = _named_body(rest) or _body_then_title(rest)
        if head and _ACRONYM_BODY.fullmatch(letters.strip()) and is_title(head):
            # "Assistant Director, Adult Social Care, WCC": the letters after the last comma are
            # the body kg has no name for; the title keeps its remit
            e.title, e.org, e.org_label, e.org_props = head.strip(), letters.strip(), "Organisation", {}
        elif named is not None:  # "Managing Director, Westby Holdings": a body kg has no word for
            e.title, e.org, e.org_label, e.org_props = named[0], named[1], "Organisation", {}
        if not e.title:
            e.rest.append(rest)
    if e.title:
        # "Ann Jones, the Director of Housing", "our Chief Officer": the article or possessive is
        # the sentence's, not the post's
        e.title = _TITLE_ARTICLE.sub("", e.title)
    if e.title and not e.org:
        # "Chair of the Westshire Youth Justice Board", "Chief Officer at Westby Foundation": the
        # body is inside the title
        m = re.search(r"\b(?:of|for|at)\s+(?:the\s+)?([A-Z].*)$", e.title)
        if m and portfolio_post(e.title):
            m = None  # "Cabinet Member for Adult Services": the portfolio is part of the post
        if m and body_label(m.group(1)) and not is_title(m.group(1)):
            e.org = m.group(1)
            lab = body_label(e.org)
            assert lab is not None
            e.org_label, e.org_props = lab
            if not chair_role(e.title[: m.start()]):  # "Director of X": the post is "Director" ("Chair of X" stays)
                e.title = e.title[: m.start()].strip() or e.title
    return e


_PORTFOLIO = re.compile(r"(?:[\w'’-]+\s+){0,2}(?:member|lead|holder)\s+for\s", re.I)


def portfolio_post(title: str) -> bool:
    """Whether a post is a councillor's portfolio ("Cabinet Member for Adult Services", "Lead
    Member for Housing"): the words after "for" are the portfolio, part of the post, not a body.

    >>> portfolio_post("Cabinet Member for Adult Services"), portfolio_post("Director of Adult Services")
    (True, False)
    """
    return _PORTFOLIO.match(title.strip()) is not None


_FROM_BODY = re.compile(r"from\s+(?:the\s+)?(?P<body>[A-Z][^,]*)$")
_POST_AT = re.compile(r"(?P<post>[A-Z][^,]{0,60}?)\s+at\s+(?:the\s+)?(?P<body>[A-Z][^,]*)$")
_TITLE_ARTICLE = re.compile(r"^(?:the|our|their|his|her)\s+(?=[A-Z])")
_PROPER = re.compile(r"^(?:The\s+)?[A-Z][\w'’.]*(?:\s+(?:of\s+|&\s+)?[A-Z][\w'’.]*){0,5}$")


def _named_body(rest: str) -> tuple[str, str] | None:
    """(title, body) of "Title, Proper Name" after a name, when the last part is a proper name that
    is no title ("Managing Director, Westby Holdings"); a title written with commas ("Director of
    Children, Families and Education") is left whole.

    >>> _named_body("Managing Director, Westby Holdings")
    ('Managing Director', 'Westby Holdings')
    >>> _named_body("Director of Children, Families and Education") is None
    True
    """
    parts = [x.strip() for x in re.sub(r"\s*\([^()]*\)\s*$", "", rest).rstrip(" .;:").split(", ")]
    if len(parts) < 2 or not is_title(parts[0]):
        return None
    for k in range(1, len(parts)):
        if is_title(parts[k]):
            continue
        if not _PROPER.match(parts[k]) or len(parts) - k > 2:
            return None
        # "Chief Executive, Brightpath, Westby": the first proper name is the body, a place may follow
        return ", ".join(parts[:k]).strip(" ,–—-"), re.sub(r"^The\s+", "", parts[k])
    return None


def _body_then_title(rest: str) -> tuple[str, str] | None:
    """(title, body) of "Body Title" after a name ("Westby County Council Chief Executive").

    >>> _body_then_title("Westby County Council Chief Executive")
    ('Chief Executive', 'Westby County Council')
    """
    words = rest.split()
    for k in range(len(words) - 1, 0, -1):
        body, title = " ".join(words[:k]), " ".join(words[k:])
        if words[k - 1].lower().strip(",") in _DEPARTMENT_HEADS:
            continue  # "Democratic Services Officer": a department's name is part of the title
        if title[0].isupper() and body_label(body) and is_title(title) and not body_label(title):
            return title, body
    return None


#: heads of a department's name, which run into a job title ("Community Safety Team Manager")
_DEPARTMENT_HEADS = {"service", "services", "team", "unit", "department", "directorate", "office", "division"}


def _first_body(org: str, lab: tuple[str, dict[str, Any]]) -> tuple[str, tuple[str, dict[str, Any]]]:
    """The first of two bodies a flattened attendance line runs together ("Eastvale Borough Council
    Westmoor Constabulary": the person sits for the first; the second is the next person's).

    >>> _first_body("Eastvale Borough Council Westmoor Constabulary", ("Organisation", {}))[0]
    'Eastvale Borough Council'
    """
    try:
        from kg.extract.bodies import find_bodies
    except ImportError:  # pragma: no cover - E2's module absent
        return org, lab
    hits = find_bodies(org)
    if len(hits) > 1 and hits[0][0] == 0 and hits[0][1] < len(org) and not org[hits[0][1]:].lstrip().startswith(
            ("and ", "& ", "(")):
        first = org[: hits[0][1]].strip()
        got = body_label(first)
        if got:
            return first, got
    return org, lab


def strip_paren(name: str) -> str:
    """Drop a trailing bracket (an acronym or a note): "X Council (Fire Authority)" -> "X Council"."""
    m = re.search(r"\s*\(([^()]*)\)\s*$", name)
    return name[: m.start()] if m else name
