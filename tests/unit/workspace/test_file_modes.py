"""Files only their owner can read: what another local account sees after ``init``, ``demo``,
imports, letters and an upgrade, whatever the umask; and the warning for a workspace that others
can already read (one made by an older version)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.__main__ import main
from reviewer_app.services.demo.workspace import ensure_demo
from reviewer_app.services.setup.workspace_init import init_workspace
from reviewer_app.services.workspace.folder import open_workspace

V0001 = Path(__file__).parents[2] / "data" / "workspaces" / "v0001"


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


def exposure_warning(ws: object) -> str | None:
    from reviewer_app.services.workspace.exposure import exposure_warning as new_with_the_fix

    return new_with_the_fix(ws)  # type: ignore[arg-type]


def readable_by_others(root: Path) -> list[str]:
    """Every folder not 0700 and file not 0600 below ``root`` (``root`` included), as
    another account on the machine would find them with ``stat``."""
    found = []
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        wanted = 0o700 if path.is_dir() else 0o600
        if mode != wanted:
            found.append(f"{path.relative_to(root.parent)} {oct(mode)}")
    return found


def test_init_makes_everything_owner_only(umask: int, tmp_path: Path) -> None:
    result = init_workspace(tmp_path / "ws", workstation_passphrase="workstation pass", admin="alice",
                            admin_password="correct horse")
    with result.workspace as ws:
        with ws.uow():  # the database in use: its -wal and -shm are there too
            assert ws.paths.db.with_name("reviewer.db-wal").exists()
            assert readable_by_others(ws.root) == []
        assert exposure_warning(ws) is None


@pytest.mark.slow
def test_demo_makes_everything_owner_only(umask: int, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo adds users' credentials, trust anchors, inbox packages and three imported
    cases (their staged, then stored folders and files); then a letter is signed."""
    root = ensure_demo(tmp_path / "demo").root
    monkeypatch.setenv("REVIEWER_APP_PASSWORD", "demo")
    monkeypatch.setenv("REVIEWER_APP_CREDENTIAL_PASSPHRASE", "demo")
    (tmp_path / "why.txt").write_text("Below every threshold.\n")
    case = "FMR-2026-0001"

    def run(*args: str) -> int:
        return main(["--workspace", str(root), "--user", "reviewer", *args])

    assert run("checklist", "accept", case, "--all") == 0
    for item in ("MID-05", "SAF-03", "DET-01"):
        run("checklist", "set", case, item, "--status", "not_a_finding")
    assert run("decide", case, "--outcome", "not_covered", "--rationale-file",
               str(tmp_path / "why.txt")) == 0
    assert run("letter", case, "-o", str(tmp_path / "letter.pdf")) == 0
    assert list(root.glob("store/cases/*/letters/*.pdf"))
    assert readable_by_others(root) == []
    # The copy saved outside is owner-only too (SECURITY.md: it holds CUI; share it on purpose).
    assert stat.S_IMODE((tmp_path / "letter.pdf").stat().st_mode) == 0o600


def test_a_workspace_others_can_read_is_named_with_its_fix(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    """A workspace of an older version (0644 files, 0755 folders), opened and upgraded under
    umask 000: the backup made before the migration is owner-only, and the CLI warns."""
    root = tmp_path / "old"
    shutil.copytree(V0001, root)
    for folder in ("inbox", "logs", "store/cases", "store/staging", "trust/crl"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    previous = os.umask(0)
    try:
        with open_workspace(root) as ws:
            [backup] = root.glob("reviewer.db.*.bak")
            assert stat.S_IMODE(backup.stat().st_mode) == 0o600
            warning = exposure_warning(ws)
    finally:
        os.umask(previous)
    assert warning is not None
    assert "reviewer.db (-rw-r--r--)" in warning and "the workspace folder" in warning
    assert warning.endswith(f"chmod -R go-rwx {root}")
    (tmp_path / "pw").write_text("demo")
    assert main(["--workspace", str(root), "--user", "reviewer", "--password-file",
                 str(tmp_path / "pw"), "cases"]) == 0
    err = capsys.readouterr().err
    assert "warning: WORKSPACE_READABLE: other users of this computer can read or change " in err
    subprocess.run(["chmod", "-R", "go-rwx", str(root)], check=True)  # the fix it names
    assert main(["--workspace", str(root), "--user", "reviewer", "--password-file",
                 str(tmp_path / "pw"), "cases"]) == 0
    assert "WORKSPACE_READABLE" not in capsys.readouterr().err
    with open_workspace(root) as ws:
        assert exposure_warning(ws) is None


def test_init_from_the_command_line_under_umask_000(tmp_path: Path) -> None:
    """``reviewer-app init`` as a user whose umask is 000 would run it (a real process)."""
    (tmp_path / "pw").write_text("correct horse")
    (tmp_path / "pp").write_text("workstation pass")
    root = tmp_path / "ws"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[3])}
    subprocess.run([sys.executable, "-c", "import os, sys; os.umask(0); from reviewer_app.__main__"
                    " import main; sys.exit(main(sys.argv[1:]))", "--workspace", str(root),
                    "--password-file", str(tmp_path / "pw"), "--passphrase-file",
                    str(tmp_path / "pp"), "init", "--admin", "alice"], env=env, check=True,
                   capture_output=True, timeout=120)
    assert readable_by_others(root) == []
