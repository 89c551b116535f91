"""Read-only queries in the standard library's ``sqlite3``, for the first paint.

Importing SQLAlchemy's core and ORM (with ``storage.models``) costs about a
quarter of a second, more than the rest of start-up together. What the window
needs before it can show (the schema revision, the signing-in user's row, a
setting, the case list) is read here instead, through a read-only connection
(``mode=ro``: this module cannot write), and turned into the same values the
ORM columns give (``storage.types``): instants and dates parsed from their
ISO text, JSON decoded. Everything that writes goes through the ORM.
``tests/unit/storage/test_fast_read.py`` checks both paths agree on the same database.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reviewer_app.domain.audit import digest
from reviewer_app.domain.case import Case, CaseStatus

BUSY_TIMEOUT_S = 10.0  # as storage.db's busy_timeout


@dataclass(frozen=True)
class LoginRow:
    """What checking a password needs from a ``users`` row."""

    username: str
    role: str
    display_name: str
    password_hash: str
    failed_logins: int
    active: bool
    locked: bool = False  # locked_at is set: too many wrong passwords, until an administrator unlocks


@contextmanager
def connect(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection; raises ``sqlite3.OperationalError`` when there is no database."""
    uri = f"{db_path.resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)) as conn:
        yield conn


def schema_revision(db_path: Path) -> str | None:
    """The Alembic revision stamped in the database; None when there is none (or no file)."""
    if not db_path.is_file():
        return None
    try:
        with connect(db_path) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:  # no alembic_version table yet
        return None
    return None if row is None else str(row[0])


def setting(db_path: Path, key: str, default: Any = None) -> Any:
    with connect(db_path) as conn:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return default
    return None if row[0] is None else json.loads(row[0])


def login_row(db_path: Path, username: str) -> LoginRow | None:
    with connect(db_path) as conn:
        row = conn.execute(
            "SELECT username, role, display_name, password_hash, failed_logins, active,"
            " locked_at FROM users WHERE username = ?",
            (username,),
        ).fetchone()
    if row is None:
        return None
    name, role, display_name, password_hash, failures, active, locked_at = row
    return LoginRow(name, role, display_name, password_hash, int(failures), bool(active),
                    locked_at is not None)


# How ``users`` columns become the values ``audit_subjects.row_digest`` digests
# (``storage.types``): instants as their ISO text, JSON decoded; a column a later
# migration added is left out while it holds the value it was added with.
_USER_INSTANTS = frozenset({"last_failed_at", "created_at", "locked_at"})
_USER_JSON = frozenset({"credential"})
_USER_NEUTRAL: dict[str, Any] = {"locked_at": None}


def user_row_digest(db_path: Path, username: str) -> tuple[str | None, str | None]:
    """The user's row digest now, and the digest the newest audit entry about it recorded.

    Both None: no such user. A row digest with a None recorded digest: no entry
    accounts for the row (it was added outside the application, or the newest
    entry recorded its removal). The cheap check sign-in makes: one row, one
    indexed look-up; ``audit verify`` checks the whole chain.
    """
    with connect(db_path) as conn:
        cursor = conn.execute("SELECT * FROM users WHERE username = ?", (username,))
        row = cursor.fetchone()
        if row is None:
            return None, None
        names = [d[0] for d in cursor.description]
        recorded = conn.execute(
            "SELECT subject_digest FROM audit_log WHERE subject = ? ORDER BY seq DESC LIMIT 1",
            (f"user:{username}",),
        ).fetchone()
    values: dict[str, Any] = {}
    for name, value in zip(names, row, strict=True):
        if name == "id" or (name in _USER_NEUTRAL and value == _USER_NEUTRAL[name]):
            continue
        if value is not None and name in _USER_INSTANTS:
            value = datetime.fromisoformat(value).isoformat()
        elif value is not None and name in _USER_JSON:
            value = json.loads(value)
        values[name] = value
    return digest(values), (None if recorded is None else recorded[0])


def active_usernames(db_path: Path) -> list[str]:
    with connect(db_path) as conn:
        rows = conn.execute(
            "SELECT username FROM users WHERE active ORDER BY username"
        ).fetchall()
    return [str(r[0]) for r in rows]


def cases(db_path: Path) -> list[Case]:
    """Every case, newest first (as ``services.cases.reading.list_cases``), without its files."""
    with connect(db_path) as conn:
        rows = conn.execute(
            "SELECT id, uuid, reference, package_id, status, received_at, window_end,"
            " model_name, model_version, organization, manifest_sha256, linked_to"
            " FROM cases ORDER BY received_at DESC, id DESC"
        ).fetchall()
    return [_case(r) for r in rows]


def _case(r: tuple[Any, ...]) -> Case:
    return Case(
        id=r[0],
        uuid=r[1],
        reference=r[2],
        package_id=r[3],
        status=CaseStatus(r[4]),
        received_at=datetime.fromisoformat(r[5]),
        window_end=date.fromisoformat(r[6]),
        model_name=r[7],
        model_version=r[8],
        organization=r[9],
        manifest_sha256=r[10],
        linked_to=r[11],
    )


def store_dirs(db_path: Path) -> set[str]:
    """Every case's folder name under ``store/cases`` (what the sweep at opening keeps)."""
    with connect(db_path) as conn:
        return {str(r[0]) for r in conn.execute("SELECT store_dir FROM cases")}
