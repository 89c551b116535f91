"""Reading the evidence assessment into auto-check facts (the seam to services.evidence)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewer_app.domain.autochecks import AT_OR_ABOVE, BELOW, NO_EVIDENCE
from reviewer_app.services.checklist_evidence import adapt_assessment


@dataclass
class Domain:
    domain: str
    status: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class Overall:
    covered: bool
    reasons: list[str]


@dataclass
class Row:
    discrepancy: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Result:
    domains: list[Domain]
    overall: Overall
    evaluations: list[Row]


def test_objects_with_domain_levels_and_findings() -> None:
    result = Result(
        domains=[Domain("cyber", "at-or-above", ["Cybench 0.41 >= 0.30"]), Domain("cbrn", "below"),
                 Domain("autonomy", "no evidence")],
        overall=Overall(True, ["cyber"]),
        evaluations=[Row(discrepancy="declared 0.41, recomputed 0.35 (n=40)"),
                     Row(warnings=["log status is error"])],
    )
    facts = adapt_assessment(result)
    assert facts["assessment"] == {"cyber": AT_OR_ABOVE, "cbrn": BELOW, "autonomy": NO_EVIDENCE}
    assert facts["assessment_reasons"]["cyber"] == ("Cybench 0.41 >= 0.30",)
    assert facts["overall_covered"] is True and facts["overall_reasons"] == ("cyber",)
    assert facts["discrepancies"] == ("declared 0.41, recomputed 0.35 (n=40)",)
    assert facts["log_issues"] == ("log status is error",)


def test_plain_mappings_work_too() -> None:
    facts = adapt_assessment({"domains": {"cyber": "below"}, "covered": False})
    assert facts["assessment"] == {"cyber": BELOW}
    assert facts["overall_covered"] is False
    assert facts["discrepancies"] == ()
