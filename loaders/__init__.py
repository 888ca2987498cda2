"""Loaders: files in, Documents out (placeholder until the loaders land)."""

from __future__ import annotations

from pathlib import Path

from kg.loaders.base import Document, LoadError

__all__ = ["Document", "LoadError", "load"]


def load(path: str | Path) -> Document:
    p = Path(path)
    raw = p.read_bytes()
    return Document.from_text(p.name, raw.decode("utf-8"), path=str(p), raw=raw)
