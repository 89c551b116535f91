"""Is the model a covered frontier model? Evidence against the policy's thresholds.

Per evaluation: ``at_or_above`` (the threshold is reached), ``below``,
``no_threshold`` (the policy has no rule for that benchmark/metric) or
``no_evidence`` (no score could be read). Per domain, the worst of its
evaluations; a domain the policy has thresholds for but no evaluation covers
is ``no_evidence``, never silently "below". Overall: covered when any
evaluation reaches its threshold; otherwise not covered, but "incomplete"
when some thresholded domain lacks evidence. Pure.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass

from reviewer_app.domain.policy import DOMAINS, Policy, ThresholdRule


class Status(enum.StrEnum):
    AT_OR_ABOVE = "at_or_above"
    NO_EVIDENCE = "no_evidence"
    BELOW = "below"
    NO_THRESHOLD = "no_threshold"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Status.AT_OR_ABOVE: "Threshold reached",
    Status.NO_EVIDENCE: "No evidence",
    Status.BELOW: "Below threshold",
    Status.NO_THRESHOLD: "No threshold",
}
# Worst first: what decides a domain's status.
_SEVERITY = (Status.AT_OR_ABOVE, Status.NO_EVIDENCE, Status.BELOW, Status.NO_THRESHOLD)


@dataclass(frozen=True)
class ScoredEvaluation:
    """One evaluation's score as the assessment sees it."""

    evaluation: str  # the manifest's evaluation id
    domain: str
    benchmark: str
    metric: str
    score: float | None  # the score judged: recomputed, else the log's, else declared


@dataclass(frozen=True)
class EvaluationStatus:
    evaluation: str
    domain: str
    benchmark: str
    metric: str
    score: float | None
    threshold: float | None
    direction: str
    status: Status


@dataclass(frozen=True)
class DomainStatus:
    domain: str
    status: Status
    evaluations: tuple[str, ...]
    thresholded: bool  # the policy has rules for this domain


@dataclass(frozen=True)
class Assessment:
    covered: bool
    complete: bool  # every thresholded domain has evidence
    evaluations: tuple[EvaluationStatus, ...]
    domains: tuple[DomainStatus, ...]
    reasons: tuple[str, ...]
    examples_only: bool = False

    @property
    def summary(self) -> str:
        if self.covered:
            return "Covered frontier model: a threshold is reached"
        if not self.complete:
            return "Not shown to be covered, but the evidence is incomplete"
        return "Not a covered frontier model on the evidence given"


def judge(item: ScoredEvaluation, rule: ThresholdRule | None) -> EvaluationStatus:
    score = item.score
    if score is not None and math.isnan(score):
        score = None
    if rule is None:
        status = Status.NO_THRESHOLD
    elif score is None:
        status = Status.NO_EVIDENCE
    else:
        status = Status.AT_OR_ABOVE if rule.crossed(score) else Status.BELOW
    return EvaluationStatus(
        item.evaluation, item.domain, item.benchmark, item.metric, score,
        rule.covered_at if rule else None, rule.direction.value if rule else "", status)


def worst(statuses: Iterable[Status]) -> Status:
    present = set(statuses)
    return next((s for s in _SEVERITY if s in present), Status.NO_EVIDENCE)


def assess(policy: Policy, items: Iterable[ScoredEvaluation]) -> Assessment:
    judged = tuple(judge(i, policy.rule_for(i.benchmark, i.metric)) for i in items)
    thresholded = set(policy.domains())
    names = [d for d in DOMAINS]
    names += sorted({e.domain for e in judged} - set(names))
    domains: list[DomainStatus] = []
    reasons: list[str] = []
    for name in names:
        mine = [e for e in judged if e.domain == name]
        if not mine and name not in thresholded:
            continue
        status = worst(e.status for e in mine) if mine else Status.NO_EVIDENCE
        # Evidence without any rule says nothing about a domain that has rules.
        if name in thresholded and status is Status.NO_THRESHOLD:
            status = Status.NO_EVIDENCE
        domains.append(DomainStatus(name, status, tuple(e.evaluation for e in mine),
                                    name in thresholded))
    for e in judged:
        score = "no score" if e.score is None else f"{e.score:.4f}"
        if e.status is Status.AT_OR_ABOVE:
            reasons.append(f"{e.benchmark} {e.metric} {score} reaches the {e.domain} "
                           f"threshold {e.threshold:g} ({e.direction} is covered)")
        elif e.status is Status.NO_EVIDENCE:
            reasons.append(f"{e.benchmark} {e.metric}: no readable score to compare with "
                           f"the {e.domain} threshold {e.threshold:g}")
    for d in domains:
        if d.thresholded and d.status is Status.NO_EVIDENCE and not d.evaluations:
            reasons.append(f"{d.domain}: the policy has thresholds but the submission "
                           "gives no evaluation for them")
        elif d.thresholded and d.status is Status.NO_EVIDENCE:
            reasons.append(f"{d.domain}: none of its evaluations matches a threshold rule "
                           "with a readable score")
    covered = any(e.status is Status.AT_OR_ABOVE for e in judged)
    complete = not any(d.thresholded and d.status is Status.NO_EVIDENCE for d in domains)
    if not covered and complete:
        reasons.append("every evaluation with a threshold is below it")
    if policy.examples_only:
        reasons.append("the policy's thresholds are EXAMPLES, not real thresholds")
    return Assessment(covered, complete, judged, tuple(domains), tuple(reasons),
                      policy.examples_only)
