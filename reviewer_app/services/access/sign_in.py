"""Checking a password, without loading SQLAlchemy: the part of sign-in on the start-up path.

``check_password`` reads the user's row through ``storage.fast_read``, waits
the growing delay after failures in a row, and verifies the argon2id hash. A
failure is recorded at once (``login_records.record_failed_login``: the count and the
``login.failed`` audit entry, through the ORM); the failure that reaches the
policy's ``lock_after_failed_logins`` locks the account, and a locked account
is refused (``ACCOUNT_LOCKED``) without its password being checked, so the
answer never tells whether that password was right. A success returns a
``SignIn`` whose ``login`` audit entry the caller writes with
``login_records.record_login``: ``users.authenticate`` does both in one call; the
window writes it on its write thread once it has shown the case list (and, at
the latest, before the application exits), so the ORM's import is not on the
way to the first paint.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING

from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import NotPermittedError, UsageError
from reviewer_app.services.access.login_outcomes import SignIn, locked_error
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import fast_read

if TYPE_CHECKING:
    from argon2 import PasswordHasher


@cache
def hasher() -> PasswordHasher:
    """argon2id with the library's current defaults (imported on first use: at
    start-up that is on the thread that checks the password)."""
    from argon2 import PasswordHasher

    return PasswordHasher()

# Seconds to wait before checking a password after N failures in a row.
LOGIN_DELAY_BASE = 0.5
LOGIN_DELAY_MAX = 30.0


def login_delay(failures: int, base: float = LOGIN_DELAY_BASE) -> float:
    if failures <= 0:
        return 0.0
    return float(min(base * (2 ** (failures - 1)), LOGIN_DELAY_MAX))


def check_password(
    ws: Workspace,
    username: str,
    password: str,
    *,
    sleep: Callable[[float], None] = time.sleep,
    delay_base: float = LOGIN_DELAY_BASE,
) -> SignIn:
    """Verify a password; a failure is audited (and raises) before this returns."""
    _refuse_unaccounted(ws, username)
    before = fast_read.login_row(ws.paths.db, username)
    # A locked account is refused at once: no guess can succeed, so there is nothing to slow.
    if not (before is not None and before.locked):
        sleep(login_delay(before.failed_logins if before else 0, delay_base))
    row = fast_read.login_row(ws.paths.db, username)  # as it is after the wait
    if row is not None and row.locked:
        from reviewer_app.services.access.login_records import record_refused_login

        record_refused_login(ws, username, "account locked")
        raise locked_error(username)
    ok = False
    if row is not None and row.active:
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            ok = hasher().verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
    if ok and row is not None:
        return SignIn(Actor(row.username, Role(row.role), row.display_name), datetime.now(UTC))
    from reviewer_app.services.access.login_records import record_failed_login

    if record_failed_login(ws, username):
        raise locked_error(username)
    raise NotPermittedError("LOGIN_FAILED", f"wrong user name or password for '{username}'")


def _refuse_unaccounted(ws: Workspace, username: str) -> None:
    """Refuse an account whose row the audit trail does not account for (ACCOUNT_UNVERIFIED).

    A row added or changed outside the application (a planted administrator, a
    role raised by SQL) matches no entry. The refusal is audited without
    covering the row, so trying again, or a wrong password, cannot make the
    row look accounted for; ``audit verify`` names it. The check is one row
    and one indexed look-up (``fast_read.user_row_digest``).
    """
    current, recorded = fast_read.user_row_digest(ws.paths.db, username)
    if current is None or current == recorded:
        return
    from reviewer_app.services.access.login_records import record_refused_login

    record_refused_login(ws, username, "the account's row does not match the audit trail")
    raise NotPermittedError(
        "ACCOUNT_UNVERIFIED",
        f"the account '{username}' was added or changed outside the application and cannot "
        "sign in; an administrator should run 'reviewer-app audit verify'",
    )


def sole_username(ws: Workspace) -> str:
    """The workspace's only active user; with several, the caller must say who."""
    names = fast_read.active_usernames(ws.paths.db)
    if len(names) == 1:
        return names[0]
    if not names:
        raise UsageError("NO_USERS", "this workspace has no users")
    raise UsageError(
        "WHICH_USER", f"this workspace has several users ({', '.join(names)}): pass --user NAME"
    )
