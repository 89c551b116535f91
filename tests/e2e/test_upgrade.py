"""Upgrades keep data: a workspace made at schema revision 0001 (a fixture kept
byte-for-byte, see tests/data/PROVENANCE.md) opened by the current code is
backed up, migrated to head, keeps every row, and its audit trail verifies."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer_app.services.workspace.folder import WorkspacePaths, open_workspace
from reviewer_app.storage import migrate

FIXTURE = Path(__file__).parents[1] / "data" / "workspaces" / "v0001"
TABLES = (
    "users",
    "cases",
    "case_files",
    "checklist_items",
    "checklist_history",
    "notes",
    "determinations",
    "letters",
    "audit_log",
    "settings",
)


def _rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in the columns revision 0001 had."""
    # immutable: reading a WAL database must not leave -wal/-shm files in the fixture
    with sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True) as conn:
        out = {}
        for table in TABLES:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            old = [
                c
                for c in columns
                if (table, c) not in {("cases", "priority"), ("users", "locked_at")}
            ]
            out[table] = conn.execute(
                f"SELECT {', '.join(old)} FROM {table} ORDER BY rowid"
            ).fetchall()
    return out


@pytest.fixture
def old_workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURE, root)
    # Git keeps no empty folders: put back the ones every workspace has.
    for folder in WorkspacePaths(root).folders():
        folder.mkdir(parents=True, exist_ok=True)
    # ... and the case's folder, empty there (the case has no files): audit verify checks it.
    with sqlite3.connect(f"file:{root / 'reviewer.db'}?mode=ro&immutable=1", uri=True) as conn:
        for (store_dir,) in conn.execute("SELECT store_dir FROM cases"):
            (WorkspacePaths(root).cases / store_dir).mkdir()
    return root


def _revision(db: Path) -> str:
    # immutable: reading a WAL database must not leave -wal/-shm files in the fixture
    with sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_the_fixture_is_at_the_first_revision() -> None:
    assert _revision(FIXTURE / "reviewer.db") == "0001"
    assert migrate.head_revision() != "0001", "a newer revision exists to upgrade to"


def test_opening_an_old_workspace_backs_up_then_upgrades_and_keeps_every_row(
    old_workspace: Path,
) -> None:
    db = old_workspace / "reviewer.db"
    before = _rows(db)
    assert before["cases"] and before["checklist_items"] and before["determinations"]
    assert len(before["audit_log"]) == 12

    with open_workspace(old_workspace) as ws:
        assert migrate.current_revision(ws.db.engine) == migrate.head_revision()

    backups = sorted(old_workspace.glob("reviewer.db.0001.*.bak"))
    assert len(backups) == 1
    assert _revision(backups[0]) == "0001"
    assert _rows(backups[0]) == before, "the backup is the old database, unchanged"
    after = _rows(db)
    # Revision 0005 re-covers the case and its items under the digest rule that folds in
    # their files, notes and history (audit.rehash), then adopts the settings and files
    # the trail did not cover yet: new entries after the old ones, and the chain head
    # moved on; nothing else changed.
    assert after["audit_log"][:12] == before["audit_log"]
    adopted = after["audit_log"][12:]
    assert adopted and {row[3] for row in adopted} == {"audit.adopt", "audit.rehash"}
    assert any(row[3] == "audit.rehash" and row[5].startswith("case:") for row in adopted)
    assert {row[5] for row in adopted} >= {"setting:workstation_recipient", "file:policy.toml"}
    head = [r for r in before["settings"] if r[0] == "audit_head"]
    assert [r for r in after["settings"] if r[0] != "audit_head"] == \
        [r for r in before["settings"] if r[0] != "audit_head"] and head
    assert {k: v for k, v in after.items() if k not in ("audit_log", "settings")} == \
        {k: v for k, v in before.items() if k not in ("audit_log", "settings")}, \
        "the upgrade kept every row of every table"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT DISTINCT priority FROM cases").fetchall() == [(0,)]
        assert conn.execute("SELECT count(*) FROM users WHERE locked_at IS NULL").fetchone() == (3,)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

    # Opening it again: already at head, no second backup.
    open_workspace(old_workspace).close()
    assert len(list(old_workspace.glob("reviewer.db.*.bak"))) == 1


def _cli(workspace: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    pw = tmp_path / "pw"
    pw.write_text("demo")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "reviewer_app",
            "--workspace",
            str(workspace),
            "--user",
            "admin",
            "--password-file",
            str(pw),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_audit_verify_passes_after_the_upgrade(old_workspace: Path, tmp_path: Path) -> None:
    """Row digests recorded at 0001 still match the rows with 0002's new columns."""
    result = _cli(old_workspace, tmp_path, "audit", "verify")
    assert result.returncode == 0, result.stderr
    assert "intact" in result.stdout
    assert _revision(old_workspace / "reviewer.db") == migrate.head_revision()
    assert list(old_workspace.glob("reviewer.db.0001.*.bak"))


@pytest.mark.parametrize(
    ("tamper", "subject"),
    [
        ("UPDATE cases SET priority = 9", "case:6f1c2a9e-0001-4c1e-9a5e-2f4d7b3c1a01"),
        (
            "UPDATE users SET locked_at = '2026-11-23T00:00:00.000000+00:00' "
            "WHERE username = 'reviewer'",
            "user:reviewer",
        ),
    ],
)
def test_a_new_column_changed_behind_the_apps_back_is_still_caught(
    old_workspace: Path, tmp_path: Path, tamper: str, subject: str
) -> None:
    """Leaving neutral values out of digests must not hide tampering with them."""
    open_workspace(old_workspace).close()
    with sqlite3.connect(old_workspace / "reviewer.db") as conn:
        conn.execute(tamper)
    result = _cli(old_workspace, tmp_path, "audit", "verify")
    assert result.returncode == 4
    assert subject in result.stderr
    assert "changed outside the application" in result.stderr
