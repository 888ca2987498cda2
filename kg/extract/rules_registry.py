"""The ordered list of rule modules. Order matters: earlier rules set ``ctx.state``
(the document's board, its meetings, acronyms) that later rules read."""

from __future__ import annotations

from collections.abc import Callable

from kg.extract.context import Context

RULES: list[Callable[[Context], None]] = []
