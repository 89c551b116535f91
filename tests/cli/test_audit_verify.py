"""``audit verify``: intact, and every kind of tampering with the database."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from reviewer_app.__main__ import main


def _db(workspace: Path) -> sqlite3.Connection:
    return sqlite3.connect(workspace / "reviewer.db", isolation_level=None)


def _add_entries(workspace: Path, tmp_path: Path, n: int) -> None:
    """Real entries: failed logins are audited (and the right password resets the count)."""
    (tmp_path / "bad").write_text("wrong")
    for _ in range(n):
        assert (
            main(["--workspace", str(workspace), "--password-file", str(tmp_path / "bad"), "cases"])
            == 5
        )


def test_an_untouched_trail_verifies(cli) -> None:  # type: ignore[no-untyped-def]
    rc, out, _ = cli("audit", "verify", "--json")
    assert rc == 0
    report = json.loads(out)
    assert report["ok"] is True and report["first_bad"] is None and report["entries"] >= 2


def test_a_changed_row_is_named(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    with _db(workspace) as db:
        db.execute("UPDATE audit_log SET actor='mallory' WHERE seq=1")
    rc, out, err = cli("audit", "verify", "--json")
    assert rc == 4
    assert json.loads(out)["first_bad"]["seq"] == 1
    assert "error: AUDIT_BROKEN: first bad entry #1" in err


def test_a_deleted_row_in_the_middle_is_found(cli, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _add_entries(workspace, tmp_path, 3)
    with _db(workspace) as db:
        db.execute("DELETE FROM audit_log WHERE seq=3")
    rc, out, _ = cli("audit", "verify", "--json")
    assert rc == 4
    assert json.loads(out)["first_bad"]["seq"] == 3


def test_deleting_the_newest_rows_is_found(cli, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _add_entries(workspace, tmp_path, 2)
    with _db(workspace) as db:
        last = db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
        db.execute("DELETE FROM audit_log WHERE seq=?", (last,))
    rc, _, err = cli("audit", "verify")
    assert rc == 4
    assert f"first bad entry #{last}" in err


def test_reordered_rows_are_found(cli, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _add_entries(workspace, tmp_path, 2)
    with _db(workspace) as db:
        db.execute("UPDATE audit_log SET seq=-1 WHERE seq=2")
        db.execute("UPDATE audit_log SET seq=2 WHERE seq=3")
        db.execute("UPDATE audit_log SET seq=3 WHERE seq=-1")
    rc, out, _ = cli("audit", "verify", "--json")
    assert rc == 4
    assert json.loads(out)["first_bad"]["seq"] == 2


def test_a_covered_row_changed_outside_the_app_is_found(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    """The user row is covered by its creation entry: promoting oneself is detected."""
    with _db(workspace) as db:
        db.execute("UPDATE users SET display_name='Eve' WHERE username='alice'")
    rc, _, err = cli("audit", "verify")
    assert rc == 4
    assert "user:alice" in err and "changed outside the application" in err


def test_failed_logins_are_audited_and_refused_with_exit_5(
    workspace: Path, tmp_path: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    _add_entries(workspace, tmp_path, 1)
    rc, out, _ = cli("audit", "list", "--json")
    assert rc == 0
    actions = [e["action"] for e in json.loads(out)]
    assert "login.failed" in actions
