"""Title and date guessed from a document's text (placeholder)."""

from __future__ import annotations


def guess_title(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip().strip("#* ")[:200]
    return ""


def guess_date(text: str) -> str | None:
    return None
