"""Bad files give one LoadError line with the reason, never another exception.

The bad fixtures are real files damaged with real tools (scripts/make_fixtures.sh): a
PDF encrypted by pypdf, a PDF and a DOCX cut in half with ``head -c``, gzip output
renamed .pdf and .txt, a page image put into a PDF by LibreOffice (no text layer).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.loaders import LoadError, discover, load

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "fixtures" / "docs" / "bad"


@pytest.mark.parametrize("name,reason", [
    ("empty.txt", "empty file"),
    ("blank.txt", "no text (the file holds only whitespace)"),
    ("junk.txt", "not a text file (binary content)"),
    ("junk.pdf", "corrupt PDF (no %PDF header: not a PDF file)"),
    ("truncated.pdf", "corrupt PDF ("),
    ("encrypted.pdf", "password-protected PDF"),
    ("scanned.pdf", "PDF has no text layer (scanned?)"),
    ("truncated.docx", "corrupt DOCX (damaged zip"),
    ("not-word.docx", "corrupt DOCX (no Word document inside the package)"),
])
def test_bad_fixture_gives_its_reason(name: str, reason: str) -> None:
    with pytest.raises(LoadError) as info:
        load(BAD / name)
    message = str(info.value)
    assert message.startswith(reason)
    assert "\n" not in message and str(BAD) not in message     # one line; the caller names the file


def test_unsupported_and_missing(tmp_path: Path) -> None:
    for name, reason in [("deck.xyz", "unsupported file type '.xyz' (supported: "),
                         ("pack.doc", "unsupported file type '.doc' (save it as .docx or PDF)"),
                         ("README", "unsupported file type (no file extension")]:
        (tmp_path / name).write_text("text")
        with pytest.raises(LoadError) as info:
            load(tmp_path / name)
        assert str(info.value).startswith(reason)
    with pytest.raises(LoadError, match="^no such file$"):
        load(tmp_path / "gone.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(LoadError, match="^is a folder, not a file$"):
        load(tmp_path / "folder.txt")


def test_old_word_file_renamed_docx(tmp_path: Path) -> None:
    p = tmp_path / "old.docx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)   # OLE2 header: .doc or encrypted
    with pytest.raises(LoadError, match="^not a .docx: an old-format Word file"):
        load(p)


def test_binary_named_html(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_bytes((BAD / "junk.pdf").read_bytes())
    with pytest.raises(LoadError, match=r"^not an HTML file \(binary content\)$"):
        load(p)


def test_html_with_no_text(tmp_path: Path) -> None:
    p = tmp_path / "blank.html"
    p.write_text("<html><head><script>x()</script></head><body><nav>Home</nav></body></html>")
    with pytest.raises(LoadError, match="^no text in the HTML page$"):
        load(p)


def _can_drop_root_privileges() -> bool:
    return shutil.which("setpriv") is not None and subprocess.run(
        ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "true"],
        capture_output=True).returncode == 0


def _load_reason(path: Path) -> str:
    """The LoadError message for ``path``; as root, in a child without the power to ignore file modes."""
    code = ("import sys\nfrom kg.loaders import load, LoadError\n"
            "try:\n    load(sys.argv[1])\nexcept LoadError as e:\n    print(e)\n")
    cmd = [sys.executable, "-c", code, str(path)]
    if os.geteuid() == 0:
        # root reads any file whatever its mode; without CAP_DAC_OVERRIDE/READ_SEARCH it cannot
        cmd = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.skipif(os.geteuid() == 0 and not _can_drop_root_privileges(),
                    reason="running as root and setpriv cannot drop CAP_DAC_OVERRIDE: chmod 000 blocks nothing")
def test_unreadable_file_and_folder(tmp_path: Path) -> None:
    p = tmp_path / "locked.txt"
    p.write_text("secret minutes")
    p.chmod(0)
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "inside.txt").write_text("x")
    folder.chmod(0)
    try:
        assert _load_reason(p) == "permission denied"
        code = ("import sys\nfrom kg.loaders import discover\n"
                "for p, e in discover([sys.argv[1]]):\n    print(p.name, e, sep='|')\n")
        cmd = [sys.executable, "-c", code, str(tmp_path)]
        if os.geteuid() == 0:
            cmd = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *cmd]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split("\n")
        assert "locked|permission denied (cannot list folder)" in out
        assert "locked.txt|None" in out          # listed; loading it is what fails
    finally:
        p.chmod(0o600)
        folder.chmod(0o700)


def test_no_traceback_for_any_fixture_through_discover() -> None:
    """Every bad fixture, walked and loaded as the CLI would: only LoadErrors, each one line."""
    reasons = {}
    for path, err in discover([BAD]):
        assert err is None
        try:
            load(path)
        except LoadError as exc:
            reasons[path.name] = str(exc)
    assert set(reasons) == {p.name for p in BAD.iterdir()}
    assert all(r and "\n" not in r for r in reasons.values())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".html", ".pdf", ".docx"]))
def test_arbitrary_bytes_never_raise_anything_but_load_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    p = tmp_path / f"any{suffix}"
    p.write_bytes(data)
    try:
        doc = load(p)
    except LoadError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert doc.text.strip() and "\r" not in doc.text and "\x00" not in doc.text
        assert doc.line_starts[0] == 0


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=500))
def test_any_unicode_text_round_trips_through_utf8(tmp_path: Path, text: str) -> None:
    p = tmp_path / "t.txt"
    p.write_bytes(text.encode("utf-8"))
    try:
        doc = load(p)
    except LoadError as exc:
        assert str(exc) in ("empty file", "no text (the file holds only whitespace)",
                            "not a text file (binary content)")
        return
    # what comes back is the text with line ends normalised (vertical tab, NEL and the Unicode
    # line and paragraph separators are line ends too), control characters (C0, DEL, C1) and
    # bidirectional overrides removed, symbol-font bullets as bullets, and composed (NFC)
    expected = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    for brk in "\x0b\x85\u2028\u2029":
        expected = expected.replace(brk, "\n")
    kept = "".join(c for c in expected if not (ord(c) < 32 and c not in "\t\n\f") and not 0x7F <= ord(c) <= 0x9F
                   and not 0x202A <= ord(c) <= 0x202E and not 0x2066 <= ord(c) <= 0x2069)
    assert doc.text == unicodedata.normalize("NFC", kept.translate(
        {0xF0B7: "•", 0xF0A7: "▪", 0xF076: "•", 0xF0D8: "•", 0xF0FC: "•", 0xF0A8: "•"}))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=1, max_value=99))
def test_any_truncation_of_a_real_pdf_or_docx_is_a_load_error_or_a_document(tmp_path: Path, cut: int) -> None:
    for name in ("minutes.pdf", "minutes.docx"):
        raw = (ROOT / "tests" / "fixtures" / "docs" / name).read_bytes()
        p = tmp_path / name
        p.write_bytes(raw[: len(raw) * cut // 100])
        try:
            load(p)
        except LoadError as exc:
            assert "\n" not in str(exc)
