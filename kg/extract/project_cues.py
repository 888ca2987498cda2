"""Projects, services and tools whose names carry no project word, found by what the text
says around them.

* "a groupwork programme called 'Brave Steps'", "the system known as CaseTrack"
* "CaseTrack, our case management system", "the case recording system, CaseTrack, was ...";
  "the SafeRoute tool", "the Talk Back platform",
  "the #AskUs initiative", "Pubwatch schemes" (the name without the kind word)
* "[Night Light](#) provides free support to ...": a linked name that provides a service
* "Bright Futures Service is a programme of work to ...": a name the text defines as one
* "hosts a Community Safety Coordinator Post": a post a body hosts, funds or creates
* "Night Light is delivered by Brightwell CIC": a name a sentence says a body delivers
* "SafeNet (Partnership Case Recording System)": a name the brackets call a system
* a heading "Key Outreach Initiatives" over a list of short items: each item is a project
* a heading "Street Mentors" over text that speaks of "the street mentors scheme"
* "Counselling and recovery services are provided through the Hub": described services a body provides
* "Brightpath Trust drug and alcohol services", "advocacy services (Voices Northshire)": a body's services
* "the Early Start + offer"; "Westshire Voices surveys"; "a Safe Home Visit was carried out";
  "the Safer Homes 4 work": a name with a round number
* "such as Storewatch, Barwatch and ...": names listed beside a known project (three or more names)

>>> [e.name for e in find_cued("Girls join a groupwork programme called 'Brave Steps'. The SafeRoute tool helps.")]
['Brave Steps', 'SafeRoute']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from kg.extract import bodies
from kg.extract.quickre import quick
from kg.extract.spans import Ent
from kg.extract.structure import plain
from kg.loaders.base import line_offsets

# kinds of project, service or tool (lower case in running text)
_KIND = (r"(?:programme|project|scheme|service|initiative|system|tool|platform|app|campaign|pilot|"
         r"intervention|course|package|resource|network|model|survey|process)")
_NAME = r"[A-Z#][\w'’+&#-]*(?:[ ]+(?:[A-Z#][\w'’+&#-]*|of|and|the|to|for|in|on|The|In))*(?:[ ]?\+)?"

_CALLED = re.compile(rf"\b(?i:{_KIND})s?\b[^.;:]{{0,30}}?\b(?:called|named|known\s+as|entitled|branded)\s+"
                     rf"(?:the\s+)?['‘\"“]?(?P<name>{_NAME})['’\"”]?")
_APPOSITION = re.compile(rf"(?<![\w'’])(?P<name>{_NAME}),\s+(?:our|the|a|an|its|their)\s+(?:[\w-]+\s+){{0,4}}?"
                         rf"(?:system|platform|tool|app|database|programme|service|scheme)\b")
# "the case recording system, CaseTrack, was ..."
_APPOSED = re.compile(rf"\b(?:system|platform|tool|app|database|programme|service|scheme),\s+(?P<name>{_NAME}),")
# "Bright Futures is a programme of work to ...": a name the sentence defines as a project
_IS_A = quick(rf"(?:^|(?<=[.!?:]\s)|(?<=^[-*•]\s))(?P<name>{_NAME})\s+(?:is|was|will\s+be)\s+an?\s+"
                   r"(?:(?!(?:in|of|for|with|to|the|and|on|at|by|from)\b)[\w-]+\s+){0,3}?"
                   r"(?:programme|project|scheme|initiative|pilot|campaign|intervention)\b", re.M)
_THE_KIND = re.compile(rf"\b(?:[Tt]he|[Oo]ur|an?)\s+(?P<name>{_NAME})\s+"
                       r"(?:tool|platform|app|initiative|database|offer)\b")
# "Pubwatch schemes", "Northshire Voices surveys": rounds of a named scheme or survey
_PLURAL = re.compile(r"(?<![\w'’])(?P<name>[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:[ ][A-Z][a-z]+){0,2})\s+(?:schemes|surveys)\b")
_LINK_PROVIDES = re.compile(r"\[(?P<name>[^\]\n]{2,60})\]\([^)\n]*\)\s+(?:provides|offers|delivers|supports|"
                            r"gives|runs)\b")
_SMALL = {"of", "and", "the", "to", "for", "in", "on"}
# "the Council hosts a Community Safety Coordinator Post which is funded by ...": a funded post
_POST = re.compile(r"\b(?:hosts?|hosted|hosting|funds?|funded|funding|recruit(?:s|ed|ing)?|creat(?:e|es|ed|ing)|"
                   r"establish(?:es|ed|ing)?)\s+(?:a|an|the|one|two|three)\s+(?:(?:new|joint|dedicated|partnership|"
                   r"shared|full-time|part-time)\s+)*"
                   r"(?P<name>(?:[A-Z][\w'’-]*[ ]+(?:(?:and|of|for)[ ]+)?){1,7}[Pp]osts?)\b")
# "Night Light is delivered by Brightwell CIC": a named thing a body delivers is a project
_DELIVERED = quick(rf"(?:^|(?<=[.!?:]\s)|(?<=^[-*•]\s))(?:The\s+)?(?P<name>{_NAME})\s+"
                        r"(?:is|are|was|were|will\s+be|has\s+been|have\s+been)\s+"
                        r"(?:delivered|provided|run|operated)\s+(?:by|through)\s", re.M)
# "Counselling and recovery services are provided through the Hub": services a sentence says a
# body provides are a project, though their name is a description
_SERVICES_BY = re.compile(r"(?:^|(?<=[.!?:]\s))[\\*•\s-]*(?:\d+(?:\.\d+)*\.?\s+)?"
                          r"(?P<name>[A-Z][a-z][\w-]*(?:[ ](?:and[ ])?[a-z][\w-]*){0,4}[ ]services)\s+"
                          r"(?:are|were|will\s+be|have\s+been|continue\s+to\s+be)\s+"
                          r"(?:provided|delivered|commissioned|run|offered)\s+(?:by|through|via)\s", re.M)
# first words that make such a phrase any services at all ("These services", "Other services")
_ANY_SERVICES = {"the", "these", "those", "all", "our", "such", "other", "some", "many", "most", "both", "their",
                 "its", "further", "additional", "existing", "current", "new", "local", "specialist", "support"}
# "a Safe Home Visit be booked", "the Safe Home Visit was carried out": a named check, visit or
# review that is booked or carried out is a service
_CARRIED_OUT = quick(r"\b(?:[Aa]n?|[Tt]he)[ ]+(?P<name>[A-Z][\w'’-]*(?:[ ](?:[A-Z][\w'’-]*|and|of)){1,4})[ ]+"
                          r"(?:be|is|are|was|were|being|been)[ ]+(?:booked|carried[ ]out|conducted|undertaken)\b")
# "the Safer Homes 4 work": a name with a round number, then a word for a piece of work
_NUMBERED = re.compile(r"\b[Tt]he[ ]+(?P<name>[A-Z][a-z][\w'’-]*(?:[ ][A-Z][a-z][\w'’-]*){0,3}[ ]\d{1,2})[ ]+"
                       r"(?:work|programme|project|scheme|pilot|initiative|bid)\b")
# numbered parts of a paper or of schooling, not rounds of a programme
_NUMBERED_NOT = {"appendix", "annex", "schedule", "section", "item", "part", "table", "figure", "paragraph", "page",
                 "stage", "phase", "year", "level", "tier", "option", "priority", "recommendation", "action",
                 "objective", "chapter", "clause", "key", "step", "week", "month", "quarter", "q"}
_DOCUMENT_WORDS = {"assessment", "report", "audit", "analysis", "plan", "strategy", "consultation", "update"}
# "SafeNet (Partnership Case Recording System)": the brackets say what the name is
_PAREN_KIND = re.compile(r"(?<![\w'’-])(?P<name>[A-Z][A-Za-z0-9+-]{1,24})[ ]+\((?P<desc>(?:[A-Z][\w'’-]*[ ]+){0,5}"
                         r"(?:System|Platform|Database|Tool|App))\)")


# the literal part of each cue, found first: running the full patterns over every capital
# letter of a long document is slow, running them around these words is not
_TRIGGERS = [
    (quick(r"\b(?:called|named|known\s+as|entitled|branded)\s"), _CALLED),
    (quick(r"(?:system|platform|tool|app|database|programme|service|scheme)\b"), _APPOSITION),
    (quick(r" (?:tool|platform|app|initiative|database|offer)\b"), _THE_KIND),
    (quick(r"(?:system|platform|tool|app|database|programme|service|scheme),\s"), _APPOSED),
    (quick(r" (?:schemes|surveys)\b"), _PLURAL),
    (quick(r"\]\("), _LINK_PROVIDES),
    (quick(r"\s(?:is|was|be)\s+an?\s"), _IS_A),
    (quick(r"(?:System|Platform|Database|Tool|App)\)"), _PAREN_KIND),
    (quick(r"[ ][Pp]osts?\b"), _POST),
    (quick(r"(?:delivered|provided|run|operated)\s+(?:by|through)\s"), _DELIVERED),
    (quick(r"services\s+(?:are|were|will|have|continue)\s"), _SERVICES_BY),
    (quick(r" (?:booked|carried out|conducted|undertaken)\b"), _CARRIED_OUT),
    (quick(r"\d (?:work|programme|project|scheme|pilot|initiative|bid)\b"), _NUMBERED),
]


def _cue_matches(text: str) -> list[re.Match[str]]:
    out: dict[tuple[int, int], re.Match[str]] = {}
    for trigger, pat in _TRIGGERS:
        for t in trigger.finditer(text):
            lo = max(0, t.start() - 160)
            line_start = text.rfind("\n", lo, t.start()) + 1
            for m in pat.finditer(text, max(lo, line_start), min(len(text), t.end() + 120)):
                if m.start() <= t.start() < m.end():
                    out.setdefault((m.start("name"), m.end("name")), m)
    return [out[k] for k in sorted(out)]


_KIND_NAME = quick(r"((?:[A-Z][\w'’-]*[ ]+(?:(?:of|and|for)[ ]+)?){1,6}"
                        r"(?:Programme|Project|Scheme|Service|System|Tool|Platform|Campaign|Pilot|Model|Network))[ ]+$")


def find_cued(text: str) -> list[Ent]:
    """Project names the text introduces with a cue (see the module docstring)."""
    out: list[Ent] = []
    for m in _cue_matches(text):
        if m.re is _CALLED:
            # "the Community Alarm Service known as SafeCall": the capitalised name is the project
            km = _KIND_NAME.search(text, max(0, m.start() - 120), m.start() + len(m.group(0).split()[0]) + 1)
            if km and not bodies.classify(km.group(1)):
                out.append(Ent(km.start(1), km.end(1), "Project", km.group(1),
                               {"aliases": [m.group("name").strip(" .,'’")]}))
                continue
        if m.re is _CARRIED_OUT and (re.search(r"['’]s\b", m.group("name")) or
                                     m.group("name").split()[-1].lower() in _DOCUMENT_WORDS):
            continue  # "the Partnership's Strategic Assessment was undertaken": a paper, not a service
        if m.re is _NUMBERED and m.group("name").split()[0].lower() in _NUMBERED_NOT:
            continue  # "the Key Stage 2 programme"
        if m.re is _SERVICES_BY:
            words = m.group("name").split()
            if words[0].lower() not in _ANY_SERVICES and len(words) <= 5:
                out.append(Ent(m.start("name"), m.end("name"), "Project", m.group("name"), {}))
            continue
        if m.re is _PAREN_KIND:
            if not bodies.classify(m.group("name")) and m.group("name").lower() not in bodies.vocab()["_stop"]:
                out.append(Ent(m.start("name"), m.end("name"), "Project", m.group("name"),
                               {"aliases": [m.group("desc")]}))
            continue
        if m.re is _DELIVERED and len(m.group("name").split()) < 2 and \
                not re.search(r"[A-Z0-9#].*[A-Z0-9#]", m.group("name")):
            continue  # "Training is delivered by ...": one common word names nothing
        if m.re is _IS_A and len(m.group("name").split()) == 1 and \
                m.group("name") in ("The", "This", "It", "There", "That", "Our"):
            continue
        words = m.group("name").split()
        while words and words[-1].lower() in _SMALL:
            words.pop()
        if m.re is _PLURAL:
            while len(words) > 1 and (words[0].lower() in _generic() or words[0].lower() in bodies.vocab()["_stop"]):
                words.pop(0)  # "Local Pubwatch schemes": the scheme is Pubwatch
        name = " ".join(words).strip(" .,'’")
        if not _plausible(name, defined=m.re is _IS_A, words=8 if m.re is _POST else 6):
            continue
        s = m.start("name") + m.group("name").find(name)
        out.append(Ent(s, s + len(name), "Project", name, {}))
    return out + find_headed_lists(text) + find_headed_schemes(text)


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    from kg.extract import plans

    return frozenset(plans.vocab()["generic_words"])


@lru_cache(maxsize=1)
def _list_heads() -> frozenset[str]:
    from kg.extract import plans

    return frozenset(plans.vocab()["project_list_heads"])


_MARK = re.compile(r"^[ \t]*(?:[-*•◦▪»➤►▶]|\d{1,2}[.)])[ \t]+")


def _is_list_heading(line: str) -> bool:
    """"Key Outreach Initiatives", "**Community Schemes:**": a short title ending in a plural
    kind of project, not a sentence and not itself a list item."""
    if len(line) > 90 or not line.rstrip(" :*").endswith("s") or _MARK.match(line):
        return False
    words = plain(line).rstrip(":").split()
    return 1 <= len(words) <= 6 and words[0][:1].isupper() and words[-1].lower() in _list_heads() \
        and not line.rstrip().endswith(".")


def find_headed_lists(text: str) -> list[Ent]:
    """The items of a list under a heading that names a kind of project: each short item
    (a name, not a sentence) is a project; a paragraph may describe each item.

    >>> t = "Key Outreach Initiatives\\n\\n• Street Talk\\n\\nA survey by officers.\\n\\n• Safe Space 2025\\n\\nEnd"
    >>> [e.name for e in find_headed_lists(t)]
    ['Street Talk', 'Safe Space 2025']
    """
    out: list[Ent] = []
    lines = text.split("\n")
    starts = line_offsets(text)
    for i, line in enumerate(lines):
        if not _is_list_heading(line):
            continue
        items: list[Ent] = []
        for j in range(i + 1, min(len(lines), i + 40)):
            ln = lines[j]
            if not ln.strip():
                continue
            mk = _MARK.match(ln)
            if mk is None:
                para = plain(ln)
                if items and (para.endswith((".", ":")) or len(para.split()) > 10):
                    continue  # a paragraph that describes the item above it
                break  # a heading: the list is over
            a = starts[j] + mk.end()
            raw = text[a:starts[j] + len(ln)]
            name = plain(re.sub(r"\s*\([a-z][^)]*\)\s*$", "", raw)).rstrip(" :;,.")
            if not name or not name[:1].isupper() or len(name.split()) > 8 or re.search(r"[.;:]\s", name):
                break  # a sentence, not a name: not a list of names
            lead = bodies.find_bodies(name)
            if bodies.classify(name) or any(h[0] == 0 for h in lead):
                continue  # "Neighbourhood Policing Team engagement": a body's work, not a named project
            s = a + raw.find(name.split()[0]) if name.split()[0] in raw else a
            items.append(Ent(s, s + len(name), "Project", name, {}))
        if len(items) >= 2:
            out += items
    return out


_SCHEME_USE = quick(r"\b(?:[Tt]he|[Oo]ur|[Aa]n?|[Tt]his)[ ]+(?P<name>(?:[a-z][\w'’-]*[ ]+){1,5}?)"
                         r"(?P<kind>scheme|programme|project|pilot|initiative|service|campaign)\b")


def find_headed_schemes(text: str) -> list[Ent]:
    """A project the document heads a section with and then calls a scheme in lower case:
    "# Street Mentors" ... "the street mentors scheme has run in ..." is the project
    "Street Mentors" (the lower-case phrase an alias).

    >>> [e.name for e in find_headed_schemes("# Street Mentors\\n\\nThe street mentors scheme runs weekly.")]
    ['Street Mentors']
    """
    heads: dict[str, str] = {}
    for ln in text.split("\n"):
        st = ln.strip()
        if not (st.startswith("#") or (st.startswith("**") and st.endswith("**"))):
            continue
        title = plain(st)
        words = title.split()
        if 2 <= len(words) <= 6 and all(w[:1].isupper() or w in _SMALL for w in words):
            heads.setdefault(title.lower(), title)
    if not heads:
        return []
    out: list[Ent] = []
    for m in _SCHEME_USE.finditer(text):
        name = heads.get(" ".join(m.group("name").split()).lower())
        if name and not bodies.classify(name):
            out.append(Ent(m.start("name"), m.end("kind"), "Project", name,
                           {"aliases": [" ".join(m.group(0).split()[1:])]}))
    return out


_ACR_KIND = r"(?:[a-z]+[ ]+){0,2}(?:process|programme|scheme|project|contract|pilot)\b"


def find_acronym_projects(text: str, acronyms: dict[str, str]) -> list[Ent]:
    """A process or programme named by an acronym the document defines: "the Case Review
    (CR) management process", later "the CR process", is the project "Case Review".

    >>> [(e.name, e.props["aliases"]) for e in find_acronym_projects(
    ...     "the Case Review (CR) management process. Costs of the CR process rose.", {"CR": "Case Review"})]
    [('Case Review', ['CR']), ('Case Review', ['CR'])]
    """
    out: list[Ent] = []
    usable = {a: f for a, f in acronyms.items()
              if len([w for w in f.split() if w[:1].isupper()]) >= 2 and not bodies.classify(f)}
    if not usable:
        return out
    # one pass over the text for every acronym: "ACR process" or "(ACR) management process"
    for m in _ACR_USE.finditer(text):
        acro = m.group(1)
        full = usable.get(acro)
        if full is None:
            continue
        start = m.start()
        if text[m.start()] in "(\\":
            # "Case Review (CR) management process": the name starts with the written-out form
            fm = re.search(rf"{re.escape(full)}s?[ ]*$", text[max(0, m.start() - len(full) - 4):m.start()])
            if fm is None:
                continue
            start = m.start() - len(fm.group(0))
        out.append(Ent(start, m.end(), "Project", full, {"aliases": [acro]}))
    return out


_ACR_USE = quick(rf"(?:\\?\(|\b)([A-Z][A-Za-z&]{{1,9}})(?:\\?\))?[ ]+{_ACR_KIND}")


def _plausible(name: str, defined: bool = False, words: int = 6) -> bool:
    """Whether a cued name may be a project's; ``defined`` when the text says it is one
    ("... Service is a programme of work"), which a body word in it does not overrule."""
    if not name or len(name) > 10 * words or len(name.split()) > words:
        return False
    stop = bodies.vocab()["_stop"]
    first = name.split()[0].lower()
    if name.lower() in stop or first in ("this", "these", "that", "its", "their", "it", "there") or \
            (first == "our" and not defined):
        return False
    if bodies.classify(name) and not defined:
        return False  # a body, not a project
    return any(c.isalpha() for c in name)


# "Brightpath Trust drug and alcohol services": a body's named services. The words between are a
# description in lower case: no verb ("commissions", "provided"), no function word.
_NOT_DESC = {"to", "the", "will", "can", "may", "might", "should", "would", "could", "who", "which", "that",
             "this", "these", "its", "their", "our", "of", "for", "in", "with", "on", "at", "by", "from", "not",
             "also", "all", "other", "has", "have", "had", "is", "are", "was", "were", "be", "been", "and", "or",
             "as", "any", "more", "some", "such", "key", "wider", "own"}
# the lower-case words just before a place in the text
_WORDS_BEFORE = re.compile(r"(?<![\w'’-])(?:[a-z][a-z-]*[ ]+){1,5}$")


def _words_before(text: str, pos: int) -> list[str]:
    m = _WORDS_BEFORE.search(text, max(0, pos - 80), pos + 1)
    return m.group(0).split() if m else []


def _description(words: list[str], ends: Callable[[str], bool], limit: int = 5) -> list[str]:
    """The description words at the end of ``words`` (the lower-case words before "services"):
    back to the first word for which ``ends`` is true (a lead-in, a verb), at most ``limit``
    words, never starting with "and".

    >>> _description(["such", "as", "appropriate", "adult"], lambda w: w in {"such", "as"})
    ['appropriate', 'adult']
    """
    k = len(words)
    while k > max(0, len(words) - limit) and (words[k - 1] == "and" or not ends(words[k - 1])):
        k -= 1
    out = words[k:]
    while out and out[0] == "and":
        out.pop(0)
    return out


def _ends_with_name(text: str, end: int, name: str) -> bool:
    """Whether ``name`` ends at ``end`` as whole words, followed by a space."""
    start = end - len(name)
    return start >= 0 and text.startswith(name, start) and text[end:end + 1] == " " and \
        (start == 0 or not text[start - 1].isalnum())


def find_body_services(text: str, orgs: dict[str, str]) -> list[tuple[Ent, Ent]]:
    """A body's named services and the body that provides them: "Brightpath Trust drug and
    alcohol services" is the project of that name, delivered by Brightpath Trust. ``orgs`` maps
    each way the document writes an organisation's name to the name itself.

    >>> t = "Brightpath Trust, a charity. Use Brightpath Trust drug and alcohol services."
    >>> [(p.name, o.name) for p, o in find_body_services(t, {"Brightpath Trust": "Brightpath Trust"})]
    [('Brightpath Trust drug and alcohol services', 'Brightpath Trust')]
    """
    by_text = {k: v for k, v in orgs.items() if len(k) >= 3 and not k.endswith(("'s", "’s"))}
    out: list[tuple[Ent, Ent]] = []
    # look back from each "services" (few) rather than forward from each name (many)
    for t in re.finditer(r"(?<=[a-z])[ ]services\b", text) if by_text else ():
        # "the Council commissions services", "Police and partner services": no description
        words = _description(_words_before(text, t.start()),
                             lambda w: w in _NOT_DESC or w.endswith(("s", "ed", "ing")), limit=3)
        # the longest description with an organisation's name just before it
        for k in range(len(words), 0, -1):
            desc = words[len(words) - k:]
            if desc[0] == "and":
                continue
            a = t.start() - len(" ".join(desc))
            org = next((o for o in by_text if _ends_with_name(text, a - 1, o)), None)
            if org is not None:
                oe = Ent(a - 1 - len(org), a - 1, "Organisation", by_text[org], {})
                out.append((Ent(oe.start, t.end(), "Project", f"{oe.name} {' '.join(desc)} services", {}), oe))
                break
    return out


# "such as appropriate adult services (The Appropriate Adult Service)": services in lower case,
# then in brackets the body that provides them
_PAREN_SERVICES = re.compile(r"(?<=[a-z])[ ](?P<kind>services?)[ ]+\((?P<prov>(?:[Tt]he[ ]+)?[A-Z][^()\n]{2,80})\)")
_LEAD = {"such", "as", "including", "include", "includes", "e", "g", "the", "and", "or", "of", "for", "to",
         "with", "by", "from", "in", "on", "at", "our", "their", "its", "these", "those", "other", "all", "are",
         "is", "were", "was", "be", "been", "provide", "provides", "provided", "deliver", "delivers", "delivered",
         "commission", "commissions", "commissioned", "fund", "funds", "funded", "support", "supports", "access"}


def find_paren_services(text: str) -> list[tuple[Ent, int, int]]:
    """Services named in lower case with their provider in brackets: "such as appropriate adult
    services (The Appropriate Adult Service)". Gives the project and the span of the provider.

    >>> [(p.name, t[s:e]) for t in ["It buys in advocacy services (Voices Northshire)."]
    ...  for p, s, e in find_paren_services(t)]
    [('advocacy services', 'Voices Northshire')]
    """
    out: list[tuple[Ent, int, int]] = []
    for m in _PAREN_SERVICES.finditer(text):
        # "such as appropriate adult services": the name is the description words just before
        # "services", back to the first word of a lead-in or a verb ("buys", "commissions")
        words = _description(_words_before(text, m.start()), lambda w: w in _LEAD or w in _NOT_DESC
                             or (w.endswith("s") and not w.endswith("ss")))
        if not words:
            continue
        name = " ".join([*words, m.group("kind")])
        s = m.end("kind") - len(name)
        out.append((Ent(s, m.end("kind"), "Project", name, {}), m.start("prov"), m.end("prov")))
    return out


_LIST_ITEM = r"[A-Z][\w'’+&-]*(?:[ ][A-Z][\w'’+&-]*){0,3}"
_NAME_LIST = quick(rf"(?<![\w'’-])(?:{_LIST_ITEM})(?:,[ ](?:the[ ])?(?:{_LIST_ITEM}))*,?[ ](?:and|or)[ ]"
                        rf"(?:the[ ])?(?:{_LIST_ITEM})\b")
_ITEM = re.compile(_LIST_ITEM)


def find_list_siblings(text: str, projects: set[str], taken: Callable[[int, int], bool]) -> list[Ent]:
    """Names listed beside a known project are projects too: in "such as Storewatch, Barwatch
    and Business Crime Reduction Partnerships", with Storewatch a project, Barwatch is one. The
    list must have three names or more.
    ``projects`` holds the known project names as written; ``taken(start, end)`` says whether
    a span is already some other entity (the partnerships here), which is left alone.

    >>> [e.name for e in find_list_siblings("such as Storewatch, Barwatch and Safe Taxi", {"Storewatch"},
    ...                                     lambda s, e: False)]
    ['Barwatch', 'Safe Taxi']
    """
    out: list[Ent] = []
    stop = bodies.vocab()["_stop"]
    seen: set[int] = set()
    lower = {p.lower() for p in projects}
    # only the lists around a known project's name: the list pattern is slow over a whole text
    at: set[int] = set()
    for p in projects:
        i = text.find(p)
        while i >= 0:
            at.add(i)
            i = text.find(p, i + 1)
    for k in sorted(at):
        for m in _NAME_LIST.finditer(text, max(0, k - 200), k + 200):
            if not m.start() <= k < m.end() or m.start() in seen:
                continue
            seen.add(m.start())
            items = [(m.start() + i.start(), m.start() + i.end(), i.group(0)) for i in _ITEM.finditer(m.group(0))
                     if i.group(0) not in ("And", "Or")]
            # two names ("Sentinel and Proxy datasets") are too often a pair of modifiers; three or
            # more are a list of like things
            if len(items) < 3 or not any(name.lower() in lower for _, _, name in items):
                continue
            for s, e, name in items:
                if name.lower() in lower or taken(s, e) or len(name.split()) > 3 \
                        or name.split()[0].lower() in stop or bodies.classify(name):
                    continue
                out.append(Ent(s, e, "Project", name, {}))
    return out
