"""Case files at scale: a case whose submission holds one 2 GiB file, exported and imported.

    /tmp/venv/bin/python benchmarks/case_file_scale.py [--gib 2] [--keep DIR]

Set-up (not measured): two workstations of one office (tests/support/casefiles.py),
a signed package holding the big file written as a stream, imported into A by
the real importer. Measured, each in a fresh child process so that its peak RSS
(VmHWM) is its own: `export_case` A -> B (age X25519), `import_case` into B,
and the same pair to a passphrase (age scrypt, the mode pyrage only does in memory).
Floor, same run: SHA-256 of the big file with hashlib (one read, no writing).
Goal: peak RSS < 150 MiB for every phase.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MIB = 1 << 20
CASE_PASSPHRASE = "benchmark case passphrase"


def _peak_mib() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec,
    so a child would report its parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write_big(path: Path, size: int) -> str:
    block = os.urandom(MIB)
    hasher = hashlib.sha256()
    with path.open("wb") as out:
        for i in range(size // MIB):
            chunk = block[i % 7:] + block[:i % 7]  # not one repeated block
            hasher.update(chunk)
            out.write(chunk)
    return hasher.hexdigest()


def setup(root: Path, gib: float) -> dict[str, str]:
    from reviewer_app.crypto import age, cms
    from reviewer_app.services.intake import import_package
    from tests.support import casefiles as F
    from tests.support.packages import good_manifest, make_test_pki

    submitters, office = make_test_pki(), F.make_office_pki()
    a = F.make_workstation(root / "A", submitters, office)
    b = F.make_workstation(root / "B", submitters, office)
    big = root / "weights-sample.bin"
    size = int(gib * 1024) * MIB
    digest = _write_big(big, size)
    manifest = good_manifest({})
    manifest["files"] = [{"path": "evidence/weights-sample.bin", "sha256": digest, "size": size,
                          "media_type": "application/octet-stream", "role": "evidence"}]
    manifest_bytes = json.dumps(manifest).encode()
    signature = cms.sign_detached(manifest_bytes, submitters.submitter.key,
                                  submitters.submitter.cert, [submitters.intermediate.cert])
    package = root / "big.subpkg"
    with package.open("wb") as raw, age.open_encrypt(raw, [age.X25519Recipient.from_str(a.recipient)]) as w, \
            tarfile.open(fileobj=w, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
        for name, data in (("manifest.json", manifest_bytes), ("manifest.json.p7s", signature)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            import io
            tar.addfile(info, io.BytesIO(data))
        info = tarfile.TarInfo("evidence/weights-sample.bin")
        info.size = size
        with big.open("rb") as src:
            tar.addfile(info, src)
    with a.open() as ws:
        ref = import_package(ws, F.REVIEWER, package, identity=a.identity).case.reference
    package.unlink()
    return {"a": str(a.root), "b": str(b.root), "b_recipient": b.recipient, "ref": ref,
            "big": str(big)}


def phase(name: str, info: dict[str, str], out: Path) -> dict[str, float]:
    from reviewer_app.services.casefile import export_case, import_case
    from reviewer_app.services.workspace import open_workspace
    from tests.support import casefiles as F

    start = time.perf_counter()
    if name == "kdf":  # age's scrypt at work factor 18, alone: what a passphrase costs
        from reviewer_app.crypto import age

        age.ScryptRecipient(CASE_PASSPHRASE).wrap(os.urandom(16))
    elif name == "floor":
        hasher = hashlib.sha256()
        with open(info["big"], "rb") as src:
            while chunk := src.read(MIB):
                hasher.update(chunk)
    elif name.startswith("export"):
        with open_workspace(Path(info["a"])) as ws:
            by_passphrase = name.endswith("passphrase")
            export_case(ws, F.REVIEWER, info["ref"], out,
                        recipients=None if by_passphrase else [info["b_recipient"]],
                        case_file_passphrase=CASE_PASSPHRASE if by_passphrase else None,
                        credential_passphrase=F.CREDENTIAL)
    else:
        from reviewer_app.services.workspace import workstation_identity

        root = Path(info["b"])
        with open_workspace(root) as ws:
            by_passphrase = name.endswith("passphrase")
            unlocked = [] if by_passphrase else [workstation_identity(ws, F.PASSPHRASE)]
            if name.endswith("streaming"):
                # Forget the key derivation's peak (scrypt, 256 MiB at work factor 18): what
                # remains is what the streaming import itself needs.
                Path("/proc/self/clear_refs").write_text("5")
                start = time.perf_counter()
            result = import_case(ws, F.REVIEWER, out, workstation_passphrase=None,
                                 case_file_passphrase=CASE_PASSPHRASE if by_passphrase else None,
                                 identities=unlocked)
            assert result.outcome.value in ("created", "up_to_date"), result
    return {"seconds": time.perf_counter() - start, "peak_rss_mib": _peak_mib()}


def _child(name: str, info_path: Path, out: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--phase", name, "--info", str(info_path),
                           "--out", str(out)], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gib", type=float, default=2.0)
    parser.add_argument("--keep", metavar="DIR")
    parser.add_argument("--phase")
    parser.add_argument("--info")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.phase:
        info = json.loads(Path(args.info).read_text())
        print(json.dumps(phase(args.phase, info, Path(args.out))))
        return 0
    root = Path(args.keep or tempfile.mkdtemp(prefix="case-scale-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        info = setup(root, args.gib)
        info_path = root / "info.json"
        info_path.write_text(json.dumps(info))
        print(f"set-up (workstations, {args.gib:g} GiB package imported into A): "
              f"{time.perf_counter() - t0:.1f} s", flush=True)
        rows = [("floor: sha256 of the file", _child("floor", info_path, root / "x")),
                ("scrypt key derivation alone", _child("kdf", info_path, root / "x"))]
        out = root / "to-b.case"
        rows.append(("export (x25519)", _child("export-x25519", info_path, out)))
        rows.append(("import (x25519, with unlock)", _child("import-x25519", info_path, out)))
        # Imported again: the file is read and verified in full, then found up to date.
        rows.append(("  again, peak after unlock", _child("import-x25519-streaming", info_path, out)))
        out.unlink()
        out = root / "pass.case"
        rows.append(("export (passphrase)", _child("export-passphrase", info_path, out)))
        rows.append(("import (passphrase)", _child("import-passphrase", info_path, out)))
        out.unlink()
        floor = rows[0][1]["seconds"]
        print(f"{'phase':<28} {'seconds':>8} {'x floor':>8} {'peak RSS MiB':>13}  goal < 150 MiB")
        for label, r in rows:
            ok = "met" if r["peak_rss_mib"] < 150 else "NOT MET"
            print(f"{label:<28} {r['seconds']:8.1f} {r['seconds'] / floor:8.1f} "
                  f"{r['peak_rss_mib']:13.1f}  {ok}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
