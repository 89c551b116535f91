"""The outcome the assessment points to, pre-selected on the Determination page.

The assessment says one of three things (covered, not shown covered, or the
evidence is incomplete); the policy's outcomes say it in their keys: an
outcome whose key starts ``covered`` is a covered one, ``not_covered`` the
not-covered one, ``incomplete`` a return for incompleteness (the default
outcomes and the example policy follow this). The first of the policy's
outcomes in the assessment's family is suggested; which covered outcome (no
objection, conditions, deferral) is the reviewer's judgement, so the page says
the choice was pre-selected and the confirmation names a disagreement. Pure.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from reviewer_app.domain.assessment import Assessment
from reviewer_app.domain.determination import Outcome


class Finding(enum.StrEnum):
    """The assessment's bottom line, named as the outcome keys start."""

    COVERED = "covered"
    NOT_COVERED = "not_covered"
    INCOMPLETE = "incomplete"


def finding_of(assessment: Assessment) -> Finding:
    if assessment.covered:
        return Finding.COVERED
    return Finding.NOT_COVERED if assessment.complete else Finding.INCOMPLETE


def family_of(outcome_key: str) -> Finding | None:
    """The finding an outcome states (by its key), None for a policy's own kind of outcome."""
    for finding in (Finding.NOT_COVERED, Finding.INCOMPLETE, Finding.COVERED):
        if outcome_key.startswith(finding.value):
            return finding
    return None


@dataclass(frozen=True)
class Suggestion:
    finding: Finding
    outcome: Outcome | None  # None: no outcome of the policy states the finding
    note: str  # what the page says about it
    summary: str  # the assessment's bottom line in words

    def disagrees_with(self, outcome_key: str) -> bool:
        """True when ``outcome_key`` states another finding than the assessment's."""
        family = family_of(outcome_key)
        return family is not None and family is not self.finding


def suggest_outcome(assessment: Assessment, outcomes: tuple[Outcome, ...]) -> Suggestion:
    finding = finding_of(assessment)
    chosen = next((o for o in outcomes if family_of(o.key) is finding), None)
    examples = " The policy's thresholds are EXAMPLES." if assessment.examples_only else ""
    if chosen is None:
        return Suggestion(finding, None, f"Assessment: {assessment.summary}. No outcome of the "
                          f"policy states this, so none is pre-selected.{examples}",
                          assessment.summary)
    judgement = (" Whether to object, set conditions or ask a deferral is yours to judge."
                 if finding is Finding.COVERED else "")
    return Suggestion(finding, chosen, f"Pre-selected from the assessment: {assessment.summary}."
                      f"{judgement}{examples}", assessment.summary)
