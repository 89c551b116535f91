"""The checklist service on a real workspace: rows, history, audit, suggestions, roles."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.domain.checklist import EvidenceLink, Severity, Status
from reviewer_app.domain.users import SYSTEM
from reviewer_app.errors import NotPermittedError, UsageError
from reviewer_app.services.checklist import items as cl
from reviewer_app.services.checklist.facts import (
    gather_facts,
    manifest_path_of,
    refresh_suggestions,
)
from reviewer_app.services.workspace.folder import Workspace, open_workspace
from reviewer_app.storage import audit_chain, audit_verify
from reviewer_app.storage.models import AuditRow, CaseRow
from tests.support.checklist_cases import (
    ADMIN,
    REVIEWER,
    SUPERVISOR,
    add_case,
    audit_ok,
    manifest,
    new_workspace,
)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = new_workspace(tmp_path / "ws")
    yield workspace
    workspace.close()


@pytest.fixture
def case(ws: Workspace) -> str:
    return add_case(ws)


def _entries(ws: Workspace, action: str) -> int:
    with ws.reader() as s:
        return len([e for e in audit_chain.entries(s) if e.action == action])


def test_ensure_creates_every_item_once_with_audit(ws: Workspace, case: str) -> None:
    assert cl.ensure_checklist(ws, REVIEWER, case) is True
    assert cl.ensure_checklist(ws, REVIEWER, case) is False
    view = cl.get_checklist(ws, case)
    assert len(view.items()) == 39 and view.progress.reviewed == 0
    assert view.template_title == "Covered frontier model pre-release review"
    assert [s.title for s in view.sections][:2] == ["Package integrity and provenance", "Model identity"]
    assert _entries(ws, "checklist.create") == 39
    first = view.item("PKG-01")
    assert first is not None and first.guidance and first.references and first.auto_check
    audit_ok(ws)


def test_get_checklist_creates_it_lazily(ws: Workspace, case: str) -> None:
    view = cl.get_checklist(ws, case)
    assert len(view.items()) == 39
    audit_ok(ws)


def test_suggestions_come_from_the_case_facts(ws: Workspace, case: str) -> None:
    view = cl.get_checklist(ws, case)
    acc = view.item("ACC-01")
    assert acc is not None and acc.status is Status.NOT_REVIEWED
    assert acc.suggestion is not None and acc.suggestion.status is Status.OPEN
    assert acc.suggestion.explanation == "denylist lacks KP (North Korea)"
    pkg = view.item("PKG-01")
    assert pkg is not None and pkg.suggestion is not None
    assert pkg.suggestion.status is Status.NOT_A_FINDING


def test_set_item_keeps_history_and_audits(ws: Workspace, case: str) -> None:
    cl.get_checklist(ws, case)
    state = cl.set_item(ws, REVIEWER, case, "ACC-01", status="open", details="KP missing")
    assert state.status is Status.OPEN and state.finding_details == "KP missing"
    assert state.updated_by == "rita"
    audit_ok(ws)
    state = cl.set_item(ws, SUPERVISOR, case, "ACC-01", comments="Asked the lab to add KP")
    assert [h.changes for h in state.history] == [
        {"status": ["not_reviewed", "open"], "finding_details": ["", "KP missing"]},
        {"comments": ["", "Asked the lab to add KP"]},
    ]
    assert [h.actor for h in state.history] == ["rita", "sam"]
    assert _entries(ws, "checklist.set") == 2
    audit_ok(ws)
    # nothing changed: no history, no audit entry
    cl.set_item(ws, REVIEWER, case, "ACC-01", comments="Asked the lab to add KP")
    assert _entries(ws, "checklist.set") == 2


def test_an_edit_is_saved_at_once(ws: Workspace, case: str) -> None:
    cl.set_item(ws, REVIEWER, case, "MID-01", status="not_a_finding")
    ws.close()
    with open_workspace(ws.root) as again:
        item = cl.get_checklist(again, case).item("MID-01")
        assert item is not None and item.status is Status.NOT_A_FINDING
        audit_ok(again)


def test_severity_override_needs_a_justification(ws: Workspace, case: str) -> None:
    with pytest.raises(UsageError) as exc:
        cl.set_item(ws, REVIEWER, case, "PKG-05", severity_override="CAT I")
    assert exc.value.code == "JUSTIFICATION_REQUIRED"
    state = cl.set_item(ws, REVIEWER, case, "PKG-05", severity_override="CAT I",
                        justification="the contact is the only route for the letter")
    assert state.severity is Severity.CAT_I and state.template_severity is Severity.CAT_III
    assert "PKG-05" in cl.cat1_not_reviewed(ws, case)
    with pytest.raises(UsageError):
        cl.set_item(ws, REVIEWER, case, "PKG-05", justification="  ")
    state = cl.set_item(ws, REVIEWER, case, "PKG-05", severity_override=cl.CLEAR)
    assert state.severity is Severity.CAT_III and state.override_justification == ""
    audit_ok(ws)


def test_evidence_links_are_kept(ws: Workspace, case: str) -> None:
    links = [EvidenceLink("evidence/cybench.eval", sample_id="42", epoch=1, note="solved flag"),
             EvidenceLink("documents/system-card.pdf")]
    state = cl.set_item(ws, REVIEWER, case, "CAP-02", evidence_links=links)
    assert state.evidence_links == tuple(links)
    audit_ok(ws)


@pytest.mark.parametrize("kwargs,code", [({"status": "maybe"}, "BAD_STATUS"),
                                         ({"severity_override": "CAT IV", "justification": "x"},
                                          "BAD_SEVERITY")])
def test_bad_values_are_usage_errors(ws: Workspace, case: str, kwargs: dict[str, str], code: str) -> None:
    with pytest.raises(UsageError) as exc:
        cl.set_item(ws, REVIEWER, case, "PKG-01", **kwargs)  # type: ignore[arg-type]
    assert exc.value.code == code


def test_unknown_item_and_case(ws: Workspace, case: str) -> None:
    cl.get_checklist(ws, case)
    with pytest.raises(UsageError, match="NO_SUCH_ITEM"):
        cl.set_item(ws, REVIEWER, case, "XX-99", status="open")
    with pytest.raises(UsageError, match="NO_SUCH_CASE"):
        cl.get_checklist(ws, "FMR-1999-0001")


def test_an_administrator_may_not_answer(ws: Workspace, case: str) -> None:
    cl.get_checklist(ws, case)
    for call in (lambda: cl.set_item(ws, ADMIN, case, "PKG-01", status="open"),
                 lambda: cl.accept(ws, ADMIN, case, "PKG-01"),
                 lambda: cl.accept_all(ws, ADMIN, case)):
        with pytest.raises(NotPermittedError):
            call()
    assert _entries(ws, "refused") == 3
    assert cl.get_checklist(ws, case).progress.reviewed == 0
    audit_ok(ws)


def test_accept_one_and_accept_all(ws: Workspace, case: str) -> None:
    cl.get_checklist(ws, case)
    state = cl.accept(ws, REVIEWER, case, "ACC-01")
    assert state.status is Status.OPEN
    assert "accepted the suggestion: denylist lacks KP" in state.history[-1].changes["note"]
    cl.set_item(ws, REVIEWER, case, "REL-02", status="not_applicable")  # a person's own answer
    accepted = cl.accept_all(ws, REVIEWER, case)
    assert "ACC-01" not in accepted and "REL-02" not in accepted and "PKG-01" in accepted
    view = cl.get_checklist(ws, case)
    rel = view.item("REL-02")
    assert rel is not None and rel.status is Status.NOT_APPLICABLE  # suggestion was OPEN
    assert all(i.status is Status.NOT_REVIEWED for i in view.items() if i.suggestion is None)
    with pytest.raises(UsageError, match="NO_SUGGESTION"):
        cl.accept(ws, REVIEWER, case, "PKG-04")
    audit_ok(ws)


def test_suggestions_never_overwrite_a_persons_status(ws: Workspace, case: str) -> None:
    cl.get_checklist(ws, case)
    cl.set_item(ws, REVIEWER, case, "ACC-01", status="not_a_finding", comments="KP covered by law")
    # the package's facts change: the denylist now names every country of concern
    fixed = manifest(access_plan={"region_policy": "denylist", "regions": ["CN", "RU", "IR", "KP"],
                                  "foreign_national_access": ""})
    with ws.reader() as s:
        row = s.query(CaseRow).filter_by(uuid=case).one()
        path = manifest_path_of(ws, row)
    path.write_text(json.dumps(fixed), encoding="utf-8")
    changed = refresh_suggestions(ws, SYSTEM, case)
    assert changed >= 2  # ACC-01 and ACC-03 at least
    view = cl.get_checklist(ws, case)
    acc = view.item("ACC-01")
    assert acc is not None and acc.status is Status.NOT_A_FINDING and acc.comments == "KP covered by law"
    assert acc.suggestion is not None and acc.suggestion.status is Status.NOT_A_FINDING
    fna = view.item("ACC-03")
    assert fna is not None and fna.suggestion is not None and fna.suggestion.status is Status.OPEN
    assert refresh_suggestions(ws, SYSTEM, case) == 0  # nothing new: no entries
    audit_ok(ws)


def test_facts_read_case_row_manifest_and_policy(ws: Workspace) -> None:
    case = add_case(ws, signer_org="Shell Co",
                    checks={"signature": {"ok": True}, "trust": {"ok": False, "reason": "revoked"},
                            "organization_match": False, "files_verified": 1})
    facts = gather_facts(ws, case)
    assert facts.trusted is False and facts.trust_reason == "revoked"
    assert facts.signer_org == "Shell Co" and facts.submitter_org == "Example AI Labs, Inc."
    assert (facts.files_verified, facts.files_total) == (1, 2)
    assert facts.countries_of_concern == ("CN", "RU", "IR", "KP")
    assert facts.stages[0].regions == ("US", "GB") and facts.region_policy == "denylist"
    assert facts.evaluations == {"cyber": ("Cybench",)}
    # the evidence service reads the (missing) evidence file: nothing is judged "below"
    assert facts.assessed is True and facts.assessment["cyber"] == "no_evidence"
    assert facts.assessment_complete is False
    assert any("cybench.eval" in issue for issue in facts.log_issues)


def test_a_checklist_row_changed_behind_the_apps_back_is_caught(ws: Workspace, case: str) -> None:
    cl.set_item(ws, REVIEWER, case, "ACC-01", status="open")
    audit_ok(ws)
    with sqlite3.connect(ws.paths.db) as db:
        db.execute("UPDATE checklist_items SET status='not_a_finding' WHERE item_id='ACC-01'")
    with ws.reader() as s:
        report = audit_verify.verify_chain(s)
        last = s.query(AuditRow).filter(AuditRow.subject.like("%/ACC-01")).order_by(
            AuditRow.seq.desc()).first()
    assert not report.ok
    assert last is not None
    assert any("ACC-01 was changed outside the application" in p.reason for p in report.problems)


def test_case_show_gets_a_checklist_section(ws: Workspace, case: str) -> None:
    from datetime import date

    from reviewer_app.services.case_view import case_details

    details = case_details(ws, case, date(2026, 12, 1))
    assert details["checklist"]["progress"]["total"] == 39
    assert details["checklist"]["items"][0]["id"] == "PKG-01"
