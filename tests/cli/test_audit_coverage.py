"""Coverage, as an insider with write access to the workspace attacks it.

Rows and files are planted with ``sqlite3`` and the shell's tools, the way
someone who can write the workspace but knows no password or passphrase would.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher

from reviewer_app.__main__ import main
from tests.support.pki import CertSpec, make_ca

PLANTED_PASSWORD = "mallory's own"


def _plant_admin(workspace: Path, username: str = "mallory") -> None:
    with sqlite3.connect(workspace / "reviewer.db", isolation_level=None) as db:
        db.execute(
            "INSERT INTO users (username, role, display_name, title, password_hash, credential,"
            " failed_logins, last_failed_at, active, created_at)"
            " VALUES (?, 'administrator', 'M', '', ?, NULL, 0, NULL, 1, ?)",
            (username, PasswordHasher().hash(PLANTED_PASSWORD),
             datetime.now(UTC).isoformat(timespec="microseconds")),
        )


def _as(workspace: Path, tmp_path: Path, user: str, password: str, *args: str) -> int:
    pw = tmp_path / f"pw-{user}"
    pw.write_text(password)
    return main(["--workspace", str(workspace), "--user", user, "--password-file", str(pw), *args])


def test_a_planted_administrator_is_found_and_cannot_sign_in(  # type: ignore[no-untyped-def]
    cli, workspace: Path, tmp_path: Path, capsys
) -> None:
    _plant_admin(workspace)
    rc, out, _ = cli("audit", "verify", "--json")
    assert rc == 4
    reasons = [p["reason"] for p in json.loads(out)["problems"]]
    assert any("user:mallory" in r and "no audit entry" in r for r in reasons), reasons

    # The right password, twice: refused both times (a first refusal must not cover the row).
    for _ in range(2):
        assert _as(workspace, tmp_path, "mallory", PLANTED_PASSWORD, "users", "list") == 5
        assert "ACCOUNT_UNVERIFIED" in capsys.readouterr().err
    # A wrong password first does not launder it either.
    assert _as(workspace, tmp_path, "mallory", "wrong", "users", "list") == 5
    assert _as(workspace, tmp_path, "mallory", PLANTED_PASSWORD, "users", "list") == 5
    rc, out, _ = cli("audit", "list", "--json")
    refusals = [e for e in json.loads(out) if e["action"] == "login.refused"]
    assert len(refusals) == 4 and all(e["subject"] is None for e in refusals)
    # The real administrator still signs in.
    assert cli("users", "list")[0] == 0


def test_a_role_raised_by_sql_cannot_sign_in(cli, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("users", "add", "bob", "--role", "reviewer", "--new-password-file",
               str(_secret(tmp_path, "bob-pw", "bob's password")))[0] == 0
    assert _as(workspace, tmp_path, "bob", "bob's password", "users", "list") == 0
    with sqlite3.connect(workspace / "reviewer.db", isolation_level=None) as db:
        db.execute("UPDATE users SET role='administrator' WHERE username='bob'")
    assert _as(workspace, tmp_path, "bob", "bob's password", "users", "list") == 5
    rc, _, err = cli("audit", "verify")
    assert rc == 4 and "user:bob was changed outside the application" in err


def test_an_administrator_acting_on_a_planted_account_does_not_launder_it(  # type: ignore[no-untyped-def]
    cli, workspace: Path, tmp_path: Path
) -> None:
    _plant_admin(workspace)
    assert cli("users", "disable", "mallory")[0] == 0
    rc, out, _ = cli("audit", "verify", "--json")
    assert rc == 4
    reasons = [p["reason"] for p in json.loads(out)["problems"]]
    assert any("user:mallory had been added outside the application" in r for r in reasons)


def test_a_dropped_in_trust_anchor_is_found(cli, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rogue = make_ca(CertSpec("Rogue Office CA"))
    (workspace / "trust" / "office" / "rogue.pem").write_bytes(rogue.cert_pem())
    rc, _, err = cli("audit", "verify")
    assert rc == 4 and "file:trust/office/rogue.pem has no audit entry" in err


def test_an_anchor_added_by_the_administrator_is_covered_and_its_swap_found(  # type: ignore[no-untyped-def]
    cli, workspace: Path, tmp_path: Path
) -> None:
    ca = make_ca(CertSpec("Second Office CA"))
    (tmp_path / "ca.pem").write_bytes(ca.cert_pem())
    assert cli("trust", "add", str(tmp_path / "ca.pem"), "--office")[0] == 0
    assert cli("audit", "verify")[0] == 0
    rogue = make_ca(CertSpec("Second Office CA"))
    (workspace / "trust" / "office" / "ca.pem").write_bytes(rogue.cert_pem())
    rc, _, err = cli("audit", "verify")
    assert rc == 4 and "file:trust/office/ca.pem was changed outside the application" in err


def test_an_edited_policy_and_a_planted_setting_are_found(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    policy = workspace / "policy.toml"
    policy.write_text(policy.read_text(encoding="utf-8") + "\n# relaxed\n", encoding="utf-8")
    with sqlite3.connect(workspace / "reviewer.db", isolation_level=None) as db:
        db.execute("INSERT INTO settings (key, value) VALUES ('limits', '{\"max_files\":1}')")
        db.execute("UPDATE settings SET value='\"age1rogue\"' WHERE key='workstation_recipient'")
    rc, out, _ = cli("audit", "verify", "--json")
    assert rc == 4
    reasons = "\n".join(p["reason"] for p in json.loads(out)["problems"])
    for expected in ("file:policy.toml was changed outside the application",
                     "setting:limits has no audit entry",
                     "setting:workstation_recipient was changed outside the application"):
        assert expected in reasons


def test_a_removed_anchor_is_found(cli, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ca = make_ca(CertSpec("Submitter CA"))
    (tmp_path / "sub.pem").write_bytes(ca.cert_pem())
    assert cli("trust", "add", str(tmp_path / "sub.pem"))[0] == 0
    shutil.move(workspace / "trust" / "submitters" / "sub.pem", tmp_path / "gone.pem")
    rc, _, err = cli("audit", "verify")
    assert rc == 4 and "file:trust/submitters/sub.pem was removed without an audit entry" in err


def _secret(tmp_path: Path, name: str, value: str) -> Path:
    path = tmp_path / name
    path.write_text(value)
    return path


def test_an_administrator_adopts_an_edited_policy_and_a_new_template(  # type: ignore[no-untyped-def]
    cli, workspace: Path, tmp_path: Path, capsys
) -> None:
    policy = workspace / "policy.toml"
    policy.write_text(policy.read_text(encoding="utf-8") + "\n# office revision 2\n",
                      encoding="utf-8")
    (workspace / "checklists").mkdir()
    template = workspace / "checklists" / "office-v2.toml"
    template.write_text("# an office template\n", encoding="utf-8")
    assert cli("audit", "verify")[0] == 4
    rc, out, _ = cli("audit", "adopt", str(policy), str(template))
    assert rc == 0
    assert "adopted file:policy.toml" in out and "adopted file:checklists/office-v2.toml" in out
    assert cli("audit", "verify")[0] == 0
    rc, out, _ = cli("audit", "list", "--json")
    adopted = [e for e in json.loads(out) if e["action"] == "file.adopt"]
    assert [e["actor"] for e in adopted] == ["alice", "alice"]
    assert adopted[0]["details"]["previous_sha256"] is not None  # the policy init covered

    # Only an administrator, only covered workspace files.
    assert cli("users", "add", "rita", "--role", "reviewer", "--new-password-file",
               str(_secret(tmp_path, "rita-pw", "rita's password")))[0] == 0
    assert _as(workspace, tmp_path, "rita", "rita's password", "audit", "adopt", str(policy)) == 5
    (workspace / "inbox" / "x.toml").write_text("x")
    rc, _, err = cli("audit", "adopt", str(workspace / "inbox" / "x.toml"))
    assert rc == 2 and "NOT_A_COVERED_FILE" in err
    rc, _, err = cli("audit", "adopt", str(tmp_path / "rita-pw"))
    assert rc == 2 and "NOT_A_WORKSPACE_FILE" in err


def test_an_entry_naming_a_file_outside_the_workspace_is_never_read(  # type: ignore[no-untyped-def]
    cli, workspace: Path, tmp_path: Path
) -> None:
    """A recomputed chain whose entry names ``file:../secret`` makes verify report it as
    missing; it does not hash (nor wait on) a file outside the workspace."""
    from tests.support import insider

    (tmp_path / "secret").write_text("outside")
    with sqlite3.connect(workspace / "reviewer.db", isolation_level=None) as db:
        seq = db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
        db.execute("UPDATE audit_log SET subject='file:../secret', subject_digest=? WHERE seq=?",
                   ("0" * 64, seq))
        insider.recompute_from(db, seq)
    rc, out, _ = cli("audit", "verify", "--json")
    reasons = [p["reason"] for p in json.loads(out)["problems"]]
    assert rc == 4 and any("file:../secret was removed" in r for r in reasons), reasons
