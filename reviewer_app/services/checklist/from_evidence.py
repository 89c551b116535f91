"""Turn the evidence service's ``CaseEvidence`` into the plain facts auto-checks read.

Typed on ``services.evidence.evaluation.CaseEvidence`` (its ``Assessment``, its rows and
its findings): renaming a field there is a type error here, never a silent
loss of checklist suggestions. What each fact comes from is listed in
docs/checklist-templates.md ("Where auto-checks get their facts").
"""

from __future__ import annotations

from typing import Any

from reviewer_app.domain.assessment import Assessment, Status
from reviewer_app.domain.autochecks import AT_OR_ABOVE, BELOW, NO_EVIDENCE, NO_THRESHOLD
from reviewer_app.services.evidence import CaseEvidence

_LEVELS = {Status.AT_OR_ABOVE: AT_OR_ABOVE, Status.BELOW: BELOW,
           Status.NO_THRESHOLD: NO_THRESHOLD, Status.NO_EVIDENCE: NO_EVIDENCE}

# Findings of the evidence service, by code: which evidence-quality check they feed.
DISCREPANCY_CODES = frozenset({"SCORE_LOG_MISMATCH", "SCORE_DECLARED_MISMATCH", "SCORE_UNVERIFIED"})
LOG_CODES = frozenset({"SCORE_NAN", "EVIDENCE_UNUSABLE"})
# A rule of thumb for the suggestion only (the reviewer decides): below this
# many scored samples a headline score is too noisy to lean on.
MIN_SAMPLES = 30
# Reader notes that mean a log did not finish cleanly (other notes are informative).
_LOG_TROUBLE = ("error", "crashed", "cancelled", "no samples", "no results", "nan",
                "no metric", "nothing was scored", "only part")


def _evaluation_reasons(assessment: Assessment) -> dict[str, list[str]]:
    """Per domain, the evaluations that reached a threshold, as "Cybench accuracy 0.41 >= 0.3"."""
    out: dict[str, list[str]] = {}
    for ev in assessment.evaluations:
        if ev.status is not Status.AT_OR_ABOVE:
            continue
        text = " ".join(x for x in (ev.benchmark, ev.metric) if x)
        if ev.score is not None and ev.threshold is not None:
            text += f" {ev.score:.4g} against the threshold {ev.threshold:g}"
        out.setdefault(ev.domain, []).append(text)
    return out


def _mentioning(assessment: Assessment, domain: str) -> tuple[str, ...]:
    """The assessment's own reasons that are about ``domain``."""
    return tuple(r for r in assessment.reasons
                 if r.startswith(f"{domain}:") or f" {domain} threshold" in r)


def _domains(assessment: Assessment) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    levels: dict[str, str] = {}
    reasons: dict[str, tuple[str, ...]] = {}
    by_evaluation = _evaluation_reasons(assessment)
    for domain in assessment.domains:
        levels[domain.domain] = _LEVELS[domain.status]
        reasons[domain.domain] = (tuple(by_evaluation.get(domain.domain, ()))
                                  or _mentioning(assessment, domain.domain))
    return levels, reasons


def _quality(evidence: CaseEvidence) -> tuple[list[str], list[str], list[str]]:
    discrepancies: list[str] = []
    sample_issues: list[str] = []
    log_issues: list[str] = []
    for finding in evidence.findings:
        if finding.code in DISCREPANCY_CODES:
            discrepancies.append(finding.message)
        elif finding.code in LOG_CODES:
            log_issues.append(finding.message)
    for row in evidence.rows:
        name = row.evaluation or "an evaluation"
        log_issues += [f"{name}: {note}" for note in row.warnings
                       if any(w in note.lower() for w in _LOG_TROUBLE)]
        if row.format == "document":
            continue
        if row.n is None:
            sample_issues.append(f"{name}: the number of scored samples is not known")
        elif row.n < MIN_SAMPLES:
            sample_issues.append(f"{name}: only {row.n} scored sample(s) (fewer than {MIN_SAMPLES})")
    return discrepancies, sample_issues, log_issues


def adapt_assessment(evidence: CaseEvidence) -> dict[str, Any]:
    """The facts ``domain.autochecks`` reads, from the evidence service's result."""
    assessment = evidence.assessment
    levels, reasons = _domains(assessment)
    discrepancies, sample_issues, log_issues = _quality(evidence)
    return {
        "assessment": levels,
        "assessment_reasons": reasons,
        "overall_covered": assessment.covered,
        "assessment_complete": assessment.complete,
        "overall_reasons": assessment.reasons,
        "discrepancies": tuple(dict.fromkeys(discrepancies)),
        "sample_issues": tuple(dict.fromkeys(sample_issues)),
        "log_issues": tuple(dict.fromkeys(log_issues)),
    }
