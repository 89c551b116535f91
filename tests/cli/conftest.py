"""CLI fixtures: a workspace made once per session by ``init``, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reviewer_app.__main__ import main

ADMIN_PASSWORD = "correct horse"
PASSPHRASE = "workstation pass"


@pytest.fixture(scope="session")
def _template_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("template") / "ws"
    secrets = root.parent
    (secrets / "pw").write_text(ADMIN_PASSWORD)
    (secrets / "pp").write_text(PASSPHRASE)
    rc = main(
        [
            "--workspace",
            str(root),
            "--password-file",
            str(secrets / "pw"),
            "--passphrase-file",
            str(secrets / "pp"),
            "init",
            "--admin",
            "alice",
        ]
    )
    assert rc == 0
    return root


@pytest.fixture
def workspace(_template_workspace: Path, tmp_path: Path) -> Path:
    """A fresh copy of an initialised workspace (administrator alice)."""
    dest = tmp_path / "ws"
    shutil.copytree(_template_workspace, dest)
    return dest


@pytest.fixture
def cli(workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``reviewer-app --workspace WS --password-file PW ARGS``; returns (rc, out, err)."""
    pw = tmp_path / "pw"
    pw.write_text(ADMIN_PASSWORD)

    def run(*args: str) -> tuple[int, str, str]:
        rc = main(
            ["--workspace", str(workspace), "--user", "alice", "--password-file", str(pw), *args]
        )
        captured = capsys.readouterr()
        return rc, captured.out, captured.err

    return run
