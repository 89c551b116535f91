"""What a sign-in writes: the ``login`` entry, a counted failure (and the lock it
may set), a refusal. Kept apart from ``sign_in`` (the password check, which reads
through ``fast_read`` so the window's first screen does not load the ORM) and
imported by it only when something must be written."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.domain.users import SYSTEM, Role
from reviewer_app.errors import NotPermittedError, ReviewerError
from reviewer_app.services.access.login_outcomes import SignIn, locked_error
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import UserRow


def record_login(ws: Workspace, signed: SignIn) -> None:
    """Write the ``login`` entry of a checked password (stamped when it was checked).

    The failure count is reset in the same unit of work. An account removed or
    disabled since the check is refused (``LOGIN_FAILED``) and nothing is written.
    """
    username = signed.actor.username
    with ws.uow() as s:
        row = s.scalar(select(UserRow).where(UserRow.username == username))
        if row is None or not row.active:
            raise NotPermittedError(
                "LOGIN_FAILED", f"the account '{username}' was disabled while signing in"
            )
        if row.locked_at is not None:  # locked by failures elsewhere since the check
            raise locked_error(username)
        if row.failed_logins:
            row.failed_logins = 0
            row.last_failed_at = None
        audit_chain.append(
            s,
            actor=username,
            action="login",
            subject=audit_chain.user_subject(username),
            subject_row=row,
            at=signed.at,
        )


def record_failed_login(ws: Workspace, username: str) -> bool:
    """Count a wrong password (or unknown or disabled account) and audit it.

    Returns True when this failure locked the account (the policy's
    ``lock_after_failed_logins`` in a row): ``user.locked`` is audited in the
    same unit of work. The last administrator who can still sign in is never
    locked (as ``pam_faillock`` spares root): nobody could unlock anyone
    then; their failures still wait the growing delay and are audited.
    """
    limit = lock_limit(ws)
    with ws.uow() as s:
        row = s.scalar(select(UserRow).where(UserRow.username == username))
        subject_row = None
        details: dict[str, Any] = {"failures_in_a_row": 1}
        locks = False
        if row is not None:
            row.failed_logins += 1
            row.last_failed_at = datetime.now(UTC)
            subject_row = row
            details["failures_in_a_row"] = row.failed_logins
            if row.failed_logins >= limit and row.locked_at is None:
                if last_administrator(s, row):
                    details["not_locked"] = "the last administrator who can sign in"
                else:
                    locks = True
                    row.locked_at = row.last_failed_at
        audit_chain.append(
            s,
            actor=username,
            action="login.failed",
            subject=audit_chain.user_subject(username) if row else None,
            subject_row=subject_row,
            details=details,
        )
        if locks:  # the row (locked_at set) is covered by the entry above; one per unit of work
            audit_chain.append(
                s, actor=SYSTEM.username, action="user.locked",
                details={"username": username, "failures_in_a_row": details["failures_in_a_row"],
                         "limit": limit})
    return locks


def lock_limit(ws: Workspace) -> int:
    """The policy's ``lock_after_failed_logins``; the default when the profile cannot be read
    (a broken profile must neither lock everyone out nor switch locking off)."""
    from reviewer_app.domain.policy import DEFAULT_LOCK_AFTER_FAILED_LOGINS
    from reviewer_app.formats.policy import load_policy

    try:
        return load_policy(ws.paths.policy).lock_after_failed_logins
    except ReviewerError:
        return DEFAULT_LOCK_AFTER_FAILED_LOGINS


def last_administrator(s: Session, row: UserRow) -> bool:
    """True when ``row`` is the only active, unlocked administrator."""
    if row.role != Role.ADMINISTRATOR.value or not row.active:
        return False
    others = s.scalar(select(UserRow.id).where(
        UserRow.role == Role.ADMINISTRATOR.value, UserRow.active == 1,
        UserRow.locked_at.is_(None), UserRow.id != row.id).limit(1))
    return others is None


def record_refused_login(ws: Workspace, username: str, reason: str) -> None:
    """Audit a sign-in refused before its password was checked; the row is not covered."""
    with ws.uow() as s:
        audit_chain.append(s, actor=username, action="login.refused",
                           details={"username": username, "reason": reason})
