"""Hostile inputs at scale: each is handled within the memory goal or refused with a code.

Cases (inputs are built first, in this process; each is then judged in a fresh
process so that its peak RSS, VmHWM, is its own):

- ``many-files``: a package whose (compact) manifest declares ``--files`` tiny
  files (default 120,000) and whose tar holds them all: PKG_TOO_LARGE at the
  default 100,000-member limit. (1,000,000 declared files make a ~100 MB manifest, which
  is PKG_TOO_LARGE by the manifest limit before a single member is read.)
- ``limit-files``: the same with exactly 100,000 files, the largest package the
  default limits let in: imported.
- ``big-manifest``: manifest.json of 16 MiB + 1 byte: PKG_TOO_LARGE.
- ``huge-header``: a ~1 MiB package whose third member's tar header declares
  10 GiB (and whose manifest declares the same): PKG_NOT_TAR when the data ends,
  with flat memory.
- ``big-sample-list`` / ``big-sample-detail``: an Inspect ``.eval`` whose one
  sample body is ``--sample-mb`` MB (default 500) of event text: listing the
  samples, then opening that sample's detail.
- ``big-answer-detail``: the same size as one answer string (a message the
  detail shows): the detail keeps its first 64 KiB and a "[truncated: ...]" marker.

- the hostile evidence of issue 16 (``hostile_evidence.py``): header bombs in
  deflate and zstd, a long string in an Inspect ``.json`` log (``--string-mb``,
  default 512), bare NaN in lm-eval results and in an Inspect ``.json`` log.

Goals: 150 MiB RSS for import, 300 MiB for evidence; the issue-16 evidence
inputs also < 5 s each (< 30 s for a string of more than 64 MiB). Big cases
take time and memory to build: run them one at a time with ``--only``.

    /tmp/venv/bin/python benchmarks/hostile_inputs.py [--files N] [--sample-mb M] [--only CASE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import hostile_evidence  # noqa: E402 - after the path is set

IMPORT_GOAL_MIB = 150
EVIDENCE_GOAL_MIB = 300
TEN_GIB = 10 << 30
MEMBER_LIMIT = 100_000  # the spec's default: the largest package that imports


def peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- building the inputs (parent process) ---------------------------------------


def _set_size(plain: bytes, name: str, size: int) -> bytes:
    """Rewrite the ustar size field of member ``name`` (GNU base-256) and its checksum."""
    buf = bytearray(plain)
    pos = 0
    while pos < len(buf):
        header = buf[pos:pos + 512]
        if header[0:len(name)] == name.encode() and header[len(name)] == 0:
            buf[pos + 124:pos + 136] = b"\x80" + size.to_bytes(11, "big")
            buf[pos + 148:pos + 156] = b" " * 8
            checksum = sum(buf[pos:pos + 512])
            buf[pos + 148:pos + 156] = f"{checksum:06o}\x00 ".encode()
            return bytes(buf)
        pos += 512
    raise SystemExit(f"member {name} not found")


def build_packages(work: Path, files: int) -> dict[str, Any]:
    from tests.support.packages import PackageSpec, good_manifest, make_test_pki
    from tests.support.workspaces import make_template

    pki = make_test_pki()
    template = make_template(work / "template", pki.anchors())
    (work / "identity.txt").write_text(str(template.identity))
    spec = PackageSpec(pki, template.recipient)

    for name, count in (("many-files", files), ("limit-files", MEMBER_LIMIT)):
        many = {f"f/{i:07d}": b"x" for i in range(count)}
        compact = good_manifest(many, name)  # short entries: 120,000 fit in 16 MiB
        for entry in compact["files"]:
            del entry["media_type"], entry["role"]
        raw_many = json.dumps(compact, separators=(",", ":")).encode()
        spec.variant(files=many, manifest_bytes=raw_many).build(work / f"{name}.subpkg")
        print(f"{name}: manifest {len(raw_many):,} bytes, {count:,} members")

    def pad_manifest(obj: dict[str, Any]) -> None:
        obj["padding"] = ""
    big = spec.variant(edit_manifest=pad_manifest)
    raw = big.manifest()
    limit = 16 * 1024 * 1024
    raw = raw[:-1] + b" " * (limit + 1 - len(raw)) + raw[-1:]
    assert len(raw) == limit + 1
    big.variant(manifest_bytes=raw).build(work / "big-manifest.subpkg")

    body = b"\x00" * (1 << 20)

    def declare_huge(obj: dict[str, Any]) -> None:
        for entry in obj["files"]:
            if entry["path"] == "evidence/huge.bin":
                entry["size"] = TEN_GIB
    spec.variant(files={"evidence/huge.bin": body}, edit_manifest=declare_huge,
                 edit_plaintext=lambda p: _set_size(p, "evidence/huge.bin", TEN_GIB),
                 package_id="huge-header").build(work / "huge-header.subpkg")
    return {"workspace": str(template.root)}


def build_eval(path: Path, sample_mb: int, *, in_answer: bool = False) -> None:
    """One-sample .eval whose sample body carries ``sample_mb`` MB of event text (or,
    ``in_answer``, one answer string of that size, which the detail shows), streamed."""
    from tests.support.inspect_logs import write_eval_log

    small = path.with_suffix(".small.eval")
    marker = (b"y" if in_answer else b"x") * 16
    if in_answer:
        write_eval_log(small, 1, answer_padding=len(marker))
    else:
        write_eval_log(small, 1, body_padding=len(marker))
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                                                        compresslevel=1) as dst:
        for info in src.infolist():
            data = src.read(info)
            if not info.filename.startswith("samples/"):
                dst.writestr(info.filename, data)
                continue
            head, _, tail = data.partition(marker)
            with dst.open(info.filename, "w", force_zip64=True) as out:
                out.write(head)
                chunk = b"x" * (1 << 20)
                for _ in range(sample_mb * 1_000_000 // len(chunk)):
                    out.write(chunk)
                out.write(tail)
    small.unlink()


# --- judging one case (child process) -------------------------------------------


def judge(case: str, work: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    code = "ok"
    detail = ""
    if case in hostile_evidence.FILES:
        code, detail = hostile_evidence.judge(case, work)
    elif case in EVIDENCE_CASES:
        from reviewer_app.formats.evidence import EvidenceError, open_samples

        name = "big-answer.eval" if case == "big-answer-detail" else "big-sample.eval"
        try:
            with open_samples(work / name) as source:
                rows = source.summaries(0, 50)
                detail = f"{len(rows)} rows"
                if case.endswith("-detail"):
                    sample = source.detail(rows[0].id, rows[0].epoch)
                    shown = len(json.dumps([sample.messages, sample.output], default=str))
                    detail += f", detail {type(sample).__name__} ({shown:,} chars shown)"
        except EvidenceError as exc:
            code = getattr(exc, "code", type(exc).__name__)
            detail = str(exc)[:160]
    else:
        from reviewer_app.crypto import age
        from reviewer_app.errors import ReviewerError
        from reviewer_app.services.intake import import_package
        from reviewer_app.services.workspace import open_workspace
        from tests.support.workspaces import REVIEWER

        identity = age.X25519Identity.from_str((work / "identity.txt").read_text().strip())
        ws = open_workspace(work / "template")
        try:
            result = import_package(ws, REVIEWER, work / f"{case}.subpkg", identity=identity)
            code = result.status
        except ReviewerError as exc:
            code, detail = exc.code, exc.message[:160]
        finally:
            ws.close()
    return {"case": case, "code": code, "seconds": round(time.perf_counter() - t0, 2),
            "peak_mib": round(peak_mib(), 1), "detail": detail}


EVIDENCE_CASES = ("big-sample-list", "big-sample-detail", "big-answer-detail")
CASES = {"many-files": IMPORT_GOAL_MIB, "limit-files": IMPORT_GOAL_MIB,
         "big-manifest": IMPORT_GOAL_MIB, "huge-header": IMPORT_GOAL_MIB,
         **dict.fromkeys(EVIDENCE_CASES, EVIDENCE_GOAL_MIB),
         **dict.fromkeys(hostile_evidence.FILES, EVIDENCE_GOAL_MIB)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=120_000)
    parser.add_argument("--sample-mb", type=int, default=500)
    parser.add_argument("--string-mb", type=int, default=512)
    parser.add_argument("--only", choices=sorted(CASES), action="append")
    parser.add_argument("--judge", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.judge:
        print(json.dumps(judge(args.judge, args.work)))
        return 0
    cases = args.only or list(CASES)
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        if any(c not in EVIDENCE_CASES and c not in hostile_evidence.FILES for c in cases):
            build_packages(work, args.files)
        for case in cases:
            if case in hostile_evidence.FILES:
                hostile_evidence.build(case, work, args.string_mb)
        if any(c.startswith("big-sample") for c in cases):
            build_eval(work / "big-sample.eval", args.sample_mb)
        if "big-answer-detail" in cases:
            build_eval(work / "big-answer.eval", args.sample_mb, in_answer=True)
        print(f"inputs built in {time.perf_counter() - t0:.1f} s "
              f"(files={args.files:,}, sample={args.sample_mb} MB)")
        failed = 0
        for case in cases:
            done = subprocess.run([sys.executable, __file__, "--judge", case, "--work", str(work)],
                                  capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(f"{case:18} CRASHED (exit {done.returncode}): {done.stderr[-400:]}")
                failed += 1
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            within = r["peak_mib"] <= CASES[case]
            if case in hostile_evidence.FILES:
                big_string = case == "long-string-json" and args.string_mb > 64
                within = within and r["seconds"] < (30 if big_string else 5)
                r["detail"] += f" [floor: reading the file once {hostile_evidence.floor(case, work):.2f} s]"
            failed += not within
            print(f"{case:18} {r['code']:18} {r['seconds']:7.2f} s  peak {r['peak_mib']:6.1f} MiB "
                  f"(goal {CASES[case]}) {'ok' if within else 'OVER'}  {r['detail']}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
