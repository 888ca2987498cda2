"""OCR of scanned PDF pages with Tesseract (Debian's ``tesseract-ocr``), when it is installed.

A page with no text layer is rendered to a grey-scale image (pypdfium2, which pdfplumber
brings) and read by the ``tesseract`` command; its lines are joined into paragraphs as the
PDF layout reader joins them. ``KG_OCR=off`` in the environment turns OCR off (it takes a
few seconds a page). Without Tesseract, :func:`read_pages` reads nothing and says why in one
line.

>>> missing_reason()[:30]
'install Tesseract to read scan'
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess

__all__ = ["available", "read_pages", "missing_reason"]

_DPI = 300
_TIMEOUT = 180      # seconds for one page


def available() -> str | None:
    """The path of the ``tesseract`` command, or None when OCR is off or not installed."""
    if os.environ.get("KG_OCR", "").strip().lower() in ("0", "off", "no", "false"):
        return None
    return shutil.which("tesseract")


def missing_reason() -> str:
    """Why scanned pages cannot be read, as the end of a one-line message."""
    if os.environ.get("KG_OCR", "").strip().lower() in ("0", "off", "no", "false"):
        return "OCR is turned off (KG_OCR=off)"
    return "install Tesseract to read scans with OCR (Debian: apt-get install tesseract-ocr)"


def _paragraphs(text: str) -> str:
    from kg.loaders.pdflayout import join_lines

    paras = [join_lines(block.split("\n"), set()) for block in text.replace("\f", "").split("\n\n")]
    return "\n\n".join(p for p in paras if p.strip())


def read_pages(raw: bytes, numbers: list[int]) -> tuple[dict[int, str], str]:
    """The OCR text of the given 1-based pages of a PDF, and a one-line note for the warnings."""
    exe = available()
    if exe is None:
        pages = ", ".join(str(n) for n in numbers)
        return {}, f"page(s) {pages} have no text layer (scanned) and were not read: {missing_reason()}"
    import pypdfium2 as pdfium

    out: dict[int, str] = {}
    failed: list[str] = []
    pdf = pdfium.PdfDocument(io.BytesIO(raw))
    try:
        for n in numbers:
            image = pdf[n - 1].render(scale=_DPI / 72, grayscale=True).to_pil()
            buf = io.BytesIO()
            image.save(buf, format="PNG")
            try:
                done = subprocess.run([exe, "stdin", "stdout", "-l", "eng", "--psm", "3"], input=buf.getvalue(),
                                      capture_output=True, timeout=_TIMEOUT, check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                failed.append(f"{n} ({type(exc).__name__})")
                continue
            if done.returncode != 0:
                failed.append(f"{n} (tesseract exit {done.returncode})")
                continue
            text = _paragraphs(done.stdout.decode("utf-8", errors="replace"))
            if text.strip():
                out[n] = text
    finally:
        pdf.close()
    read = ", ".join(str(n) for n in sorted(out))
    note = f"page(s) {read} read by OCR (Tesseract): check quotes against the page" if out else ""
    if failed:
        note = (note + "; " if note else "") + "OCR failed on page(s) " + ", ".join(failed)
    return out, note
