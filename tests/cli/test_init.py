"""``reviewer-app init`` and ``identity``."""

from __future__ import annotations

import json
import os
import pty
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from reviewer_app.__main__ import main
from reviewer_app.storage.migrate import head_revision
from tests.cli.conftest import PASSPHRASE


def test_init_creates_the_workspace_layout(workspace: Path) -> None:
    for part in (
        "workspace.json",
        "reviewer.db",
        "policy.toml",
        "store/cases",
        "store/staging",
        "trust/submitters",
        "trust/office",
        "trust/crl",
        "keys/workstation.age",
    ):
        assert (workspace / part).exists(), part
    db = sqlite3.connect(workspace / "reviewer.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    assert db.execute("SELECT username, role FROM users").fetchall() == [("alice", "administrator")]
    hash_ = db.execute("SELECT password_hash FROM users").fetchone()[0]
    assert hash_.startswith("$argon2id$")


def test_identity_prints_the_recipient(cli) -> None:  # type: ignore[no-untyped-def]
    rc, out, _ = cli("identity")
    assert rc == 0
    assert out.strip().startswith("age1") and len(out.strip()) == 62


def test_init_on_an_existing_workspace_changes_nothing(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p: p.stat().st_mtime_ns for p in workspace.rglob("*") if p.is_file()}
    (tmp_path / "pw").write_text("another one")
    rc = main(
        [
            "--workspace",
            str(workspace),
            "--password-file",
            str(tmp_path / "pw"),
            "--passphrase-file",
            str(tmp_path / "pw"),
            "init",
            "--admin",
            "mallory",
        ]
    )
    assert rc == 2
    assert "already holds a workspace" in capsys.readouterr().err
    after = {p: p.stat().st_mtime_ns for p in workspace.rglob("*") if p.is_file()}
    assert before == after


def test_init_without_a_secret_and_no_terminal_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with open(os.devnull) as devnull:
        monkeypatch.setattr("sys.stdin", devnull)
        rc = main(["--workspace", str(tmp_path / "ws"), "init", "--admin", "bob"])
    assert rc == 2
    assert "error: NO_SECRET:" in capsys.readouterr().err
    assert not (tmp_path / "ws").exists()


def test_the_age_cli_opens_the_workstation_key(workspace: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """The key file is in age's own passphrase format: the standard tool opens it."""
    _, recipient, _ = cli("identity")
    pid, fd = pty.fork()
    if pid == 0:  # child: age reads the passphrase from its terminal
        os.execvp("age", ["age", "-d", str(workspace / "keys" / "workstation.age")])
    output = b""
    sent = False
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if not sent and b"passphrase" in output.lower():
            os.write(fd, PASSPHRASE.encode() + b"\n")
            sent = True
    os.waitpid(pid, 0)
    secret = re.search(r"AGE-SECRET-KEY-1[0-9A-Z]+", output.decode()).group(0)  # type: ignore[union-attr]
    derived = subprocess.run(
        ["age-keygen", "-y"], input=secret + "\n", capture_output=True, text=True, check=True
    ).stdout.strip()
    assert derived == recipient.strip()


def test_cases_json_on_an_empty_workspace(cli) -> None:  # type: ignore[no-untyped-def]
    rc, out, _ = cli("cases", "--json")
    assert rc == 0
    assert json.loads(out) == []
