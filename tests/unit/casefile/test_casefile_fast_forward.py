"""Fast-forward in process: the newer state arrives; a locally tampered row stops it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from reviewer_app.errors import IntegrityError
from reviewer_app.services.audit.trail import verify_audit
from reviewer_app.services.casefile.exporting import export_case
from reviewer_app.services.casefile.importing import import_case
from reviewer_app.services.checklist import items as checklist
from reviewer_app.services.workspace.folder import open_workspace
from tests.support import casefiles as F
from tests.support.packages import make_test_pki


def test_fast_forward_and_tampered_local_row(tmp_path: Path) -> None:
    submitters, office = make_test_pki(), F.make_office_pki()
    a = F.make_workstation(tmp_path / "A", submitters, office)
    with a.open() as ws:
        ref = F.import_sample_case(ws, submitters, a.recipient, a.identity, tmp_path)
        item = checklist.get_checklist(ws, ref).items()[0].item_id
        checklist.set_item(ws, F.REVIEWER, ref, item, status="open", details="first look")
    # The same workstation, as it was before the next change (same key: it can read the file).
    shutil.copytree(a.root, tmp_path / "before")
    shutil.copytree(a.root, tmp_path / "tampered")
    with a.open() as ws:
        checklist.set_item(ws, F.REVIEWER, ref, item, status="not_a_finding", comments="settled")
        export_case(ws, F.REVIEWER, ref, tmp_path / "c.case", recipients=[a.recipient],
                    case_file_passphrase=None, credential_passphrase=F.CREDENTIAL)

    with open_workspace(tmp_path / "before") as ws:
        result = import_case(ws, F.REVIEWER, tmp_path / "c.case", workstation_passphrase=None,
                             case_file_passphrase=None, identities=[a.identity])
        assert (result.outcome.value, result.new_entries) == ("fast_forward", 1)
        state = next(i for i in checklist.get_checklist(ws, ref).items() if i.item_id == item)
        assert (state.status.value, state.comments) == ("not_a_finding", "settled")
        assert verify_audit(ws).ok

    con = sqlite3.connect(tmp_path / "tampered" / "reviewer.db")
    con.execute("update checklist_items set comments = 'edited behind the app' where item_id = ?",
                (item,))
    con.commit()
    con.close()
    with open_workspace(tmp_path / "tampered") as ws:
        before = F.snapshot(ws)
        with pytest.raises(IntegrityError) as info:
            import_case(ws, F.REVIEWER, tmp_path / "c.case", workstation_passphrase=None,
                        case_file_passphrase=None, identities=[a.identity])
        assert info.value.code == "CASE_LOCAL_CHANGED"
        assert F.snapshot(ws) == before
        assert F.audit_actions(ws)[-1] == "case.rejected"
