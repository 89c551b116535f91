"""A small read-only zip reader: the central directory, and members as streams.

Why not ``zipfile``: a 100,000-sample ``.eval`` holds 100,000+ members and
``zipfile`` spends about a second building a ``ZipInfo`` per member; and
Inspect writes zstd members (method 93) since 0.3.206, which Python 3.11's
``zipfile`` refuses. This reader keeps one small tuple per member, reads
stored, deflated and zstd members as streams, and checks size and CRC-32 at
the end of every member.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import IO, Any, NamedTuple

import zstandard

from reviewer_app.formats.evidence.common import TOO_LARGE, EvidenceError

STORED, DEFLATED, ZSTD = 0, 8, 93
_EOCD = struct.Struct("<IHHHHIIH")
_EOCD64_LOCATOR = struct.Struct("<IIQI")
_EOCD64 = struct.Struct("<IQHHIIQQQQ")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_LOCAL = struct.Struct("<IHHHHHIIIHH")
# A member may not inflate beyond this many times its packed size (a zip bomb),
MAX_RATIO = 5000
# nor beyond this many bytes whatever its packed size (deflate and zstd alike):
# a 500 MB sample body is real, 2 GiB takes seconds to stream past.
MAX_MEMBER_BYTES = 2 << 30
# The central directory is read whole: the evidence readers' cap (json_document).
MAX_DIRECTORY_BYTES = 32 << 20
_READ = 1 << 16


class ZipError(Exception):
    """The archive, or one member, is not what a zip file must be."""


class Member(NamedTuple):
    name: str
    method: int
    flags: int
    crc: int
    packed: int
    size: int
    offset: int  # of the local header


def read_directory(fp: IO[bytes]) -> list[Member]:
    """Every member named by the central directory, in directory order."""
    fp.seek(0, io.SEEK_END)
    end = fp.tell()
    tail_len = min(end, _EOCD.size + 65535)
    fp.seek(end - tail_len)
    tail = fp.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _EOCD.size:
        raise ZipError("no end-of-central-directory record (not a zip file, or cut off)")
    _sig, _disk, _cd_disk, _n_disk, count, cd_size, cd_offset, _clen = _EOCD.unpack_from(tail, at)
    if 0xFFFF in (count,) or 0xFFFFFFFF in (cd_size, cd_offset):
        loc_at = at - _EOCD64_LOCATOR.size
        if loc_at < 0 or tail[loc_at:loc_at + 4] != b"PK\x06\x07":
            raise ZipError("zip64 locator missing")
        eocd64_offset = _EOCD64_LOCATOR.unpack_from(tail, loc_at)[2]
        fp.seek(eocd64_offset)
        record = fp.read(_EOCD64.size)
        if len(record) != _EOCD64.size or record[:4] != b"PK\x06\x06":
            raise ZipError("zip64 end-of-central-directory record missing")
        fields = _EOCD64.unpack(record)
        count, cd_size, cd_offset = fields[7], fields[8], fields[9]
    if cd_offset + cd_size > end:
        raise ZipError("the central directory lies outside the file")
    if cd_size > MAX_DIRECTORY_BYTES:
        raise EvidenceError(TOO_LARGE, f"the zip's central directory is {cd_size:,} bytes, more "
                                       f"than the {MAX_DIRECTORY_BYTES:,} read whole (about "
                                       "400,000 members)")
    fp.seek(cd_offset)
    directory = fp.read(cd_size)
    if len(directory) != cd_size:
        raise ZipError("the central directory is cut off")
    return _parse_directory(directory, count, end)


def _parse_directory(directory: bytes, count: int, file_size: int) -> list[Member]:
    members: list[Member] = []
    pos = 0
    unpack = _CENTRAL.unpack_from
    fixed = _CENTRAL.size
    while pos + fixed <= len(directory):
        f = unpack(directory, pos)
        if f[0] != 0x02014B50:
            raise ZipError(f"bad central directory entry at byte {pos}")
        flags, method, crc, packed, size = f[3], f[4], f[7], f[8], f[9]
        name_len, extra_len, comment_len, offset = f[10], f[11], f[12], f[16]
        start = pos + fixed
        raw_name = directory[start:start + name_len]
        name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", "replace")
        if 0xFFFFFFFF in (packed, size, offset):
            extra = directory[start + name_len:start + name_len + extra_len]
            size, packed, offset = _zip64_extra(extra, size, packed, offset)
        if offset + packed > file_size:
            raise ZipError(f"member {name!r} lies outside the file")
        members.append(Member(name, method, flags, crc, packed, size, offset))
        pos = start + name_len + extra_len + comment_len
    if len(members) != count and count != 0xFFFF:
        raise ZipError(f"the directory lists {len(members)} members, the end record {count}")
    return members


def _zip64_extra(extra: bytes, size: int, packed: int, offset: int) -> tuple[int, int, int]:
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, pos)
        if tag == 1:
            values = list(struct.unpack_from(f"<{length // 8}Q", extra, pos + 4))
            if size == 0xFFFFFFFF and values:
                size = values.pop(0)
            if packed == 0xFFFFFFFF and values:
                packed = values.pop(0)
            if offset == 0xFFFFFFFF and values:
                offset = values.pop(0)
            return size, packed, offset
        pos += 4 + length
    raise ZipError("a zip64 member lacks its zip64 extra field")


class _Window(io.RawIOBase):
    """The ``size`` raw bytes at ``offset`` of a shared file, read in order."""

    def __init__(self, fp: IO[bytes], offset: int, size: int) -> None:
        self._fp, self._pos, self._left = fp, offset, size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        want = min(len(buffer), self._left)
        if want <= 0:
            return 0
        self._fp.seek(self._pos)
        data = self._fp.read(want)
        if not data:
            raise ZipError("the archive ends inside a member")
        n = len(data)
        buffer[:n] = data
        self._pos += n
        self._left -= n
        return n


class _Member(io.RawIOBase):
    """Decompresses one member as it is read; checks size and CRC at the end."""

    def __init__(self, raw: _Window, member: Member) -> None:
        self._raw = raw
        self._member = member
        self._crc = 0
        self._done = 0
        self._eof = False
        self._pending = b""
        self._inflate: Any = None
        self._zstd: Any = None
        if member.method == DEFLATED:
            self._inflate = zlib.decompressobj(-15)
        elif member.method == ZSTD:
            self._zstd = zstandard.ZstdDecompressor().stream_reader(
                raw, read_size=_READ, read_across_frames=True)  # type: ignore[arg-type]

    def readable(self) -> bool:
        return True

    def _chunk(self, want: int) -> bytes:
        if self._zstd is not None:
            return bytes(self._zstd.read(want))
        if self._inflate is None:
            return self._raw.read(want) or b""
        while True:
            if self._inflate.unconsumed_tail:
                return bytes(self._inflate.decompress(self._inflate.unconsumed_tail, want))
            packed = self._raw.read(_READ)
            if not packed:
                return bytes(self._inflate.flush())
            data = self._inflate.decompress(packed, want)
            if data:
                return bytes(data)

    def readinto(self, buffer: Any) -> int:
        if self._eof:
            return 0
        data = self._pending or self._chunk(len(buffer))
        self._pending = b""
        if len(data) > len(buffer):
            data, self._pending = data[:len(buffer)], data[len(buffer):]
        if not data:
            self._finish()
            return 0
        n = len(data)
        self._done += n
        if self._done > self._member.size:
            raise ZipError(f"{self._member.name} is larger than the archive says")
        self._crc = zlib.crc32(data, self._crc)
        buffer[:n] = data
        return n

    def _finish(self) -> None:
        self._eof = True
        if self._done != self._member.size:
            raise ZipError(f"{self._member.name} is shorter than the archive says")
        if self._crc != self._member.crc:
            raise ZipError(f"{self._member.name} fails its CRC-32 check")


def open_member(fp: IO[bytes], member: Member) -> IO[bytes]:
    """A buffered stream of one member's uncompressed bytes."""
    if member.flags & 0x1:
        raise ZipError(f"{member.name} is encrypted")
    if member.method not in (STORED, DEFLATED, ZSTD):
        raise ZipError(f"{member.name} uses zip compression method {member.method}, "
                       "which this reader does not support")
    if member.size > max(member.packed, 1) * MAX_RATIO + (1 << 20):
        raise ZipError(f"{member.name} claims an implausible size (a zip bomb?)")
    if member.size > MAX_MEMBER_BYTES:
        raise EvidenceError(TOO_LARGE, f"{member.name} inflates to {member.size:,} bytes, more "
                                       f"than the {MAX_MEMBER_BYTES:,} this reader decompresses")
    fp.seek(member.offset)
    head = fp.read(_LOCAL.size)
    if len(head) != _LOCAL.size or head[:4] != b"PK\x03\x04":
        raise ZipError(f"{member.name}: bad local header")
    fields = _LOCAL.unpack(head)
    start = member.offset + _LOCAL.size + int(fields[9]) + int(fields[10])
    raw = _Window(fp, start, member.packed)
    return io.BufferedReader(_Member(raw, member), buffer_size=_READ)
