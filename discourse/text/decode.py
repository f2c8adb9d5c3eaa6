"""Bytes to text: a byte-order mark picks the encoding, binary files are named for what they are.

Used by every file reader (:mod:`discourse.text.io`) and by ``metadata.csv``.
"""

from __future__ import annotations

import codecs

from .._validate import InputError

_BOMS = [  # longest first: UTF-32 LE starts with the UTF-16 LE BOM
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# The first bytes of files that students save as .txt or .csv by mistake.
_SIGNATURES = [
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx, .odt, .pptx or .epub file is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel file (.doc, .xls)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"\x1f\x8b", "a gzip-compressed file"),
]

def _binary_kind(data: bytes, encoding: str) -> str | None:
    """What ``data`` looks like when it is not text in an ASCII-based encoding, else None."""
    wide = codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    if wide:
        return None  # NUL bytes are part of these encodings
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16 text (it starts with a UTF-16 byte-order mark): pass encoding='utf-16'"
    head = data[:4096]
    if b"\x00" not in head:
        return None if b"\x00" not in data else "binary data (it contains NUL bytes)"
    even, odd = head[0::2], head[1::2]
    if len(head) >= 4 and odd.count(0) >= 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "UTF-16 text without a byte-order mark (little-endian): pass encoding='utf-16-le'"
    if len(head) >= 4 and even.count(0) >= 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "UTF-16 text without a byte-order mark (big-endian): pass encoding='utf-16-be'"
    return "binary data (it contains NUL bytes)"


def _decode(data: bytes, encoding: str) -> str:
    """``data.decode(encoding)``; a UTF-32 LE byte-order mark that does not decode is read as
    the UTF-16 LE mark it starts with, followed by a NUL character (FF FE 00 00)."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        if encoding == "utf-32" and data.startswith(codecs.BOM_UTF32_LE):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                pass
        raise


def decode_bytes(data: bytes, *, encoding: str = "utf-8", name: str = "input") -> str:
    """Decode ``data``; a byte-order mark picks the encoding and is not part of the text.

    Raises :class:`InputError` naming ``name`` and the byte offset when the bytes do not decode,
    and when they look binary: the signature of a PDF, ZIP (.docx, .xlsx), old Office or image
    file, or a NUL byte in an ASCII-based encoding (NULs at every other byte are UTF-16 without
    a BOM: the message names the ``encoding=`` to pass).

    Examples
    --------
    >>> decode_bytes(b"\\xef\\xbb\\xbfhi\\r\\n")
    'hi\\r\\n'
    >>> decode_bytes("hé".encode("utf-16"))
    'hé'
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            if enc == "utf-8-sig" or encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
                encoding = enc
            break
    try:
        kind = _binary_kind(data, encoding)
    except LookupError:
        raise InputError(f"encoding={encoding!r} is not an encoding Python knows.") from None
    if kind is not None and kind.startswith("UTF-16"):
        raise InputError(f"{name}: looks like {kind}.")
    if kind is not None:
        nul = data.find(b"\x00")
        what = (f"contains a NUL byte (at byte {nul}): it is binary data, " if nul >= 0 else
                "is binary data, ") + ("not text" if kind.startswith("binary") else
                                       f"apparently {kind}")
        fmt = "CSV (UTF-8)" if str(name).lower().endswith(".csv") else ".txt in UTF-8"
        raise InputError(f"{name}: {what}. Convert it to plain text first (save or export it "
                         f"as {fmt}, or copy the text out), then read that.")
    try:
        text = _decode(data, encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name}: the bytes at offset {err.start} ({data[err.start:err.start + 4]!r}) are not "
            f"valid {encoding}. If the file uses another encoding, pass it, e.g. "
            f"encoding='latin-1' or encoding='cp1252'."
        ) from None
    except LookupError:
        raise InputError(f"encoding={encoding!r} is not an encoding Python knows.") from None
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(
            f"{name}: contains a NUL character (at character {nul}): it looks like a binary file "
            f"(PDF, Word, image) or text in another encoding such as UTF-16 without a BOM. "
            f"Convert it to plain text first, or pass the right encoding=."
        )
    return text
