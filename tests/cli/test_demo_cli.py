"""``reviewer-app demo``: made once, then reported; users and trust as the contract says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer_app.__main__ import main


def test_demo_is_created_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "demo"
    assert main(["--workspace", str(root), "demo"]) == 0
    assert capsys.readouterr().out.strip() == str(root.resolve())
    marker = (root / "workspace.json").read_text()
    assert json.loads(marker)["demo"] is True
    assert main(["--workspace", str(root), "demo"]) == 0
    assert "already exists" in capsys.readouterr().err
    (tmp_path / "pw").write_text("demo")
    for user in ("reviewer", "supervisor", "admin"):
        rc = main(
            [
                "--workspace",
                str(root),
                "--user",
                user,
                "--password-file",
                str(tmp_path / "pw"),
                "audit",
                "verify",
            ]
        )
        assert rc == 0, user
    assert (root / "trust" / "submitters" / "demo-submitter-ca.pem").is_file()
    assert (root / "trust" / "office" / "demo-office-ca.pem").is_file()
    assert (root / "keys" / "users" / "reviewer.p12").is_file()


def test_several_users_and_no_user_option_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "demo"
    assert main(["--workspace", str(root), "demo"]) == 0
    (tmp_path / "pw").write_text("demo")
    assert main(["--workspace", str(root), "--password-file", str(tmp_path / "pw"), "cases"]) == 2
    assert "error: WHICH_USER:" in capsys.readouterr().err
