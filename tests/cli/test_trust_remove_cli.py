"""``trust remove`` and ``users role``: administrators only, audited, the chain still verifies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer_app.__main__ import main
from tests.cli.test_import_pack_trust_cli import trusted
from tests.support.import_fixtures import test_pki
from tests.support.packages import PackageSpec, SubmitterPki

__all__ = ["test_pki", "trusted"]


def _as(workspace: Path, tmp_path: Path, user: str, password: str, *args: str) -> int:
    pw = tmp_path / f"pw-{user}"
    pw.write_text(password)
    return main(["--workspace", str(workspace), "--user", user, "--password-file", str(pw), *args])


def _add_reviewer(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "new").write_text("riley's secret")
    rc, _, err = cli("users", "add", "riley", "--role", "reviewer",
                     "--new-password-file", str(tmp_path / "new"))
    assert rc == 0, err


def test_a_removed_anchor_no_longer_admits_packages(cli, trusted: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    test_pki: SubmitterPki) -> None:
    package = PackageSpec(test_pki, trusted).build(tmp_path / "p.subpkg")
    rc, out, _ = cli("trust", "list", "--json")
    (anchor,) = json.loads(out)["submitters"]
    rc, out, err = cli("trust", "remove", anchor["file"])
    assert rc == 0, err
    assert f"removed {anchor['file']}" in out and "Test Submitter Root CA" in out
    assert json.loads(cli("trust", "list", "--json")[1])["submitters"] == []
    rc, _, err = cli("import", str(package))
    assert rc == 3 and "PKG_SIGNER_UNTRUSTED" in err
    entries = json.loads(cli("audit", "list", "--json")[1])
    removal = [e for e in entries if e["action"] == "trust.remove"]
    assert removal and removal[-1]["actor"] == "alice"
    assert removal[-1]["details"]["file"] == anchor["file"]
    assert cli("audit", "verify")[0] == 0  # the removal is recorded, not a file gone missing


def test_remove_names_a_listed_file_never_a_path(cli, trusted: str, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    """An attacker's path out of the trust folder deletes nothing."""
    for name in ("../../workspace.db", "../office", str(workspace / "policy.toml"), ".", ""):
        rc, _, err = cli("trust", "remove", name)
        assert rc == 2 and "NO_SUCH_TRUST_FILE" in err, name
    assert (workspace / "policy.toml").exists()
    rc, out, _ = cli("trust", "list", "--json")
    assert len(json.loads(out)["submitters"]) == 1


def test_the_kind_picks_the_folder(cli, trusted: str) -> None:  # type: ignore[no-untyped-def]
    (anchor,) = json.loads(cli("trust", "list", "--json")[1])["submitters"]
    rc, _, err = cli("trust", "remove", "--office", anchor["file"])  # it is a submitter anchor
    assert rc == 2 and "no office trust file" in err
    rc, _, err = cli("trust", "remove", "--crl", anchor["file"])
    assert rc == 2 and "no crl trust file" in err


def test_a_reviewer_cannot_remove_an_anchor(cli, trusted: str, workspace: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                            capsys: pytest.CaptureFixture[str]) -> None:
    _add_reviewer(cli, tmp_path)
    (anchor,) = json.loads(cli("trust", "list", "--json")[1])["submitters"]
    assert _as(workspace, tmp_path, "riley", "riley's secret", "trust", "remove", anchor["file"]) == 5
    err = capsys.readouterr().err
    assert ("error: NOT_PERMITTED: removing a trust anchor needs the administrator role; "
            "riley is signed in as a reviewer") in err
    assert len(json.loads(cli("trust", "list", "--json")[1])["submitters"]) == 1
    refused = [e for e in json.loads(cli("audit", "list", "--json")[1]) if e["action"] == "refused"]
    assert refused[-1]["actor"] == "riley"


def test_an_administrator_changes_a_role(cli, workspace: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _add_reviewer(cli, tmp_path)
    rc, out, err = cli("users", "role", "riley", "--role", "supervisor")
    assert rc == 0 and "riley is now supervisor" in out, err
    listing = json.loads(cli("users", "list", "--json")[1])
    assert {u["username"]: u["role"] for u in listing}["riley"] == "supervisor"
    (entry,) = [e for e in json.loads(cli("audit", "list", "--json")[1]) if e["action"] == "user.role"]
    assert entry["details"] == {"username": "riley", "role": "supervisor", "was": "reviewer"}
    assert cli("audit", "verify")[0] == 0
    # riley, now a supervisor, still may not give roles; nor can alice change her own
    assert _as(workspace, tmp_path, "riley", "riley's secret", "users", "role", "alice",
               "--role", "reviewer") == 5
    assert "riley is signed in as a supervisor" in capsys.readouterr().err
    rc, _, err = cli("users", "role", "alice", "--role", "reviewer")
    assert rc == 2 and "SELF_ROLE" in err
