"""The letter's evidence table shows each score as the Evidence page judges it.

The letter reads the evidence service's typed rows directly (it once looked
them up by module name and alias attribute names, which a rename would have
silently emptied). Read from a real Inspect log here.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from reviewer_app.services.decision import letter_content
from reviewer_app.services.evidence.evaluation import evaluate_case
from reviewer_app.services.workspace.folder import open_workspace
from reviewer_app.storage.models import CaseRow
from tests.support.checklist_cases import workspace_with_log


def test_the_letter_shows_the_evidence_score_against_its_threshold(tmp_path: Path) -> None:
    root, case_uuid = workspace_with_log(tmp_path, 20)
    ws = open_workspace(root)
    try:
        row = evaluate_case(ws, case_uuid).rows[0]
        supported = row.score
        assert supported is not None
        with ws.reader() as s:
            case = s.scalar(select(CaseRow).where(CaseRow.uuid == case_uuid))
            assert case is not None
            shown = letter_content._evidence(ws, case)
        assert [(r.benchmark, r.score, r.threshold, r.status) for r in shown] == [
            (row.benchmark, supported, row.threshold, row.status.value)]
    finally:
        ws.close()
