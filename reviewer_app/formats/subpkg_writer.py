"""Writing a submission package's tar (format v1): members in the mandatory order, pax.

The destination is any writable stream (the caller wraps it in age encryption);
files are streamed from disk, never held in memory.
"""

from __future__ import annotations

import io
import tarfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from reviewer_app.domain.manifest_rules import MANIFEST_NAME, SIGNATURE_NAME


class Writable(Protocol):
    def write(self, data: bytes, /) -> int: ...


@dataclass(frozen=True)
class SourceFile:
    path: str  # the member path, as in manifest.files
    source: Path
    size: int


class _Counting(io.RawIOBase):
    """Counts bytes on their way to ``dst`` and reports them (progress, cancel)."""

    def __init__(self, dst: Writable, tick: Callable[[int], None]) -> None:
        self._dst, self._tick, self.written = dst, tick, 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._dst.write(bytes(data))
        self.written += len(data)
        self._tick(self.written)
        return len(data)


def _info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o644, int(mtime)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def write_tar(
    dst: Writable,
    manifest: bytes,
    signature: bytes,
    files: Iterable[SourceFile],
    *,
    mtime: float,
    tick: Callable[[int], None] = lambda _n: None,
) -> int:
    """Write the package's tar to ``dst``; returns the number of tar bytes written."""
    counting = _Counting(dst, tick)
    stream: BinaryIO = counting  # type: ignore[assignment]
    with tarfile.open(fileobj=stream, mode="w|", format=tarfile.PAX_FORMAT,
                      bufsize=1 << 20) as tar:
        tar.addfile(_info(MANIFEST_NAME, len(manifest), mtime), io.BytesIO(manifest))
        tar.addfile(_info(SIGNATURE_NAME, len(signature), mtime), io.BytesIO(signature))
        for item in files:
            with item.source.open("rb") as src:
                tar.addfile(_info(item.path, item.size, item.source.stat().st_mtime), src)
    return counting.written
