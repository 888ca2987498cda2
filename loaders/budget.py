"""Per-document budgets: file size, unpacked size of a Word package, and time.

The numbers are data (``budgets.yaml`` beside this module). A document past a budget raises
:class:`BudgetExceeded` (a :class:`~kg.loaders.base.LoadError`), whose message is one line naming
the budget, so that the caller reports it with the file name and goes on with the next file.

>>> b = Budgets.default()
>>> b.check_size(".pdf", 10 * 2**20)
>>> try:
...     b.check_size(".html", 500 * 2**20)
... except BudgetExceeded as exc:
...     print(exc)
file too large (500 MB; the budget for .html files is 60 MB, in loaders/budgets.yaml)
"""

from __future__ import annotations

import contextlib
import io
import signal
import threading
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.loaders.base import LoadError

__all__ = ["Budgets", "BudgetExceeded", "time_limit"]

_MB = 2 ** 20
_WHERE = "in loaders/budgets.yaml"


class BudgetExceeded(LoadError):
    """A document is past one of its budgets (the message names it)."""


class _OutOfTime(BaseException):
    """Raised by the timer: a BaseException, so that no ``except Exception`` of a parser (which
    keeps one bad page from losing the others) swallows it; :func:`time_limit` turns it into
    :class:`BudgetExceeded` when it leaves the block."""


def _mb(n: float) -> str:
    return f"{n / _MB:,.0f} MB" if n >= _MB else f"{n / _MB:.1f} MB"


@dataclass(frozen=True)
class Budgets:
    """The budgets of one run. ``Budgets.default()`` reads ``budgets.yaml``."""

    max_file_mb: dict[str, float] = field(default_factory=lambda: {".*": 200.0})
    docx_max_unpacked_mb: float = 300.0
    docx_max_xml_mb: float = 64.0
    docx_max_ratio: float = 200.0
    docx_ratio_from_mb: float = 20.0
    pdf_max_content_mb: float = 150.0
    seconds_base: float = 120.0
    seconds_per_mb: float = 20.0

    @classmethod
    def default(cls) -> Budgets:
        return _default()

    @classmethod
    def from_yaml(cls, path: Path) -> Budgets:
        """Budgets from a YAML file laid out as ``budgets.yaml``; ValueError (one line) if malformed."""
        try:
            data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
            sizes = {str(k).lower(): _positive(v, f"max_file_mb.{k}") for k, v in dict(data["max_file_mb"]).items()}
            docx, secs = dict(data["docx"]), dict(data["seconds"])
            return cls(max_file_mb=sizes,
                       docx_max_unpacked_mb=_positive(docx["max_unpacked_mb"], "docx.max_unpacked_mb"),
                       docx_max_xml_mb=_positive(docx["max_xml_mb"], "docx.max_xml_mb"),
                       docx_max_ratio=_positive(docx["max_ratio"], "docx.max_ratio"),
                       docx_ratio_from_mb=_positive(docx["ratio_from_mb"], "docx.ratio_from_mb"),
                       pdf_max_content_mb=_positive(dict(data.get("pdf") or {"max_content_mb": 150}).get(
                           "max_content_mb"), "pdf.max_content_mb"),
                       seconds_base=_positive(secs["base"], "seconds.base"),
                       seconds_per_mb=_positive(secs["per_mb"], "seconds.per_mb"))
        except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
            detail = " ".join(str(exc).split())[:120]
            raise ValueError(f"{path}: malformed budgets ({type(exc).__name__}: {detail})") from None

    def check_size(self, suffix: str, size: int) -> None:
        """Refuse a file larger than its format's budget."""
        limit = self.max_file_mb.get(suffix.lower(), self.max_file_mb.get(".*", 200.0))
        if size > limit * _MB:
            raise BudgetExceeded(f"file too large ({_mb(size)}; the budget for {suffix.lower() or 'such'} files "
                                 f"is {limit:g} MB, {_WHERE})")

    def check_docx(self, raw: bytes) -> None:
        """Refuse a Word package whose parts would unpack past the budget, from the sizes its zip
        declares, before anything is unpacked (zipfile stops reading a part at its declared size
        and checks its CRC, so a part cannot unpack to more than it declares)."""
        try:
            infos = zipfile.ZipFile(io.BytesIO(raw)).infolist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            return     # the loader gives the reason for a damaged package
        total = sum(i.file_size for i in infos)
        xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
        if total > self.docx_max_unpacked_mb * _MB:
            raise BudgetExceeded(f"Word package unpacks to {_mb(total)} (the budget is "
                                 f"{self.docx_max_unpacked_mb:g} MB, {_WHERE}); a zip bomb?")
        if xml > self.docx_max_xml_mb * _MB:
            raise BudgetExceeded(f"Word document text unpacks to {_mb(xml)} of XML (the budget is "
                                 f"{self.docx_max_xml_mb:g} MB, {_WHERE})")
        if total > self.docx_ratio_from_mb * _MB and total > self.docx_max_ratio * max(len(raw), 1):
            raise BudgetExceeded(f"Word package unpacks to {total / max(len(raw), 1):,.0f} times its size "
                                 f"({_mb(total)}; the budget is {self.docx_max_ratio:g} times, {_WHERE}); "
                                 "a zip bomb?")

    def check_pdf(self, raw: bytes) -> None:
        """Refuse a PDF whose pages' content streams unpack past the budget (a few kilobytes of
        compressed drawing commands can unpack to gigabytes, which PDFium then holds in memory
        many times over). Counted by unpacking each stream in pieces, never holding it whole;
        a PDF pypdf cannot read is left to the loader, which gives the reason."""
        limit = int(self.pdf_max_content_mb * _MB)
        total = 0
        try:
            from pypdf import PdfReader
            from pypdf.generic import ArrayObject

            reader = PdfReader(io.BytesIO(raw), strict=False)
            if reader.is_encrypted:
                return      # decrypted by the loader; its streams are not readable here
            for page in reader.pages:
                contents = page.get("/Contents")
                contents = contents.get_object() if contents is not None else None
                streams = list(contents) if isinstance(contents, ArrayObject) else [contents]
                for stream in streams:
                    total += _unpacked_size(stream.get_object() if stream is not None else None, limit - total)
                    if total > limit:
                        raise BudgetExceeded(
                            f"PDF page contents unpack to more than {self.pdf_max_content_mb:g} MB "
                            f"(the budget, {_WHERE}); a zip bomb?")
        except BudgetExceeded:
            raise
        except Exception:   # noqa: BLE001 - damage is the loader's to name
            return

    def seconds_for(self, size: int) -> float:
        """The time budget of a document of ``size`` bytes.

        >>> Budgets.default().seconds_for(2 * 2**20)
        160.0
        """
        return self.seconds_base + self.seconds_per_mb * size / _MB


def _unpacked_size(stream: Any, budget: int) -> int:
    """The size a content stream unpacks to, counted up to just past ``budget`` bytes."""
    data = getattr(stream, "_data", None)
    if not isinstance(data, bytes):
        return 0
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)] if filters else []
    if not names:
        return len(data)
    if names[0] not in ("/FlateDecode", "/Fl"):
        return len(data)      # other filters: counted as stored (PDFium bounds them itself)
    inflate = zlib.decompressobj()
    size, piece = 0, 1 << 20
    for at in range(0, len(data), piece):
        size += len(inflate.decompress(data[at:at + piece], 4 * piece))
        while inflate.unconsumed_tail and size <= budget:   # each piece's output, a bounded bit at a time
            size += len(inflate.decompress(inflate.unconsumed_tail, 4 * piece))
        if size > budget or inflate.eof:
            break
    return size


def _positive(value: Any, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {value!r}") from None
    if not number > 0 or number == float("inf"):
        raise ValueError(f"{name} must be a positive number, not {value!r}")
    return number


_CACHE: list[Budgets] = []


def _default() -> Budgets:
    if not _CACHE:
        _CACHE.append(Budgets.from_yaml(Path(__file__).with_name("budgets.yaml")))
    return _CACHE[0]


@contextlib.contextmanager
def time_limit(seconds: float, what: str = "reading") -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in the block when it runs longer than ``seconds``.

    A real-time timer and SIGALRM: Python's regular expression engine and the parsers check for
    signals as they go, so even a runaway match is stopped. Only in the main thread of a process
    with SIGALRM (elsewhere the block runs unbounded); a timer already set outside is kept.

    >>> with time_limit(5):
    ...     sum(range(10))
    45
    """
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and seconds > 0 and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not usable:
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OutOfTime:
        shown = f"{seconds:,.0f}" if seconds >= 10 else f"{seconds:.1f}"
        raise BudgetExceeded(f"{what} took longer than its time budget ({shown} s, {_WHERE})") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
