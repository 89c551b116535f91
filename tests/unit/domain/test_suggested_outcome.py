"""The outcome the assessment points to: by the policy's outcome keys, in the policy's order."""

from __future__ import annotations

from reviewer_app.domain.assessment import ScoredEvaluation, assess
from reviewer_app.domain.determination import DEFAULT_OUTCOMES, Outcome
from reviewer_app.domain.policy import Policy, ThresholdRule
from reviewer_app.domain.suggested_outcome import Finding, family_of, suggest_outcome

POLICY = Policy(format=1, name="t", office_name="o", office_address=(), office_prefix="FMR",
                thresholds=(ThresholdRule("cyber", "Cybench", "accuracy", 0.40),))


def cyber(score: float | None) -> ScoredEvaluation:
    return ScoredEvaluation("c", "cyber", "Cybench", "accuracy", score)


def test_each_finding_suggests_its_outcome_and_says_so() -> None:
    covered = suggest_outcome(assess(POLICY, [cyber(0.46)]), DEFAULT_OUTCOMES)
    assert covered.finding is Finding.COVERED and covered.outcome is not None
    assert covered.outcome.key == "covered_no_objection"  # the policy's first covered outcome
    assert covered.note.startswith("Pre-selected from the assessment: Covered frontier model")
    assert "yours to judge" in covered.note
    below = suggest_outcome(assess(POLICY, [cyber(0.38)]), DEFAULT_OUTCOMES)
    assert below.outcome is not None and below.outcome.key == "not_covered"
    missing = suggest_outcome(assess(POLICY, [cyber(None)]), DEFAULT_OUTCOMES)
    assert missing.outcome is not None and missing.outcome.key == "incomplete_returned"


def test_the_policys_order_decides_among_covered_outcomes() -> None:
    outcomes = (Outcome("not_covered", "Not covered"),
                Outcome("covered_deferral_requested", "Deferral"),
                Outcome("covered_no_objection", "No objection"))
    chosen = suggest_outcome(assess(POLICY, [cyber(0.5)]), outcomes).outcome
    assert chosen is not None and chosen.key == "covered_deferral_requested"


def test_a_policy_without_a_matching_outcome_gets_no_suggestion() -> None:
    outcomes = (Outcome("approve", "Approve"), Outcome("object", "Object"))
    suggestion = suggest_outcome(assess(POLICY, [cyber(0.5)]), outcomes)
    assert suggestion.outcome is None
    assert "No outcome of the policy states this, so none is pre-selected" in suggestion.note
    assert not suggestion.disagrees_with("approve")  # a policy's own outcome: no claim


def test_disagreement_is_by_finding() -> None:
    covered = suggest_outcome(assess(POLICY, [cyber(0.5)]), DEFAULT_OUTCOMES)
    assert not covered.disagrees_with("covered_with_conditions")
    assert covered.disagrees_with("not_covered") and covered.disagrees_with("incomplete_returned")
    assert family_of("not_covered") is Finding.NOT_COVERED


def test_example_thresholds_are_named() -> None:
    examples = Policy(format=1, name="t", office_name="o", office_address=(), office_prefix="FMR",
                      thresholds=POLICY.thresholds, examples_only=True)
    note = suggest_outcome(assess(examples, [cyber(0.5)]), DEFAULT_OUTCOMES).note
    assert note.endswith("The policy's thresholds are EXAMPLES.")
