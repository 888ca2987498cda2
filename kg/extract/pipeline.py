"""The extraction pipeline: one spaCy ``Language`` whose components are kg's stages.

:func:`build_nlp` makes ``spacy.blank("en")`` (no model, nothing downloaded) with a line
tokenizer and the components below, in :data:`STAGES` order. Each component is registered with
``@Language.factory`` and declares the ``Doc`` extension attributes it ``requires`` and
``assigns``, so ``nlp.analyze_pipes()`` checks the order: a stage that needs something no
earlier stage makes is reported (``tests/test_extract_pipeline.py`` fails on it).

    component        reads                               assigns
    kg_layout        the loaded paper (user_data)        blocks, ctx
    kg_context       blocks                              meetings (own board, meetings)
    kg_people        blocks, meetings                    people (attendance, roles, membership)
    kg_bodies        blocks, meetings                    bodies, acronyms
    kg_appointments  bodies, meetings                    people (chairs appointed, speakers)
    kg_named         bodies, acronyms                    named (plans, funds, projects)
    kg_governance    bodies, meetings                    lines (reports to, scrutiny ...)
    kg_money         bodies, named                       flows (FUNDS, MANAGES)
    kg_plans         named, bodies                       plan_facts (OWNS, priorities)
    kg_partners      bodies, named                       services (DELIVERS, partners)
    kg_finish        people, bodies                      facts, mentions
    kg_phrases       facts                               phrases (for cross-paper links)

Every stage writes its mentions and facts through the paper's
:class:`~kg.extract.context.Context` (``doc._.ctx``), which keeps evidence verbatim with its line
and page; the values it hands on to later stages are the typed fields of
:class:`~kg.extract.context.Paper` that the attribute names above stand for.

>>> from kg.loaders.base import Document
>>> nlp = build_nlp()
>>> nlp.pipe_names[:3]
['kg_layout', 'kg_context', 'kg_people']
>>> ex = run(nlp, Document.from_text("d.txt", "Minutes of a meeting of the Eastvale Safety Board held on 2 March"
...     " 2026."))
>>> [f.type for f in ex.facts]
['MEETING_OF']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.extract.context import Context
from kg.loaders.base import Document
from kg.model import Extraction

Rule = Callable[[Context], None]

#: the Doc extension attributes the stages hand on (see the table above)
ATTRIBUTES = ("blocks", "ctx", "meetings", "people", "bodies", "acronyms", "named", "lines", "flows",
              "plan_facts", "services", "facts", "mentions", "phrases")
for _attr in ATTRIBUTES:
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)

_TOKEN = re.compile(r"[^\n]+|\n+")
# no parser or NER model: the size of a paper is bounded by the loaders' budgets, not by spaCy's
# default limit for statistical models (1,000,000 characters)
_MAX_LENGTH = 2**31 - 1


class LineTokenizer:
    """One token per line (and one per run of line breaks): the stages read lines, blocks and
    sentences of the text with regular expressions, never tokens, so the Doc is made for a
    fraction of what a word tokenizer costs, in time and in memory (a 50 MB paper would otherwise
    hold ten million tokens). ``doc.text`` is the input exactly, and ``doc.char_span(a, b,
    alignment_mode="expand")`` gives the lines a span of text lies on.

    >>> doc = LineTokenizer(Vocab())("Cllr A Jones, Chair\\n\\nPresent\\n")
    >>> [t.text for t in doc]
    ['Cllr A Jones, Chair', '\\n\\n', 'Present', '\\n']
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = _TOKEN.findall(text)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


def _stage(ctx_rules: Callable[[], list[Rule]],
           products: dict[str, Callable[[Context], Any]]) -> Callable[[Doc], Doc]:
    """A component that runs ``ctx_rules()`` on the paper's Context and then sets the Doc
    attributes it assigns (``products``: attribute -> value read from the Context)."""

    def component(doc: Doc) -> Doc:
        ctx: Context = doc._.ctx
        for rule in ctx_rules():
            rule(ctx)
        for attr, get in products.items():
            setattr(doc._, attr, get(ctx))
        return doc

    return component


# -- the stages -------------------------------------------------------------------------------
# Rule modules are imported inside the rule lists so that `import kg.extract.pipeline` stays light.

@Language.factory("kg_layout", assigns=["doc._.blocks", "doc._.ctx"])
def make_layout(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Blocks of the paper (headings, agenda items, list items, table rows, attendance lines)."""

    def layout(doc: Doc) -> Doc:
        from kg.extract.structure import parse

        document: Document = doc.user_data["document"]
        blocks = parse(document)
        doc._.blocks = blocks
        doc._.ctx = Context(document, blocks)
        return doc

    return layout


def _context_rules() -> list[Rule]:
    from kg.extract import meetings

    return [meetings.run_meetings]


@Language.factory("kg_context", requires=["doc._.blocks", "doc._.ctx"], assigns=["doc._.meetings"])
def make_context(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The paper's own board and the meetings it records (headers, minutes headings)."""
    return _stage(_context_rules, {"meetings": lambda c: c.paper.meetings})


def _people_rules() -> list[Rule]:
    from kg.extract import meetings, membership, people_rows, roles

    return [meetings.run_attendance, roles.run_presenters, roles.run_name_blocks, roles.run_paren_roles,
            roles.run_table_people, membership.run, people_rows.run]


@Language.factory("kg_people", requires=["doc._.blocks", "doc._.meetings"], assigns=["doc._.people"])
def make_people(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Attendance, presenters, people with roles, membership lists, appointments of chairs."""
    return _stage(_people_rules, {"people": lambda c: c.paper.affiliations})


def _bodies_rules() -> list[Rule]:
    from kg.extract import bodies

    return [bodies.run]


@Language.factory("kg_bodies", requires=["doc._.blocks", "doc._.meetings"],
                  assigns=["doc._.bodies", "doc._.acronyms"])
def make_bodies(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Boards and organisations named anywhere, and the acronyms the paper defines."""
    return _stage(_bodies_rules, {"bodies": lambda c: c.paper.bodies, "acronyms": lambda c: c.paper.acronyms})


def _appointment_rules() -> list[Rule]:
    from kg.extract import appointments, member_lists, speakers

    return [appointments.run, speakers.run, member_lists.run]


@Language.factory("kg_appointments", requires=["doc._.bodies", "doc._.meetings"], assigns=["doc._.people"])
def make_appointments(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Chairs and vice-chairs appointed in a sentence (of the board named, or of the paper's own);
    people the minutes show acting at the meeting; people and bodies under a membership heading."""
    return _stage(_appointment_rules, {"people": lambda c: c.paper.affiliations})


def _named_rules() -> list[Rule]:
    from kg.extract import plans

    return [plans.run_named]


@Language.factory("kg_named", requires=["doc._.bodies", "doc._.acronyms"], assigns=["doc._.named"])
def make_named(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Plans, funds and projects named in the text, and the paper's main plan."""
    return _stage(_named_rules, {"named": lambda c: c.paper.main_plan})


def _governance_rules() -> list[Rule]:
    from kg.extract import governance, offices

    return [offices.run, governance.run]


@Language.factory("kg_governance", requires=["doc._.bodies", "doc._.meetings"], assigns=["doc._.lines"])
def make_governance(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Governance lines from the trigger lexicon: reports to, oversees, scrutinises, supports ..."""
    return _stage(_governance_rules, {"lines": lambda c: True})


def _money_rules() -> list[Rule]:
    from kg.extract import awards, money

    return [money.run, awards.run]


@Language.factory("kg_money", requires=["doc._.bodies", "doc._.named"], assigns=["doc._.flows"])
def make_money(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Money: each amount with its own recipient, funder and period, from sentences and tables."""
    return _stage(_money_rules, {"flows": lambda c: True})


def _plan_rules() -> list[Rule]:
    from kg.extract import plans

    return [plans.run]


@Language.factory("kg_plans", requires=["doc._.named", "doc._.bodies"], assigns=["doc._.plan_facts"])
def make_plans(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Who owns which plan, a plan's priorities, what a project addresses."""
    return _stage(_plan_rules, {"plan_facts": lambda c: True})


def _partner_rules() -> list[Rule]:
    from kg.extract import partner_lists, plans

    return [partner_lists.run, plans.run_services]


@Language.factory("kg_partners", requires=["doc._.bodies", "doc._.named"], assigns=["doc._.services"])
def make_partners(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Organisations known from lists of contributors; services and who delivers them."""
    return _stage(_partner_rules, {"services": lambda c: True})


def _finish_rules() -> list[Rule]:
    from kg.extract import finish, roles

    return [roles.run_finish, finish.one_membership]


@Language.factory("kg_finish", requires=["doc._.people", "doc._.bodies"], assigns=["doc._.facts", "doc._.mentions"])
def make_finish(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """People's roles completed with the organisation read anywhere in the paper; one membership
    per person and board."""
    return _stage(_finish_rules, {"facts": lambda c: c.facts, "mentions": lambda c: c.mentions})


@Language.factory("kg_phrases", requires=["doc._.facts"], assigns=["doc._.phrases"])
def make_phrases(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The paper's capitalised phrases, kept so projects link across papers."""

    def phrases(doc: Doc) -> Doc:
        from kg.extract.linking import find_phrases

        document: Document = doc.user_data["document"]
        doc._.phrases = find_phrases(document.text, document.locate)
        return doc

    return phrases


#: the component names, in pipeline order
STAGES = ("kg_layout", "kg_context", "kg_people", "kg_bodies", "kg_appointments", "kg_named", "kg_governance",
          "kg_money",
          "kg_plans", "kg_partners", "kg_finish", "kg_phrases")


def build_nlp(stages: Iterable[str] = STAGES) -> Language:
    """A blank English pipeline with kg's stages (``stages`` to leave some out, for tests)."""
    nlp = spacy.blank("en")
    nlp.tokenizer = LineTokenizer(nlp.vocab)
    nlp.max_length = _MAX_LENGTH
    for stage in stages:
        nlp.add_pipe(stage)
    return nlp


@lru_cache(maxsize=1)
def default_nlp() -> Language:
    """The pipeline :func:`kg.extract.extract` uses (built once per process)."""
    return build_nlp()


def _make_doc(nlp: Language, document: Document) -> Doc:
    doc = nlp.make_doc(document.text)
    doc.user_data["document"] = document
    return doc


def _result(doc: Doc) -> Extraction:
    ex = doc._.ctx.result()
    ex.phrases = doc._.phrases or []
    return ex


def run(nlp: Language, document: Document) -> Extraction:
    """Extract one paper with ``nlp``."""
    return _result(nlp(_make_doc(nlp, document)))


def run_many(nlp: Language, documents: Iterable[Document], batch_size: int = 8) -> Iterator[Extraction]:
    """Extract many papers with ``nlp.pipe`` (one Doc per paper, in order)."""
    for doc in nlp.pipe((_make_doc(nlp, d) for d in documents), batch_size=batch_size):
        yield _result(doc)
