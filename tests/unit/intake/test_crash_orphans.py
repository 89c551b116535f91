"""A crash leaves no orphan in the case store, and ``audit verify`` compares store and rows.

The crashes are real: the import runs in a child process that SIGKILLs itself at
the exact moment under test (just after the case folder's rename, or just after
the commit), the way a power cut or the OOM killer would stop it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer_app.__main__ import main
from reviewer_app.services.audit.trail import audit_entries, verify_audit
from reviewer_app.services.intake.package_import import IMPORTED, import_package
from reviewer_app.services.workspace.folder import Workspace, open_workspace
from tests.support.packages import PackageSpec
from tests.support.workspaces import PASSPHRASE, PASSWORD, REVIEWER

ROOT = Path(__file__).resolve().parents[3]

# Runs the import in a child that kills itself when ``where`` (a function of
# services.intake.package_import) is reached: "after:NAME" once it returned, "before:NAME" first.
KILLED_IMPORT = """
import os, signal, sys
from pathlib import Path
from reviewer_app.services.intake import package_import as target
from reviewer_app.services.workspace.folder import open_workspace
from tests.support.workspaces import PASSPHRASE, REVIEWER
when, name = sys.argv[3].split(":")
real = getattr(target, name)
def killed(*args, **kwargs):
    if when == "after":
        real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
setattr(target, name, killed)
ws = open_workspace(Path(sys.argv[1]))
target.import_package(ws, REVIEWER, Path(sys.argv[2]), workstation_passphrase=PASSPHRASE)
"""


def killed_import(ws: Workspace, package: Path, where: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", KILLED_IMPORT, str(ws.root), str(package), where],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == -9, done.stderr[-2000:]


def case_folders(ws: Workspace) -> list[str]:
    return sorted(p.name for p in ws.paths.cases.iterdir())


def check_store(ws: Workspace) -> list[object]:
    from reviewer_app.services.cases.store_check import check_store  # new with the fix

    return list(check_store(ws))


def case_rows(ws: Workspace) -> list[str]:
    from reviewer_app.services.cases.reading import list_cases

    return sorted(c.uuid for c in list_cases(ws))


def test_a_kill_between_rename_and_commit_leaves_no_orphan_nor_a_second_copy(
        ws: Workspace, spec: PackageSpec, tmp_path: Path) -> None:
    package = spec.build(tmp_path / "p.subpkg")
    killed_import(ws, package, "after:commit_case_folder")
    assert case_rows(ws) == []
    ws.close()
    with open_workspace(ws.root) as reopened:  # any start of the application
        assert case_folders(reopened) == []
        swept = audit_entries(reopened)[-1]
        assert (swept.actor, swept.action) == ("system", "store.swept")
        assert len(swept.details["removed"]) == 1 and swept.details["completed"] == []
        assert verify_audit(reopened).ok
        result = import_package(reopened, REVIEWER, package, workstation_passphrase=PASSPHRASE)
        assert result.status == IMPORTED
        assert case_folders(reopened) == case_rows(reopened) == [result.case.uuid]
        assert check_store(reopened) == []


def test_a_kill_after_the_commit_keeps_the_case_and_names_its_folder(
        ws: Workspace, spec: PackageSpec, tmp_path: Path) -> None:
    package = spec.build(tmp_path / "p.subpkg")
    killed_import(ws, package, "before:place_case_folder")
    [uuid] = case_rows(ws)
    assert case_folders(ws) != [uuid]  # still under its pending name
    ws.close()
    with open_workspace(ws.root) as reopened:
        assert case_folders(reopened) == [uuid]
        assert audit_entries(reopened)[-1].details == {"removed": [], "completed": [uuid]}
        assert check_store(reopened) == []
        again = import_package(reopened, REVIEWER, package, workstation_passphrase=PASSPHRASE)
        assert again.status == "already-imported" and case_folders(reopened) == [uuid]


def test_opening_sweeps_folders_no_row_names_but_not_a_live_import(ws: Workspace) -> None:
    orphan = ws.paths.cases / "5f0c1c2e-0000-4000-8000-000000000000"  # an older version's crash
    (orphan / "submission" / "files").mkdir(parents=True)
    (orphan / "submission" / "files" / "big.bin").write_bytes(b"x" * 1024)
    live = ws.paths.cases / f"6a1d2d3f-0000-4000-8000-000000000000.pending-{os.getpid()}"
    live.mkdir()
    ws.close()
    with open_workspace(ws.root) as reopened:
        assert case_folders(reopened) == [live.name]
        assert audit_entries(reopened)[-1].details == {"removed": [orphan.name], "completed": []}
        assert verify_audit(reopened).ok


def audit_verify(ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                 ) -> tuple[int, dict[str, object], str]:
    (tmp_path / "pw").write_text(PASSWORD)
    rc = main(["--workspace", str(ws.root), "--user", "alice", "--password-file",
               str(tmp_path / "pw"), "audit", "verify", "--json"])
    out = capsys.readouterr()
    return rc, json.loads(out.out), out.err


def test_audit_verify_reports_files_without_rows_and_rows_without_files(
        ws: Workspace, spec: PackageSpec, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    case = import_package(ws, REVIEWER, spec.build(tmp_path / "p.subpkg"),
                          workstation_passphrase=PASSPHRASE).case
    rc, report, _ = audit_verify(ws, tmp_path, capsys)
    assert (rc, report["store"]) == (0, [])
    files = ws.paths.cases / case.uuid / "submission" / "files"
    victim = case.files[0].path
    (files / victim).unlink()  # an insider removes evidence ...
    (files / "planted.txt").write_text("not from the developer")  # ... and adds some
    rc, report, err = audit_verify(ws, tmp_path, capsys)
    assert rc == 4 and "STORE_MISMATCH" in err
    assert [(p["kind"], p["path"]) for p in report["store"]] == [  # type: ignore[index,union-attr]
        ("missing", f"store/cases/{case.uuid}/submission/files/{victim}"),
        ("unreferenced", f"store/cases/{case.uuid}/submission/files/planted.txt")]
    assert report["ok"] is True  # the chain itself is intact: only the store check finds it
