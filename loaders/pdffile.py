"""PDF files: the text layer, page by page, with page offsets for citations.

Each page's text is followed by a blank line; ``Document.page_starts`` holds the
offset where each page begins, so ``Document.locate(offset)`` returns the page.
An encrypted PDF is opened with the empty password if it allows that (a common
"no copying" protection); otherwise it is refused as password-protected. A PDF
with no text at all is a scan and is refused: it needs OCR first. The title is
guessed from the text, not taken from the PDF metadata, which is usually the
producer's ("Microsoft Word - report3.docx") or a template's.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from kg.loaders.base import Document, LoadError
from kg.loaders.textfile import tidy_text

__all__ = ["load_pdf"]

# pypdf logs every recoverable oddity of real-world PDFs; kg reports what matters itself.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:120] if text else type(exc).__name__


def load_pdf(path: Path, raw: bytes) -> Document:
    """Load a PDF's text layer; LoadError for a corrupt, password-protected or scanned PDF."""
    from pypdf import PasswordType, PdfReader  # late import: pypdf is slow to import
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    if b"%PDF-" not in raw[:1024]:
        raise LoadError("corrupt PDF (no %PDF header: not a PDF file)")
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError:
                raise LoadError("encrypted PDF: reading it needs the 'cryptography' package "
                                "(pip install cryptography)") from None
            if opened == PasswordType.NOT_DECRYPTED:
                raise LoadError("password-protected PDF")
        pages = list(reader.pages)
    except LoadError:
        raise
    except FileNotDecryptedError:
        raise LoadError("password-protected PDF") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, AssertionError, ZeroDivisionError) as exc:
        raise LoadError(f"corrupt PDF ({_first_line(exc)})") from None
    if not pages:
        raise LoadError("corrupt PDF (no pages)")

    parts: list[str] = []
    page_starts: list[int] = []
    warnings: list[str] = []
    offset = 0
    failed = 0
    for number, page in enumerate(pages, start=1):
        try:
            text = tidy_text(page.extract_text() or "")
        except Exception as exc:  # one unreadable page must not lose the others
            failed += 1
            warnings.append(f"page {number}: text could not be read ({_first_line(exc)})")
            text = ""
        text = text.strip("\n")
        text = text + "\n\n" if text else "\n"
        page_starts.append(offset)
        parts.append(text)
        offset += len(text)
    if failed == len(pages):
        raise LoadError(f"corrupt PDF (no page could be read: {warnings[0].split('(', 1)[-1].rstrip(')')})")
    full = "".join(parts)
    if not full.strip():
        raise LoadError("PDF has no text layer (scanned?); run OCR on it first")
    if b"%%EOF" not in raw[-2048:]:
        warnings.append("the file looks truncated (no %%EOF marker); some text may be missing")
    return Document.from_text(path.name, full, path=str(path), fmt="pdf", raw=raw,
                              page_starts=page_starts, warnings=warnings)
