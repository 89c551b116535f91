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
    assert facts["log_issues"] == ("an evaluation: log status is error",)


def test_plain_mappings_work_too() -> None:
    facts = adapt_assessment({"domains": {"cyber": "below"}, "covered": False})
    assert facts["assessment"] == {"cyber": BELOW}
    assert facts["overall_covered"] is False
    assert facts["discrepancies"] == ()


def test_the_domain_assessment_itself_is_understood() -> None:
    from reviewer_app.domain.assessment import ScoredEvaluation, assess
    from reviewer_app.domain.policy import Policy, ThresholdRule

    policy = Policy(format=1, name="p", office_name="o", office_address=(), office_prefix="FMR",
                    thresholds=(ThresholdRule("cyber", "Cybench", "accuracy", 0.3),
                                ThresholdRule("cbrn", "WMDP-Bio", "acc", 0.7)))
    result = assess(policy, [ScoredEvaluation("c1", "cyber", "Cybench", "accuracy", 0.41),
                             ScoredEvaluation("b1", "cbrn", "WMDP-Bio", "acc", 0.62)])
    facts = adapt_assessment(result)
    assert facts["assessment"] == {"cyber": AT_OR_ABOVE, "cbrn": BELOW}
    assert facts["assessment_reasons"]["cyber"] == ("Cybench accuracy 0.41 against the threshold 0.3",)
    assert facts["overall_covered"] is True
    assert any("Cybench" in r for r in facts["overall_reasons"])
    # wrapped in a result that holds it
    wrapped = adapt_assessment({"assessment": result, "rows": []})
    assert wrapped["assessment"] == facts["assessment"] and wrapped["overall_covered"] is True
