"""Extraction: Document -> Extraction, by one spaCy pipeline of kg's stages.

:mod:`kg.extract.pipeline` builds the pipeline (``spacy.blank("en")`` and registered
components that declare what they require and assign); :func:`extract` runs it on one paper,
:func:`extract_many` on many with ``nlp.pipe``.

>>> from kg.loaders.base import Document
>>> ex = extract(Document.from_text("d.txt", "Minutes of a meeting\\n"))
>>> ex.doc.id
'd.txt'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.loaders.base import Document
from kg.model import Extraction


def extract(doc: Document) -> Extraction:
    """Run the whole pipeline over one document."""
    from kg.extract.pipeline import default_nlp, run

    return run(default_nlp(), doc)


def extract_many(docs: Iterable[Document]) -> Iterator[Extraction]:
    """Run the pipeline over many documents, in order."""
    from kg.extract.pipeline import default_nlp, run_many

    return run_many(default_nlp(), docs)
