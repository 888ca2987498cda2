"""Document structure: split text into Blocks (placeholder: one block per non-empty line)."""

from __future__ import annotations

from kg.extract.context import Block
from kg.loaders.base import Document


def parse(doc: Document) -> list[Block]:
    blocks: list[Block] = []
    pos = 0
    for line in doc.text.split("\n"):
        if line.strip():
            cells = line.split("\t") if "\t" in line else []
            blocks.append(Block("table_row" if cells else "paragraph", pos, pos + len(line), line, cells=cells))
        pos += len(line) + 1
    return blocks
