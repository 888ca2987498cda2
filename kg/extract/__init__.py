"""Rule-based extraction: Document -> Extraction.

The pipeline parses the document's structure (:mod:`kg.extract.structure`),
then runs each rule module in :data:`RULES` over a shared
:class:`kg.extract.context.Context`.

>>> from kg.loaders.base import Document
>>> ex = extract(Document.from_text("d.txt", "Minutes of a meeting\\n"))
>>> ex.doc.id
'd.txt'
"""

from __future__ import annotations

from collections.abc import Callable

from kg.extract.context import Context
from kg.loaders.base import Document
from kg.model import Extraction

Rule = Callable[[Context], None]


def _rules() -> list[Rule]:
    # Imported lazily so that a rule module under construction cannot break `import kg.extract`.
    from kg.extract import rules_registry

    return rules_registry.RULES


def extract(doc: Document) -> Extraction:
    """Run the whole rule pipeline over one document."""
    from kg.extract.linking import find_phrases
    from kg.extract.structure import parse

    ctx = Context(doc, parse(doc))
    for rule in _rules():
        rule(ctx)
    ex = ctx.result()
    ex.phrases = find_phrases(doc.text, doc.locate)
    return ex
