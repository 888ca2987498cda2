"""Hostile files made on the fly for the hardening tests: PDFs whose font maps name anything,
Word packages that unpack to far more than their size, pathological text.

>>> pdf_with_text_map({0x41: "0041"}, b"A")[:8]
b'%PDF-1.4'
"""

from __future__ import annotations

import struct
import zlib


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (numbered from 1, the catalogue first) with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_with_text_map(to_unicode: dict[int, str], shown: bytes) -> bytes:
    """A one-page PDF showing the byte codes ``shown`` in Helvetica, whose ToUnicode map reads
    each code as the UTF-16BE hex of ``to_unicode`` (e.g. ``{0x41: "D800"}``: a lone surrogate)."""
    entries = "\n".join(f"<{code:02X}> <{hexa}>" for code, hexa in to_unicode.items())
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
            f"1 begincodespacerange <00> <FF> endcodespacerange {len(to_unicode)} beginbfchar\n{entries}\n"
            "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end").encode()
    content = b"BT /F1 12 Tf 72 720 Td (" + shown + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    return _pdf(objects)


def docx_bomb(unpacked_mb: int) -> bytes:
    """A .docx-shaped zip whose ``word/document.xml`` really unpacks to ``unpacked_mb`` MB of zeros
    (1000:1, as zip bombs go). Made without deflating it all: after a full flush, deflate writes
    the same bytes for each identical block, so one compressed block is repeated."""
    block = b"0" * (1 << 20)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    data = one * unpacked_mb + comp.flush()
    crc = 0
    for _ in range(unpacked_mb):
        crc = zlib.crc32(block, crc)
    size = unpacked_mb << 20
    types = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             b'content-types"/>')
    out = bytearray()
    central = bytearray()
    for name, body, method, usize, ucrc in ((b"[Content_Types].xml", types, 0, len(types), zlib.crc32(types)),
                                            (b"word/document.xml", data, 8, size, crc)):
        offset = len(out)
        fields = (20, 0, method, 0, 0x21, ucrc, len(body), usize, len(name), 0)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name + body
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, offset) + name
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(central), len(out), 0)
    return bytes(out)


def pdf_bomb(unpacked_mb: int) -> bytes:
    """A one-page PDF whose content stream (``x`` shown 30,000 times a megabyte) really unpacks to
    ``unpacked_mb`` MB of drawing commands: one deflated block repeated, as in :func:`docx_bomb`."""
    line = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n"
    block = line * ((1 << 20) // len(line))
    comp = zlib.compressobj(9)
    head = comp.compress(b"") + comp.flush(zlib.Z_SYNC_FLUSH)
    one = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    data = head + one * unpacked_mb + comp.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _pdf(objects)
