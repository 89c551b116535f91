"""Crash safety: SIGKILL the CLI at random moments; nothing is lost, corrupted or left behind.

Four operations run as real subprocesses (``python -m reviewer_app``): import of
a new package, export-case, import-case and letter signing. Each trial copies
a prepared workspace, starts the operation, kills it with SIGKILL after a random
delay within that operation's measured duration, then checks:

- SQLite ``PRAGMA integrity_check`` is ``ok``;
- ``audit verify`` exits 0;
- every ``case_files`` row has its file in the store, every case folder its row,
  every letter row its stored PDF;
- the same operation, run again, succeeds (exit 0);
- afterwards nothing temporary is left: ``store/staging`` empty, no
  ``*.partial`` next to the export target, no ``*.tmp`` in the store.

The seed is printed (``-s`` shows it); set ``CRASH_SEED`` to replay and
``CRASH_TRIALS`` for the number of trials per operation (default 13: 52 in all).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewer_app.resources import resource_path
from reviewer_app.services.kit.pack import build_package
from reviewer_app.services.workspace.folder import open_workspace
from reviewer_app.services.workspace.keys import workstation_recipient
from tests.support.packages import good_manifest

pytestmark = pytest.mark.slow

ENV = {**os.environ, "REVIEWER_APP_PASSWORD": "demo", "REVIEWER_APP_PASSPHRASE": "demo",
       "REVIEWER_APP_CREDENTIAL_PASSPHRASE": "demo", "QT_QPA_PLATFORM": "offscreen"}
CASE = "FMR-2026-0001"


def cli(ws: Path, *args: str, user: str = "reviewer", timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewer_app", "--workspace", str(ws), "--user", user,
                           *args], env=ENV, capture_output=True, text=True, timeout=timeout, check=False)


def ok(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 0, f"exit {done.returncode}: {done.stdout[-500:]} {done.stderr[-1500:]}"


@dataclass(frozen=True)
class Op:
    name: str
    base: Path  # the workspace each trial copies
    args: Callable[[Path, Path], list[str]]  # (workspace, scratch folder) -> CLI arguments
    target: Callable[[Path], Path | None]  # (scratch) -> a file the op writes outside the store


@pytest.fixture(scope="module")
def ops(tmp_path_factory: pytest.TempPathFactory) -> list[Op]:
    root = tmp_path_factory.mktemp("crash")
    demo = root / "demo"
    ok(subprocess.run([sys.executable, "-m", "reviewer_app", "--workspace", str(demo), "demo"],
                      env=ENV, capture_output=True, text=True, timeout=300, check=False))
    # A decided case (for letters and exports) on a copy of the demo.
    decided = root / "decided"
    shutil.copytree(demo, decided)
    ok(cli(decided, "checklist", "accept", CASE, "--all"))
    for item in ("MID-05", "SAF-03", "DET-01"):
        cli(decided, "checklist", "set", CASE, item, "--status", "not_a_finding")
    (root / "rationale.txt").write_text("Below every threshold.\n")
    ok(cli(decided, "decide", CASE, "--outcome", "not_covered", "--rationale-file",
           str(root / "rationale.txt")))
    with open_workspace(demo) as ws:
        recipient = workstation_recipient(ws)
    case_file = root / "decided.case"
    ok(cli(decided, "export-case", CASE, "-o", str(case_file), "--recipient", recipient))
    # A new package, signed by the demo submitter, big enough that import takes a while.
    folder = root / "pkg"
    files = {"evidence/data.bin": random.Random(1).randbytes(8 << 20),
             "documents/notes.txt": b"crash-safety package\n" * 100}
    for path, data in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    (folder / "manifest.json").write_text(json.dumps(good_manifest(files), indent=2))
    package = root / "new.subpkg"
    pki = resource_path("demo/pki")
    build_package(folder, package, signer_cert=pki / "submitter.pem", signer_key=pki / "submitter.key",
                  recipients=[recipient])
    return [
        Op("import", demo, lambda ws, tmp: ["import", str(package)], lambda tmp: None),
        Op("export-case", decided, lambda ws, tmp: ["export-case", CASE, "-o", str(tmp / "out.case"),
                                                    "--recipient", recipient],
           lambda tmp: tmp / "out.case"),
        Op("import-case", demo, lambda ws, tmp: ["import-case", str(case_file)], lambda tmp: None),
        Op("letter", decided, lambda ws, tmp: ["letter", CASE, "-o", str(tmp / "letter.pdf")],
           lambda tmp: tmp / "letter.pdf"),
    ]


def store_problems(ws: Path) -> list[str]:
    problems: list[str] = []
    con = sqlite3.connect(ws / "reviewer.db")
    try:
        check = con.execute("PRAGMA integrity_check").fetchall()
        if check != [("ok",)]:
            problems.append(f"integrity_check: {check}")
        cases = dict(con.execute("SELECT id, store_dir FROM cases").fetchall())
        files = con.execute("SELECT case_id, path FROM case_files").fetchall()
        letters = con.execute("SELECT case_id, stored_name FROM letters").fetchall()
    finally:
        con.close()
    store = ws / "store" / "cases"
    folders = {p.name for p in store.iterdir()}
    problems += [f"folder {f} has no row" for f in folders - set(cases.values())]
    problems += [f"case {d} has no folder" for d in set(cases.values()) - folders]
    problems += [f"file {cases[c]}/{p} missing" for c, p in files
                 if not (store / cases[c] / "submission" / "files" / p).is_file()]
    problems += [f"letter {cases[c]}/{n} missing" for c, n in letters
                 if not any((store / cases[c]).rglob(Path(n).name))]
    return problems


def leftovers(ws: Path, target: Path | None) -> list[str]:
    found = [f"staging: {p.name}" for p in (ws / "store" / "staging").iterdir()]
    found += [f"temp in store: {p.relative_to(ws)}" for p in (ws / "store").rglob("*.tmp")]
    if target is not None:
        found += [f"partial: {p.name}" for p in target.parent.glob(f".{target.name}*.partial")]
    return found


def kill_after(ws: Path, args: list[str], delay: float) -> int:
    proc = subprocess.Popen([sys.executable, "-m", "reviewer_app", "--workspace", str(ws), "--user",
                             "reviewer", *args], env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    return proc.wait()


def test_sigkill_at_random_moments(ops: list[Op], tmp_path: Path) -> None:
    seed = int(os.environ.get("CRASH_SEED", random.SystemRandom().randrange(1 << 31)))
    trials = int(os.environ.get("CRASH_TRIALS", "13"))
    print(f"crash-safety seed {seed} ({trials} trials per operation)")
    rng = random.Random(seed)
    failures: list[str] = []
    killed = 0
    for op in ops:
        probe = tmp_path / f"{op.name}-probe"
        shutil.copytree(op.base, probe / "ws")
        start = time.perf_counter()
        ok(cli(probe / "ws", *op.args(probe / "ws", probe)))
        duration = time.perf_counter() - start
        print(f"{op.name}: {duration:.2f} s uninterrupted")
        shutil.rmtree(probe)
        for trial in range(trials):
            scratch = tmp_path / f"{op.name}-{trial}"
            ws = scratch / "ws"
            shutil.copytree(op.base, ws)
            code = kill_after(ws, op.args(ws, scratch), rng.uniform(0.05, duration))
            killed += code == -signal.SIGKILL
            where = f"{op.name} trial {trial} (seed {seed}, exit {code})"
            failures += [f"{where}: {p}" for p in store_problems(ws)]
            verify = cli(ws, "audit", "verify")
            if verify.returncode != 0:
                failures.append(f"{where}: audit verify exit {verify.returncode}: {verify.stdout[-300:]}")
            again = cli(ws, *op.args(ws, scratch))
            if again.returncode != 0:
                failures.append(f"{where}: the operation again: exit {again.returncode}: "
                                f"{again.stderr[-300:]}")
            failures += [f"{where}: after retry: {p}" for p in store_problems(ws)]
            failures += [f"{where}: left behind: {p}" for p in leftovers(ws, op.target(scratch))]
            shutil.rmtree(scratch)
    print(f"{killed} of {len(ops) * trials} runs were killed mid-operation")
    assert killed >= len(ops) * trials // 2, "the delays must mostly land inside the operation"
    assert not failures, "\n".join(failures)


# The child patches one function so that the process SIGKILLs itself right after it returned:
# the case folder renamed into the store, its rows not committed yet.
KILL_AFTER = """
import os, signal, sys
from reviewer_app.services.casefile import merge as case_merge
from reviewer_app.services.intake import package_import as import_package
def killed_after(owner, name):
    real = getattr(owner, name)
    def wrapper(*args, **kwargs):
        real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
    setattr(owner, name, wrapper)
killed_after(import_package, "commit_case_folder")  # a package's new case
killed_after(case_merge._FileMoves, "move")  # a case file's new case
from reviewer_app.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_sigkill_between_rename_and_commit_leaves_no_orphan(ops: list[Op], tmp_path: Path) -> None:
    for op in ops:
        if op.name not in ("import", "import-case"):
            continue
        ws = tmp_path / op.name / "ws"
        shutil.copytree(op.base, ws)
        if op.name == "import-case":  # a local change first: the file's case arrives as a new copy
            ok(cli(ws, "checklist", "set", CASE, "SAF-03", "--status", "not_a_finding"))
        before = sqlite3.connect(ws / "reviewer.db").execute("SELECT count(*) FROM cases").fetchone()
        child = subprocess.run([sys.executable, "-c", KILL_AFTER, "--workspace", str(ws), "--user",
                                "reviewer", *op.args(ws, tmp_path / op.name)], env=ENV,
                               capture_output=True, text=True, timeout=300, check=False)
        assert child.returncode == -signal.SIGKILL, child.stderr[-1500:]
        assert len(list((ws / "store" / "cases").iterdir())) > before[0]  # the folder is there
        ok(cli(ws, "audit", "verify"))  # any opening sweeps it; the check finds nothing else
        assert store_problems(ws) == [] and leftovers(ws, None) == []
        ok(cli(ws, *op.args(ws, tmp_path / op.name)))  # again: one copy, not two
        assert store_problems(ws) == [] and leftovers(ws, None) == []
        after = sqlite3.connect(ws / "reviewer.db").execute("SELECT count(*) FROM cases").fetchone()
        assert after[0] == before[0] + 1
