"""Reading and verifying the audit trail; an administrator vouching for edited files."""

from __future__ import annotations

from pathlib import Path

from reviewer_app.domain.audit import AuditEntry, AuditReport
from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import UsageError
from reviewer_app.services.access import require_role
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import audit_adopt, audit_chain, audit_subjects, audit_verify


def verify_audit(ws: Workspace) -> AuditReport:
    """The chain, every covered row, and the covered files of this workspace."""
    with ws.reader() as s:
        return audit_verify.verify_chain(s, ws.root)


def audit_entries(ws: Workspace, *, case_uuid: str | None = None) -> list[AuditEntry]:
    with ws.reader() as s:
        return audit_chain.entries(s, case_uuid=case_uuid)


def adopt_files(ws: Workspace, actor: Actor, files: list[Path]) -> list[str]:
    """Cover covered-kind workspace files as they are now (an office's edited policy profile,
    a checklist template it added); returns the subjects whose entry was written."""
    require_role(ws, actor, Role.ADMINISTRATOR, action="adopting workspace files into the audit trail")
    root = ws.root.resolve()
    allowed = set(audit_subjects.covered_files(root))
    paths: list[Path] = []
    for file in files:
        path = (file if file.is_absolute() else Path.cwd() / file).resolve()
        if not path.is_file() or root not in path.parents:
            raise UsageError("NOT_A_WORKSPACE_FILE", f"{file} is not a file in the workspace")
        if audit_subjects.relative_name(root, path) not in allowed:
            raise UsageError("NOT_A_COVERED_FILE",
                             f"{file} is not a trust anchor, CRL, credential, the policy profile "
                             "or a checklist template of the workspace")
        paths.append(path)
    with ws.uow() as s:
        return [subject for path in paths
                if (subject := audit_adopt.adopt_file(s, root, path, actor=actor.username))]
