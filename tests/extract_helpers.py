"""Small helpers shared by the extraction tests (imported as a plain module: tests/ is on sys.path)."""

from __future__ import annotations

from kg.extract import extract
from kg.loaders.base import Document
from kg.model import Extraction


def run(text: str) -> Extraction:
    """Extract from a text as if it were a file named t.txt."""
    return extract(Document.from_text("t.txt", text))


def facts(ex: Extraction, rtype: str) -> set[tuple[str, str]]:
    """(start name, end name) of every fact of one type."""
    return {(f.start.name, f.end.name) for f in ex.facts if f.type == rtype}
