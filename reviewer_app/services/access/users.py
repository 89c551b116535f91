"""Local accounts: argon2id password hashes, roles, login with a growing delay.

Every service that changes something calls ``require_role`` itself; the UI
hiding a button is a convenience, not the check. The password check itself
(and the delay) is in ``services.access.sign_in``, which loads no SQLAlchemy; the
writes that sign-in makes (counts, audit entries) are here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import UsageError
from reviewer_app.services.access.login_records import record_login
from reviewer_app.services.access.roles import require_role
from reviewer_app.services.access.sign_in import LOGIN_DELAY_BASE as LOGIN_DELAY_BASE
from reviewer_app.services.access.sign_in import LOGIN_DELAY_MAX as LOGIN_DELAY_MAX
from reviewer_app.services.access.sign_in import check_password, hasher
from reviewer_app.services.access.sign_in import login_delay as login_delay
from reviewer_app.services.access.sign_in import sole_username as sole_username
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import UserRow


@dataclass(frozen=True)
class UserInfo:
    username: str
    role: Role
    display_name: str
    title: str
    credential: dict[str, Any] | None
    active: bool
    locked: bool = False  # too many wrong passwords in a row; an administrator unlocks


def _info(row: UserRow) -> UserInfo:
    return UserInfo(
        row.username, Role(row.role), row.display_name, row.title, row.credential,
        bool(row.active), row.locked_at is not None,
    )


def create_user(
    session: Session,
    *,
    actor: Actor,
    username: str,
    role: Role,
    password: str,
    display_name: str = "",
    title: str = "",
    credential: dict[str, Any] | None = None,
) -> UserInfo:
    """Add a user inside the caller's unit of work (init, demo, users add)."""
    if (
        not username
        or len(username) > 64
        or not username.replace("-", "").replace("_", "").replace(".", "").isalnum()
    ):
        raise UsageError(
            "BAD_USERNAME", f"'{username}' is not a valid user name (letters, digits, . _ -)"
        )
    if session.scalar(select(UserRow).where(UserRow.username == username)):
        raise UsageError("USER_EXISTS", f"a user named '{username}' already exists")
    if len(password) < 4:
        raise UsageError("WEAK_PASSWORD", "a password needs at least 4 characters")
    row = UserRow(
        username=username,
        role=role.value,
        display_name=display_name,
        title=title,
        password_hash=hasher().hash(password),
        credential=credential,
        failed_logins=0,
        active=1,
        created_at=datetime.now(UTC),
    )
    session.add(row)
    audit_chain.append(
        session,
        actor=actor.username,
        action="user.create",
        subject=audit_chain.user_subject(username),
        subject_row=row,
        details={"username": username, "role": role.value},
    )
    return _info(row)


def list_users(ws: Workspace) -> list[UserInfo]:
    with ws.reader() as s:
        return [_info(r) for r in s.scalars(select(UserRow).order_by(UserRow.username))]


def get_user(ws: Workspace, username: str) -> UserInfo:
    with ws.reader() as s:
        row = s.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise UsageError("NO_SUCH_USER", f"there is no user named '{username}'")
        return _info(row)


def authenticate(
    ws: Workspace,
    username: str,
    password: str,
    *,
    sleep: Callable[[float], None] = time.sleep,
    delay_base: float = LOGIN_DELAY_BASE,
) -> Actor:
    """Check a password; failures are audited and make the next try wait longer."""
    signed = check_password(ws, username, password, sleep=sleep, delay_base=delay_base)
    record_login(ws, signed)
    return signed.actor


def unlock_user(ws: Workspace, actor: Actor, username: str) -> UserInfo:
    """An administrator unlocks a locked account; its failure count starts again at 0."""
    require_role(ws, actor, Role.ADMINISTRATOR, action="unlocking a user")
    with ws.uow() as s:
        row = _row(s, username)
        if row.locked_at is None:
            raise UsageError("NOT_LOCKED", f"'{username}' is not locked; nothing was changed")
        locked_at = row.locked_at
        row.locked_at = None
        row.failed_logins = 0
        row.last_failed_at = None
        audit_chain.append(
            s, actor=actor.username, action="user.unlock",
            subject=audit_chain.user_subject(username), subject_row=row,
            details={"username": username, "locked_at": locked_at.isoformat()})
        return _info(row)


def add_user(
    ws: Workspace,
    actor: Actor,
    *,
    username: str,
    role: Role,
    password: str,
    display_name: str = "",
    title: str = "",
    credential_file: Path | None = None,
    credential_passphrase: str | None = None,
) -> UserInfo:
    """An administrator adds a user; a PKCS#12 credential is opened (with its passphrase),
    refused if its certificate is bound to another user, and copied into the workspace."""
    from reviewer_app.services.access.credentials import pkcs12_record

    require_role(ws, actor, Role.ADMINISTRATOR, action="adding a user")
    credential, staged = None, None
    if credential_file is not None:
        if not credential_file.is_file():
            raise UsageError("NO_SUCH_FILE", f"{credential_file} does not exist")
        if credential_passphrase is None:
            raise UsageError("NO_CREDENTIAL_PASSPHRASE", "binding a credential needs its "
                             "passphrase (to read the certificate it holds)")
        if (ws.paths.user_keys / f"{username}.p12").exists():
            raise UsageError("USER_EXISTS", f"a credential for '{username}' already exists")
        credential, staged = pkcs12_record(ws, actor, username, credential_file,
                                           credential_passphrase, action="adding a user")
    placed = None  # the credential file, in place but not yet committed with its row
    try:
        with ws.uow() as s:
            info = create_user(
                s,
                actor=actor,
                username=username,
                role=role,
                password=password,
                display_name=display_name,
                title=title,
                credential=credential,
            )
            if staged is not None and credential is not None:
                placed = ws.paths.user_keys / f"{username}.p12"
                staged.replace(placed)
                audit_chain.append(s, actor=actor.username, action="credential.add",
                                   subject=audit_chain.file_subject(credential["file"]),
                                   subject_file=ws.root / credential["file"],
                                   details={"username": username})
        placed = None  # committed: the file stays
        return info
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)
        if placed is not None:
            placed.unlink(missing_ok=True)


def set_active(ws: Workspace, actor: Actor, username: str, active: bool) -> UserInfo:
    require_role(ws, actor, Role.ADMINISTRATOR, action="disabling or enabling a user")
    if username == actor.username and not active:
        raise UsageError("SELF_DISABLE", "you cannot disable your own account")
    with ws.uow() as s:
        row = _row(s, username)
        row.active = 1 if active else 0
        audit_chain.append(
            s,
            actor=actor.username,
            action="user.enable" if active else "user.disable",
            subject=audit_chain.user_subject(username),
            subject_row=row,
            details={"username": username},
        )
        return _info(row)


def change_password(ws: Workspace, actor: Actor, username: str, new_password: str) -> None:
    """Users change their own password; administrators may reset anyone's."""
    if username != actor.username:
        require_role(ws, actor, Role.ADMINISTRATOR, action="resetting another user's password")
    if len(new_password) < 4:
        raise UsageError("WEAK_PASSWORD", "a password needs at least 4 characters")
    with ws.uow() as s:
        row = _row(s, username)
        row.password_hash = hasher().hash(new_password)
        row.failed_logins = 0
        audit_chain.append(
            s,
            actor=actor.username,
            action="user.password",
            subject=audit_chain.user_subject(username),
            subject_row=row,
            details={"username": username},
        )


def set_role(ws: Workspace, actor: Actor, username: str, role: Role) -> UserInfo:
    """An administrator gives a user another role (audited with the role it replaces).

    Administrators cannot change their own role: the acting administrator stays
    one, so the workspace always keeps an administrator. The same role again
    changes nothing and writes no entry.
    """
    require_role(ws, actor, Role.ADMINISTRATOR, action="changing a user's role")
    if username == actor.username:
        raise UsageError("SELF_ROLE", "you cannot change your own role; "
                         "another administrator can")
    with ws.uow() as s:
        row = _row(s, username)
        was = row.role
        if was == role.value:
            return _info(row)
        row.role = role.value
        audit_chain.append(
            s, actor=actor.username, action="user.role",
            subject=audit_chain.user_subject(username), subject_row=row,
            details={"username": username, "role": role.value, "was": was})
        return _info(row)


def _row(session: Session, username: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        raise UsageError("NO_SUCH_USER", f"there is no user named '{username}'")
    return row


def record_lock(ws: Workspace, actor: Actor, reason: str = "idle") -> None:
    """Audit that the window locked ("idle": after idle time; "asked": File > Lock now).
    Unlocking is audited as a login."""
    with ws.uow() as s:
        audit_chain.append(s, actor=actor.username, action="lock", details={"reason": reason})


def record_logout(ws: Workspace, actor: Actor) -> None:
    """Audit that ``actor`` signed out of the window (the next sign-in is audited as a login)."""
    with ws.uow() as s:
        audit_chain.append(s, actor=actor.username, action="logout")
