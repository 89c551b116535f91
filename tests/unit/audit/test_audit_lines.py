"""The audit trail read for people (``audit_lines``, ``verify_case_audit``) on a real case:
a real package imported, the real checklist template created, an item answered.
Tampering is done as the insider would: sqlite3 edits of the workspace database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reviewer_app.services.audit import audit_entries, audit_lines, verify_case_audit
from reviewer_app.services.checklist import ensure_checklist, get_checklist, set_item
from reviewer_app.services.intake.package_import import import_package
from reviewer_app.services.workspace.folder import Workspace
from tests.support.import_fixtures import spec, test_pki, ws, ws_template  # noqa: F401
from tests.support.packages import PackageSpec
from tests.support.workspaces import REVIEWER, WorkspaceTemplate


@pytest.fixture
def case(ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate,  # noqa: F811
         tmp_path: Path) -> tuple[str, str]:
    """(uuid, reference) of an imported case with its checklist and one answered item."""
    result = import_package(ws, REVIEWER, spec.build(tmp_path / "good.subpkg"),
                            identity=ws_template.identity)
    reference = result.case.reference
    assert ensure_checklist(ws, REVIEWER, reference)
    first = get_checklist(ws, reference).items()[0]
    set_item(ws, REVIEWER, reference, first.item_id, status="not_a_finding", comments="seen")
    return result.case.uuid, reference


def test_lines_read_as_words_and_fold_the_checklist(ws: Workspace, case) -> None:  # noqa: F811
    case_uuid, reference = case
    items = len(get_checklist(ws, reference).items())
    lines = audit_lines(ws, case_uuid=case_uuid)
    entries = audit_entries(ws, case_uuid=case_uuid)
    assert sum(line.count for line in lines) == len(entries)  # nothing dropped, nothing twice
    [created] = [line for line in lines if line.action == "checklist.create"]
    assert created.count == items > 1
    assert created.sentence == f"Checklist created: {items} items"
    assert created.last_seq - created.first_seq == items - 1
    [imported] = [line for line in lines if line.action == "package.imported"]
    assert imported.sentence == f"Submission package good.subpkg imported as case {reference}"
    assert ("Reference", reference) in imported.details
    [answered] = [line for line in lines if line.action == "checklist.set"]
    before = get_checklist(ws, reference).items()[0]  # answered by the fixture
    assert before.status.value == "not_a_finding"
    assert ("Status", "not reviewed → not a finding") in answered.details
    assert ("Comments", "(none) → seen") in answered.details
    for line in lines:
        assert line.action not in line.sentence  # a sentence, not the stored name
        for key, value in line.details:  # "Key: value" in words, never a JSON object
            assert not key.startswith(("{", "[")) and not value.startswith(("{", "["))
            assert '":' not in value


def test_the_workspace_view_folds_too_and_keeps_every_entry(ws: Workspace, case) -> None:  # noqa: F811
    lines = audit_lines(ws)
    assert sum(line.count for line in lines) == len(audit_entries(ws))
    assert any(line.sentence.startswith("Workspace created") for line in lines)


def test_an_unknown_action_still_reads_as_words(ws: Workspace, case) -> None:  # noqa: F811
    from reviewer_app.services.audit.reading import lines_of

    [entry] = audit_entries(ws, case_uuid=case[0])[:1]
    [line] = lines_of([entry.__class__(**{**entry.__dict__, "action": "case.merge_rows_v2"})])
    assert line.sentence == "Case merge rows v2"


def test_case_integrity_counts_the_case_and_the_trail(ws: Workspace, case) -> None:  # noqa: F811
    case_uuid, _reference = case
    report = verify_case_audit(ws, case_uuid)
    assert report.ok and report.workspace.ok
    assert report.case_entries == len(audit_entries(ws, case_uuid=case_uuid))
    assert report.workspace.entries == len(audit_entries(ws)) > report.case_entries


def _tamper(workspace: Workspace, where: str) -> int:
    """Edit one entry's actor outside the application; returns its seq."""
    with sqlite3.connect(workspace.paths.db) as db:
        seq = db.execute(f"SELECT MIN(seq) FROM audit_log WHERE {where}").fetchone()[0]
        db.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = ?", (seq,))
    return int(seq)


def test_an_edit_outside_the_case_leaves_the_case_intact_but_not_the_trail(
        ws: Workspace, case) -> None:  # noqa: F811
    case_uuid, _reference = case
    seq = _tamper(ws, "case_uuid IS NULL")
    report = verify_case_audit(ws, case_uuid)
    assert report.ok
    assert not report.workspace.ok and report.workspace.problems[0].seq == seq


def test_an_edit_of_the_case_entry_is_the_case_problem(ws: Workspace, case) -> None:  # noqa: F811
    case_uuid, _reference = case
    seq = _tamper(ws, f"case_uuid = '{case_uuid}' AND action = 'checklist.set'")
    report = verify_case_audit(ws, case_uuid)
    assert not report.ok and report.problems[0].seq == seq
