"""Writing a submission package's tar (format v1): members in the mandatory order, pax.

The destination is any writable stream (the caller wraps it in age encryption);
files are streamed from disk, never held in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.domain.manifest_rules import MANIFEST_NAME, SIGNATURE_NAME
from reviewer_app.formats.tar_writer import TarStreamWriter, Writable


@dataclass(frozen=True)
class SourceFile:
    path: str  # the member path, as in manifest.files
    source: Path
    size: int


def write_tar(
    dst: Writable,
    manifest: bytes,
    signature: bytes,
    files: Iterable[SourceFile],
    *,
    mtime: float,
    tick: Callable[[int], None] = lambda _n: None,
) -> int:
    """Write the package's tar to ``dst``; returns the number of tar bytes written.

    ``tick`` gets the running total after each piece (progress, cancel).
    """
    tar = TarStreamWriter(dst)
    tar.add_bytes(MANIFEST_NAME, manifest, mtime=mtime)
    tar.add_bytes(SIGNATURE_NAME, signature, mtime=mtime)
    tick(tar.written)
    for item in files:
        with item.source.open("rb") as src:
            tar.add_stream(item.path, src, item.size, mtime=item.source.stat().st_mtime,
                           on_chunk=lambda _c: tick(tar.written))
    tar.close()
    tick(tar.written)
    return tar.written
