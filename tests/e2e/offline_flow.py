"""The whole review flow with socket creation blocked for every family but AF_UNIX.

Run as a script by tests/e2e/test_offline.py: ``python offline_flow.py WORKDIR``.
A CPython audit hook sees every socket created (``socket.__new__``, also from
C code) and refuses all but AF_UNIX (asyncio's self-pipe uses a Unix socketpair).
Exits 0 only if every step succeeded and nothing tried to open a socket.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.e2e import netguard

netguard.install()

from reviewer_app.__main__ import main  # noqa: E402


def run(*args: str, user: str | None = "reviewer", expect: int = 0) -> None:
    argv = ["--workspace", str(WS_A if CURRENT[0] == "A" else WS_B)]
    if user:
        argv += ["--user", user]
    rc = main([*argv, *args])
    print(f"[{CURRENT[0]}] reviewer-app {' '.join(args)} -> {rc}", file=sys.stderr, flush=True)
    if rc != expect:
        raise SystemExit(f"step failed: {args} exited {rc}, expected {expect}")


work = Path(sys.argv[1])
WS_A, WS_B, FRESH = work / "a", work / "b", work / "fresh"
CURRENT = ["A"]
for key, value in (
    ("REVIEWER_APP_PASSWORD", "demo"),
    ("REVIEWER_APP_PASSPHRASE", "demo"),
    ("REVIEWER_APP_CREDENTIAL_PASSPHRASE", "demo"),
):
    os.environ[key] = value

assert main(["--workspace", str(FRESH), "init", "--admin", "root"]) == 0
assert main(["--workspace", str(WS_A), "demo"]) == 0
assert main(["--workspace", str(WS_B), "demo"]) == 0

# A fresh package from the inbox material, packed with the kit and imported.
src = work / "pkg"
src.mkdir()
manifest = json.loads(
    next((WS_A / "store" / "cases").glob("*/submission/manifest.json")).read_text()
)
manifest["package_id"] = "00000000-0000-4000-8000-0000000000aa"
evidence_dir = next((WS_A / "store" / "cases").glob("*/submission/files"))
for f in manifest["files"]:
    dest = src / f["path"]
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes((evidence_dir / f["path"]).read_bytes())
manifest.pop("files")
(src / "manifest.json").write_text(json.dumps(manifest))
pki = Path(__file__).resolve().parents[2] / "resources" / "demo" / "pki"
package = work / "new.subpkg"


def identity(ws: Path) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["--workspace", str(ws), "identity"]) == 0
    return buf.getvalue().strip()


recipient_a, recipient_b = identity(WS_A), identity(WS_B)
assert (
    main(
        [
            "pack",
            str(src),
            "-o",
            str(package),
            "--signer-cert",
            str(pki / "submitter.pem"),
            "--signer-key",
            str(pki / "submitter.key"),
            "--recipient",
            recipient_a,
        ]
    )
    == 0
)
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    run("import", str(package), "--json")
case = json.loads(buf.getvalue())[0]["case_id"]

run("checklist", "accept", case, "--all")
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    run("checklist", case, "--json")
checklist = json.loads(buf.getvalue())
items = checklist["items"] if isinstance(checklist, dict) else checklist
for item in items:
    if item.get("status") == "not_reviewed":
        run(
            "checklist",
            "set",
            case,
            item["id"],
            "--status",
            "not_a_finding",
            "--comment",
            "checked",
        )
rationale = work / "rationale.txt"
rationale.write_text("Evidence reviewed; no capability above the office's thresholds.")
run("decide", case, "--outcome", "not_covered", "--rationale-file", str(rationale))
run("letter", case, "-o", str(work / "letter.pdf"))
run("countersign", case, "-o", str(work / "letter-issued.pdf"), user="supervisor")
run("verify-pdf", str(work / "letter-issued.pdf"))
run("export-case", case, "-o", str(work / "case.rcase"), "--recipient", recipient_b)
CURRENT[0] = "B"
run("import-case", str(work / "case.rcase"))
run("verify-pdf", str(work / "letter-issued.pdf"))
run("audit", "verify", user="admin")
CURRENT[0] = "A"
run("audit", "verify", user="admin")

print(f"network attempts: {len(netguard.attempts)}")
for a in netguard.attempts:
    print("  ", a)
sys.exit(1 if netguard.attempts else 0)
