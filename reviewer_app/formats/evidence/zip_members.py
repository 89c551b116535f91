"""Streaming reads of zip members, including zstd ones (method 93).

Inspect writes ``.eval`` members with zstd since 0.3.206; Python 3.11's
``zipfile`` refuses that method, so those members are located through the
central directory and decompressed here with ``zstandard``, as a stream, with
the CRC-32 checked at the end. Stored and deflated members go through
``zipfile`` itself (which checks the CRC too).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import IO, Any

import zstandard

ZSTD = 93
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_LOCAL_MAGIC = 0x04034B50
# A decompressed member may not be more than this many times its packed size
# (a zip bomb shows as an absurd ratio); far above what JSON text reaches.
MAX_RATIO = 2000
_READ = 1 << 16


class MemberError(Exception):
    """A member's bytes are not what the central directory promises."""


class _Window(io.RawIOBase):
    """The ``size`` raw bytes at ``offset`` of a shared file, read in order."""

    def __init__(self, fp: IO[bytes], offset: int, size: int) -> None:
        self._fp = fp
        self._pos = offset
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        want = min(len(buffer), self._left)
        if want <= 0:
            return 0
        self._fp.seek(self._pos)
        data = self._fp.read(want)
        if not data:
            raise MemberError("the archive ends inside a member")
        n = len(data)
        buffer[:n] = data
        self._pos += n
        self._left -= n
        return n


class _ZstdMember(io.RawIOBase):
    """Decompresses a zstd member as it is read; checks size and CRC at the end."""

    def __init__(self, raw: _Window, info: zipfile.ZipInfo) -> None:
        self._reader = zstandard.ZstdDecompressor().stream_reader(
            raw, read_size=_READ, read_across_frames=True  # type: ignore[arg-type]
        )
        self._info = info
        self._crc = 0
        self._size = 0
        self._limit = max(info.file_size, 0)
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._done:
            return 0
        data = self._reader.read(len(buffer))
        if not data:
            self._finish()
            return 0
        n = len(data)
        self._size += n
        if self._size > self._limit:
            raise MemberError(f"{self._info.filename} is larger than the archive says")
        self._crc = zlib.crc32(data, self._crc)
        buffer[:n] = data
        return n

    def _finish(self) -> None:
        self._done = True
        if self._size != self._info.file_size:
            raise MemberError(f"{self._info.filename} is shorter than the archive says")
        if self._crc != self._info.CRC:
            raise MemberError(f"{self._info.filename} fails its CRC-32 check")


def _data_offset(fp: IO[bytes], info: zipfile.ZipInfo) -> int:
    fp.seek(info.header_offset)
    head = fp.read(_LOCAL_HEADER.size)
    if len(head) != _LOCAL_HEADER.size:
        raise MemberError(f"{info.filename}: local header is cut off")
    fields = _LOCAL_HEADER.unpack(head)
    if fields[0] != _LOCAL_MAGIC:
        raise MemberError(f"{info.filename}: bad local header")
    name_len, extra_len = int(fields[9]), int(fields[10])
    return int(info.header_offset) + _LOCAL_HEADER.size + name_len + extra_len


def open_member(archive: zipfile.ZipFile, fp: IO[bytes], info: zipfile.ZipInfo) -> IO[bytes]:
    """A binary stream of one member's uncompressed bytes, whatever its method.

    ``fp`` is the archive's own file object, used for zstd members only (it
    must not be read by anything else while the returned stream is in use).
    """
    if info.flag_bits & 0x1:
        raise MemberError(f"{info.filename} is encrypted")
    if info.file_size > max(info.compress_size, 1) * MAX_RATIO + (1 << 20):
        raise MemberError(f"{info.filename} claims an implausible size (a zip bomb?)")
    if info.compress_type == ZSTD:
        raw = _Window(fp, _data_offset(fp, info), info.compress_size)
        return io.BufferedReader(_ZstdMember(raw, info), buffer_size=_READ)
    if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return archive.open(info)
    raise MemberError(f"{info.filename} uses zip compression method {info.compress_type}, "
                      "which this reader does not support")


def read_member(archive: zipfile.ZipFile, fp: IO[bytes], info: zipfile.ZipInfo) -> bytes:
    with open_member(archive, fp, info) as stream:
        return stream.read()
