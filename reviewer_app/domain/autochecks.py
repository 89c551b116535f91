"""Auto-checks: a *suggested* status for a checklist item, from the case's facts.

Pure functions of ``CaseFacts``. Each returns a ``Suggestion`` (status and an
explanation that names the facts) or ``None`` when the facts cannot decide, in
which case the reviewer simply answers. A suggestion never becomes a status by
itself: services store it beside the status and a person accepts it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from reviewer_app.domain.checklist import Status, Suggestion
from reviewer_app.domain.countries import COUNTRY_NAMES
from reviewer_app.domain.timeline import before_window_end

DOMAINS = ("cyber", "cbrn", "autonomy", "persuasion")
DOMAIN_LABELS = {"cyber": "cyber", "cbrn": "CBRN", "autonomy": "autonomy / AI R&D",
                 "persuasion": "persuasion"}

# Assessment levels per domain (as the evidence assessment reports them).
AT_OR_ABOVE = "at_or_above"
BELOW = "below"
NO_THRESHOLD = "no_threshold"
NO_EVIDENCE = "no_evidence"


class Stage(NamedTuple):
    name: str
    start: date | None
    audience: str
    regions: tuple[str, ...]


@dataclass(frozen=True)
class CaseFacts:
    """Everything auto-checks read. ``None`` means "not known", never "false"."""

    signature_valid: bool | None = None
    trusted: bool | None = None
    trust_reason: str = ""
    signer_org: str = ""
    submitter_org: str = ""
    organization_match: bool | None = None
    files_verified: int | None = None
    files_total: int = 0
    # domain -> benchmark names declared in the manifest
    evaluations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Set only when the evidence assessment ran; without it the threshold and
    # evidence-quality checks make no suggestion.
    assessed: bool = False
    assessment: Mapping[str, str] = field(default_factory=dict)  # domain -> level
    assessment_reasons: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    overall_covered: bool | None = None
    assessment_complete: bool = True  # every domain with thresholds has evidence
    overall_reasons: tuple[str, ...] = ()
    discrepancies: tuple[str, ...] = ()
    sample_issues: tuple[str, ...] = ()
    log_issues: tuple[str, ...] = ()
    safeguards: tuple[str, ...] = ()
    received_at: datetime | None = None
    window_end: date | None = None
    proposed_public_release: date | None = None
    stages: tuple[Stage, ...] = ()
    region_policy: str = ""  # "allowlist" or "denylist"
    regions: tuple[str, ...] = ()
    foreign_national_access: str = ""
    countries_of_concern: tuple[str, ...] = ()


# --- country names ---------------------------------------------------------


def country_label(code: str) -> str:
    """``KP (North Korea)``; an unknown code is shown as it is."""
    name = COUNTRY_NAMES.get(code.upper())
    return f"{code} ({name})" if name else code


def _countries(codes: list[str] | tuple[str, ...]) -> str:
    return ", ".join(country_label(c) for c in codes)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- package integrity -----------------------------------------------------


def signature_trusted(f: CaseFacts) -> Suggestion | None:
    if f.signature_valid is None and f.trusted is None:
        return None
    if f.signature_valid is False:
        return Suggestion(Status.OPEN, "the manifest signature does not verify")
    if f.trusted is False:
        why = f": {f.trust_reason}" if f.trust_reason else ""
        return Suggestion(Status.OPEN, f"the signer's chain is not trusted{why}")
    if f.signature_valid and f.trusted:
        who = f" ({f.signer_org})" if f.signer_org else ""
        return Suggestion(Status.NOT_A_FINDING,
                          f"the signature verifies and the signer{who} chains to a trusted anchor")
    return None


def organization_match(f: CaseFacts) -> Suggestion | None:
    if (not f.signer_org or not f.submitter_org) and f.organization_match is None:
        return None
    match = f.organization_match
    if match is None:
        match = f.signer_org.strip().casefold() == f.submitter_org.strip().casefold()
    if match:
        return Suggestion(Status.NOT_A_FINDING,
                          f"the signer's organisation '{f.signer_org}' matches the submitter")
    return Suggestion(Status.OPEN, f"the signer's organisation '{f.signer_org}' differs from "
                                   f"the declared submitter '{f.submitter_org}'")


def files_verified(f: CaseFacts) -> Suggestion | None:
    if f.files_verified is None:
        return None
    if f.files_verified == f.files_total:
        return Suggestion(Status.NOT_A_FINDING,
                          f"all {_plural(f.files_total, 'declared file')} verified by size and hash")
    return Suggestion(Status.OPEN, f"{f.files_verified} of {_plural(f.files_total, 'declared file')}"
                                   " verified")


# --- capability evidence ---------------------------------------------------


def evaluations_present(domain: str) -> Callable[[CaseFacts], Suggestion | None]:
    label = DOMAIN_LABELS[domain]

    def check(f: CaseFacts) -> Suggestion | None:
        found = f.evaluations.get(domain, ())
        if found:
            names = ", ".join(found)
            return Suggestion(Status.NOT_A_FINDING,
                              f"{_plural(len(found), 'evaluation')} in the {label} domain: {names}")
        total = sum(len(v) for v in f.evaluations.values())
        if not total:
            return Suggestion(Status.OPEN, "the package declares no evaluations at all")
        return Suggestion(Status.OPEN, f"no evaluation in the {label} domain "
                                       f"(the package declares {_plural(total, 'evaluation')})")

    check.__name__ = f"evaluations_present_{domain}"
    return check


def threshold(domain: str) -> Callable[[CaseFacts], Suggestion | None]:
    label = DOMAIN_LABELS[domain]

    def check(f: CaseFacts) -> Suggestion | None:
        if not f.assessed:
            return None
        level = f.assessment.get(domain, NO_EVIDENCE)
        reasons = "; ".join(f.assessment_reasons.get(domain, ()))
        because = f": {reasons}" if reasons else ""
        if level == AT_OR_ABOVE:
            return Suggestion(Status.OPEN, f"{label} results at or above the threshold{because}")
        if level == BELOW:
            return Suggestion(Status.NOT_A_FINDING, f"{label} results below the threshold{because}")
        if level == NO_THRESHOLD:
            return Suggestion(Status.NOT_APPLICABLE,
                              f"the policy sets no {label} threshold for the evidence given{because}")
        return Suggestion(Status.OPEN, f"no {label} evidence to assess against the threshold")

    check.__name__ = f"threshold_{domain}"
    return check


def threshold_overall(f: CaseFacts) -> Suggestion | None:
    if not f.assessed or f.overall_covered is None:
        return None
    reasons = "; ".join(f.overall_reasons)
    because = f": {reasons}" if reasons else ""
    if f.overall_covered:
        return Suggestion(Status.OPEN, f"the evidence makes this a covered frontier model{because}")
    if not f.assessment_complete:
        return Suggestion(Status.OPEN, "the evidence does not settle whether this is a covered "
                                       f"frontier model{because}")
    return Suggestion(Status.NOT_A_FINDING, f"the evidence does not make this a covered "
                                            f"frontier model{because}")


# --- evidence quality ------------------------------------------------------


def _issues(found: tuple[str, ...], none_text: str, f: CaseFacts) -> Suggestion | None:
    if not f.assessed:
        return None
    if found:
        return Suggestion(Status.OPEN, "; ".join(found))
    return Suggestion(Status.NOT_A_FINDING, none_text)


def discrepancies(f: CaseFacts) -> Suggestion | None:
    return _issues(f.discrepancies, "declared scores agree with the recomputed ones "
                                    "within the policy's tolerance", f)


def sample_counts(f: CaseFacts) -> Suggestion | None:
    return _issues(f.sample_issues, "no evaluation has too few scored samples", f)


def log_errors(f: CaseFacts) -> Suggestion | None:
    return _issues(f.log_issues, "every evaluation log completed without errors", f)


def safeguards_listed(f: CaseFacts) -> Suggestion | None:
    if not f.safeguards:
        return Suggestion(Status.OPEN, "the package lists no safeguards")
    return Suggestion(Status.NOT_A_FINDING,
                      f"{_plural(len(f.safeguards), 'safeguard')} listed: {', '.join(f.safeguards)}")


# --- release timeline ------------------------------------------------------


def release_after_window(f: CaseFacts) -> Suggestion | None:
    if f.window_end is None or f.proposed_public_release is None:
        return None
    release, end = f.proposed_public_release, f.window_end
    if before_window_end(release, end):
        days = (end - release).days
        return Suggestion(Status.OPEN, f"the proposed public release {release.isoformat()} is "
                                       f"{_plural(days, 'day')} before the review window ends "
                                       f"({end.isoformat()})")
    return Suggestion(Status.NOT_A_FINDING, f"the proposed public release {release.isoformat()} "
                                            f"is on or after the window's end ({end.isoformat()})")


def _stage_text(s: Stage) -> str:
    when = s.start.isoformat() if s.start else "no date"
    regions = ", ".join(s.regions) or "no regions"
    return f"'{s.name}' ({when}, {s.audience or 'audience not stated'}, {regions})"


def stages_before_window(f: CaseFacts) -> Suggestion | None:
    if f.window_end is None or not f.stages:
        return None
    early = [s for s in f.stages if s.start is not None and before_window_end(s.start, f.window_end)]
    undated = [s for s in f.stages if s.start is None]
    end = f.window_end.isoformat()
    if early:
        listed = "; ".join(_stage_text(s) for s in early)
        return Suggestion(Status.OPEN, f"{_plural(len(early), 'stage')} before the window ends "
                                       f"on {end}: {listed}")
    if undated:
        listed = "; ".join(_stage_text(s) for s in undated)
        return Suggestion(Status.OPEN, f"{_plural(len(undated), 'stage')} without a start date: {listed}")
    return Suggestion(Status.NOT_A_FINDING,
                      f"all {_plural(len(f.stages), 'stage')} start on or after the window's end ({end})")


# --- access plan -----------------------------------------------------------


def _exposed(f: CaseFacts) -> list[str]:
    """Countries of concern the region policy lets in."""
    regions = {r.upper() for r in f.regions}
    concern = [c.upper() for c in f.countries_of_concern]
    if f.region_policy == "denylist":
        return [c for c in concern if c not in regions]
    if f.region_policy == "allowlist":
        return [c for c in concern if c in regions or "*" in regions]
    return []


def access_countries(f: CaseFacts) -> Suggestion | None:
    if f.region_policy not in ("allowlist", "denylist") or not f.countries_of_concern:
        return None
    exposed = _exposed(f)
    if f.region_policy == "denylist":
        if exposed:
            return Suggestion(Status.OPEN, f"denylist lacks {_countries(exposed)}")
        return Suggestion(Status.NOT_A_FINDING, "denylist names every country of concern: "
                                                f"{_countries(f.countries_of_concern)}")
    if exposed:
        return Suggestion(Status.OPEN, f"allowlist includes {_countries(exposed)}")
    return Suggestion(Status.NOT_A_FINDING, "allowlist names no country of concern "
                                            f"({_countries(f.regions)})")


def access_wildcards(f: CaseFacts) -> Suggestion | None:
    if not f.stages:
        return None
    concern = {c.upper() for c in f.countries_of_concern}
    named = [(s, sorted(concern & {r.upper() for r in s.regions})) for s in f.stages]
    direct = [f"stage '{s.name}' names {_countries(hits)}" for s, hits in named if hits]
    wild = [s for s in f.stages if "*" in s.regions]
    if direct:
        return Suggestion(Status.OPEN, "; ".join(direct))
    if not wild:
        return Suggestion(Status.NOT_A_FINDING, "no stage is open to all regions ('*') and none "
                                                "names a country of concern")
    names = ", ".join(f"'{s.name}'" for s in wild)
    if f.region_policy == "denylist":
        exposed = _exposed(f)
        if exposed:
            return Suggestion(Status.OPEN, f"stage {names} lists '*' regions and the denylist "
                                           f"lacks {_countries(exposed)}")
        return Suggestion(Status.NOT_A_FINDING,
                          f"stage {names} lists '*' regions: every region except the denylist "
                          f"({_countries(f.regions)})")
    if f.region_policy == "allowlist":
        return Suggestion(Status.OPEN, f"stage {names} lists '*' regions but the access plan is an "
                                       f"allowlist ({_countries(f.regions)}): which applies?")
    return Suggestion(Status.OPEN, f"stage {names} lists '*' regions and the access plan has no "
                                   "region policy")


def foreign_national_access(f: CaseFacts) -> Suggestion | None:
    text = f.foreign_national_access.strip()
    if not text:
        return Suggestion(Status.OPEN, "the access plan says nothing about foreign-national access")
    short = text if len(text) <= 160 else text[:157] + "..."
    return Suggestion(Status.NOT_A_FINDING,
                      f"the access plan addresses foreign-national access: \"{short}\"")


# --- the registry: template key -> check -----------------------------------

AUTO_CHECKS: dict[str, Callable[[CaseFacts], Suggestion | None]] = {
    "signature_trusted": signature_trusted,
    "organization_match": organization_match,
    "files_verified": files_verified,
    **{f"evaluations.{d}": evaluations_present(d) for d in DOMAINS},
    **{f"threshold.{d}": threshold(d) for d in DOMAINS},
    "threshold.overall": threshold_overall,
    "discrepancies": discrepancies,
    "sample_counts": sample_counts,
    "log_errors": log_errors,
    "safeguards_listed": safeguards_listed,
    "release_after_window": release_after_window,
    "stages_before_window": stages_before_window,
    "access_countries": access_countries,
    "access_wildcards": access_wildcards,
    "foreign_national_access": foreign_national_access,
}


def suggest(key: str | None, facts: CaseFacts) -> Suggestion | None:
    """The suggestion for a template's auto-check key (None for no key or an unknown one)."""
    if not key:
        return None
    check = AUTO_CHECKS.get(key)
    return None if check is None else check(facts)
