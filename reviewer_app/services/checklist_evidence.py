"""Turn the evidence service's assessment into the plain facts auto-checks read.

The evidence service (``services.evidence.evaluate_case``) is written beside
this one; this adapter reads its result by name (attributes or keys) so the
two can evolve separately. Field names it looks for are listed in
docs/checklist-templates.md ("Where auto-checks get their facts").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from reviewer_app.domain.autochecks import AT_OR_ABOVE, BELOW, NO_EVIDENCE, NO_THRESHOLD

_LEVELS = {
    "at_or_above": AT_OR_ABOVE, "at_or_above_threshold": AT_OR_ABOVE, "above": AT_OR_ABOVE,
    "crossed": AT_OR_ABOVE, "covered": AT_OR_ABOVE,
    "below": BELOW, "below_threshold": BELOW,
    "no_threshold": NO_THRESHOLD, "no_evidence": NO_EVIDENCE, "missing": NO_EVIDENCE,
}


def _get(obj: Any, *names: str) -> Any:
    for name in names:
        if isinstance(obj, Mapping) and name in obj:
            return obj[name]
        if not isinstance(obj, Mapping) and hasattr(obj, name):
            return getattr(obj, name)
    return None


def _level(value: Any) -> str | None:
    raw = _get(value, "value", "level", "status") if not isinstance(value, str) else value
    if raw is None:
        return None
    key = str(raw).strip().lower().replace("-", "_").replace(" ", "_")
    return _LEVELS.get(key)


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable):
        return tuple(str(_get(v, "message", "text") or v) for v in value)
    return (str(value),)


def _evaluation_reasons(core: Any) -> dict[str, list[str]]:
    """Per domain, the evaluations that reached a threshold, as "Cybench accuracy 0.41 >= 0.3"."""
    out: dict[str, list[str]] = {}
    for ev in _get(core, "evaluations") or ():
        if _level(_get(ev, "status")) != AT_OR_ABOVE:
            continue
        score, limit = _get(ev, "score"), _get(ev, "threshold")
        text = " ".join(str(x) for x in (_get(ev, "benchmark"), _get(ev, "metric")) if x)
        if isinstance(score, float | int) and isinstance(limit, float | int):
            text += f" {score:.4g} against the threshold {limit:g}"
        out.setdefault(str(_get(ev, "domain")), []).append(text)
    return out


def _mentioning(result: Any, domain: str) -> tuple[str, ...]:
    """The assessment's own reasons that are about ``domain``."""
    return tuple(r for r in _texts(_get(result, "reasons"))
                 if r.startswith(f"{domain}:") or f" {domain} threshold" in r)


def _domains(result: Any) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    levels: dict[str, str] = {}
    reasons: dict[str, tuple[str, ...]] = {}
    by_evaluation = _evaluation_reasons(result)
    domains = _get(result, "domains", "by_domain", "domain_assessments")
    items: Iterable[tuple[str, Any]]
    if isinstance(domains, Mapping):
        items = domains.items()
    elif isinstance(domains, Iterable):
        items = [(str(_get(d, "domain", "name")), d) for d in domains]
    else:
        items = []
    for name, value in items:
        level = _level(value)
        if level is not None:
            levels[str(name)] = level
            reasons[str(name)] = (_texts(_get(value, "reasons", "explanation"))
                                  or tuple(by_evaluation.get(str(name), ()))
                                  or _mentioning(result, str(name)))
    return levels, reasons


# Findings of the evidence service, by code: which evidence-quality check they feed.
DISCREPANCY_CODES = frozenset({"SCORE_LOG_MISMATCH", "SCORE_DECLARED_MISMATCH", "SCORE_UNVERIFIED"})
LOG_CODES = frozenset({"SCORE_NAN", "EVIDENCE_UNUSABLE"})
# A rule of thumb for the suggestion only (the reviewer decides): below this
# many scored samples a headline score is too noisy to lean on.
MIN_SAMPLES = 30
# Reader notes that mean a log did not finish cleanly (other notes are informative).
_LOG_TROUBLE = ("error", "crashed", "cancelled", "no samples", "no results", "nan",
                "no metric", "nothing was scored", "only part")


def _quality(result: Any) -> tuple[list[str], list[str], list[str]]:
    discrepancies = list(_texts(_get(result, "discrepancies")))
    sample_issues = list(_texts(_get(result, "sample_issues")))
    log_issues = list(_texts(_get(result, "log_issues", "problems")))
    for finding in _get(result, "findings") or ():
        code, text = _get(finding, "code"), str(_get(finding, "message") or finding)
        if code is None or code in DISCREPANCY_CODES:
            discrepancies.append(text)
        elif code in LOG_CODES:
            log_issues.append(text)
    for ev in _get(result, "evaluations", "rows") or ():
        name = str(_get(ev, "evaluation", "benchmark") or "an evaluation")
        discrepancies += _texts(_get(ev, "discrepancy"))
        sample_issues += _texts(_get(ev, "sample_issue", "sample_issues"))
        for note in _texts(_get(ev, "log_issue", "log_problems", "warnings")):
            if _get(ev, "warnings") is None or any(w in note.lower() for w in _LOG_TROUBLE):
                log_issues.append(f"{name}: {note}")
        n = _get(ev, "n")
        if _get(ev, "format") != "document" and hasattr(ev, "n"):
            if n is None:
                sample_issues.append(f"{name}: the number of scored samples is not known")
            elif isinstance(n, int) and n < MIN_SAMPLES:
                sample_issues.append(f"{name}: only {n} scored sample(s) (fewer than {MIN_SAMPLES})")
    return discrepancies, sample_issues, log_issues


def adapt_assessment(result: Any) -> dict[str, Any]:
    """Accepts ``domain.assessment.Assessment`` itself or a result that holds one
    (under ``assessment``/``overall``), or plain mappings of the same names."""
    overall = _get(result, "overall", "assessment")
    core = overall if _get(overall, "domains") is not None else result
    levels, reasons = _domains(core)
    covered = _get(overall, "covered", "is_covered") if overall is not None else None
    if covered is None:
        covered = _get(result, "covered")
    if overall is None and _get(result, "reasons") is not None:
        overall = result
    discrepancies, sample_issues, log_issues = _quality(result)
    return {
        "assessment": levels,
        "assessment_reasons": reasons,
        "overall_covered": covered if isinstance(covered, bool) else None,
        "assessment_complete": _get(overall, "complete") is not False,
        "overall_reasons": _texts(_get(overall, "reasons") if overall is not None else None),
        "discrepancies": tuple(dict.fromkeys(discrepancies)),
        "sample_issues": tuple(dict.fromkeys(sample_issues)),
        "log_issues": tuple(dict.fromkeys(log_issues)),
    }
