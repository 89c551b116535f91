"""Reading age's ASCII armor (strict PEM, C2SP age spec): small files only.

Armored files are a convenience for text channels; the binary form is the main path,
so the whole armored text is read (up to MAX_ARMORED_BYTES) and decoded in memory.
"""

from __future__ import annotations

import base64
import binascii
from typing import BinaryIO

from reviewer_app.crypto.age_errors import AgeCorruptError

BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
END = b"-----END AGE ENCRYPTED FILE-----"
MAX_ARMORED_BYTES = 16 << 20
_COLUMNS = 64
_WHITESPACE = b" \t\r\n"


def looks_armored(prefix: bytes) -> bool:
    return prefix.lstrip(_WHITESPACE).startswith(BEGIN[:16])


def read_armored(src: BinaryIO, prefix: bytes) -> bytes:
    """Read the rest of ``src`` and return the binary age file inside the armor."""
    parts = [prefix]
    size = len(prefix)
    while block := src.read(1 << 16):
        size += len(block)
        if size > MAX_ARMORED_BYTES:
            raise AgeCorruptError("armored age file too large: use the binary form")
        parts.append(block)
    return dearmor(b"".join(parts))


def dearmor(text: bytes) -> bytes:
    lines = [line.removesuffix(b"\r") for line in text.lstrip(_WHITESPACE).split(b"\n")]
    if not lines or lines[0] != BEGIN:
        raise AgeCorruptError("armored age file: bad BEGIN line")
    try:
        end = lines.index(END)
    except ValueError:
        raise AgeCorruptError("armored age file: no END line") from None
    if b"".join(lines[end + 1 :]).strip(_WHITESPACE):
        raise AgeCorruptError("armored age file: data after the END line")
    body = lines[1:end]
    if not body or not body[-1] or any(len(line) != _COLUMNS for line in body[:-1]):
        raise AgeCorruptError("armored age file: malformed base64 lines")
    if len(body[-1]) > _COLUMNS:
        raise AgeCorruptError("armored age file: base64 line too long")
    encoded = b"".join(body)
    try:
        decoded = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise AgeCorruptError("armored age file: invalid base64") from None
    if base64.b64encode(decoded) != encoded:
        raise AgeCorruptError("armored age file: non-canonical base64")
    return decoded
