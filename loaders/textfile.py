"""Plain text and Markdown files, and the byte-to-text decoding every loader shares.

Decoding: a UTF-16 byte-order mark means UTF-16; otherwise UTF-8 (a UTF-8 BOM is
dropped), and any byte that is not valid UTF-8 is read as Windows-1252, the usual
encoding of council exports (``0xA3`` is ``£``). Content with many control bytes (more
than 2%, NUL among them) is refused as binary. Line ends become ``\\n``.

>>> decode_text("Total \\xa3120\\r\\n".encode("cp1252"))
'Total £120\\n'
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from kg.loaders.base import Document, LoadError

__all__ = ["decode_text", "tidy_text", "check_not_binary", "load_text"]

# Control bytes that never occur in text (tab, LF, CR and form feed are allowed).
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32), 127])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
# More than this share of control bytes means binary content, not text with a stray byte.
_MAX_CONTROL_SHARE = 0.02
# Control characters to remove from decoded text (vertical tab is Word's manual line break).
_CONTROL_CHARS = {c: None for c in _CONTROL_BYTES if c != 11} | {11: "\n"}
_CONTROL_RX = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Symbol-font bullets that PDF and Word text carry in the private use area.
_BULLETS = {0xF0B7: "•", 0xF0A7: "▪", 0xF076: "•", 0xF0D8: "•", 0xF0FC: "•", 0xF0A8: "•"}
_BULLETS_RX = re.compile("[" + "".join(chr(c) for c in _BULLETS) + "]")


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read the bytes UTF-8 rejected as Windows-1252 (undefined bytes -> U+FFFD)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start:err.end]
    return bytes(bad).decode("cp1252", errors="replace"), err.end


codecs.register_error("kg-cp1252", _cp1252_fallback)


def check_not_binary(raw: bytes, what: str = "a text file") -> None:
    """Raise LoadError if ``raw`` looks like binary content (many control or NUL bytes).

    >>> check_not_binary(b"minutes\\n")
    >>> check_not_binary(b"\\x89PNG\\x00\\x00")
    Traceback (most recent call last):
    ...
    kg.loaders.base.LoadError: not a text file (binary content)
    """
    _count_controls(raw, what)


def _count_controls(raw: bytes, what: str) -> int:
    """The number of control bytes in ``raw`` (NUL among them); LoadError if that says binary. A
    stray NUL among thousands of bytes of text is damage, removed like any control byte: binary
    content (an image, an archive, UTF-16 without its mark) is NUL bytes all through."""
    controls = len(raw.translate(None, _NOT_CONTROL))
    if controls and controls > _MAX_CONTROL_SHARE * len(raw):
        raise LoadError(f"not {what} (binary content)")
    return controls


def tidy_text(text: str, *, controls: bool = True, bullets: bool = True) -> str:
    """Line ends to ``\\n``, control characters removed, symbol-font bullets to ``•``.

    ``controls``/``bullets`` False skip a search the caller knows is in vain (a scan of a
    large text costs as much as a copy of it).

    >>> tidy_text("a\\r\\nb\\rc\\x0bd\\uf0b7")
    'a\\nb\\nc\\nd•'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if controls and _CONTROL_RX.search(text):
        text = text.translate(_CONTROL_CHARS)
    if bullets and _BULLETS_RX.search(text):
        text = text.translate(_BULLETS)
    return text


def decode_text(raw: bytes) -> str:
    """Bytes of a text file to tidy text (see the module docstring); LoadError if it is not text.

    >>> decode_text(b"\\xef\\xbb\\xbfCaf\\xc3\\xa9\\n")
    'Café\\n'
    """
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise LoadError("not a text file (broken UTF-16)") from None
        if "\x00" in text:
            raise LoadError("not a text file (binary content)")
        return tidy_text(text)
    controls = _count_controls(raw, "a text file")
    if b"\r" in raw:
        # on the bytes, before decoding: a copy of the bytes is smaller than a copy of the text
        # (up to 4 bytes a character), and CR is never part of a UTF-8 or Windows-1252 sequence
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Mostly Windows-1252, or UTF-8 with stray Windows-1252 bytes pasted in: each invalid
        # byte is read as Windows-1252 and valid UTF-8 sequences are kept.
        text = raw.decode("utf-8-sig", errors="kg-cp1252")
    # the private-use bullets (U+F040-U+F0FF) are EF 81/82/83 xx in UTF-8; control characters
    # come only from control bytes: two cheap tests on the bytes spare two scans of the text
    bullets = any(lead in raw for lead in (b"\xef\x81", b"\xef\x82", b"\xef\x83"))
    return tidy_text(text, controls=controls > 0, bullets=bullets)


def load_text(path: Path, raw: bytes) -> Document:
    """Load a ``.txt`` or Markdown file (``raw`` is its content).

    >>> load_text(Path("n.txt"), b"Notes\\r\\nDate: 1 May 2024\\r\\n").date
    '2024-05-01'
    """
    fmt = "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"
    digest = Document.digest(raw)
    text = decode_text(raw)
    if not text.strip():
        raise LoadError("no text (the file holds only whitespace)")
    return Document.from_text(path.name, text, path=str(path), fmt=fmt, sha256=digest)
