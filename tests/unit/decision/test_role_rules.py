"""One table of role rules (domain/permissions): what ``may`` refuses the decision services
refuse (NOT_PERMITTED, audited), and what it allows passes their role check."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reviewer_app.domain.permissions import RULES, Action, allowed_roles, may
from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import NotPermittedError, ReviewerError
from reviewer_app.services.decision import countersign, decide, sign_letter
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.storage import audit_chain
from tests.support.cases import CREDENTIAL_PASSPHRASE, office_with_case

REF = "FMR-2026-0001"
WRONG = "not the passphrase"  # every call fails after the role check, if it gets there

CALLS: dict[Action, Callable[[Workspace, Actor], object]] = {
    Action.RECORD_DETERMINATION: lambda ws, actor: decide(ws, actor, REF, "not_covered", [], ""),
    Action.SIGN_LETTER: lambda ws, actor: sign_letter(ws, actor, REF, WRONG),
    Action.COUNTERSIGN_LETTER: lambda ws, actor: countersign(ws, actor, REF, WRONG),
}


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    with office_with_case(tmp_path / "ws") as (workspace, office):
        decide(workspace, office.reviewer, REF, "not_covered", [], "Below.")
        sign_letter(workspace, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
        yield workspace


def refusals(ws: Workspace) -> int:
    with ws.reader() as s:
        return sum(1 for e in audit_chain.entries(s) if e.action == "refused")


@pytest.mark.parametrize("action", list(CALLS))
@pytest.mark.parametrize("role", list(Role))
def test_the_services_refuse_exactly_what_may_refuses(ws: Workspace, action: Action,
                                                      role: Role) -> None:
    actor = Actor("someone", role)
    before = refusals(ws)
    with pytest.raises(ReviewerError) as raised:
        CALLS[action](ws, actor)
    refused = isinstance(raised.value, NotPermittedError) and raised.value.code == "NOT_PERMITTED"
    assert refused == (may(role, action) is not None)
    assert refused == (refusals(ws) == before + 1)


def test_every_action_has_a_rule_and_reasons_name_the_roles() -> None:
    assert set(RULES) == set(Action)
    assert may(Role.SUPERVISOR, Action.COUNTERSIGN_LETTER) is None
    assert allowed_roles(Action.COUNTERSIGN_LETTER) == (Role.SUPERVISOR,)
    assert may(Role.REVIEWER, Action.MANAGE_USERS) == (
        "Managing users needs the administrator role; you are signed in as a reviewer.")
