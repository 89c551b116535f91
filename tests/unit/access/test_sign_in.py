"""Sign-in split in two: the password check (no SQLAlchemy) and the login entry (ORM).

Every security behaviour of ``authenticate`` stays: argon2id, the growing
delay, failures counted and audited at once, disabled users refused, the
``login`` entry covering the user's row, and ``audit verify`` green.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import NotPermittedError
from reviewer_app.services.access import login_records, sign_in, users
from reviewer_app.services.audit.trail import audit_entries, verify_audit
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.storage import audit_chain, fast_read
from reviewer_app.storage.models import UserRow
from tests.support.workspaces import PASSWORD

ROOT = Path(__file__).resolve().parents[3]


def no_wait(_seconds: float) -> None:
    pass


def test_a_checked_password_writes_nothing_until_its_login_is_recorded(ws: Workspace) -> None:
    before = audit_entries(ws)
    signed = sign_in.check_password(ws, "alice", PASSWORD, sleep=no_wait)
    assert signed.actor == Actor("alice", Role.ADMINISTRATOR, "alice")  # init names the admin
    assert audit_entries(ws) == before
    login_records.record_login(ws, signed)
    entry = audit_entries(ws)[-1]
    assert (entry.actor, entry.action, entry.subject, entry.details) == (
        "alice", "login", audit_chain.user_subject("alice"), {})
    assert entry.at == signed.at.isoformat(timespec="microseconds")  # when it was checked
    with ws.reader() as s:
        row = s.scalar(select(UserRow).where(UserRow.username == "alice"))
        assert row is not None and entry.subject_digest == audit_chain.row_digest(row)
    assert verify_audit(ws).ok


def test_authenticate_writes_the_same_entry_as_check_then_record(ws: Workspace) -> None:
    users.authenticate(ws, "alice", PASSWORD, sleep=no_wait)
    login_records.record_login(ws, sign_in.check_password(ws, "alice", PASSWORD, sleep=no_wait))
    a, b = audit_entries(ws)[-2:]
    assert (a.actor, a.action, a.subject, a.subject_digest, a.details) == (
        b.actor, b.action, b.subject, b.subject_digest, b.details)
    assert verify_audit(ws).ok


def test_failures_are_counted_and_audited_at_once_and_success_resets(ws: Workspace) -> None:
    waits: list[float] = []
    for _ in range(2):
        with pytest.raises(NotPermittedError, match="wrong user name or password"):
            sign_in.check_password(ws, "alice", "wrong", sleep=waits.append)
    entries = audit_entries(ws)
    assert [e.action for e in entries[-2:]] == ["login.failed", "login.failed"]
    assert entries[-1].details == {"failures_in_a_row": 2}
    assert fast_read.login_row(ws.paths.db, "alice").failed_logins == 2  # type: ignore[union-attr]
    signed = sign_in.check_password(ws, "alice", PASSWORD, sleep=waits.append)
    assert waits == [0.0, sign_in.login_delay(1), sign_in.login_delay(2)]
    login_records.record_login(ws, signed)
    assert fast_read.login_row(ws.paths.db, "alice").failed_logins == 0  # type: ignore[union-attr]
    assert verify_audit(ws).ok


def test_unknown_and_disabled_users_are_refused(ws: Workspace) -> None:
    admin = Actor("alice", Role.ADMINISTRATOR)
    users.add_user(ws, admin, username="bob", role=Role.REVIEWER, password="bob password")
    users.set_active(ws, admin, "bob", False)
    with pytest.raises(NotPermittedError):
        sign_in.check_password(ws, "bob", "bob password", sleep=no_wait)
    with pytest.raises(NotPermittedError):
        sign_in.check_password(ws, "nobody", "whatever", sleep=no_wait)
    unknown, disabled = audit_entries(ws)[-1], audit_entries(ws)[-2]
    assert (disabled.action, disabled.subject) == ("login.failed", audit_chain.user_subject("bob"))
    assert (unknown.action, unknown.subject, unknown.details) == (
        "login.failed", None, {"failures_in_a_row": 1})
    assert verify_audit(ws).ok


def test_an_account_disabled_between_check_and_record_is_refused(ws: Workspace) -> None:
    admin = Actor("alice", Role.ADMINISTRATOR)
    users.add_user(ws, admin, username="bob", role=Role.REVIEWER, password="bob password")
    signed = sign_in.check_password(ws, "bob", "bob password", sleep=no_wait)
    users.set_active(ws, admin, "bob", False)
    count = len(audit_entries(ws))
    with pytest.raises(NotPermittedError):
        login_records.record_login(ws, signed)
    assert len(audit_entries(ws)) == count


def test_the_first_paint_path_loads_no_sqlalchemy(ws: Workspace) -> None:
    """Open, check the password, read the user list, a setting and the cases:
    neither SQLAlchemy nor Alembic is imported (the schema is current)."""
    script = f"""
import json, sys
from pathlib import Path
from reviewer_app.services.workspace.folder import open_workspace
from reviewer_app.services.cases import reading as cases
from reviewer_app.services.access import sign_in
ws = open_workspace(Path({str(ws.root)!r}))
signed = sign_in.check_password(ws, "alice", {PASSWORD!r})
ws.setting("idle_minutes", 15)
cases.list_cases(ws)
print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}} & {{"sqlalchemy", "alembic"}})))
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    count = len(audit_entries(ws))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=env, cwd=ROOT, check=True, timeout=120)
    assert json.loads(out.stdout) == []
    assert len(audit_entries(ws)) == count  # a passed check writes nothing by itself
