"""What a rejected package import must leave behind: nothing but its audit entry."""

from __future__ import annotations

from typing import Any

from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.storage import audit_chain, audit_verify
from reviewer_app.storage.models import CaseFileRow, CaseRow

Obj = dict[str, Any]



def assert_nothing_left(ws: Workspace, code: str) -> None:
    with ws.reader() as s:
        assert s.query(CaseRow).count() == 0 and s.query(CaseFileRow).count() == 0
        last = audit_chain.entries(s)[-1]
        assert last.action == "package.rejected" and last.details["code"] == code
        assert audit_verify.verify_chain(s).ok
    assert list(ws.paths.staging.iterdir()) == []
    assert list(ws.paths.cases.iterdir()) == []
