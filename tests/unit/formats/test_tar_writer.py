"""TarStreamWriter writes the bytes tarfile's stream mode writes, without its copying."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from reviewer_app.formats.tar_writer import SourceEndedError, TarStreamWriter

MTIME = 1_700_000_000
MEMBERS = [
    ("manifest.json", b'{"format": "x"}'),
    ("evidence/" + "long-name-" * 15 + ".json", b"x" * 700),  # over 100 chars: a pax header
    ("documents/résumé ü.md", b"# caf\xc3\xa9\n"),
    ("empty.txt", b""),
    ("evidence/block.bin", bytes(range(256)) * 8),  # exactly four blocks
]


def _info(path: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(path)
    info.size, info.mtime, info.mode = size, MTIME, 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def test_same_bytes_as_tarfile_and_readable(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(bytes(range(251)) * 12_000)  # several 1 MiB-less reads, odd tail
    ours = io.BytesIO()
    writer = TarStreamWriter(ours)
    for path, data in MEMBERS:
        writer.add_bytes(path, data, mtime=MTIME)
    seen: list[int] = []
    with big.open("rb") as src:
        writer.add_stream("evidence/big.bin", src, big.stat().st_size, mtime=MTIME,
                          on_chunk=lambda c: seen.append(len(c)))
    writer.close()

    ref = io.BytesIO()
    with tarfile.open(fileobj=ref, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        for path, data in MEMBERS:
            tar.addfile(_info(path, len(data)), io.BytesIO(data))
        with big.open("rb") as src:
            tar.addfile(_info("evidence/big.bin", big.stat().st_size), src)

    assert ours.getvalue() == ref.getvalue()
    assert writer.written == len(ours.getvalue())
    assert sum(seen) == big.stat().st_size
    with tarfile.open(fileobj=io.BytesIO(ours.getvalue())) as tar:
        assert [m.name for m in tar.getmembers()] == [p for p, _ in MEMBERS] + ["evidence/big.bin"]


def test_a_source_shorter_than_declared_is_an_error(tmp_path: Path) -> None:
    short = tmp_path / "short.bin"
    short.write_bytes(b"abc")
    writer = TarStreamWriter(io.BytesIO())
    with short.open("rb") as src, pytest.raises(SourceEndedError, match="7 bytes early"):
        writer.add_stream("short.bin", src, 10, mtime=MTIME)
