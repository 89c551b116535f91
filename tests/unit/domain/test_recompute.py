"""Recomputing a headline metric from per-sample scores, and the findings."""

from __future__ import annotations

import math

import pytest

from reviewer_app.domain.recompute import (
    compare_scores,
    recompute_mean,
    reduce_epochs,
    value_to_float,
)


@pytest.mark.parametrize(("value", "expected"), [
    ("C", 1.0), ("I", 0.0), ("P", 0.5), ("N", 0.0), (True, 1.0), (False, 0.0), (3, 3.0),
    (0.25, 0.25), ("yes", 1.0), ("False", 0.0), ("0.7", 0.7), ({"a": 1}, None), (None, None),
    ("maybe", None), ([1], None),
])
def test_value_to_float_follows_inspect(value: object, expected: float | None) -> None:
    assert value_to_float(value) == expected


@pytest.mark.parametrize(("reducer", "expected"), [
    ("mean", 2 / 3), ("mode", 1.0), ("median", 1.0), ("max", 1.0), ("min", 0.0)])
def test_reducers(reducer: str, expected: float) -> None:
    assert reduce_epochs([1.0, 0.0, 1.0], reducer) == pytest.approx(expected)


def test_mean_over_samples_after_epochs() -> None:
    triples = [("1", 1, "C"), ("1", 2, "I"), ("2", 1, "C"), ("2", 2, "C"), ("3", 1, {"x": 1})]
    result = recompute_mean(triples)
    assert result.value == pytest.approx(0.75)
    assert (result.samples, result.scores, result.unscored) == (2, 4, 1)
    assert any("could not be read" in n for n in result.notes)


def test_unknown_reducer_uses_the_mean_with_a_note() -> None:
    result = recompute_mean([("1", 1, 1), ("1", 2, 0)], "pass_at_2")
    assert result.value == 0.5 and result.reducer == "mean"
    assert "pass_at_2" in result.notes[0]


def test_nothing_numeric_gives_none() -> None:
    assert recompute_mean([("1", 1, None)]).value is None


def test_findings_name_both_numbers_and_the_sample_count() -> None:
    rec = recompute_mean([(str(i), 1, "C" if i < 7 else "I") for i in range(10)])
    findings = compare_scores(evaluation="cyber-ctf", metric="accuracy", log_value=0.8,
                              recomputed=rec, declared=0.41, tolerance=0.005)
    codes = [f.code for f in findings]
    assert codes == ["SCORE_LOG_MISMATCH", "SCORE_DECLARED_MISMATCH"]
    assert "0.8000" in findings[0].message and "0.7000" in findings[0].message
    assert "10 sample(s)" in findings[0].message
    assert "0.4100" in findings[1].message and "0.8000" in findings[1].message


def test_within_tolerance_is_no_finding() -> None:
    rec = recompute_mean([("1", 1, 0.5)])
    assert compare_scores(evaluation="e", metric="m", log_value=0.503, recomputed=rec,
                          declared=0.498, tolerance=0.005) == []


def test_declared_without_evidence_is_unverified_and_nan_is_flagged() -> None:
    none = compare_scores(evaluation="e", metric="m", log_value=None, recomputed=None,
                          declared=0.5, tolerance=0.005)
    assert [f.code for f in none] == ["SCORE_UNVERIFIED"]
    nan = compare_scores(evaluation="e", metric="m", log_value=math.nan, recomputed=None,
                         declared=None, tolerance=0.005)
    assert [f.code for f in nan] == ["SCORE_NAN"]
