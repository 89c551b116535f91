"""Cases, office PKI and signing users for determination and letter tests.

Cases are made directly with the storage models (with the audit entries the
importer and the checklist service write), so these tests do not depend on
the import pipeline. The office PKI is made per test with ``crypto.pki``.
"""

from __future__ import annotations

import hashlib
import json
import uuid as uuidlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding

from reviewer_app.domain.users import SYSTEM, Actor, Role
from reviewer_app.pdf.signing import identity_of_der
from reviewer_app.services.access.users import create_user
from reviewer_app.services.workspace.folder import Workspace, create_layout
from reviewer_app.storage import audit_chain
from reviewer_app.storage.audit_adopt import adopt_file
from reviewer_app.storage.models import CaseFileRow, CaseRow, ChecklistItemRow
from tests.support.pki import CertSpec, Issued, make_ca, make_leaf, to_pkcs12

RECEIVED = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
CREDENTIAL_PASSPHRASE = "credential pass"

# (item_id, section, title, severity, status, finding_details)
DEFAULT_ITEMS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("ID-01", "Identity", "The package signature verifies", "CAT I", "not_a_finding", ""),
    ("CY-01", "Cyber", "Cyber benchmark scores are below the threshold", "CAT I", "open",
     "Cybench accuracy 0.62 is at or over the policy threshold of 0.50."),
    ("AC-01", "Access", "Foreign-national access controls are described", "CAT II", "open",
     "The access plan names no screening for nationals of countries of concern."),
    ("SG-01", "Safeguards", "Misuse classifiers are documented", "CAT III", "not_applicable", ""),
)


def manifest(organization: str = "Example AI Labs, Inc.", model: str = "Example-7") -> dict[str, Any]:
    return {
        "format": "frontier-submission/v1",
        "package_id": "6f1c2a52-0d4e-4a43-9a8f-3c1f0e0a2b11",
        "created_at": "2026-11-20T14:03:00Z",
        "submitter": {"organization": organization, "contact_name": "Jordan Lee",
                      "contact_email": "policy@example-ai.test"},
        "model": {"name": model, "version": "2026-11-rc2"},
        "release_plan": {"proposed_public_release": "2026-12-28", "stages": []},
        "access_plan": {"region_policy": "denylist", "regions": ["CN", "RU", "IR", "KP"]},
        "evaluations": [
            {"id": "cyber-ctf", "domain": "cyber", "benchmark": "Cybench", "metric": "accuracy",
             "declared_score": 0.62, "format": "document", "evidence": []},
            {"id": "wmdp-bio", "domain": "cbrn", "benchmark": "WMDP-bio", "metric": "accuracy",
             "declared_score": 0.41, "format": "document", "evidence": []},
        ],
        "files": [],
    }


def make_case(
    ws: Workspace,
    *,
    reference: str = "FMR-2026-0001",
    items: tuple[tuple[str, str, str, str, str, str], ...] = DEFAULT_ITEMS,
    status: str = "in_review",
    manifest_data: dict[str, Any] | None = None,
    received_at: datetime = RECEIVED,
) -> str:
    """Insert a case, its files and checklist rows with their audit entries; returns the UUID."""
    data = manifest_data or manifest()
    case_uuid = str(uuidlib.uuid4())
    folder = ws.paths.cases / case_uuid / "submission"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    # The stored file its row names, as an import leaves it (audit verify checks the store).
    card = b"%PDF-1.4 system card"
    (folder / "files" / "documents").mkdir(parents=True)
    (folder / "files" / "documents" / "system-card.pdf").write_bytes(card)
    with ws.uow() as s:
        case = CaseRow(
            uuid=case_uuid, reference=reference, package_id=data["package_id"],
            manifest_sha256="c" * 64, status=status, received_at=received_at,
            window_end=(received_at + timedelta(days=30)).date(),
            model_name=data["model"]["name"], model_version=data["model"]["version"],
            organization=data["submitter"]["organization"], store_dir=case_uuid,
            signer={"subject": "CN=Signer", "organization": data["submitter"]["organization"]},
            checks={"signature": {"ok": True}, "trust": {"ok": True}, "organization_match": True,
                    "files_verified": 1},
        )
        case.files.append(CaseFileRow(path="documents/system-card.pdf", size=len(card),
                                      sha256=hashlib.sha256(card).hexdigest(), role="document"))
        s.add(case)
        s.flush()
        audit_chain.append(s, actor="system", action="case.import", case_uuid=case_uuid,
                           subject=audit_chain.case_subject(case_uuid), subject_row=case,
                           details={"reference": reference})
        for position, (item_id, section, title, severity, item_status, details) in enumerate(items):
            row = ChecklistItemRow(
                case_id=case.id, item_id=item_id, template_id="test", template_version="1",
                text_hash="d" * 64, section=section, title=title, severity=severity,
                position=position, status=item_status, finding_details=details,
            )
            s.add(row)
            s.flush()
            audit_chain.append(s, actor="system", action="checklist.create", case_uuid=case_uuid,
                               subject=audit_chain.item_subject(case_uuid, item_id),
                               subject_row=row)
    return case_uuid


@dataclass(frozen=True)
class Office:
    ca: Issued
    ca_pem: Path
    reviewer: Actor
    supervisor: Actor
    supervisor2: Actor


def make_office(ws: Workspace, *, passphrase: str = CREDENTIAL_PASSPHRASE) -> Office:
    """An office CA (trusted by ``ws``) and three users with PKCS#12 credentials."""
    ca = make_ca(CertSpec("Test Review Office CA", organization="Test Review Office"))
    ca_pem = ws.paths.trust_office / "test-office-ca.pem"
    ca_pem.write_bytes(ca.cert_pem())
    people = (("rita", Role.REVIEWER, "Rita Reviewer", "Reviewer"),
              ("sam", Role.SUPERVISOR, "Sam Supervisor", "Supervisory Reviewer"),
              ("sue", Role.SUPERVISOR, "Sue Second", "Supervisory Reviewer"))
    actors = []
    with ws.uow() as s:
        for username, role, name, title in people:
            leaf = make_leaf(CertSpec(name, organization="Test Review Office"), ca)
            (ws.paths.user_keys / f"{username}.p12").write_bytes(
                to_pkcs12(leaf, [ca.cert], passphrase.encode()))
            identity = identity_of_der(leaf.cert.public_bytes(Encoding.DER))
            create_user(s, actor=SYSTEM, username=username, role=role, password="pw-" + username,
                        display_name=name, title=title,
                        credential={"kind": "pkcs12", "file": f"keys/users/{username}.p12",
                                    **identity.to_record()})
            actors.append(Actor(username, role, name))
        for path in (ca_pem, *sorted(ws.paths.user_keys.glob("*.p12"))):
            adopt_file(s, ws.root, path, actor="system")
    return Office(ca, ca_pem, actors[0], actors[1], actors[2])


def new_workspace(root: Path, *, demo: bool = False) -> Workspace:
    return create_layout(root, demo=demo)


@contextmanager
def office_with_case(root: Path, *, demo: bool = False) -> Iterator[tuple[Workspace, Office]]:
    """A workspace with the office's signers (``make_office``) and one case (``REF``), closed after."""
    ws = new_workspace(root, demo=demo)
    office = make_office(ws)
    make_case(ws)
    try:
        yield ws, office
    finally:
        ws.close()
