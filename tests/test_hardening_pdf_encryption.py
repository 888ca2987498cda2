"""Encrypted PDFs that open without a password (AES-128, AES-256, RC4: "no copying" protection)
are read; one that needs a password is refused in one line. Made with pypdf from the sample PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfWriter

from kg.loaders import LoadError, load

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "docs" / "minutes.pdf"


def _encrypted(tmp_path: Path, algorithm: str, user_password: str = "") -> Path:
    writer = PdfWriter(clone_from=str(SAMPLE))
    writer.encrypt(user_password=user_password, owner_password="owner-only", algorithm=algorithm)
    out = tmp_path / f"{algorithm}.pdf"
    with open(out, "wb") as fh:
        writer.write(fh)
    return out


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256", "AES-256-R5", "RC4-128"])
def test_encrypted_without_user_password_is_read(tmp_path: Path, algorithm: str) -> None:
    assert load(_encrypted(tmp_path, algorithm)).text == load(SAMPLE).text


def test_aes_read_by_pdfium_when_pypdf_cannot_decrypt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the 'cryptography' package pypdf cannot decrypt AES; PDFium can, so the file is read."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    def no_aes(self: PdfReader, password: str) -> None:
        raise DependencyError("cryptography is required for AES algorithm")

    path = _encrypted(tmp_path, "AES-256")
    monkeypatch.setattr(PdfReader, "decrypt", no_aes)
    assert load(path).text == load(SAMPLE).text


def test_needs_a_password_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="^password-protected PDF$"):
        load(_encrypted(tmp_path, "AES-256", user_password="secret"))
