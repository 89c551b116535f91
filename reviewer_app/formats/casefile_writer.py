"""Writing a case file's tar stream (format v1) in one pass, in constant memory.

The caller hands in an output stream (the age writer); this module lays out
the members in the order the spec fixes and checks, while streaming each
stored file, that it still has the hash the manifest declares: a case store
changed behind the application's back is not sent on.
"""

from __future__ import annotations

import hashlib
import io
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, cast

from reviewer_app.errors import IntegrityError

CHUNK = 1 << 20
Tick = Callable[[int], None]  # bytes just written; may raise CancelledError


class _HashingReader(io.RawIOBase):
    def __init__(self, src: BinaryIO, tick: Tick) -> None:
        self._src = src
        self._tick = tick
        self.hasher = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        data = self._src.read(CHUNK if size is None or size < 0 else size)
        self.hasher.update(data)
        self._tick(len(data))
        return data


class CaseFileWriter:
    """``add_bytes`` and ``add_file`` in member order, then ``close``."""

    def __init__(self, dst: BinaryIO, *, mtime: int) -> None:
        self._mtime = mtime
        # bufsize: the stream's buffer is sliced bufsize bytes at a time, copying the
        # rest each time; at the default 10 KiB that copying took most of an export.
        self._tar = tarfile.open(  # noqa: SIM115 - closed by close()
            fileobj=dst, mode="w|", format=tarfile.PAX_FORMAT, bufsize=CHUNK)
        self._tar.copybufsize = CHUNK  # type: ignore[attr-defined]  # 1 MiB pieces, not 16 KiB

    def _info(self, path: str, size: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(path)
        info.size, info.mtime, info.mode = size, self._mtime, 0o644
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    def add_bytes(self, path: str, data: bytes) -> None:
        self._tar.addfile(self._info(path, len(data)), io.BytesIO(data))

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
        with source.open("rb") as raw:
            reader = _HashingReader(raw, tick)
            self._tar.addfile(self._info(path, size), cast(BinaryIO, reader))
        if reader.hasher.hexdigest() != sha256:
            raise IntegrityError("STORE_FILE_CHANGED",
                                 f"{source} no longer has the SHA-256 recorded when it was verified")

    def close(self) -> None:
        self._tar.close()
