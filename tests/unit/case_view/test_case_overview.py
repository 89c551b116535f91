"""The case overview (``services.case_view.case_overview``): where a case stands, read
from what the other areas hold, on the demo's three cases and on a case taken
through decide, sign, decide again, sign and countersign with a real test PKI.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from reviewer_app.domain.overview import LetterStage, Place, Verdict
from reviewer_app.services.case_view import case_overview
from reviewer_app.services.cases import get_case, list_cases
from reviewer_app.services.checklist import set_item
from reviewer_app.services.decision import countersign, decide, sign_letter
from reviewer_app.services.demo import ensure_demo
from reviewer_app.services.intake import load_submission
from reviewer_app.services.workspace import Workspace, open_workspace
from reviewer_app.storage import audit_chain
from tests.support.cases import (
    CREDENTIAL_PASSPHRASE,
    DEFAULT_ITEMS,
    Office,
    make_case,
    office_with_case,
)

TODAY = date(2026, 12, 6)
REF = "FMR-2026-0001"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = ensure_demo(tmp_path_factory.mktemp("demo") / "demo").root
    with open_workspace(root) as ws:
        yield ws


def _demo_case(ws: Workspace, model: str) -> str:
    return next(c.uuid for c in list_cases(ws) if c.model_name == model)


def _entries(ws: Workspace) -> int:
    with ws.reader() as s:
        return len(list(audit_chain.entries(s)))


def test_covered_demo_case_names_the_threshold_and_the_release_cutting_the_window_short(
        demo: Workspace) -> None:
    key = _demo_case(demo, "Aurora-3")
    before = _entries(demo)
    o = case_overview(demo, key, TODAY)
    case = get_case(demo, key)
    assert o.reference == case.reference and o.received == case.received_at.date()
    assert o.clock.window_end == case.window_end
    assert o.clock.days_left == (case.window_end - TODAY).days
    release = load_submission(demo, key).manifest.release_plan.proposed_public_release
    assert o.clock.release == release
    assert o.clock.release_before_window_end is (release < case.window_end)
    assert o.assessment.verdict is Verdict.COVERED
    assert len(o.assessment.crossed) == 1
    assert o.assessment.crossed[0].startswith("cyber: Cybench accuracy 0.46")
    assert o.assessment.missing == ()
    # Nothing made yet: the checklist counts as not started, and the read wrote nothing.
    assert not o.checklist.started
    assert o.next_step.place is Place.CHECKLIST
    assert o.decision.stage is LetterStage.UNDECIDED
    assert _entries(demo) == before


def test_clean_demo_case_is_not_shown_covered_and_crosses_nothing(demo: Workspace) -> None:
    a = case_overview(demo, _demo_case(demo, "Mariner-1"), TODAY).assessment
    assert a.verdict is Verdict.NOT_COVERED
    assert a.crossed == () and a.missing == ()
    assert a.summary == "Not a covered frontier model on the evidence given"


def test_incomplete_demo_case_names_the_domain_without_evidence(demo: Workspace) -> None:
    a = case_overview(demo, _demo_case(demo, "Helix-2"), TODAY).assessment
    assert a.verdict is Verdict.INCOMPLETE
    assert a.crossed == ()
    assert a.missing and all(isinstance(d, str) and d for d in a.missing)


@pytest.fixture
def office_ws(tmp_path: Path) -> Iterator[tuple[Workspace, Office]]:
    with office_with_case(tmp_path / "ws") as made:
        yield made


def test_checklist_progress_counts_open_cat_i_findings(
        office_ws: tuple[Workspace, Office]) -> None:
    ws, _office = office_ws
    c = case_overview(ws, REF, TODAY).checklist
    assert (c.total, c.reviewed, c.open_findings) == (len(DEFAULT_ITEMS), len(DEFAULT_ITEMS), 2)
    assert [(f.item_id, f.title) for f in c.open_cat1] == [
        ("CY-01", "Cyber benchmark scores are below the threshold")]
    assert c.cat1_not_reviewed == 0


def test_a_cat_i_item_not_reviewed_is_the_next_step(office_ws: tuple[Workspace, Office]) -> None:
    ws, office = office_ws
    set_item(ws, office.reviewer, REF, "ID-01", status="not_reviewed")
    o = case_overview(ws, REF, TODAY)
    assert o.checklist.cat1_not_reviewed == 1
    assert o.checklist.reviewed == len(DEFAULT_ITEMS) - 1
    assert o.next_step.place is Place.CHECKLIST
    assert "1 CAT I item not reviewed" in o.next_step.text


def test_the_letter_road_decided_signed_superseded_signed_countersigned(
        office_ws: tuple[Workspace, Office]) -> None:
    ws, office = office_ws
    o = case_overview(ws, REF, TODAY)
    assert o.decision.stage is LetterStage.UNDECIDED
    assert o.next_step.place is Place.DETERMINATION  # every item reviewed: decide
    assert o.next_step.text.startswith("Record the determination")

    decide(ws, office.reviewer, REF, "not_covered", [], "Below every threshold.")
    o = case_overview(ws, REF, TODAY)
    assert o.decision.stage is LetterStage.DRAFTED
    assert o.decision.outcome and o.decision.decided_by == office.reviewer.username
    assert o.next_step.text.startswith("Sign the letter")

    sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    o = case_overview(ws, REF, TODAY)
    assert (o.decision.stage, o.decision.letter_version) == (LetterStage.SIGNED, 1)
    assert o.decision.signed_by == office.reviewer.username
    assert "countersigns letter version 1" in o.next_step.text
    assert office.reviewer.username in o.next_step.text  # who may not countersign

    decide(ws, office.reviewer, REF, "not_covered", [], "Below every threshold, again.")
    o = case_overview(ws, REF, TODAY)
    assert o.decision.stage is LetterStage.SUPERSEDED
    assert o.next_step.text.startswith("Sign a new letter")

    sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
    o = case_overview(ws, REF, TODAY)
    assert (o.decision.stage, o.decision.letter_version) == (LetterStage.ISSUED, 2)
    assert o.decision.countersigned_by == office.supervisor.username
    assert o.decision.steps_reached == 4
    assert o.next_step.text.startswith("Nothing left")


def test_an_unreadable_submission_sends_the_reviewer_to_the_evidence(
        office_ws: tuple[Workspace, Office]) -> None:
    ws, _office = office_ws
    key = make_case(ws, reference="FMR-2026-0002")
    (ws.paths.cases / key / "submission" / "manifest.json").unlink()
    o = case_overview(ws, key, TODAY)
    assert o.assessment.verdict is Verdict.UNKNOWN
    assert o.assessment.summary  # the error code and message, for the Evidence page
    assert o.clock.release is None
    assert o.next_step.place is Place.EVIDENCE


def test_overdue_clock(office_ws: tuple[Workspace, Office]) -> None:
    ws, _office = office_ws
    end = get_case(ws, REF).window_end
    o = case_overview(ws, REF, end + timedelta(days=3))
    assert o.clock.days_left == -3 and o.clock.label == "3 days overdue"


def test_an_assessment_read_before_is_kept(office_ws: tuple[Workspace, Office]) -> None:
    """What the Summary tab passes after a checklist or decision change: no evidence read."""
    ws, _office = office_ws
    first = case_overview(ws, REF, TODAY)
    (ws.paths.cases / first.case_uuid / "submission" / "manifest.json").unlink()
    again = case_overview(ws, REF, TODAY, first.assessment)
    assert again.assessment is first.assessment
    assert case_overview(ws, REF, TODAY).assessment.verdict is Verdict.UNKNOWN
