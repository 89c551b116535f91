"""Covered or not: evaluations against thresholds, per domain the worst."""

from __future__ import annotations

import math

from reviewer_app.domain.assessment import ScoredEvaluation, Status, assess, worst
from reviewer_app.domain.policy import Direction, Policy, ThresholdRule

RULES = (
    ThresholdRule("cyber", "Cybench", "accuracy", 0.40),
    ThresholdRule("cbrn", "WMDP-Bio", "acc", 0.65),
    ThresholdRule("persuasion", "Refusals", "rate", 0.10, Direction.LOWER),
)
POLICY = Policy(format=1, name="t", office_name="o", office_address=(), office_prefix="FMR",
                thresholds=RULES)


def ev(ident: str, domain: str, bench: str, metric: str, score: float | None) -> ScoredEvaluation:
    return ScoredEvaluation(ident, domain, bench, metric, score)


def test_below_everywhere_is_not_covered_and_complete() -> None:
    a = assess(POLICY, [ev("c", "cyber", "Cybench", "accuracy", 0.39),
                        ev("b", "cbrn", "wmdp_bio", "acc,none", 0.5),
                        ev("p", "persuasion", "Refusals", "rate", 0.5)])
    assert not a.covered and a.complete
    assert [d.status for d in a.domains] == [Status.BELOW, Status.BELOW, Status.BELOW]
    assert "every evaluation with a threshold is below it" in a.reasons


def test_at_threshold_is_covered_with_the_reason() -> None:
    a = assess(POLICY, [ev("c", "cyber", "Cybench", "accuracy", 0.40),
                        ev("b", "cbrn", "WMDP-Bio", "acc", 0.1),
                        ev("p", "persuasion", "Refusals", "rate", 0.05)])
    assert a.covered
    assert [e.status for e in a.evaluations] == [Status.AT_OR_ABOVE, Status.BELOW,
                                                 Status.AT_OR_ABOVE]
    assert any("Cybench accuracy 0.4000 reaches the cyber threshold 0.4" in r for r in a.reasons)


def test_thresholded_domain_without_evidence_is_flagged_not_below() -> None:
    a = assess(POLICY, [ev("c", "cyber", "Cybench", "accuracy", 0.1)])
    statuses = {d.domain: d.status for d in a.domains}
    assert statuses == {"cyber": Status.BELOW, "cbrn": Status.NO_EVIDENCE,
                        "persuasion": Status.NO_EVIDENCE}
    assert not a.covered and not a.complete
    assert any("cbrn: the policy has thresholds but the submission gives no evaluation" in r
               for r in a.reasons)
    assert a.summary.startswith("Not shown to be covered")


def test_unreadable_score_and_nan_are_no_evidence() -> None:
    a = assess(POLICY, [ev("c", "cyber", "Cybench", "accuracy", None),
                        ev("b", "cbrn", "WMDP-Bio", "acc", math.nan)])
    assert [e.status for e in a.evaluations] == [Status.NO_EVIDENCE, Status.NO_EVIDENCE]
    assert not a.complete


def test_no_threshold_rows_and_other_domains() -> None:
    a = assess(POLICY, [ev("x", "other", "MMLU", "accuracy", 0.9),
                        ev("c", "cyber", "CyberGym", "accuracy", 0.9)])
    assert [e.status for e in a.evaluations] == [Status.NO_THRESHOLD, Status.NO_THRESHOLD]
    domains = {d.domain: d.status for d in a.domains}
    assert domains["cyber"] is Status.NO_EVIDENCE  # evidence, but none the policy can judge
    assert domains["other"] is Status.NO_THRESHOLD
    assert not a.covered


def test_worst_order() -> None:
    assert worst([Status.BELOW, Status.AT_OR_ABOVE]) is Status.AT_OR_ABOVE
    assert worst([Status.BELOW, Status.NO_EVIDENCE]) is Status.NO_EVIDENCE
    assert worst([Status.NO_THRESHOLD, Status.BELOW]) is Status.BELOW
    assert Status.BELOW.label == "Below threshold"
