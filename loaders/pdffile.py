"""PDF files: each page's layout read into the loader contract's text, with page offsets.

pypdf checks the file first (a PDF at all, encrypted, damaged) so that a bad file gets its
one-line reason; PDFium (:mod:`kg.loaders.pdfpage`) then reads each page's words and strokes
and :mod:`kg.loaders.pdflayout` its layout (tables with pdfplumber's table finder):
ruled tables as TAB-separated rows, two-column pages column by column, running headers,
footers and page numbers dropped, struck-through words between ``~~``, paragraphs joined
and end-of-line hyphenation repaired. ``Document.page_starts`` holds the offset where each
page begins, so ``Document.locate(offset)`` returns the page; a paragraph broken by a page
break ends at the page, so a quote never runs across two pages.

A page with no text layer (a scan) is read with OCR (:mod:`kg.loaders.ocr`, Tesseract) when
it is installed; its number goes in ``Document.ocr_pages`` so that a citation of it says so.
Without Tesseract such a page is left empty with a warning, and a PDF that is all scans is
refused with the reason. An encrypted PDF is opened with the empty password if it allows that
(a common "no copying" protection); otherwise it is refused as password-protected. The title
is guessed from the text, not taken from the PDF metadata, which is usually the producer's
("Microsoft Word - report3.docx") or a template's.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from kg.loaders import ocr
from kg.loaders.base import Document, LoadError
from kg.loaders.textfile import tidy_text

__all__ = ["load_pdf"]

# pypdf and pdfminer log every recoverable oddity of real-world PDFs; kg reports what matters itself.
for _name in ("pypdf", "pdfminer"):
    logging.getLogger(_name).setLevel(logging.ERROR)

# a page with fewer characters than this and an image on it is a scanned page
_SCAN_CHARS = 10


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:120] if text else type(exc).__name__


def _check(raw: bytes) -> int:
    """Refuse a file that is not a readable PDF (one-line reason); return its page count (0 when
    pypdf cannot tell: PDFium then reads the file alone)."""
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
                return 0     # AES without the 'cryptography' package: PDFium decrypts it itself
            if opened == PasswordType.NOT_DECRYPTED:
                raise LoadError("password-protected PDF")
        count = len(reader.pages)
    except LoadError:
        raise
    except FileNotDecryptedError:
        raise LoadError("password-protected PDF") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, AssertionError, ZeroDivisionError) as exc:
        raise LoadError(f"corrupt PDF ({_first_line(exc)})") from None
    if not count:
        raise LoadError("corrupt PDF (no pages)")
    return count


def load_pdf(path: Path, raw: bytes) -> Document:
    """Load a PDF's pages; LoadError for a corrupt or password-protected PDF, or one that is all scans
    when OCR is not available."""
    import pypdfium2 as pdfium

    from kg.loaders.pdflayout import PageLayout, assemble, read_page
    from kg.loaders.pdfpage import read_content

    count = _check(raw)
    layouts: list[PageLayout] = []
    scans: list[int] = []
    warnings: list[str] = []
    failed = 0
    try:
        pdf = pdfium.PdfDocument(raw, password="")
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise LoadError("password-protected PDF") from None
        raise LoadError(f"corrupt PDF ({_first_line(exc)})") from None
    except Exception as exc:   # pypdf read it, PDFium did not: still one line
        raise LoadError(f"corrupt PDF ({_first_line(exc)})") from None
    count = count or len(pdf)
    if not count:
        pdf.close()
        raise LoadError("corrupt PDF (no pages)")
    try:
        for number in range(1, len(pdf) + 1):
            page = None
            try:
                page = pdf[number - 1]
                content = read_content(page)
                if content.chars < _SCAN_CHARS and content.images:
                    scans.append(number)
                    layouts.append(PageLayout(height=content.height, width=content.width))
                else:
                    layouts.append(read_page(content))
            except Exception as exc:  # one unreadable page must not lose the others
                failed += 1
                warnings.append(f"page {number}: text could not be read ({_first_line(exc)})")
                layouts.append(PageLayout())
            finally:
                if page is not None:
                    page.close()     # free the page: memory stays flat on a long pack
    finally:
        pdf.close()
    if failed == count:
        raise LoadError(f"corrupt PDF (no page could be read: {warnings[0].split('(', 1)[-1].rstrip(')')})")
    texts, open_end = assemble(layouts)
    ocr_pages: list[int] = []
    if scans:
        read, note = ocr.read_pages(raw, scans)
        for number, text in read.items():
            texts[number - 1] = text
            ocr_pages.append(number)
        if note:
            warnings.append(note)
    if not any(t.strip() for t in texts):
        if scans and ocr.available():
            raise LoadError("PDF has no text layer (scanned?) and OCR found no text on its pages")
        if scans:
            raise LoadError(f"PDF has no text layer (scanned?); {ocr.missing_reason()}")
        raise LoadError("PDF has no text layer (scanned?); run OCR on it first")
    parts: list[str] = []
    page_starts: list[int] = []
    offset = 0
    for number, text in enumerate(texts, start=1):
        text = tidy_text(text).strip("\n")
        # a blank line ends the page, unless its paragraph or list goes on on the next page
        goes_on = open_end[number - 1] and number not in ocr_pages and number + 1 not in ocr_pages
        text = text + ("\n" if goes_on else "\n\n") if text else "\n"
        page_starts.append(offset)
        parts.append(text)
        offset += len(text)
    if b"%%EOF" not in raw[-2048:]:
        warnings.append("the file looks truncated (no %%EOF marker); some text may be missing")
    return Document.from_text(path.name, "".join(parts), path=str(path), fmt="pdf", raw=raw,
                              page_starts=page_starts, warnings=warnings, ocr_pages=ocr_pages)
