"""Cases for checklist tests, made directly with the storage models.

Until the import pipeline is in place, a case is a ``CaseRow`` (with the audit
entry the importer writes) plus a case folder holding ``submission/manifest.json``
as the importer stores it.
"""

from __future__ import annotations

import copy
import json
import shutil
import uuid as uuidlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from reviewer_app.domain.users import Actor, Role
from reviewer_app.services.workspace.folder import Workspace, create_layout
from reviewer_app.storage import audit_chain, audit_verify
from reviewer_app.storage.models import CaseRow

REVIEWER = Actor("rita", Role.REVIEWER, "Rita Reviewer")
SUPERVISOR = Actor("sam", Role.SUPERVISOR, "Sam Supervisor")
ADMIN = Actor("ada", Role.ADMINISTRATOR, "Ada Admin")
RECEIVED = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)

MANIFEST: dict[str, Any] = {
    "format": "frontier-submission/v1",
    "package_id": "6f1c2a52-0d4e-4a43-9a8f-3c1f0e0a2b11",
    "created_at": "2026-11-20T14:03:00Z",
    "submitter": {"organization": "Example AI Labs, Inc.", "contact_name": "Jordan Lee",
                  "contact_email": "policy@example-ai.test"},
    "model": {"name": "Example-7", "version": "2026-11-rc2"},
    "release_plan": {
        "proposed_public_release": "2026-12-28",
        "stages": [
            {"name": "Vetted partners", "start": "2026-12-05", "audience": "vetted_partners",
             "regions": ["US", "GB"]},
            {"name": "General availability", "start": "2026-12-28", "audience": "public",
             "regions": ["*"]},
        ],
    },
    "access_plan": {"region_policy": "denylist", "regions": ["CN", "RU", "IR"],
                    "foreign_national_access": "KYC-verified; denylisted nationals excluded"},
    "safeguards": [{"name": "Cyber misuse classifier", "description": "Blocks exploits."}],
    "evaluations": [
        {"id": "cyber-ctf", "domain": "cyber", "benchmark": "Cybench", "metric": "accuracy",
         "declared_score": 0.41, "format": "inspect-eval", "evidence": ["evidence/cybench.eval"]},
    ],
    "files": [
        {"path": "evidence/cybench.eval", "sha256": "a" * 64, "size": 10, "role": "evidence"},
        {"path": "documents/system-card.pdf", "sha256": "b" * 64, "size": 20, "role": "document"},
    ],
}


def new_workspace(root: Path) -> Workspace:
    return create_layout(root)


def manifest(**changes: Any) -> dict[str, Any]:
    """The sample manifest with top-level parts replaced."""
    data = copy.deepcopy(MANIFEST)
    data.update(changes)
    return data


def add_case(
    ws: Workspace,
    *,
    reference: str = "FMR-2026-0001",
    manifest_data: dict[str, Any] | None = None,
    checks: dict[str, Any] | None = None,
    signer_org: str = "Example AI Labs, Inc.",
    received_at: datetime = RECEIVED,
    window_days: int = 30,
) -> str:
    """Insert a case as the importer would; returns its UUID."""
    data = manifest_data if manifest_data is not None else manifest()
    case_uuid = str(uuidlib.uuid4())
    folder = ws.paths.cases / case_uuid / "submission"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    with ws.uow() as s:
        row = CaseRow(
            uuid=case_uuid, reference=reference, package_id=data.get("package_id", case_uuid),
            manifest_sha256="c" * 64, status="received", received_at=received_at,
            window_end=(received_at + timedelta(days=window_days)).date(),
            model_name=data["model"]["name"], model_version=data["model"]["version"],
            organization=data["submitter"]["organization"], store_dir=case_uuid,
            signer={"subject": f"CN=Signer,O={signer_org}", "organization": signer_org},
            checks=checks if checks is not None else {
                "signature": {"ok": True}, "trust": {"ok": True},
                "organization_match": signer_org == data["submitter"]["organization"],
                "files_verified": len(data.get("files", [])),
            },
        )
        s.add(row)
        s.flush()
        audit_chain.append(s, actor="system", action="case.import", case_uuid=case_uuid,
                           subject=audit_chain.case_subject(case_uuid), subject_row=row,
                           details={"reference": reference})
    return case_uuid


def audit_ok(ws: Workspace) -> bool:
    with ws.reader() as s:
        report = audit_verify.verify_chain(s)
    assert report.ok, report.problems
    return True


TODAY = date(2026, 12, 1)


def workspace_with_log(root: Path, samples: int, manifest_data: dict[str, Any] | None = None
                       ) -> tuple[Path, str]:
    """A workspace (closed) holding one case whose evidence/cybench.eval is a real Inspect log
    of ``samples`` samples; (workspace root, case uuid). Reopen it with ``open_workspace``."""
    from tests.support.inspect_logs import write_eval_log

    ws = new_workspace(root / "ws")
    case_uuid = add_case(ws, manifest_data=manifest_data) if manifest_data else add_case(ws)
    log = write_eval_log(root / "cy.eval", samples)
    dest = ws.paths.cases / case_uuid / "submission" / "files" / "evidence" / "cybench.eval"
    dest.parent.mkdir(parents=True)
    shutil.copyfile(log.path, dest)
    ws.close()
    return root / "ws", case_uuid
