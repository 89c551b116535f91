"""How tests/data/workspaces/v0001 was made (kept for the record; see PROVENANCE.md).

Run once, with the code at schema revision 0001, after ``reviewer-app --workspace DIR demo``:
it adds one case (two checklist items, a status change, a note, a determination)
the way the services record changes: each row and its audit entry in one unit
of work. Later revisions' models differ, so this is not meant to run again.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

from reviewer_app.services.workspace.folder import open_workspace
from reviewer_app.storage import audit_chain as ac
from reviewer_app.storage.models import CaseRow, ChecklistItemRow, DeterminationRow, NoteRow

CASE_UUID = "6f1c2a9e-0001-4c1e-9a5e-2f4d7b3c1a01"
AT = datetime(2026, 11, 2, 14, 30, tzinfo=UTC)
ITEMS = (
    ("ID-01", "Model identity is complete", "CAT II"),
    ("EV-01", "Benchmark evidence present", "CAT I"),
)


def main(root: Path) -> None:
    with open_workspace(root) as ws, ws.uow() as s:
        case = CaseRow(
            uuid=CASE_UUID,
            reference="FRD-2026-0001",
            package_id="pkg-demo-0001",
            manifest_sha256="ab" * 32,
            status="in_review",
            received_at=AT,
            window_end=date(2026, 12, 2),
            model_name="Demo Model",
            model_version="1.0",
            organization="Demo Submitter Inc. (DEMO)",
            store_dir=CASE_UUID,
            signer={"subject": "CN=Demo Submitter", "organization": "Demo Submitter Inc. (DEMO)"},
            checks={
                "signature": {"ok": True},
                "trust": {"ok": True},
                "organization_match": True,
                "files_verified": 0,
            },
        )
        s.add(case)
        s.flush()
        ac.append(
            s,
            actor="reviewer",
            action="case.import",
            case_uuid=CASE_UUID,
            subject=ac.case_subject(CASE_UUID),
            subject_row=case,
            details={"reference": "FRD-2026-0001"},
            at=AT,
        )
        for position, (item_id, title, severity) in enumerate(ITEMS):
            item = ChecklistItemRow(
                case_id=case.id,
                item_id=item_id,
                template_id="frontier-review",
                template_version="1",
                text_hash="cd" * 32,
                section="Identity",
                title=title,
                severity=severity,
                position=position,
                status="not_reviewed",
            )
            s.add(item)
            s.flush()
            ac.append(
                s,
                actor="reviewer",
                action="checklist.create",
                case_uuid=CASE_UUID,
                subject=ac.item_subject(CASE_UUID, item_id),
                subject_row=item,
                at=AT,
            )
    with open_workspace(root) as ws, ws.uow() as s:
        case = s.query(CaseRow).filter_by(uuid=CASE_UUID).one()
        item = s.query(ChecklistItemRow).filter_by(case_id=case.id, item_id="ID-01").one()
        item.status = "not_a_finding"
        item.updated_at = AT
        item.updated_by = "reviewer"
        s.flush()
        ac.append(
            s,
            actor="reviewer",
            action="checklist.set",
            case_uuid=CASE_UUID,
            subject=ac.item_subject(CASE_UUID, "ID-01"),
            subject_row=item,
            details={"status": "not_a_finding"},
            at=AT,
        )
        s.add(NoteRow(case_id=case.id, at=AT, author="reviewer", text="Fixture note at 0001."))
        det = DeterminationRow(
            case_id=case.id,
            outcome="no_objection",
            conditions=[],
            rationale="Fixture determination at revision 0001.",
            decided_by="reviewer",
            decided_at=AT,
        )
        s.add(det)
        s.flush()
        ac.append(
            s,
            actor="reviewer",
            action="case.decide",
            case_uuid=CASE_UUID,
            subject=ac.determination_subject(CASE_UUID),
            subject_row=det,
            details={"outcome": "no_objection"},
            at=AT,
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
