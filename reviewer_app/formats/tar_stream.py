"""A strict, streaming POSIX tar reader (ustar and pax) for untrusted input.

Why not ``tarfile``: in stream mode it keeps every member's header in a list
(memory grows with the member count) and it takes a damaged header in the
middle of an archive for the archive's end. This reader holds one header at a
time, reads member data in chunks and never touches the file system; anything
that is not a well-formed archive is ``PKG_NOT_TAR``.

Strict where ``tarfile`` is lenient: numeric pax records (``size``, ``uid``,
``mtime``...) are plain decimal digits only (``int()`` would also take ``0_5``,
`` 5`` or ``+5``), and after the end-of-archive blocks the stream must hold
nothing but zero bytes to its end (tar pads to a record size with zeros; any
other byte is data that a different reader might take for more members).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from reviewer_app.errors import RejectedError

BLOCK = 512
MAX_EXTENDED_HEADER = 1 << 20  # pax or GNU long-name data we are willing to hold
_KINDS = {b"0": "file", b"\x00": "file", b"7": "file", b"5": "directory",
          b"1": "hard link", b"2": "symbolic link", b"3": "character device",
          b"4": "block device", b"6": "FIFO", b"S": "sparse file"}
# pax records whose value is a number (POSIX: decimal; times may have a fraction).
_PAX_NUMBERS = frozenset({"size", "uid", "gid", "atime", "ctime", "mtime",
                          "GNU.sparse.size", "GNU.sparse.realsize", "GNU.sparse.offset",
                          "GNU.sparse.numbytes", "GNU.sparse.numblocks", "GNU.sparse.major",
                          "GNU.sparse.minor"})
_DIGITS = re.compile(rb"[0-9]+")
_OCTAL = re.compile(rb"[0-7]+")
_TIME = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DRAIN = 1 << 16


class Readable(Protocol):
    """A binary source pulled in chunks (a file, or an age decryption reader)."""

    def read(self, size: int = -1, /) -> bytes: ...


class NotTarError(RejectedError):
    def __init__(self, problem: str) -> None:
        super().__init__("PKG_NOT_TAR", f"the decrypted content is not a valid tar archive: {problem}")


@dataclass(frozen=True)
class TarMember:
    """One member's header: its path as written, its kind and data size."""

    path: str
    kind: str  # "file", "directory", "symbolic link", "hard link", ... or "type 'X'"
    size: int
    linkname: str = ""

    @property
    def is_file(self) -> bool:
        return self.kind == "file"


def _number(field: bytes) -> int:
    if field[:1] and field[0] & 0x80:  # GNU base-256 for values octal cannot hold
        value = int.from_bytes(field[1:], "big")
        return -value if field[0] & 0x40 else value
    text = field.rstrip(b"\x00 ").lstrip(b" ")
    if not text:
        return 0
    if not _OCTAL.fullmatch(text):  # int(text, 8) would also take "0_5" or "+5"
        raise NotTarError(f"a header field holds {text[:16]!r}, not an octal number")
    return int(text, 8)


def _text(field: bytes) -> str:
    return field.split(b"\x00", 1)[0].decode("utf-8", "surrogateescape")


def _parse_pax(data: bytes) -> dict[str, str]:
    records: dict[str, str] = {}
    pos = 0
    while pos < len(data):
        if data[pos:pos + 1] == b"\x00":
            break
        space = data.find(b" ", pos)
        if space < 0:
            raise NotTarError("a pax extended header record is malformed")
        if not _DIGITS.fullmatch(data, pos, space):
            raise NotTarError("a pax extended header record has no length")
        length = int(data[pos:space])
        record = data[pos:pos + length]
        if length <= space - pos or len(record) != length or not record.endswith(b"\n"):
            raise NotTarError("a pax extended header record has a wrong length")
        key, eq, value = record[space - pos + 1:-1].partition(b"=")
        if not eq:
            raise NotTarError("a pax extended header record has no '='")
        name = key.decode("utf-8", "surrogateescape")
        text = value.decode("utf-8", "surrogateescape")
        if name in _PAX_NUMBERS and not _plain_number(name, text):
            raise NotTarError(f"the pax record {name!r} holds {text[:24]!r}, not a plain "
                              "decimal number")
        records[name] = text
        pos += length
    return records


def _plain_number(name: str, text: str) -> bool:
    """Digits only; the times (``mtime``...) may carry a sign and a decimal fraction."""
    if name.endswith("time"):
        return _TIME.fullmatch(text) is not None
    return _DIGITS.fullmatch(text.encode("utf-8", "surrogateescape")) is not None


class TarStreamReader:
    """``next()`` gives each member's header in turn; ``read(n)`` that member's data."""

    def __init__(self, src: Readable) -> None:
        self._src = src
        self._left = 0  # data bytes of the current member not yet read
        self._pad = 0  # padding after them
        self._ended = False
        self.offset = 0  # bytes of tar consumed

    def _exact(self, n: int) -> bytes:
        parts: list[bytes] = []
        got = 0
        while got < n:
            chunk = self._src.read(n - got)
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
        data = b"".join(parts)
        self.offset += len(data)
        return data

    def _skip(self, n: int) -> None:
        while n > 0:
            got = len(self._exact(min(n, 1 << 20)))
            if got == 0:
                raise NotTarError("it ends in the middle of a member")
            n -= got

    def read(self, n: int) -> bytes:
        """Up to ``n`` bytes of the current member's data; b"" when all were read."""
        if self._left <= 0:
            return b""
        want = min(n, self._left)
        chunk = self._src.read(want)
        if not chunk:
            raise NotTarError("it ends in the middle of a member")
        self._left -= len(chunk)
        self.offset += len(chunk)
        return chunk

    def _block(self) -> bytes:
        block = self._exact(BLOCK)
        if not block:
            raise NotTarError("it ends without the end-of-archive marker" if self.offset
                              else "it is empty")
        if len(block) != BLOCK:
            raise NotTarError("it ends in the middle of a header")
        return block

    def _data(self, size: int, what: str) -> bytes:
        if size > MAX_EXTENDED_HEADER:
            raise NotTarError(f"a {what} of {size} bytes is larger than allowed")
        data = self._exact(size)
        if len(data) != size:
            raise NotTarError(f"it ends inside a {what}")
        self._skip(-size % BLOCK)
        return data

    def next(self) -> TarMember | None:
        """The next member, skipping what is left of the current one; None at the end."""
        if self._ended:
            return None
        self._skip(self._left + self._pad)
        self._left = self._pad = 0
        pax: dict[str, str] = {}
        long_name: str | None = None
        long_link: str | None = None
        while True:
            block = self._block()
            if block == bytes(BLOCK):
                self._ended = True
                self._check_end()
                return None
            header = self._header(block)
            flag, size = block[156:157], header[1]
            if flag == b"x":
                pax.update(_parse_pax(self._data(size, "pax extended header")))
                continue
            if flag == b"g":
                self._data(size, "pax global header")  # defaults only; nothing we use
                continue
            if flag in (b"L", b"K"):
                value = _text(self._data(size, "GNU long name"))
                long_name, long_link = (value, long_link) if flag == b"L" else (long_name, value)
                continue
            break
        path, size, link = header
        path = pax.get("path", long_name if long_name is not None else path)
        link = pax.get("linkpath", long_link if long_link is not None else link)
        if "size" in pax:
            size = int(pax["size"])  # plain digits: checked by _parse_pax
        kind = _KINDS.get(flag, f"type {flag.decode('latin-1')!r}")
        if kind == "file" and flag in (b"\x00", b"0") and path.endswith("/"):
            kind = "directory"  # old tars mark folders only by the trailing slash
        if kind == "file" and any(k.startswith("GNU.sparse.") for k in pax):
            kind = "sparse file"
        if size < 0:
            raise NotTarError("a member has a negative size")
        self._left, self._pad = size, -size % BLOCK
        return TarMember(path, kind, size, link)

    def _check_end(self) -> None:
        """Read the stream to its end: after the first zero block only zeros may follow."""
        while chunk := self._src.read(_DRAIN):
            if chunk.count(0) != len(chunk):
                at = self.offset + len(chunk) - len(chunk.lstrip(b"\x00"))
                raise NotTarError(f"non-zero data follows the end-of-archive marker (at byte {at})")
            self.offset += len(chunk)

    def _header(self, block: bytes) -> tuple[str, int, str]:
        magic = block[257:263]
        if magic not in (b"ustar\x00", b"ustar "):
            raise NotTarError("a header lacks the POSIX 'ustar' mark" if self.offset > BLOCK
                              else "it does not start with a POSIX tar header")
        stored = _number(block[148:156])
        unsigned = sum(block[:148]) + 32 * 8 + sum(block[156:])
        signed = unsigned - 256 * sum(1 for b in block[:148] + block[156:] if b > 127)
        if stored not in (unsigned, signed):
            raise NotTarError(f"a header's checksum is wrong (at byte {self.offset - BLOCK})")
        name = _text(block[0:100])
        if magic == b"ustar\x00":  # POSIX: the prefix field extends the name
            prefix = _text(block[345:500])
            if prefix:
                name = f"{prefix}/{name}"
        return name, _number(block[124:136]), _text(block[157:257])
