"""The age v1 header: stanzas, strict parsing from a stream, serialisation, MAC.

Parsing is strict (LF line ends, canonical unpadded base64, 64-column stanza bodies),
as the spec and the C2SP test vectors require: a lenient parser would accept headers
other implementations reject, and the MAC covers the exact bytes read.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
from dataclasses import dataclass, field
from hashlib import sha256
from typing import BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from reviewer_app.crypto.age_errors import NotAgeError

INTRO = b"age-encryption.org/v1\n"
MAC_PREFIX = b"---"
# Stanzas are small (an X25519 stanza is ~100 bytes, a post-quantum one ~1.6 KB); the cap
# stops a hostile file from making us buffer an endless "header".
MAX_HEADER_BYTES = 1 << 20
_READ_BLOCK = 4096
_BODY_COLUMNS = 64
_ARG = re.compile(rb"[\x21-\x7e]+\Z")
_B64 = re.compile(rb"[A-Za-z0-9+/]*\Z")


def b64encode(data: bytes) -> bytes:
    """age's base64: standard alphabet, no padding."""
    return base64.b64encode(data).rstrip(b"=")


def b64decode(text: bytes | str) -> bytes:
    """Strict, canonical, unpadded base64; raises NotAgeError."""
    raw = text.encode("ascii", "replace") if isinstance(text, str) else text
    if not _B64.match(raw) or len(raw) % 4 == 1:
        raise NotAgeError("malformed base64 in age header")
    try:
        decoded = base64.b64decode(raw + b"=" * (-len(raw) % 4), validate=True)
    except binascii.Error as exc:
        raise NotAgeError("malformed base64 in age header") from exc
    if b64encode(decoded) != raw:
        raise NotAgeError("non-canonical base64 in age header")
    return decoded


@dataclass(frozen=True)
class Stanza:
    type: str
    args: tuple[str, ...]
    body: bytes

    def encode(self) -> bytes:
        words = [self.type, *self.args]
        for word in words:
            if not _ARG.match(word.encode("ascii", "replace")):
                raise ValueError(f"invalid stanza argument {word!r}")
        out = [b"-> " + " ".join(words).encode("ascii") + b"\n"]
        encoded = b64encode(self.body)
        for start in range(0, len(encoded), _BODY_COLUMNS):
            out.append(encoded[start : start + _BODY_COLUMNS] + b"\n")
        if len(encoded) % _BODY_COLUMNS == 0:
            out.append(b"\n")  # a full (or empty) last line needs an empty line after it
        return b"".join(out)


@dataclass
class Header:
    stanzas: list[Stanza] = field(default_factory=list)
    mac: bytes = b""
    mac_input: bytes = b""  # the header bytes up to and including "---"
    length: int = 0  # bytes of the whole header, MAC line included


def _hkdf(ikm: bytes, salt: bytes | None, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def header_mac(file_key: bytes, mac_input: bytes) -> bytes:
    return hmac.new(_hkdf(file_key, None, b"header"), mac_input, sha256).digest()


def payload_key(file_key: bytes, nonce: bytes) -> bytes:
    return _hkdf(file_key, nonce, b"payload")


def encode_header(stanzas: list[Stanza], file_key: bytes) -> bytes:
    mac_input = INTRO + b"".join(s.encode() for s in stanzas) + MAC_PREFIX
    return mac_input + b" " + b64encode(header_mac(file_key, mac_input)) + b"\n"


class _LineSource:
    """Lines from ``prefix`` + ``src``, remembering where the header ends."""

    def __init__(self, src: BinaryIO, prefix: bytes) -> None:
        self._src = src
        self.buf = bytearray(prefix)
        self.pos = 0

    def fill(self, size: int) -> bytes:
        """At least ``size`` buffered bytes (fewer at the end of the file)."""
        while len(self.buf) < size and (more := self._src.read(size - len(self.buf))):
            self.buf += more
        return bytes(self.buf[:size])

    def line(self) -> bytes:
        while True:
            end = self.buf.find(b"\n", self.pos)
            if end >= 0:
                line = bytes(self.buf[self.pos : end])
                self.pos = end + 1
                return line
            if len(self.buf) > MAX_HEADER_BYTES:
                raise NotAgeError("age header too long")
            more = self._src.read(_READ_BLOCK)
            if not more:
                raise NotAgeError("age header truncated")
            self.buf += more


def read_header(src: BinaryIO, prefix: bytes = b"") -> tuple[Header, bytes]:
    """Parse the header; returns it and the payload bytes already read past it."""
    lines = _LineSource(src, prefix)
    if not lines.fill(len(INTRO)).startswith(b"age-encryption.org/"):
        raise NotAgeError("not an age file")
    first = lines.line() + b"\n"
    if first != INTRO:
        if first.endswith(b"\r\n"):
            raise NotAgeError("age header lines must end with LF, not CRLF")
        if first.startswith(b"age-encryption.org/"):
            version = first.strip().decode("ascii", "replace")
            raise NotAgeError(f"unsupported age version {version!r}")
        raise NotAgeError("not an age file")
    header = Header()
    line = lines.line()
    while not line.startswith(MAC_PREFIX):
        header.stanzas.append(_read_stanza(line, lines))
        line = lines.line()
    if not header.stanzas:
        raise NotAgeError("age header has no recipient stanza")
    if not line.startswith(b"--- "):
        raise NotAgeError("malformed age header MAC line")
    header.mac = b64decode(line[4:])
    if len(header.mac) != 32:
        raise NotAgeError("malformed age header MAC")
    mac_line_start = lines.pos - len(line) - 1
    header.mac_input = bytes(lines.buf[: mac_line_start + len(MAC_PREFIX)])
    header.length = lines.pos
    return header, bytes(lines.buf[lines.pos :])


def _read_stanza(line: bytes, lines: _LineSource) -> Stanza:
    if not line.startswith(b"-> "):
        raise NotAgeError("malformed age header line")
    words = line[3:].split(b" ")
    if not all(_ARG.match(w) for w in words):
        raise NotAgeError("malformed age stanza arguments")
    body = bytearray()
    while True:
        chunk = lines.line()
        if len(chunk) > _BODY_COLUMNS:
            raise NotAgeError("age stanza body line too long")
        body += b64decode(chunk)
        if len(chunk) < _BODY_COLUMNS:
            break
    decoded = [w.decode("ascii") for w in words]
    return Stanza(decoded[0], tuple(decoded[1:]), bytes(body))
