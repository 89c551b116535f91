"""The policy profile: the shipped default loads; every mistake names its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.domain.policy import Direction, ThresholdRule
from reviewer_app.errors import RejectedError
from reviewer_app.formats.policy import load_policy, parse_policy
from reviewer_app.resources import resource_path

DEFAULT = resource_path("policy", "default-policy.toml")
TEXT = DEFAULT.read_text(encoding="utf-8")


def test_default_profile_loads_with_examples_labelled() -> None:
    policy = load_policy(DEFAULT)
    assert policy.review_window_days == 30
    assert policy.office_prefix == "FMR"
    assert policy.score_tolerance == 0.005
    assert policy.countries_of_concern == ("CN", "RU", "IR", "KP")
    assert policy.idle_lock_minutes == 15
    assert policy.examples_only is True
    assert [o.key for o in policy.outcomes] == [
        "not_covered", "covered_no_objection", "covered_with_conditions",
        "covered_deferral_requested", "incomplete_returned"]
    assert policy.domains() == ("cyber", "cbrn", "autonomy", "persuasion")
    assert all("EXAMPLE" in r.note for r in policy.thresholds)
    assert "EXAMPLE VALUES ONLY" in TEXT
    assert policy.rule_for("wmdp_bio", "acc,none").benchmark == "WMDP-Bio"
    assert policy.cui.banner == "CUI"


def test_threshold_directions() -> None:
    higher = ThresholdRule("cyber", "X", "acc", 0.5)
    lower = ThresholdRule("cyber", "X", "refusal", 0.2, Direction.LOWER)
    assert higher.crossed(0.5) and not higher.crossed(0.49)
    assert lower.crossed(0.2) and not lower.crossed(0.21)


def _line(text: str, needle: str, occurrence: int = 1) -> int:
    at = -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    return text[:at].count("\n") + 1


@pytest.mark.parametrize(("old", "new", "at", "words"), [
    ("covered_at = 0.65", 'covered_at = "high"', ('covered_at = "high"', 1), "must be a number"),
    ('domain = "cbrn"\nbenchmark = "LAB-Bench"', 'domain = "bio"\nbenchmark = "LAB-Bench"',
     ('domain = "bio"', 1), "is not one of"),
    ('direction = "higher"', 'direction = "up"', ('direction = "up"', 1), '"higher" or "lower"'),
    ('"KP"]', '"kp"]', ("countries_of_concern", 1), "ISO 3166-1"),
    ("review_window_days = 30", "review_window_days = -1", ("review_window_days", 1),
     "whole number"),
    ("score_tolerance = 0.005", "score_tolerance = 2", ("score_tolerance", 1), "from 0"),
    ('office_prefix = "FMR"', 'office_prefix = "fmr office"', ("office_prefix", 1), "capital"),
    ("format = 1", "format = 2", ("format = 2", 1), "'format' must be 1"),
    ('key = "not_covered"', 'key = "covered_no_objection"', ('key = "covered_no_objection"', 2),
     "unique"),
])
def test_schema_errors_name_the_line(old: str, new: str, at: tuple[str, int], words: str) -> None:
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    with pytest.raises(RejectedError) as err:
        parse_policy(text, "policy.toml")
    assert err.value.code == "POLICY_INVALID"
    assert words in err.value.message
    assert f"policy.toml, line {_line(text, *at)}:" in err.value.message


def test_missing_required_key_and_syntax_error() -> None:
    with pytest.raises(RejectedError) as err:
        parse_policy(TEXT.replace('office_name = "Office of Frontier Model Review (example)"\n',
                                  ""), "p.toml")
    assert "'office_name' is required" in err.value.message
    with pytest.raises(RejectedError) as err:
        parse_policy(TEXT.replace("review_window_days = 30", "review_window_days = 30 x"), "p.toml")
    assert f"line {_line(TEXT, 'review_window_days')}" in err.value.message


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(RejectedError):
        load_policy(tmp_path / "missing.toml")
    bad = tmp_path / "latin.toml"
    bad.write_bytes(b"name = \"\xff\"")
    with pytest.raises(RejectedError):
        load_policy(bad)
