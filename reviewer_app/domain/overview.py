"""Where a case stands, in one view: the review clock, the assessment's bottom line,
checklist progress, the determination and its letter, and the next step.

The Summary tab shows it; each part names the ``Place`` (the page) that tells
more. ``next_step`` is the rule that says what the reviewer does next. Pure.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from reviewer_app.domain.timeline import ReviewClock


class Place(enum.StrEnum):
    """The case page a part of the overview leads to (the UI maps it to its tab)."""

    RELEASE = "release"
    EVIDENCE = "evidence"
    CHECKLIST = "checklist"
    DETERMINATION = "determination"


class Verdict(enum.StrEnum):
    COVERED = "covered"
    NOT_COVERED = "not_covered"
    INCOMPLETE = "incomplete"  # not shown covered, but a thresholded domain lacks evidence
    UNKNOWN = "unknown"  # the assessment could not be made (the Evidence page says why)

    @property
    def label(self) -> str:
        return _VERDICT_LABELS[self]


_VERDICT_LABELS = {
    Verdict.COVERED: "Covered frontier model",
    Verdict.NOT_COVERED: "Not shown to be covered",
    Verdict.INCOMPLETE: "Incomplete: not shown covered, evidence missing",
    Verdict.UNKNOWN: "No assessment",
}


@dataclass(frozen=True)
class AssessmentLine:
    verdict: Verdict
    summary: str  # the assessment's own sentence, or why there is none
    crossed: tuple[str, ...] = ()  # "cyber: Cybench accuracy 0.4600 reaches 0.4"
    missing: tuple[str, ...] = ()  # thresholded domains without evidence
    examples_only: bool = False  # the policy's thresholds are examples


@dataclass(frozen=True)
class OpenFinding:
    item_id: str
    title: str


@dataclass(frozen=True)
class ChecklistLine:
    total: int  # 0: the checklist is not made yet (it is made when first opened)
    reviewed: int
    cat1_not_reviewed: int  # a determination waits for these
    open_findings: int
    open_cat1: tuple[OpenFinding, ...]

    @property
    def started(self) -> bool:
        return self.total > 0


class LetterStage(enum.StrEnum):
    """How far the decision has come, in the order it gets there."""

    UNDECIDED = "undecided"
    DRAFTED = "drafted"  # a determination is recorded; its letter is a draft
    SUPERSEDED = "superseded"  # decided again after signing: a new letter must be signed
    SIGNED = "signed"  # waits for a supervisor's countersignature
    ISSUED = "issued"  # countersigned: the letter is issued

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]


_STAGE_LABELS = {
    LetterStage.UNDECIDED: "Not decided",
    LetterStage.DRAFTED: "Determination recorded; letter drafted, not signed",
    LetterStage.SUPERSEDED: "Decided again after signing; the signed letter is superseded",
    LetterStage.SIGNED: "Letter signed; waiting for a supervisor's countersignature",
    LetterStage.ISSUED: "Letter countersigned and issued",
}
# The steps shown as a row of stations, each ticked when reached.
STAGE_STEPS = ("Drafted", "Signed", "Countersigned", "Issued")


@dataclass(frozen=True)
class DecisionLine:
    stage: LetterStage
    outcome: str = ""  # the recorded outcome's label
    decided_by: str = ""
    letter_version: int | None = None
    signed_by: str = ""
    countersigned_by: str = ""

    @property
    def steps_reached(self) -> int:
        """How many of ``STAGE_STEPS`` are done (countersigned and issued come together)."""
        return {LetterStage.UNDECIDED: 0, LetterStage.DRAFTED: 1, LetterStage.SUPERSEDED: 1,
                LetterStage.SIGNED: 2, LetterStage.ISSUED: 4}[self.stage]


@dataclass(frozen=True)
class NextStep:
    text: str
    place: Place


@dataclass(frozen=True)
class CaseOverview:
    case_uuid: str
    reference: str
    received: date  # the window's first day (the clock bar starts there)
    clock: ReviewClock
    assessment: AssessmentLine
    checklist: ChecklistLine
    decision: DecisionLine
    next_step: NextStep


def _items(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def next_step(assessment: AssessmentLine, checklist: ChecklistLine,
              decision: DecisionLine) -> NextStep:
    """What the reviewer does next: the letter's road first, then the checklist, then deciding."""
    stage = decision.stage
    if stage is LetterStage.ISSUED:
        return NextStep("Nothing left: the letter is issued. Export the case file if it must "
                        "travel.", Place.DETERMINATION)
    if stage is LetterStage.SIGNED:
        return NextStep(f"A supervisor other than {decision.signed_by or 'the signer'} "
                        f"countersigns letter version {decision.letter_version}.",
                        Place.DETERMINATION)
    if stage is LetterStage.SUPERSEDED:
        return NextStep("Sign a new letter: the determination changed after the last letter "
                        "was signed.", Place.DETERMINATION)
    if stage is LetterStage.DRAFTED:
        return NextStep("Sign the letter (then a supervisor countersigns it).",
                        Place.DETERMINATION)
    if assessment.verdict is Verdict.UNKNOWN:
        return NextStep("Look at the evidence: the assessment could not be made.",
                        Place.EVIDENCE)
    if not checklist.started:
        return NextStep("Open the checklist and start the review.", Place.CHECKLIST)
    if checklist.cat1_not_reviewed:
        return NextStep(f"Review the {_items(checklist.cat1_not_reviewed, 'CAT I item')} not "
                        "reviewed yet: a determination waits for them.", Place.CHECKLIST)
    left = checklist.total - checklist.reviewed
    if left:
        return NextStep(f"Review the remaining {_items(left, 'checklist item')}.",
                        Place.CHECKLIST)
    return NextStep(f"Record the determination (the assessment: {assessment.verdict.label}).",
                    Place.DETERMINATION)
