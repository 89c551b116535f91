"""Writing a case file's tar stream (format v1) in one pass, in constant memory.

The caller hands in an output stream (the age writer); this module lays out
the members in the order the spec fixes and checks, while streaming each
stored file, that it still has the hash the manifest declares: a case store
changed behind the application's back is not sent on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reviewer_app.errors import IntegrityError
from reviewer_app.formats.tar_writer import SourceEndedError, TarStreamWriter

Tick = Callable[[int], None]  # bytes just written; may raise CancelledError


class CaseFileWriter:
    """``add_bytes`` and ``add_file`` in member order, then ``close``."""

    def __init__(self, dst: BinaryIO, *, mtime: int) -> None:
        self._tar = TarStreamWriter(dst)
        self._mtime = mtime

    def add_bytes(self, path: str, data: bytes) -> None:
        self._tar.add_bytes(path, data, mtime=self._mtime)

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
        hasher = hashlib.sha256()

        def seen(chunk: bytes) -> None:
            hasher.update(chunk)
            tick(len(chunk))

        try:
            with source.open("rb") as raw:
                self._tar.add_stream(path, raw, size, mtime=self._mtime, on_chunk=seen)
        except SourceEndedError as exc:
            raise IntegrityError("STORE_FILE_CHANGED", f"{source}: {exc}") from exc
        if hasher.hexdigest() != sha256:
            raise IntegrityError("STORE_FILE_CHANGED",
                                 f"{source} no longer has the SHA-256 recorded when it was verified")

    def close(self) -> None:
        self._tar.close()
