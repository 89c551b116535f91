"""A role refusal says what was tried, which role it needs and how the user is signed in."""

from __future__ import annotations

import pytest

from reviewer_app.errors import NotPermittedError
from reviewer_app.services.access import users
from reviewer_app.services.audit.trail import audit_entries
from reviewer_app.services.decision import countersign
from reviewer_app.services.workspace.folder import Workspace
from tests.support.workspaces import (
    ADMIN,
    REVIEWER,
)


def test_a_reviewer_countersigning_is_told_the_role_it_needs(ws: Workspace) -> None:
    with pytest.raises(NotPermittedError) as refused:
        countersign(ws, REVIEWER, "FMR-2026-0001", "any passphrase")
    assert refused.value.message == ("countersigning a letter needs the supervisor role; "
                                     "riley is signed in as a reviewer")
    entry = audit_entries(ws)[-1]
    assert (entry.actor, entry.action, entry.details["action"]) == (
        "riley", "refused", "countersigning a letter")


def test_an_administrator_is_named_with_an(ws: Workspace) -> None:
    with pytest.raises(NotPermittedError) as refused:
        countersign(ws, ADMIN, "FMR-2026-0001", "any passphrase")
    assert refused.value.message.endswith("alice is signed in as an administrator")


def test_a_role_change_is_audited_and_refused_for_oneself(ws: Workspace) -> None:
    from reviewer_app.domain.users import Role
    from reviewer_app.errors import UsageError

    info = users.set_role(ws, ADMIN, REVIEWER.username, Role.SUPERVISOR)
    assert info.role == Role.SUPERVISOR
    entry = audit_entries(ws)[-1]
    assert (entry.action, entry.details) == (
        "user.role", {"username": "riley", "role": "supervisor", "was": "reviewer"})
    with pytest.raises(UsageError) as self_role:
        users.set_role(ws, ADMIN, ADMIN.username, Role.REVIEWER)
    assert self_role.value.code == "SELF_ROLE"
    with pytest.raises(NotPermittedError):
        users.set_role(ws, REVIEWER, ADMIN.username, Role.REVIEWER)  # riley's old actor
