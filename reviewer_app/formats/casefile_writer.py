"""Writing a case file's tar stream (format v1) in one pass, in constant memory.

The caller hands in an output stream (the age writer); this module lays out
the members in the order the spec fixes and checks, while streaming each
stored file, that it still has the hash the manifest declares: a case store
changed behind the application's back is not sent on.

Headers come from ``tarfile`` (``TarInfo.tobuf``, PAX format); the data is
written straight to the stream. ``tarfile``'s own stream mode copies its buffer
on every slice, which took a quarter of a 2 GiB export.
"""

from __future__ import annotations

import hashlib
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reviewer_app.errors import IntegrityError

CHUNK = 1 << 20
Tick = Callable[[int], None]  # bytes just written; may raise CancelledError
_BLOCK = tarfile.BLOCKSIZE
_RECORD = tarfile.RECORDSIZE  # the archive ends on a whole record, as GNU tar writes it


class CaseFileWriter:
    """``add_bytes`` and ``add_file`` in member order, then ``close``."""

    def __init__(self, dst: BinaryIO, *, mtime: int) -> None:
        self._dst = dst
        self._mtime = mtime
        self._offset = 0

    def _put(self, data: bytes) -> None:
        self._dst.write(data)
        self._offset += len(data)

    def _header(self, path: str, size: int) -> None:
        info = tarfile.TarInfo(path)
        info.size, info.mtime, info.mode = size, self._mtime, 0o644
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        self._put(info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape"))

    def _pad(self, size: int) -> None:
        if size % _BLOCK:
            self._put(bytes(_BLOCK - size % _BLOCK))

    def add_bytes(self, path: str, data: bytes) -> None:
        self._header(path, len(data))
        self._put(data)
        self._pad(len(data))

    def add_file(self, path: str, source: Path, size: int, sha256: str, tick: Tick) -> None:
        """Stream ``source`` as member ``path``; IntegrityError if it is not what was declared."""
        try:
            actual = source.stat().st_size
        except OSError as exc:
            raise IntegrityError("STORE_FILE_MISSING",
                                 f"{source} cannot be read ({exc.strerror})") from exc
        if actual != size:
            raise IntegrityError("STORE_FILE_CHANGED", f"{source} is {actual:,} bytes; "
                                 f"{size:,} were recorded when it was verified")
        self._header(path, size)
        hasher = hashlib.sha256()
        left = size
        with source.open("rb") as raw:
            while left:
                chunk = raw.read(min(CHUNK, left))
                if not chunk:
                    raise IntegrityError("STORE_FILE_CHANGED",
                                         f"{source} ended early while it was being exported")
                hasher.update(chunk)
                self._put(chunk)
                left -= len(chunk)
                tick(len(chunk))
        if hasher.hexdigest() != sha256:
            raise IntegrityError("STORE_FILE_CHANGED",
                                 f"{source} no longer has the SHA-256 recorded when it was verified")
        self._pad(size)

    def close(self) -> None:
        """The two zero blocks that end a tar archive, then zeros to a whole record."""
        self._put(bytes(2 * _BLOCK))
        if self._offset % _RECORD:
            self._put(bytes(_RECORD - self._offset % _RECORD))
