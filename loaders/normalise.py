"""Text as every later stage may assume it: valid Unicode, composed (NFC), no control characters.

Every loader's text passes through :func:`normalise_text` (``Document.from_text`` calls it), so
extraction, the stores and the pictures never meet a lone surrogate (a PDF font's ToUnicode map
can name one; JSON and UTF-8 writers then fail), a decomposed accent that would make two
spellings of one name differ, or a control character (an escape sequence in a paper must not
reach a terminal). File names get the same treatment in :func:`safe_name`, keeping the bytes
of a name that is not UTF-8 visible as ``\\xNN`` (so two such names stay different).

>>> normalise_text("Cafe\\u0301 \\ud800x\\x1b[31m\\u2028end")
'Café \\ufffdx[31m\\nend'
>>> safe_name("minutes\\udcff.pdf")
'minutes\\\\xff.pdf'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise_text", "safe_name"]

# Lone surrogates (from a broken UTF-16 source or a PDF font map): never valid in UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls except tab, line feed and form feed (a PDF page break); DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f]")
# Unicode line and paragraph separators: line breaks, written as the loader contract's "\n"
# (citations count lines by "\n").
_LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\x0b": "\n", "\r": "\n"})
# Bidirectional overrides and isolates: they reorder what a terminal or page shows.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def normalise_text(text: str) -> str:
    """Valid, NFC, control-free text; lengths may change (callers compute offsets afterwards).

    Lone surrogates become U+FFFD; vertical tab, CR, NEL and the Unicode line and paragraph
    separators become ``\\n``; other control characters and bidirectional overrides are removed.

    >>> normalise_text("a\\r\\nb\\x00c\\u202ed")
    'a\\n\\nbcd'
    """
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if any(c in text for c in "\u2028\u2029\x85\x0b\r"):
        text = text.translate(_LINE_BREAKS)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if _BIDI.search(text):
        text = _BIDI.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def safe_name(name: str) -> str:
    """A file name as valid text: bytes that were not UTF-8 (Python's surrogate escapes) as ``\\xNN``,
    other lone surrogates as U+FFFD, control characters as ``\\xNN``; NFC.

    >>> safe_name("a\\nb.txt"), safe_name("ok.txt")
    ('a\\\\x0ab.txt', 'ok.txt')
    """
    if _SURROGATE.search(name):
        name = "".join(f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF
                       else "\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in name)
    if _CONTROL.search(name) or _BIDI.search(name) or any(c in name for c in "\u2028\u2029\x0b\r\x0c\t\n"):
        name = "".join(_escape_char(c) for c in name)
    return unicodedata.normalize("NFC", name)


def _escape_char(c: str) -> str:
    if _CONTROL.match(c) or c in "\t\n\x0b\x0c\r":
        return f"\\x{ord(c):02x}"
    if _BIDI.match(c) or c in "\u2028\u2029":
        return f"\\u{ord(c):04x}"
    return c
