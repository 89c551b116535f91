"""The declared-vs-evidence gap and the flag when it straddles a threshold."""

from __future__ import annotations

import math

import pytest

from reviewer_app.domain.policy import Direction, ThresholdRule
from reviewer_app.domain.score_gap import GapFlag, score_gap

CYBER = ThresholdRule("cyber", "Cybench", "accuracy", 0.40)
REFUSALS = ThresholdRule("cbrn", "Refusals", "refusal_rate", 0.20, Direction.LOWER)


def test_declared_under_a_threshold_the_evidence_reaches_is_flagged() -> None:
    gap = score_gap(0.38, 0.46, CYBER, 0.005)
    assert gap.flag is GapFlag.CROSSES_THRESHOLD and gap.flag.label == "Crosses threshold"
    assert gap.difference == pytest.approx(0.08)
    assert gap.explanation.startswith("declared 0.3800, evidence 0.4600 (gap +0.0800)")
    assert ("the declared score is below the cyber threshold 0.4, the evidence reaches it"
            in gap.explanation)


def test_declared_over_a_threshold_the_evidence_misses_is_flagged_too() -> None:
    gap = score_gap(0.41, 0.39, CYBER, 0.005)
    assert gap.flag is GapFlag.CROSSES_THRESHOLD and gap.difference == pytest.approx(-0.02)
    assert "the declared score reaches the cyber threshold 0.4, the evidence is below it" \
        in gap.explanation


def test_a_crossing_within_the_tolerance_still_changes_the_verdict() -> None:
    assert score_gap(0.399, 0.401, CYBER, 0.005).flag is GapFlag.CROSSES_THRESHOLD


def test_lower_is_covered_rules_cross_the_other_way() -> None:
    gap = score_gap(0.25, 0.15, REFUSALS, 0.005)
    assert gap.flag is GapFlag.CROSSES_THRESHOLD
    assert "the declared score is above the cbrn threshold 0.2, the evidence reaches it" \
        in gap.explanation and "(lower is covered)" in gap.explanation
    assert score_gap(0.15, 0.10, REFUSALS, 0.005).flag is GapFlag.BEYOND_TOLERANCE


def test_same_side_gaps_are_judged_by_the_tolerance() -> None:
    far = score_gap(0.20, 0.30, CYBER, 0.005)
    assert far.flag is GapFlag.BEYOND_TOLERANCE and "more than the tolerance 0.005" \
        in far.explanation
    assert score_gap(0.498, 0.503, CYBER, 0.005).flag is GapFlag.WITHIN_TOLERANCE
    assert score_gap(0.50, 0.70, None, 0.005).flag is GapFlag.BEYOND_TOLERANCE  # no rule


@pytest.mark.parametrize(("declared", "evidence"), [
    (None, 0.5), (0.5, None), (math.nan, 0.5), (0.5, math.nan)])
def test_nothing_to_compare_is_not_checked(declared: float | None,
                                           evidence: float | None) -> None:
    gap = score_gap(declared, evidence, CYBER, 0.005)
    assert gap.flag is GapFlag.NOT_CHECKED and gap.difference is None
    assert gap.explanation
