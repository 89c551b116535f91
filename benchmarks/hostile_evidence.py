"""Hostile evidence files for ``hostile_inputs.py`` (issue 16): built streaming,
so that the parent process never holds a bomb whole.

- ``header-bomb-deflate``: an Inspect ``.eval`` whose deflated ``header.json``
  (about 1 MB in the zip) inflates to 1 GiB;
- ``header-bomb-zstd``: the same in zstd, within the 5000:1 ratio cap;
- ``long-string-json``: an Inspect ``.json`` log with one string of
  ``--string-mb`` MiB in its header;
- ``nan-lm-eval``: lm-eval results of 64 MiB of tasks with bare ``NaN``;
- ``nan-inspect-json``: an Inspect ``.json`` log of 64 MiB with bare ``NaN`` in its
  results and samples (sample events of 64 MiB);
- ``nan-tiny-samples-json``: the same as 640,000 samples of ~100 bytes (the worst
  case of the ``.json`` path, which builds each sample's summary in Python);
- ``summary-flood``: an ``.eval`` whose first sample summary holds 10,000,000
  empty objects (30 MB, ~150 KB in the zip).

Each is judged as ``case show`` reads evidence: the headline metrics, then the
recomputation over every sample summary.
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MIB = 1 << 20
FILES = {"header-bomb-deflate": ("header-bomb.eval", "inspect-eval"),
         "header-bomb-zstd": ("header-bomb.zstd.eval", "inspect-eval"),
         "long-string-json": ("long-string.json", "inspect-eval"),
         "nan-lm-eval": ("nan-results.json", "lm-eval-results"),
         "nan-inspect-json": ("nan-log.json", "inspect-eval"),
         "nan-tiny-samples-json": ("nan-tiny.json", "inspect-eval"),
         "summary-flood": ("summary-flood.eval", "inspect-eval")}


def build(case: str, work: Path, string_mb: int) -> None:
    name = FILES[case][0]
    if case.startswith("header-bomb"):
        _header_bomb(work / name, 1024, zstd=case.endswith("zstd"))
    elif case == "long-string-json":
        _long_string_json(work / name, string_mb)
    elif case == "summary-flood":
        _summary_flood(work / name, 10_000_000)
    elif case == "nan-lm-eval":
        _nan_lm_eval(work / name, 64)
    else:
        _nan_inspect_json(work / name, 64, tiny=case == "nan-tiny-samples-json")
    print(f"{case}: {name} is {(work / name).stat().st_size:,} bytes")


def floor(case: str, work: Path) -> float:
    """Seconds to read the file once (1 MiB reads, page cache warm): the floor."""
    import time

    path = work / FILES[case][0]
    with path.open("rb") as stream:  # warm the cache
        while stream.read(MIB):
            pass
    t0 = time.perf_counter()
    with path.open("rb") as stream:
        while stream.read(MIB):
            pass
    return time.perf_counter() - t0


def judge(case: str, work: Path) -> tuple[str, str]:
    """(code, detail) of reading the evidence as ``case show`` does."""
    from reviewer_app.formats.evidence import EvidenceError, read_evidence
    from reviewer_app.services.evidence import recompute_file

    name, fmt = FILES[case]
    try:
        log = read_evidence(work / name, fmt)
        detail = f"{len(log.metrics)} metric(s)"
        if log.metrics:
            again = recompute_file(work / name, log, log.metrics[0])
            detail += f", recomputed over {again.samples if again else 0} samples"
        return "ok", detail
    except EvidenceError as exc:
        return exc.code, exc.message[:120]


# --- builders --------------------------------------------------------------------


def _small_log_members() -> list[tuple[str, bytes]]:
    from tests.support.inspect_logs import write_eval_log

    with tempfile.TemporaryDirectory() as tmp:
        path = write_eval_log(Path(tmp) / "small.eval", 20).path
        with zipfile.ZipFile(path) as zf:
            return [(i.filename, zf.read(i)) for i in zf.infolist()]


def _padded_header(members: list[tuple[str, bytes]], mib: int, noise: int) -> Iterator[bytes]:
    """header.json with a ``pad`` string of ``mib`` MiB: ``noise`` random bytes (hex)
    in each MiB keep the compression ratio near the cap, the rest is spaces."""
    header = json.loads(dict(members)["header.json"])
    yield json.dumps(header).encode()[:-1] + b', "pad": "'
    for _ in range(mib):
        text = os.urandom(noise).hex().encode()
        yield text + b" " * (MIB - len(text))
    yield b'"}'


def _header_bomb(path: Path, mib: int, *, zstd: bool) -> None:
    members = [(n, d) for n, d in _small_log_members() if n != "header.json"]
    header = _padded_header(_small_log_members(), mib, noise=300 if zstd else 0)
    if not zstd:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for name, data in members:
                zf.writestr(name, data)
            with zf.open("header.json", "w", force_zip64=True) as out:
                for chunk in header:
                    out.write(chunk)
        return
    import zstandard

    packer = zstandard.ZstdCompressor(level=19).compressobj()
    packed, crc, size = [], 0, 0
    for chunk in header:
        packed.append(packer.compress(chunk))
        crc, size = zlib.crc32(chunk, crc), size + len(chunk)
    packed.append(packer.flush())
    body = b"".join(packed)
    print(f"  zstd header: {len(body):,} bytes -> {size:,} (ratio {size / len(body):,.0f}:1)")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for name, data in members:
            zf.writestr(name, data)
        zf.writestr("header.json", body)
        info = zf.filelist[-1]
        info.compress_type, info.CRC, info.file_size = 93, crc, size
    with path.open("r+b") as fp:  # the local header: method, CRC, uncompressed size
        fp.seek(info.header_offset + 8)
        fp.write(struct.pack("<H", 93))
        fp.seek(info.header_offset + 14)
        fp.write(struct.pack("<I", crc))
        fp.seek(info.header_offset + 22)
        fp.write(struct.pack("<I", size))


def _summary_flood(path: Path, values: int) -> None:
    """A real small log whose first sample summary carries ``values`` empty objects."""
    members = []
    for name, data in _small_log_members():
        if name == "summaries.json":
            first, *rest = json.loads(data)
            head = json.dumps(first).encode()[:-1] + b', "flood": [' + b"{}," * values
            data = b"[" + head + b"{}]}, " + json.dumps(rest).encode()[1:]
        members.append((name, data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in members:
            zf.writestr(name, data)


def _inspect_head(results_value: str = "0.5") -> dict[str, Any]:
    return {"version": 2, "status": "success",
            "eval": {"task": "cybench", "model": "example/model-7", "config": {}},
            "results": {"total_samples": 2, "completed_samples": 2, "scores": [
                {"name": "match", "scorer": "match", "metrics": {
                    "accuracy": {"name": "accuracy", "value": results_value}}}]}}


def _long_string_json(path: Path, mib: int) -> None:
    head = json.dumps(_inspect_head()).replace('"0.5"', "0.5").encode()
    with path.open("wb") as out:
        out.write(head[:-1] + b', "notes": "')
        chunk = b"x" * MIB
        for _ in range(mib):
            out.write(chunk)
        out.write(b'", "samples": [{"id": 1, "epoch": 1, "scores": {"match": {"value": "C"}}}]}')


def _nan_lm_eval(path: Path, mib: int) -> None:
    with path.open("wb") as out:
        out.write(b'{"results": {')
        task = 0
        while out.tell() < mib * MIB:
            out.write(b"".join(
                b'"task_%d": {"alias": "t", "acc,none": NaN, "acc_stderr,none": NaN}, ' % i
                for i in range(task, task + 10_000)))
            task += 10_000
        out.write(b'"last": {"acc,none": NaN}}, "n-samples": {}}')


def _nan_inspect_json(path: Path, mib: int, *, tiny: bool = False) -> None:
    """A log with bare NaN in its results and samples: 64 MiB of sample events
    (``tiny``: 64 MiB of ~100-byte samples, the worst case for a .json log)."""
    head = json.dumps(_inspect_head()).replace('"0.5"', "NaN").encode()
    event = b'{"event": "model", "output": {"text": "%s", "value": NaN}}' % (b"w" * 200)
    with path.open("wb") as out:
        out.write(head[:-1] + b', "samples": [')
        sample = 0
        while out.tell() < mib * MIB:
            if tiny:
                out.write(b"".join(
                    b'{"id": %d, "epoch": 1, "input": "q", "scores": {"match": {"value": NaN}}, '
                    b'"metadata": {"a": NaN, "b": [NaN, NaN]}}, ' % i
                    for i in range(sample, sample + 10_000)))
                sample += 10_000
            else:
                out.write(b'{"id": %d, "epoch": 1, "input": "q", "scores": {"match": {"value": '
                          b'NaN}}, "events": [' % sample + b", ".join([event] * 20_000) + b"]}, ")
                sample += 1
        out.write(b'{"id": 0, "epoch": 2, "scores": {"match": {"value": 1.0}}}]}')
