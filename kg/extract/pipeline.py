"""The extraction pipeline: one spaCy ``Language`` whose components are kg's stages.

:func:`build_nlp` makes ``spacy.blank("en")`` (no model, nothing downloaded) with a line
tokenizer and kg's stages as components, in :data:`STAGES` order. The rule stages are data
(:data:`RULE_STAGES`: name, what each reads and makes, its rules), each registered as a spaCy
factory that declares the ``Doc`` extension attributes it ``requires`` and ``assigns``, so
``nlp.analyze_pipes()`` checks the order: a stage that needs something no earlier stage makes is
reported (``tests/test_extract_pipeline.py`` fails on it). ``kg_layout`` makes the blocks and
the paper's :class:`~kg.extract.context.Context` first; ``kg_phrases`` keeps the capitalised
phrases for linking projects across papers last.

Every stage writes its mentions and facts through the Context (``doc._.ctx``), which keeps
evidence verbatim with its line and page. What a stage assigns is what later stages read: a typed
field of the paper's :class:`~kg.extract.context.Paper` (``meetings``, ``bodies``, ``acronyms``,
``people``, ``named``), or the facts of the types it made (``lines``, ``flows``, ``plan_facts``,
``services``).

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

import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.attrs import LIKE_URL
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

_URL_MAX = 2048
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
        # spaCy tests each new token with its URL regex, which is quadratic on a long run of
        # punctuation; a token here is a whole line, never a URL past a few hundred characters
        getters: dict[int, Any] = getattr(vocab, "lex_attr_getters", {})   # not in spaCy's type stubs
        like_url = getters.get(LIKE_URL)
        if like_url is not None:
            getters[LIKE_URL] = lambda s: len(s) <= _URL_MAX and like_url(s)

    def __call__(self, text: str) -> Doc:
        words = _TOKEN.findall(text)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


@dataclass(frozen=True)
class Stage:
    """One rule stage of the pipeline: its component name, what it reads and makes (Doc extension
    attributes), and its rules as ``"module:function"`` of ``kg.extract`` (imported on first use,
    so that ``import kg.extract.pipeline`` stays light)."""

    name: str
    doc: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    rules: tuple[str, ...]


# What each attribute a stage assigns holds, read from the paper's Context once the stage ran:
# a typed field of its Paper, or the facts of some types it has made so far.
_PAPER_FIELD = {"meetings": "meetings", "people": "affiliations", "bodies": "bodies", "acronyms": "acronyms",
                "named": "main_plan"}
_FACT_TYPES = {
    "flows": {"FUNDS", "MANAGES", "DELIVERS"},
    "plan_facts": {"OWNS", "HAS_PRIORITY", "ADDRESSES", "ALIGNS_WITH"},
    "services": {"DELIVERS"},
}

#: the rule stages after the layout, in pipeline order
RULE_STAGES = (
    Stage("kg_context", "The paper's own board and the meetings it records (headers, minutes headings).",
          ("blocks", "ctx"), ("meetings",), ("meetings:run_meetings", "area:run")),
    Stage("kg_people", "Attendance, presenters, people with roles, membership lists, tables of people.",
          ("blocks", "meetings"), ("people",),
          ("column_grids:run", "meetings:run_attendance", "roles:run_presenters", "roles:run_name_blocks",
           "roles:run_paren_roles",
           "roles:run_table_people", "membership:run", "people_rows:run", "mark_grids:run")),
    Stage("kg_bodies", "Boards and organisations named anywhere, and the acronyms the paper defines.",
          ("blocks", "meetings"), ("bodies", "acronyms"), ("bodies:run", "renames:run")),
    Stage("kg_appointments", "Chairs appointed, people the minutes show acting, members listed under a "
          "membership heading (of the board named, or of the paper's own); posts in apposition to a name.",
          ("bodies", "meetings"), ("people",),
          ("appointments:run", "member_changes:run", "speakers:run", "member_lists:run", "appositives:run")),
    Stage("kg_named", "Plans, funds and projects named in the text, and the paper's main plan.",
          ("bodies", "acronyms"), ("named",), ("plans:run_named",)),
    Stage("kg_governance", "Governance lines from the trigger lexicon; offices named without their holder.",
          ("bodies", "meetings"), ("lines",), ("offices:run", "governance:run", "governance:run_lists")),
    Stage("kg_money", "Money: each amount with its own recipient, funder and period, from sentences, "
          "tables and lists of awards; the projects named in the titles of awards.", ("bodies", "named"), ("flows",),
          ("money:run", "awards:run", "awards:run_titles")),
    Stage("kg_plans", "Who owns which plan, a plan's priorities, what a project addresses.",
          ("named", "bodies"), ("plan_facts",), ("plans:run",)),
    Stage("kg_partners", "Organisations known from lists of contributors, members of a board listed in brackets "
          "after it; services and who delivers them.",
          ("bodies", "named"), ("services",), ("partner_lists:run", "partner_lists:run_bracketed_members",
                                                 "plans:run_services")),
    Stage("kg_finish", "People's roles completed with the body read elsewhere; one membership per person "
          "and board.", ("people", "bodies"), ("facts", "mentions"), ("roles:run_finish", "finish:one_membership", "figures:check")),  # noqa: E501
)


def _product(ctx: Context, attr: str) -> Any:
    if attr in _PAPER_FIELD:
        return getattr(ctx.paper, _PAPER_FIELD[attr])
    if attr == "facts":
        return ctx.facts
    if attr == "mentions":
        return ctx.mentions
    if attr == "lines":  # the types of the governance phrases (data)
        from kg.extract.governance import line_types

        lines = line_types()
        return [f for f in ctx.facts if f.type in lines]
    return [f for f in ctx.facts if f.type in _FACT_TYPES[attr]]


def _rules(stage: Stage) -> list[Rule]:
    out = []
    for path in stage.rules:
        module, func = path.split(":")
        out.append(getattr(importlib.import_module(f"kg.extract.{module}"), func))
    return out


def _register(stage: Stage) -> None:
    def make(nlp: Language, name: str) -> Callable[[Doc], Doc]:
        rules = _rules(stage)

        def component(doc: Doc) -> Doc:
            ctx: Context = doc._.ctx
            for rule in rules:
                rule(ctx)
            for attr in stage.assigns:
                setattr(doc._, attr, _product(ctx, attr))
            return doc

        return component

    make.__doc__ = stage.doc
    Language.factory(stage.name, requires=[f"doc._.{a}" for a in stage.requires],
                     assigns=[f"doc._.{a}" for a in stage.assigns], func=make)


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


for _stage in RULE_STAGES:
    if _stage.name not in Language.factories:
        _register(_stage)


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
STAGES = ("kg_layout", *(st.name for st in RULE_STAGES), "kg_phrases")


def build_nlp(stages: Iterable[str] = STAGES) -> Language:
    """A blank English pipeline with kg's stages (``stages`` to leave some out, for tests)."""
    nlp = spacy.blank("en")
    nlp.tokenizer = LineTokenizer(nlp.vocab)
    # no stage reads a token's lexical attributes (like_num, is_stop ...): computing them for every
    # new line of every paper took two thirds of the time spent making the Doc
    nlp.vocab.lex_attr_getters = {}  # type: ignore[attr-defined]
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
