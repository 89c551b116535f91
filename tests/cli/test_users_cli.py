"""User management: administrators only; refusals exit 5 and are audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer_app.__main__ import main


def _as(workspace: Path, tmp_path: Path, user: str, password: str, *args: str) -> int:
    pw = tmp_path / f"pw-{user}"
    pw.write_text(password)
    return main(["--workspace", str(workspace), "--user", user, "--password-file", str(pw), *args])


def test_admin_adds_a_reviewer_who_can_log_in(
    cli, workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "new").write_text("riley's secret")
    rc, out, _ = cli(
        "users",
        "add",
        "riley",
        "--role",
        "reviewer",
        "--display-name",
        "Riley R",
        "--new-password-file",
        str(tmp_path / "new"),
    )
    assert rc == 0, out
    assert _as(workspace, tmp_path, "riley", "riley's secret", "users", "list", "--json") == 0
    listing = json.loads(capsys.readouterr().out)
    assert {u["username"]: u["role"] for u in listing} == {
        "alice": "administrator",
        "riley": "reviewer",
    }


def test_a_reviewer_cannot_add_users_and_the_refusal_is_audited(
    cli, workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "new").write_text("riley's secret")
    assert (
        cli(
            "users",
            "add",
            "riley",
            "--role",
            "reviewer",
            "--new-password-file",
            str(tmp_path / "new"),
        )[0]
        == 0
    )
    rc = _as(
        workspace,
        tmp_path,
        "riley",
        "riley's secret",
        "users",
        "add",
        "eve",
        "--role",
        "administrator",
        "--new-password-file",
        str(tmp_path / "new"),
    )
    assert rc == 5
    assert "error: NOT_PERMITTED:" in capsys.readouterr().err
    rc, out, _ = cli("audit", "list", "--json")
    refused = [e for e in json.loads(out) if e["action"] == "refused"]
    assert refused and refused[-1]["actor"] == "riley"
    assert cli("audit", "verify")[0] == 0


def test_a_disabled_user_cannot_log_in(cli, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "new").write_text("riley's secret")
    cli("users", "add", "riley", "--role", "reviewer", "--new-password-file", str(tmp_path / "new"))
    assert cli("users", "disable", "riley")[0] == 0
    assert _as(workspace, tmp_path, "riley", "riley's secret", "cases") == 5
    assert cli("users", "disable", "alice")[0] == 2  # never lock yourself out


def test_password_change_takes_effect(cli, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "new").write_text("a brand new one")
    assert cli("users", "passwd", "--new-password-file", str(tmp_path / "new"))[0] == 0
    assert _as(workspace, tmp_path, "alice", "a brand new one", "cases") == 0
    assert _as(workspace, tmp_path, "alice", "correct horse", "cases") == 5


def test_a_locked_account_is_refused_until_an_administrator_unlocks_it(
    cli, workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from reviewer_app.errors import NotPermittedError
    from reviewer_app.services.access import sign_in
    from reviewer_app.services.workspace.folder import open_workspace

    (tmp_path / "new").write_text("riley's secret")
    assert cli("users", "add", "riley", "--role", "reviewer",
               "--new-password-file", str(tmp_path / "new"))[0] == 0
    with open_workspace(workspace) as ws:  # ten guesses (without the growing wait)
        for n in range(10):
            with pytest.raises(NotPermittedError):
                sign_in.check_password(ws, "riley", f"guess {n}", sleep=lambda _s: None)
    capsys.readouterr()
    assert _as(workspace, tmp_path, "riley", "riley's secret", "users", "list") == 5
    err = capsys.readouterr().err
    assert "ACCOUNT_LOCKED" in err and "wrong user name or password" not in err
    rc, out, _ = cli("users", "list")
    assert rc == 0 and "riley" in out and "(locked)" in out
    # Only an administrator unlocks; riley cannot unlock riley.
    assert _as(workspace, tmp_path, "riley", "riley's secret", "users", "unlock", "riley") == 5
    rc, out, _ = cli("users", "unlock", "riley")
    assert (rc, out.strip()) == (0, "riley is unlocked")
    assert _as(workspace, tmp_path, "riley", "riley's secret", "users", "list") == 0
    rc, _, err = cli("users", "unlock", "riley")
    assert rc == 2 and "NOT_LOCKED" in err
    rc, out, _ = cli("audit", "list", "--json")
    actions = [e["action"] for e in json.loads(out)]
    assert "user.locked" in actions and "user.unlock" in actions
