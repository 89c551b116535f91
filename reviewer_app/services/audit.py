"""Reading and verifying the audit trail."""

from __future__ import annotations

from reviewer_app.domain.audit import AuditEntry, AuditReport
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import audit_chain


def verify_audit(ws: Workspace) -> AuditReport:
    """The chain, every covered row, and the covered files of this workspace."""
    with ws.reader() as s:
        return audit_chain.verify(s, ws.root)


def audit_entries(ws: Workspace, *, case_uuid: str | None = None) -> list[AuditEntry]:
    with ws.reader() as s:
        return audit_chain.entries(s, case_uuid=case_uuid)
