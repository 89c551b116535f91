"""``domain.overview.next_step``: what the reviewer does next, for each state of a case."""

from __future__ import annotations

import pytest

from reviewer_app.domain.overview import (
    AssessmentLine,
    ChecklistLine,
    DecisionLine,
    LetterStage,
    OpenFinding,
    Place,
    Verdict,
    next_step,
)

COVERED = AssessmentLine(Verdict.COVERED, "Covered frontier model: a threshold is reached",
                         ("cyber: Cybench accuracy 0.4600 reaches 0.4",))
UNKNOWN = AssessmentLine(Verdict.UNKNOWN, "EVIDENCE_MISSING: no log")
DONE = ChecklistLine(total=10, reviewed=10, cat1_not_reviewed=0, open_findings=1,
                     open_cat1=(OpenFinding("CY-01", "Cyber scores"),))
UNDECIDED = DecisionLine(LetterStage.UNDECIDED)


@pytest.mark.parametrize(("stage", "place", "start"), [
    (LetterStage.ISSUED, Place.DETERMINATION, "Nothing left"),
    (LetterStage.SIGNED, Place.DETERMINATION, "A supervisor other than rita countersigns"),
    (LetterStage.SUPERSEDED, Place.DETERMINATION, "Sign a new letter"),
    (LetterStage.DRAFTED, Place.DETERMINATION, "Sign the letter"),
])
def test_the_letter_comes_first_whatever_the_checklist_says(
        stage: LetterStage, place: Place, start: str) -> None:
    unfinished = ChecklistLine(total=10, reviewed=2, cat1_not_reviewed=3, open_findings=0,
                               open_cat1=())
    decision = DecisionLine(stage, "Covered", "rita", 1, "rita")
    step = next_step(UNKNOWN, unfinished, decision)
    assert step.place is place and step.text.startswith(start)


def test_no_assessment_sends_to_the_evidence() -> None:
    assert next_step(UNKNOWN, DONE, UNDECIDED).place is Place.EVIDENCE


def test_checklist_not_made_then_cat_i_then_the_rest_then_decide() -> None:
    empty = ChecklistLine(0, 0, 0, 0, ())
    assert next_step(COVERED, empty, UNDECIDED).text == "Open the checklist and start the review."
    cat1 = ChecklistLine(10, 7, 2, 0, ())
    step = next_step(COVERED, cat1, UNDECIDED)
    assert step.place is Place.CHECKLIST and "2 CAT I items not reviewed" in step.text
    rest = ChecklistLine(10, 9, 0, 0, ())
    assert next_step(COVERED, rest, UNDECIDED).text == "Review the remaining 1 checklist item."
    step = next_step(COVERED, DONE, UNDECIDED)
    assert step.place is Place.DETERMINATION
    assert step.text == "Record the determination (the assessment: Covered frontier model)."


@pytest.mark.parametrize(("stage", "reached"), [
    (LetterStage.UNDECIDED, 0), (LetterStage.DRAFTED, 1), (LetterStage.SUPERSEDED, 1),
    (LetterStage.SIGNED, 2), (LetterStage.ISSUED, 4)])
def test_steps_reached(stage: LetterStage, reached: int) -> None:
    assert DecisionLine(stage).steps_reached == reached
