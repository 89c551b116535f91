"""The views of a case that gather what other areas know: the JSON-ready view used
by ``cases --json`` and ``case show --json``, and the overview the Summary tab shows.

``case_details`` adds the sections of other services (checks, evaluations,
assessment, checklist, determination, letters), listed in ``sections()``.
``case_overview`` reads where a case stands (``domain.overview``) in one job,
without writing anything (a checklist not made yet counts as not started).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from reviewer_app.domain.assessment import Assessment
from reviewer_app.domain.assessment import Status as Reached
from reviewer_app.domain.case import Case, CaseStatus
from reviewer_app.domain.checklist import Severity
from reviewer_app.domain.checklist import Status as ItemStatus
from reviewer_app.domain.overview import (
    AssessmentLine,
    CaseOverview,
    ChecklistLine,
    DecisionLine,
    LetterStage,
    OpenFinding,
    Verdict,
    next_step,
)
from reviewer_app.domain.timeline import review_clock
from reviewer_app.errors import ReviewerError
from reviewer_app.services.cases import get_case
from reviewer_app.services.workspace import Workspace


def case_summary(case: Case, today: date) -> dict[str, Any]:
    return {
        "id": case.reference,
        "reference": case.reference,
        "uuid": case.uuid,
        "package_id": case.package_id,
        "status": case.status.value,
        "model_name": case.model_name,
        "model_version": case.model_version,
        "organization": case.organization,
        "received_at": case.received_at.isoformat(),
        "window_end": case.window_end.isoformat(),
        "days_left": case.days_left(today),
        "linked_to": case.linked_to,
    }


def sections() -> dict[str, Callable[[Workspace, Case], Any]]:
    """name -> function(workspace, case) giving that section of ``case show --json``.

    Imported here, not at the top: the evidence readers and the letter code load
    only when a case's details are asked for."""
    from reviewer_app.services.checklist import checklist_section
    from reviewer_app.services.decision import determination_section, letters_section
    from reviewer_app.services.evidence import assessment_section, evaluations_section
    from reviewer_app.services.intake import checks_section

    return {
        "checks": checks_section,
        "evaluations": evaluations_section,
        "assessment": assessment_section,
        "checklist": checklist_section,
        "determination": determination_section,
        "letters": letters_section,
    }


def case_details(ws: Workspace, key: str, today: date) -> dict[str, Any]:
    case = get_case(ws, key)
    details = case_summary(case, today)
    details["files"] = [
        {
            "path": f.path,
            "size": f.size,
            "sha256": f.sha256,
            "media_type": f.media_type,
            "role": f.role,
        }
        for f in case.files
    ]
    for name, section in sections().items():
        details[name] = section(ws, case)
    return details


def case_overview(ws: Workspace, key: str, today: date,
                  assessment: AssessmentLine | None = None) -> CaseOverview:
    """Where the case stands: clock, assessment, checklist, decision and the next step.

    ``assessment``: the bottom line read before, kept when only the checklist or the
    decision changed (the evidence did not; reading it again can mean recomputing
    a 100,000-sample log)."""
    case = get_case(ws, key)
    if assessment is None:
        assessment = _assessment_line(ws, case.uuid)
    checklist = _checklist_line(ws, case.uuid)
    decision = _decision_line(ws, case)
    return CaseOverview(
        case_uuid=case.uuid, reference=case.reference, received=case.received_at.date(),
        clock=review_clock(case.window_end, today, _proposed_release(ws, case.uuid)),
        assessment=assessment, checklist=checklist, decision=decision,
        next_step=next_step(assessment, checklist, decision))


def _proposed_release(ws: Workspace, key: str) -> date | None:
    from reviewer_app.services.intake import load_submission

    try:
        return load_submission(ws, key).manifest.release_plan.proposed_public_release
    except ReviewerError:
        return None  # the Submission page says what is wrong with the stored manifest


def _assessment_line(ws: Workspace, key: str) -> AssessmentLine:
    from reviewer_app.services.evidence import evaluate_case

    try:
        assessment = evaluate_case(ws, key).assessment
    except ReviewerError as exc:
        return AssessmentLine(Verdict.UNKNOWN, f"{exc.code}: {exc.message}")
    return assessment_line(assessment)


def assessment_line(a: Assessment) -> AssessmentLine:
    verdict = (Verdict.COVERED if a.covered else
               Verdict.NOT_COVERED if a.complete else Verdict.INCOMPLETE)
    crossed = tuple(
        f"{e.domain}: {e.benchmark} {e.metric} {e.score:.4f} reaches {e.threshold:g}"
        for e in a.evaluations
        if e.status is Reached.AT_OR_ABOVE and e.score is not None and e.threshold is not None)
    missing = tuple(d.domain for d in a.domains
                    if d.thresholded and d.status is Reached.NO_EVIDENCE)
    return AssessmentLine(verdict, a.summary, crossed, missing, a.examples_only)


def _checklist_line(ws: Workspace, key: str) -> ChecklistLine:
    from reviewer_app.services.checklist import read_checklist

    items = read_checklist(ws, key).items()
    cat1 = [i for i in items if i.severity is Severity.CAT_I]
    return ChecklistLine(
        total=len(items),
        reviewed=sum(i.status is not ItemStatus.NOT_REVIEWED for i in items),
        cat1_not_reviewed=sum(i.status is ItemStatus.NOT_REVIEWED for i in cat1),
        open_findings=sum(i.status is ItemStatus.OPEN for i in items),
        open_cat1=tuple(OpenFinding(i.item_id, i.title) for i in cat1
                        if i.status is ItemStatus.OPEN))


def _decision_line(ws: Workspace, case: Case) -> DecisionLine:
    from reviewer_app.services.decision import get_determination, list_letters

    determination = get_determination(ws, case.uuid)
    letters = list_letters(ws, case.uuid)
    if determination is None and not letters:
        return DecisionLine(LetterStage.UNDECIDED)
    newest = letters[-1] if letters else None
    if case.status is CaseStatus.ISSUED or (newest and newest.state == "countersigned"):
        stage = LetterStage.ISSUED
    elif newest is None:
        stage = LetterStage.DRAFTED
    else:
        stage = {"signed": LetterStage.SIGNED}.get(newest.state, LetterStage.SUPERSEDED)
    return DecisionLine(
        stage=stage,
        outcome=determination.outcome.label if determination else "",
        decided_by=determination.decided_by if determination else "",
        letter_version=newest.version if newest else None,
        signed_by=(newest.signed_by or "") if newest else "",
        countersigned_by=(newest.countersigned_by or "") if newest else "")
