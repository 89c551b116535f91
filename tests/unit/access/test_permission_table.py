"""The role table the window greys its menu entries by (domain/permissions.py) is the
one the services enforce: every role it refuses is refused by the service, with the
refusal audited, and every role it allows gets past the role check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.domain import permissions
from reviewer_app.domain.permissions import Permission
from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import ReviewerError
from reviewer_app.services.casefile import export_case, import_case
from reviewer_app.services.decision import countersign, decide, sign_letter
from reviewer_app.services.intake import import_package
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.storage import audit_chain
from tests.support.cases import office_with_case

REF = "FMR-2026-0001"
Call = Callable[[Workspace, Actor, Path], Any]

CALLS: list[tuple[Permission, Call]] = [
    (permissions.SIGN, lambda ws, a, _p: sign_letter(ws, a, REF, "wrong")),
    (permissions.COUNTERSIGN, lambda ws, a, _p: countersign(ws, a, REF, "wrong")),
    (permissions.DECIDE, lambda ws, a, _p: decide(ws, a, REF, "no_such_outcome", [], "")),
    (permissions.EXPORT_CASE_FILE, lambda ws, a, p: export_case(
        ws, a, REF, p / "out.case", recipients=None, case_file_passphrase="x" * 20,
        credential_passphrase="wrong")),
    (permissions.IMPORT_CASE_FILE, lambda ws, a, p: import_case(
        ws, a, p / "missing.case", workstation_passphrase=None, case_file_passphrase=None)),
    (permissions.IMPORT_PACKAGE, lambda ws, a, p: import_package(
        ws, a, p / "missing.subpkg", workstation_passphrase="wrong")),
]


def _refusals(ws: Workspace) -> list[dict[str, Any]]:
    with ws.uow() as s:
        return [e.details for e in audit_chain.entries(s) if e.action == "refused"]


@pytest.mark.parametrize(("permission", "call"), CALLS, ids=[p.doing for p, _ in CALLS])
def test_the_service_refuses_whom_the_table_refuses(tmp_path: Path, permission: Permission,
                                                    call: Call) -> None:
    with office_with_case(tmp_path / "ws") as (ws, _office):
        for role in Role:
            before = len(_refusals(ws))
            code = ""
            try:
                call(ws, Actor("mallory", role), tmp_path)
            except ReviewerError as exc:
                code = exc.code
            refused = code == "NOT_PERMITTED"
            assert refused == (not permission.allows(role)), role
            if refused:
                assert _refusals(ws)[before:] == [{
                    "action": permission.doing, "role": role.value,
                    "needs": [r.value for r in permission.roles]}]


def test_the_reason_names_the_role_needed_and_the_users() -> None:
    assert permissions.COUNTERSIGN.why_not(Role.REVIEWER) == (
        "Countersigning a letter needs the supervisor role; you are signed in as a reviewer.")
    assert permissions.SIGN.why_not(Role.ADMINISTRATOR) == (
        "Signing a letter needs the reviewer or supervisor role; "
        "you are signed in as an administrator.")
    assert permissions.SIGN.why_not(Role.SUPERVISOR) == ""
