"""The gap between a declared score and the evidence score, and when it matters.

The manifest declares a score; the evidence gives one (the log's, else the
one recomputed from its samples: the score the assessment judges). The gap
is evidence minus declared. It *crosses a threshold* when the two lie on
opposite sides of the policy's threshold for that benchmark: judged on the
declaration alone the model would be assessed differently. That is flagged
whatever the tolerance (0.399 declared against 0.401 in the log still changes
the verdict). Otherwise a gap beyond the policy's score tolerance is flagged
as such, and a gap within it is not. Pure.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from reviewer_app.domain.policy import Direction, ThresholdRule


class GapFlag(enum.StrEnum):
    CROSSES_THRESHOLD = "crosses_threshold"
    BEYOND_TOLERANCE = "beyond_tolerance"
    WITHIN_TOLERANCE = "within_tolerance"
    NOT_CHECKED = "not_checked"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    GapFlag.CROSSES_THRESHOLD: "Crosses threshold",
    GapFlag.BEYOND_TOLERANCE: "Beyond tolerance",
    GapFlag.WITHIN_TOLERANCE: "Agrees",
    GapFlag.NOT_CHECKED: "Not checked",
}


@dataclass(frozen=True)
class ScoreGap:
    flag: GapFlag
    difference: float | None  # evidence - declared; None when either is missing
    explanation: str  # complete in itself (a tooltip, a report line)


NOT_CHECKED = ScoreGap(GapFlag.NOT_CHECKED, None, "not compared")


def _fmt(value: float) -> str:
    return f"{value:.4f}"


def _side(rule: ThresholdRule, score: float) -> str:
    if rule.crossed(score):
        return "reaches"
    return "is above" if rule.direction is Direction.LOWER else "is below"


def score_gap(declared: float | None, evidence: float | None, rule: ThresholdRule | None,
              tolerance: float) -> ScoreGap:
    """How the declared score compares with the evidence score under ``rule``."""
    if declared is None or math.isnan(declared):
        return ScoreGap(GapFlag.NOT_CHECKED, None, "the submission declares no score")
    if evidence is None or math.isnan(evidence):
        return ScoreGap(GapFlag.NOT_CHECKED, None, f"declared {_fmt(declared)}, but the "
                        "evidence gives no score to compare it with")
    difference = evidence - declared
    said = f"declared {_fmt(declared)}, evidence {_fmt(evidence)} (gap {difference:+.4f})"
    if rule is not None and rule.crossed(declared) != rule.crossed(evidence):
        where = f"the {rule.domain} threshold {rule.covered_at:g}"
        return ScoreGap(GapFlag.CROSSES_THRESHOLD, difference,
                        f"{said}: the declared score {_side(rule, declared)} {where}, the "
                        f"evidence {_side(rule, evidence)} it ({rule.direction.value} is "
                        "covered); judged on the declaration alone the verdict would differ")
    # The same hair of slack as compare_scores: 0.503 vs 0.498 at 0.005 is within.
    if abs(difference) > tolerance + 1e-12:
        return ScoreGap(GapFlag.BEYOND_TOLERANCE, difference,
                        f"{said}: more than the tolerance {tolerance:g}, on the same side of "
                        "any threshold")
    return ScoreGap(GapFlag.WITHIN_TOLERANCE, difference,
                    f"{said}: within the tolerance {tolerance:g}")
