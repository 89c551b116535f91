"""Import throughput against a floor measured in the same run.

For each size (GiB; default 1 and 4) it builds a package with standard tools
(one big evidence file plus a few small ones; openssl cms, GNU tar, age CLI),
then times:
  floor: ``age -d -i KEY PKG | openssl dgst -sha256``
  floor+store: the same with ``tee`` writing the plaintext to disk (an import must
         store the files; at 4 GiB the disk's write-back dominates)
  ours:  ``import_package`` in a child process (wall time and peak RSS, VmHWM)
and prints wall times, the ratio ours/floor and our peak RSS.
Goal (issue 3): ratio <= 1.5 and peak RSS <= 150 MiB at both sizes.

    /tmp/venv/bin/python benchmarks/import_throughput.py [1,4] [--keep]
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.packages import good_manifest, make_test_pki  # noqa: E402
from tests.support.workspaces import make_template  # noqa: E402

CHILD = """
import sys, time
from pathlib import Path
from reviewer_app.services.workspace.folder import open_workspace
from reviewer_app.services.intake.package_import import import_package
from reviewer_app.crypto.age import X25519Identity
from tests.support.workspaces import REVIEWER
ws = open_workspace(Path(sys.argv[1]))
identity = X25519Identity.from_str(Path(sys.argv[3]).read_text().strip())
t = time.perf_counter()
result = import_package(ws, Path(sys.argv[2]), actor=REVIEWER, identity=identity)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(time.perf_counter() - t, hwm, result.status)
"""


def sh(cmd: str, cwd: Path | None = None) -> None:
    subprocess.run(cmd, shell=True, check=True, cwd=cwd)


def build(work: Path, gib: float, recipient: str, pki) -> Path:  # type: ignore[no-untyped-def]
    src = work / "src"
    (src / "evidence").mkdir(parents=True)
    big = src / "evidence" / "big.bin"
    sh(f"head -c {int(gib * (1 << 30))} /dev/urandom > {big}")
    small = {f"evidence/small-{i}.json": os.urandom(4096) for i in range(4)}
    for rel, data in small.items():
        (src / rel).write_bytes(data)
    manifest = good_manifest(small)
    manifest["evaluations"] = []
    digest = hashlib.sha256()
    with big.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    manifest["files"].append({"path": "evidence/big.bin", "sha256": digest.hexdigest(),
                              "size": big.stat().st_size})
    (src / "manifest.json").write_text(json.dumps(manifest))
    (work / "s.crt").write_bytes(pki.submitter.cert_pem())
    (work / "s.key").write_bytes(pki.submitter.key_pem())
    (work / "i.crt").write_bytes(pki.intermediate.cert_pem())
    sh(f"openssl cms -sign -binary -in manifest.json -signer {work}/s.crt -inkey {work}/s.key "
       f"-certfile {work}/i.crt -outform DER -out manifest.json.p7s", cwd=src)
    pkg = work / "package.subpkg"
    sh(f"tar --format=pax -cf - manifest.json manifest.json.p7s evidence/ | age -r {recipient} -o {pkg}",
       cwd=src)
    shutil.rmtree(src)
    return pkg


def floor(pkg: Path, key: Path) -> float:
    t = time.perf_counter()
    sh(f"age -d -i {key} {pkg} | openssl dgst -sha256 > /dev/null")
    return time.perf_counter() - t


def floor_with_store(pkg: Path, key: Path, out: Path) -> float:
    """The floor plus writing the plaintext to disk, as an import must store the files."""
    t = time.perf_counter()
    sh(f"age -d -i {key} {pkg} | tee {out} | openssl dgst -sha256 > /dev/null; sync {out}")
    elapsed = time.perf_counter() - t
    out.unlink()
    return elapsed


def ours(ws_root: Path, pkg: Path, key: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(ws_root), str(pkg), str(key)],
                         check=True, capture_output=True, text=True, cwd=ROOT).stdout.split()
    return float(out[0]), int(out[1]) / 1024  # seconds, MiB (VmHWM is in KiB)


def main() -> None:
    sizes = [float(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "1,4").split(",")]
    pki = make_test_pki()
    print(f"{'size':>6} {'floor s':>8} {'+store s':>9} {'ours s':>8} {'ratio':>6} "
          f"{'ratio+store':>11} {'peak RSS MiB':>13}")
    for gib in sizes:
        with tempfile.TemporaryDirectory(prefix="import-bench-", dir=os.environ.get("BENCH_DIR")) as tmp:
            work = Path(tmp)
            template = make_template(work / "ws", pki.anchors())
            key = work / "key.txt"
            key.write_text(str(template.identity) + "\n")
            pkg = build(work, gib, template.recipient, pki)
            f = floor(pkg, key)
            fs = floor_with_store(pkg, key, work / "plain.tar")
            o, rss = ours(template.root, pkg, key)
            print(f"{gib:>5g}G {f:>8.2f} {fs:>9.2f} {o:>8.2f} {o / f:>6.2f} {o / fs:>11.2f} "
                  f"{rss:>13.1f}", flush=True)


if __name__ == "__main__":
    main()
