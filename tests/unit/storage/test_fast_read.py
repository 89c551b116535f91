"""The stdlib read path (storage.fast_read) gives what the ORM gives, on the same database."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, update

from reviewer_app.domain.case import CaseStatus
from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import NotPermittedError, UsageError
from reviewer_app.services.access import users
from reviewer_app.services.cases.reading import list_cases, to_case
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.storage import fast_read, migrate
from reviewer_app.storage.models import CaseRow, SettingRow, UserRow
from tests.support.case_factory import insert_cases, spec
from tests.support.workspaces import WorkspaceTemplate, copy_workspace, make_template


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> WorkspaceTemplate:
    return make_template(tmp_path_factory.mktemp("template") / "ws")


@pytest.fixture
def ws(template: WorkspaceTemplate, tmp_path: Path) -> Iterator[Workspace]:
    with copy_workspace(template, tmp_path / "ws") as ws:
        yield ws


def varied_cases(ws: Workspace) -> None:
    """Every status, deadlines past and future, received instants in several zones and
    some equal (the id breaks the tie), a linked case."""
    statuses = list(CaseStatus)
    zones = (UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=9, minutes=30)))
    specs = []
    for n in range(1, 41):
        base = spec(n, days_left=(n * 7) % 50 - 20)
        received = base.received.astimezone(zones[n % 3]) + timedelta(microseconds=n * 1013)
        if n % 5 == 0:
            received = datetime(2026, 3, 1, 12, tzinfo=UTC)  # ties
        specs.append(dataclasses.replace(base, received=received, status=statuses[n % len(statuses)]))
    insert_cases(ws, specs)
    with ws.uow() as s:
        first = s.scalar(select(CaseRow.uuid).order_by(CaseRow.id).limit(1))
        s.execute(update(CaseRow).where(CaseRow.id % 7 == 3).values(linked_to=first))


def orm_case_list(ws: Workspace) -> list[object]:
    """``list_cases`` as it was written with the ORM (the reference)."""
    with ws.reader() as s:
        rows = s.scalars(select(CaseRow).order_by(CaseRow.received_at.desc(), CaseRow.id.desc()))
        return [to_case(r) for r in rows]


def test_case_list_equals_the_orm_list(ws: Workspace) -> None:
    assert list_cases(ws) == [] == orm_case_list(ws)
    varied_cases(ws)
    fast = list_cases(ws)
    assert fast == orm_case_list(ws)
    assert len(fast) == 40
    assert {c.status for c in fast} == set(CaseStatus)
    assert any(c.linked_to for c in fast)
    assert all(c.received_at.tzinfo is not None for c in fast)


def test_login_rows_settings_and_revision_equal_the_orm(ws: Workspace) -> None:
    admin = Actor("alice", Role.ADMINISTRATOR)
    users.add_user(ws, admin, username="bob", role=Role.REVIEWER, password="bob password",
                   display_name="Bob Example", title="Reviewer")
    users.add_user(ws, admin, username="carol", role=Role.SUPERVISOR, password="carol password")
    users.set_active(ws, admin, "carol", False)
    with pytest.raises(NotPermittedError):
        users.authenticate(ws, "bob", "wrong", sleep=lambda _s: None)
    with ws.reader() as s:
        for row in s.scalars(select(UserRow)):
            fast = fast_read.login_row(ws.paths.db, row.username)
            assert fast == fast_read.LoginRow(row.username, row.role, row.display_name,
                                              row.password_hash, row.failed_logins,
                                              bool(row.active), row.locked_at is not None)
        for setting in s.scalars(select(SettingRow)):
            assert ws.setting(setting.key) == setting.value
    assert fast_read.login_row(ws.paths.db, "nobody") is None
    assert fast_read.login_row(ws.paths.db, "bob").failed_logins == 1  # type: ignore[union-attr]
    assert fast_read.active_usernames(ws.paths.db) == [
        u.username for u in users.list_users(ws) if u.active] == ["alice", "bob", "riley"]
    assert ws.setting("no such key", "fallback") == "fallback"
    assert fast_read.schema_revision(ws.paths.db) == migrate.current_revision(ws.db.engine)
    assert fast_read.schema_revision(ws.paths.db) == migrate.head_revision()


def test_no_database_and_no_revision(tmp_path: Path) -> None:
    assert fast_read.schema_revision(tmp_path / "missing.db") is None
    sqlite3.connect(tmp_path / "empty.db").close()
    assert fast_read.schema_revision(tmp_path / "empty.db") is None


def test_a_path_with_uri_characters(tmp_path: Path) -> None:
    db = tmp_path / "a folder #1 %20 ?x" / "reviewer.db"
    db.parent.mkdir()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO settings VALUES ('k', '{\"a\": [1, 2]}')")
    assert fast_read.setting(db, "k") == {"a": [1, 2]}


def test_the_read_path_cannot_write(ws: Workspace) -> None:
    with fast_read.connect(ws.paths.db) as conn, pytest.raises(sqlite3.OperationalError,
                                                               match="readonly"):
        conn.execute("DELETE FROM settings")
    assert ws.setting("audit_head") is not None


def test_sole_username(ws: Workspace) -> None:
    with pytest.raises(UsageError, match="several users"):
        users.sole_username(ws)  # alice and riley
    users.set_active(ws, Actor("alice", Role.ADMINISTRATOR), "riley", False)
    assert users.sole_username(ws) == "alice"


def test_user_row_digest_is_the_orms_row_digest(ws: Workspace) -> None:
    """Sign-in's check (fast_read) digests a users row exactly as the audit trail does, for
    every column and state a row can have: credential JSON, instants, locked_at set or not."""
    from reviewer_app.storage import audit_chain

    with ws.uow() as s:
        s.execute(update(UserRow).where(UserRow.username == "riley").values(
            credential={"kind": "pkcs12", "file": "keys/users/riley.p12", "é": [1, 2]},
            failed_logins=3, last_failed_at=datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
            locked_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2)))))
    with ws.reader() as s:
        rows = {r.username: audit_chain.row_digest(r) for r in s.scalars(select(UserRow))}
    assert set(rows) == {"alice", "riley"}
    for name, expected in rows.items():
        assert fast_read.user_row_digest(ws.paths.db, name)[0] == expected
    # alice is as her newest entry left her; riley was changed just now, behind the trail.
    assert fast_read.user_row_digest(ws.paths.db, "alice") == (rows["alice"], rows["alice"])
    assert fast_read.user_row_digest(ws.paths.db, "riley")[1] not in (None, rows["riley"])
    assert fast_read.user_row_digest(ws.paths.db, "nobody") == (None, None)


def test_fast_read_knows_every_users_column() -> None:
    """A column added to users must be taught to fast_read.user_row_digest (instant, JSON,
    or a migration's neutral value) and to this test."""
    from reviewer_app.storage.models import DIGEST_NEUTRAL

    columns = {c.key: c for c in UserRow.__table__.columns}
    assert set(columns) == {"id", "username", "role", "display_name", "title", "password_hash",
                            "credential", "failed_logins", "last_failed_at", "active",
                            "created_at", "locked_at"}
    neutral = {k: c.info[DIGEST_NEUTRAL] for k, c in columns.items() if DIGEST_NEUTRAL in c.info}
    assert neutral == fast_read._USER_NEUTRAL
