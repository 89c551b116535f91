"""Each auto-check, from facts: what it suggests and that the explanation names the facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from reviewer_app.domain import autochecks as ac
from reviewer_app.domain.autochecks import CaseFacts, Stage
from reviewer_app.domain.checklist import Status

END = date(2026, 12, 20)
CONCERN = ("CN", "RU", "IR", "KP")
BASE = CaseFacts(
    signature_valid=True, trusted=True, signer_org="Example AI", submitter_org="Example AI",
    organization_match=True, files_verified=3, files_total=3,
    evaluations={"cyber": ("Cybench",), "cbrn": ("WMDP-Bio",)},
    window_end=END, proposed_public_release=date(2026, 12, 28),
    stages=(Stage("GA", date(2026, 12, 28), "public", ("*",)),),
    region_policy="denylist", regions=CONCERN, foreign_national_access="KYC checks",
    countries_of_concern=CONCERN, safeguards=("Classifier",),
)


def status(key: str, facts: CaseFacts) -> Status | None:
    s = ac.suggest(key, facts)
    return None if s is None else s.status


def explain(key: str, facts: CaseFacts) -> str:
    s = ac.suggest(key, facts)
    assert s is not None
    return s.explanation


def test_signature_valid_and_trusted() -> None:
    assert status("signature_trusted", BASE) is Status.NOT_A_FINDING
    assert status("signature_trusted", replace(BASE, signature_valid=False)) is Status.OPEN
    untrusted = replace(BASE, trusted=False, trust_reason="certificate expired")
    assert status("signature_trusted", untrusted) is Status.OPEN
    assert "certificate expired" in explain("signature_trusted", untrusted)
    assert status("signature_trusted", CaseFacts()) is None


def test_organisation_match() -> None:
    assert status("organization_match", BASE) is Status.NOT_A_FINDING
    other = replace(BASE, signer_org="Shell Co", organization_match=None)
    assert status("organization_match", other) is Status.OPEN
    assert "'Shell Co' differs from the declared submitter 'Example AI'" in explain(
        "organization_match", other)
    # the importer's own verdict wins over a naive comparison
    assert status("organization_match", replace(other, organization_match=True)) is Status.NOT_A_FINDING
    assert status("organization_match", CaseFacts()) is None


def test_all_files_verified() -> None:
    assert status("files_verified", BASE) is Status.NOT_A_FINDING
    short = replace(BASE, files_verified=2)
    assert status("files_verified", short) is Status.OPEN
    assert explain("files_verified", short) == "2 of 3 declared files verified"
    assert status("files_verified", replace(BASE, files_verified=None)) is None


def test_evaluations_present_per_domain() -> None:
    assert status("evaluations.cyber", BASE) is Status.NOT_A_FINDING
    assert "Cybench" in explain("evaluations.cyber", BASE)
    assert status("evaluations.autonomy", BASE) is Status.OPEN
    assert "no evaluation in the autonomy / AI R&D domain" in explain("evaluations.autonomy", BASE)
    none = replace(BASE, evaluations={})
    assert explain("evaluations.persuasion", none) == "the package declares no evaluations at all"


def test_thresholds_wait_for_the_assessment() -> None:
    assert status("threshold.cyber", BASE) is None  # no assessment yet: no guess
    assessed = replace(
        BASE, assessed=True,
        assessment={"cyber": ac.AT_OR_ABOVE, "cbrn": ac.BELOW, "persuasion": ac.NO_THRESHOLD},
        assessment_reasons={"cyber": ("Cybench 0.41 >= 0.30",)},
        overall_covered=True, overall_reasons=("cyber at or above threshold",),
    )
    assert status("threshold.cyber", assessed) is Status.OPEN
    assert "Cybench 0.41 >= 0.30" in explain("threshold.cyber", assessed)
    assert status("threshold.cbrn", assessed) is Status.NOT_A_FINDING
    assert status("threshold.persuasion", assessed) is Status.NOT_APPLICABLE
    assert status("threshold.autonomy", assessed) is Status.OPEN  # no evidence is not "below"
    assert "no autonomy / AI R&D evidence" in explain("threshold.autonomy", assessed)
    assert status("threshold.overall", assessed) is Status.OPEN
    assert status("threshold.overall", replace(assessed, overall_covered=False)) is Status.NOT_A_FINDING
    gap = replace(assessed, overall_covered=False, assessment_complete=False)
    assert status("threshold.overall", gap) is Status.OPEN
    assert "does not settle" in explain("threshold.overall", gap)


@pytest.mark.parametrize("key,field", [("discrepancies", "discrepancies"),
                                       ("sample_counts", "sample_issues"),
                                       ("log_errors", "log_issues")])
def test_evidence_quality(key: str, field: str) -> None:
    assert status(key, BASE) is None
    clean = replace(BASE, assessed=True)
    assert status(key, clean) is Status.NOT_A_FINDING
    found = replace(clean, **{field: ("Cybench: declared 0.41, recomputed 0.35 (n=40)",)})
    assert status(key, found) is Status.OPEN
    assert "declared 0.41, recomputed 0.35 (n=40)" in explain(key, found)


def test_safeguards_listed() -> None:
    assert status("safeguards_listed", BASE) is Status.NOT_A_FINDING
    assert status("safeguards_listed", replace(BASE, safeguards=())) is Status.OPEN


def test_release_date_against_the_window() -> None:
    assert status("release_after_window", BASE) is Status.NOT_A_FINDING
    on_last_day = replace(BASE, proposed_public_release=END)
    assert status("release_after_window", on_last_day) is Status.NOT_A_FINDING
    early = replace(BASE, proposed_public_release=date(2026, 12, 15))
    assert status("release_after_window", early) is Status.OPEN
    assert explain("release_after_window", early) == (
        "the proposed public release 2026-12-15 is 5 days before the review window ends (2026-12-20)")
    assert status("release_after_window", replace(BASE, window_end=None)) is None


def test_stages_before_the_window_ends() -> None:
    assert status("stages_before_window", BASE) is Status.NOT_A_FINDING
    early = replace(BASE, stages=(Stage("Partners", date(2026, 12, 5), "vetted_partners", ("US", "GB")),
                                  *BASE.stages))
    assert status("stages_before_window", early) is Status.OPEN
    assert "'Partners' (2026-12-05, vetted_partners, US, GB)" in explain("stages_before_window", early)
    undated = replace(BASE, stages=(Stage("Later", None, "public", ("US",)),))
    assert "without a start date" in explain("stages_before_window", undated)
    assert status("stages_before_window", replace(BASE, stages=())) is None


def test_a_denylist_missing_a_country_of_concern() -> None:
    assert status("access_countries", BASE) is Status.NOT_A_FINDING
    missing = replace(BASE, regions=("CN", "RU", "IR"))
    assert status("access_countries", missing) is Status.OPEN
    assert explain("access_countries", missing) == "denylist lacks KP (North Korea)"


def test_an_allowlist_including_a_country_of_concern() -> None:
    allow = replace(BASE, region_policy="allowlist", regions=("US", "GB"))
    assert status("access_countries", allow) is Status.NOT_A_FINDING
    bad = replace(allow, regions=("US", "CN"))
    assert status("access_countries", bad) is Status.OPEN
    assert explain("access_countries", bad) == "allowlist includes CN (China)"
    assert status("access_countries", replace(BASE, region_policy="")) is None


def test_star_regions_are_explained() -> None:
    assert status("access_wildcards", BASE) is Status.NOT_A_FINDING
    assert "every region except the denylist" in explain("access_wildcards", BASE)
    leaky = replace(BASE, regions=("CN",))
    assert status("access_wildcards", leaky) is Status.OPEN
    assert "RU (Russia)" in explain("access_wildcards", leaky)
    allow = replace(BASE, region_policy="allowlist", regions=("US",))
    assert status("access_wildcards", allow) is Status.OPEN
    assert "allowlist" in explain("access_wildcards", allow)
    named = replace(BASE, stages=(Stage("Asia", date(2027, 1, 5), "public", ("JP", "CN")),))
    assert explain("access_wildcards", named) == "stage 'Asia' names CN (China)"
    plain = replace(BASE, stages=(Stage("US", date(2027, 1, 5), "public", ("US",)),))
    assert status("access_wildcards", plain) is Status.NOT_A_FINDING


def test_foreign_national_access_text() -> None:
    assert status("foreign_national_access", BASE) is Status.NOT_A_FINDING
    assert '"KYC checks"' in explain("foreign_national_access", BASE)
    silent = replace(BASE, foreign_national_access="  ")
    assert status("foreign_national_access", silent) is Status.OPEN


def test_unknown_or_missing_keys_suggest_nothing() -> None:
    assert ac.suggest(None, BASE) is None
    assert ac.suggest("no.such.check", BASE) is None
