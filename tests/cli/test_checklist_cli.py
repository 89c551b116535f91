"""``checklist CASE``, ``checklist set``, ``checklist accept``, ``checklist export`` per spec/cli.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer_app.__main__ import main
from reviewer_app.domain.users import Actor, Role
from reviewer_app.services.access.users import create_user
from reviewer_app.services.workspace.folder import open_workspace
from tests.cli.conftest import ADMIN_PASSWORD
from tests.support.checklist_cases import add_case, audit_ok

PASSWORD = "rita's password"


@pytest.fixture
def setup(workspace: Path, tmp_path: Path) -> tuple[Path, str]:
    with open_workspace(workspace) as ws:
        with ws.uow() as s:
            create_user(s, actor=Actor("alice", Role.ADMINISTRATOR), username="rita", role=Role.REVIEWER, password=PASSWORD)
        add_case(ws, reference="FMR-2026-0007")
    (tmp_path / "rita-pw").write_text(PASSWORD)
    (tmp_path / "pw").write_text(ADMIN_PASSWORD)
    return workspace, "FMR-2026-0007"


@pytest.fixture
def run(setup: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    workspace, _ = setup

    def go(*args: str, user: str = "rita") -> tuple[int, str, str]:
        pw = tmp_path / ("rita-pw" if user == "rita" else "pw")
        rc = main(["--workspace", str(workspace), "--user", user, "--password-file", str(pw), *args])
        captured = capsys.readouterr()
        return rc, captured.out, captured.err

    return go


def _audit_ok(workspace: Path) -> None:
    with open_workspace(workspace) as ws:
        audit_ok(ws)


def test_show_json_lists_status_severity_and_suggestion(run, setup) -> None:  # type: ignore[no-untyped-def]
    rc, out, err = run("checklist", "FMR-2026-0007", "--json")
    assert rc == 0, err
    doc = json.loads(out)
    items = {i["id"]: i for i in doc["items"]}
    assert len(items) == 39 and doc["progress"]["not_reviewed"] == 39
    assert items["ACC-01"]["status"] == "not_reviewed" and items["ACC-01"]["severity"] == "CAT I"
    assert items["ACC-01"]["suggestion"] == {"status": "open",
                                             "explanation": "denylist lacks KP (North Korea)"}
    _audit_ok(setup[0])


def test_show_text(run) -> None:  # type: ignore[no-untyped-def]
    rc, out, _ = run("checklist", "FMR-2026-0007")
    assert rc == 0
    assert "0 of 39 reviewed" in out
    assert "ACC-01   not_reviewed    CAT I" in out and "suggested: open" in out


def test_set_then_show(run, setup) -> None:  # type: ignore[no-untyped-def]
    rc, out, err = run("checklist", "set", "FMR-2026-0007", "ACC-01", "--status", "open",
                       "--details", "KP missing", "--comment", "asked the lab")
    assert rc == 0, err
    assert out.strip() == "ACC-01: open (CAT I)"
    _, out, _ = run("checklist", "FMR-2026-0007", "--json")
    item = next(i for i in json.loads(out)["items"] if i["id"] == "ACC-01")
    assert (item["status"], item["finding_details"], item["comments"]) == (
        "open", "KP missing", "asked the lab")
    _audit_ok(setup[0])


def test_accept_one_and_all(run, setup) -> None:  # type: ignore[no-untyped-def]
    rc, out, _ = run("checklist", "accept", "FMR-2026-0007", "PKG-01")
    assert (rc, out.strip()) == (0, "PKG-01: not_a_finding")
    rc, out, _ = run("checklist", "accept", "FMR-2026-0007", "--all")
    assert rc == 0 and out.startswith("accepted ") and "PKG-01" not in out and "ACC-01" in out
    _, out, _ = run("checklist", "FMR-2026-0007", "--json")
    doc = json.loads(out)
    assert all(i["status"] != "not_reviewed" for i in doc["items"] if i["suggestion"])
    _audit_ok(setup[0])


def test_export_writes_cklb(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rc, _, err = run("checklist", "export", "FMR-2026-0007", "-o", str(tmp_path / "c.cklb"))
    assert rc == 0, err
    doc = json.loads((tmp_path / "c.cklb").read_text(encoding="utf-8"))
    assert len(doc["stigs"][0]["rules"]) == 39


@pytest.mark.parametrize("args,code", [
    (("checklist", "set", "FMR-2026-0007", "ACC-01", "--status", "maybe"), "USAGE"),
    (("checklist", "set", "FMR-2026-0007", "ACC-01"), "USAGE"),
    (("checklist", "accept", "FMR-2026-0007"), "USAGE"),
    (("checklist", "accept", "FMR-2026-0007", "PKG-01", "--all"), "USAGE"),
    (("checklist", "set", "FMR-2026-0007", "ZZ-01", "--status", "open"), "NO_SUCH_ITEM"),
    (("checklist", "NOPE-1"), "NO_SUCH_CASE"),
    (("checklist",), "USAGE"),
    (("checklist", "set", "FMR-2026-0007", "PKG-05", "--severity-override", "CAT I"),
     "JUSTIFICATION_REQUIRED"),
])
def test_usage_errors_exit_2(run, args: tuple[str, ...], code: str) -> None:  # type: ignore[no-untyped-def]
    rc, out, err = run(*args)
    assert rc == 2
    assert err.startswith(f"error: {code}:") and out == ""


def test_an_administrator_is_refused(run, setup) -> None:  # type: ignore[no-untyped-def]
    rc, _, err = run("checklist", "set", "FMR-2026-0007", "ACC-01", "--status", "open", user="alice")
    assert rc == 5 and "error: NOT_PERMITTED:" in err
    rc, _, _ = run("checklist", "FMR-2026-0007", user="alice")  # reading is fine
    assert rc == 0
    _audit_ok(setup[0])
