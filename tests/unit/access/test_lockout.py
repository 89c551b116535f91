"""Account lockout, tried the way a password guesser would: wrong passwords in a row until
the account locks, then the right one, which must be refused without saying it was right."""

from __future__ import annotations

import pytest

from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import NotPermittedError, UsageError
from reviewer_app.services.access import login_records, sign_in, users
from reviewer_app.services.audit.trail import audit_entries, verify_audit
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.storage import audit_chain, fast_read
from tests.support.workspaces import (
    ADMIN,
    PASSWORD,
    REVIEWER,
)


def guess(ws: Workspace, username: str, times: int, waits: list[float] | None = None) -> list[str]:
    """``times`` wrong passwords; the error codes they got."""
    codes = []
    waits = [] if waits is None else waits
    for n in range(times):
        with pytest.raises(NotPermittedError) as refused:
            sign_in.check_password(ws, username, f"guess {n}", sleep=waits.append)
        codes.append(refused.value.code)
    return codes


def test_ten_wrong_passwords_lock_the_account_and_the_right_one_is_refused(ws: Workspace) -> None:
    waits: list[float] = []
    codes = guess(ws, REVIEWER.username, 10, waits)
    assert codes == ["LOGIN_FAILED"] * 9 + ["ACCOUNT_LOCKED"]
    assert waits == [sign_in.login_delay(n) for n in range(10)]  # the growing delay stays
    with pytest.raises(NotPermittedError) as refused:
        users.authenticate(ws, REVIEWER.username, PASSWORD, sleep=lambda _s: None)
    assert refused.value.code == "ACCOUNT_LOCKED"
    # The answer is the same as for a wrong password: it never tells which part was wrong.
    with pytest.raises(NotPermittedError) as wrong:
        users.authenticate(ws, REVIEWER.username, "another guess", sleep=lambda _s: None)
    assert wrong.value.message == refused.value.message
    assert "users unlock riley" in refused.value.message
    actions = [(e.actor, e.action) for e in audit_entries(ws)[-4:]]
    assert actions == [("riley", "login.failed"), ("system", "user.locked"),
                       ("riley", "login.refused"), ("riley", "login.refused")]
    assert verify_audit(ws).ok


def test_an_administrator_unlocks_and_the_count_starts_again(ws: Workspace) -> None:
    guess(ws, REVIEWER.username, 10)
    with pytest.raises(NotPermittedError) as refused:
        users.unlock_user(ws, REVIEWER, REVIEWER.username)  # not an administrator
    assert refused.value.code == "NOT_PERMITTED"
    assert users.get_user(ws, REVIEWER.username).locked
    info = users.unlock_user(ws, ADMIN, REVIEWER.username)
    assert not info.locked
    entry = audit_entries(ws)[-1]
    assert (entry.actor, entry.action, entry.subject) == (
        "alice", "user.unlock", audit_chain.user_subject("riley"))
    assert users.authenticate(ws, REVIEWER.username, PASSWORD, sleep=lambda _s: None) == REVIEWER
    assert guess(ws, REVIEWER.username, 9) == ["LOGIN_FAILED"] * 9  # a fresh count
    with pytest.raises(UsageError) as again:
        users.unlock_user(ws, ADMIN, "alice")
    assert again.value.code == "NOT_LOCKED"
    assert verify_audit(ws).ok


def test_failures_must_be_in_a_row(ws: Workspace) -> None:
    guess(ws, REVIEWER.username, 9)
    users.authenticate(ws, REVIEWER.username, PASSWORD, sleep=lambda _s: None)
    assert guess(ws, REVIEWER.username, 9) == ["LOGIN_FAILED"] * 9
    assert not fast_read.login_row(ws.paths.db, REVIEWER.username).locked  # type: ignore[union-attr]


def test_the_policy_sets_the_number(ws: Workspace) -> None:
    text = ws.paths.policy.read_text(encoding="utf-8")
    ws.paths.policy.write_text(text.replace("lock_after_failed_logins = 10",
                                            "lock_after_failed_logins = 3"), encoding="utf-8")
    assert guess(ws, REVIEWER.username, 3) == ["LOGIN_FAILED"] * 2 + ["ACCOUNT_LOCKED"]


def test_a_lock_made_between_check_and_record_refuses_the_login(ws: Workspace) -> None:
    signed = sign_in.check_password(ws, REVIEWER.username, PASSWORD, sleep=lambda _s: None)
    guess(ws, REVIEWER.username, 10)  # a guesser elsewhere, meanwhile
    with pytest.raises(NotPermittedError) as refused:
        login_records.record_login(ws, signed)
    assert refused.value.code == "ACCOUNT_LOCKED"


def test_the_last_administrator_who_can_sign_in_is_slowed_but_never_locked(ws: Workspace) -> None:
    codes = guess(ws, ADMIN.username, 11)
    assert codes == ["LOGIN_FAILED"] * 11
    assert audit_entries(ws)[-1].details == {
        "failures_in_a_row": 11, "not_locked": "the last administrator who can sign in"}
    assert users.authenticate(ws, ADMIN.username, PASSWORD, sleep=lambda _s: None) == ADMIN
    # With a second administrator, the first one locks like anyone else.
    users.add_user(ws, ADMIN, username="ada", role=Role.ADMINISTRATOR, password="ada password")
    assert guess(ws, ADMIN.username, 10)[-1] == "ACCOUNT_LOCKED"
    # ... and then ada is the last one who can sign in.
    assert guess(ws, "ada", 10)[-1] == "LOGIN_FAILED"
    assert users.authenticate(ws, "ada", "ada password", sleep=lambda _s: None) == Actor(
        "ada", Role.ADMINISTRATOR, "")
    users.unlock_user(ws, Actor("ada", Role.ADMINISTRATOR), ADMIN.username)
    assert users.authenticate(ws, ADMIN.username, PASSWORD, sleep=lambda _s: None) == ADMIN
    assert verify_audit(ws).ok
