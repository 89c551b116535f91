"""Recomputing a headline metric from per-sample scores, and comparing it.

Scores become numbers as Inspect's ``value_to_float`` makes them: "C" = 1,
"P" = 0.5, "I" and "N" = 0, booleans and numbers as they are, "yes"/"true" = 1,
"no"/"false" = 0, numeric text as its number. The epochs of one sample are
reduced first (``mean`` by default; ``mode``, ``median``, ``max``, ``min``
when the log says so), then the mean is taken over samples.

Pure: no I/O. The caller streams ``(sample_id, epoch, value)`` triples.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

REDUCERS = ("mean", "mode", "median", "max", "min")
_LETTERS = {"C": 1.0, "P": 0.5, "I": 0.0, "N": 0.0}


def value_to_float(value: Any) -> float | None:
    """A score value as a number; None when it cannot be one (dict, list, null)."""
    if isinstance(value, bool | int | float):
        return float(value)
    if isinstance(value, str):
        if value in _LETTERS:
            return _LETTERS[value]
        lowered = value.strip().lower()
        if lowered in ("yes", "true"):
            return 1.0
        if lowered in ("no", "false"):
            return 0.0
        try:
            return float(lowered)
        except ValueError:
            return None
    return None


def reduce_epochs(values: list[float], reducer: str) -> float:
    """One sample's value over its epochs."""
    if reducer == "mode":
        return Counter(values).most_common(1)[0][0]
    if reducer == "median":
        return float(statistics.median(values))
    if reducer == "max":
        return max(values)
    if reducer == "min":
        return min(values)
    return math.fsum(values) / len(values)


@dataclass(frozen=True)
class Recomputed:
    """A metric recomputed from samples: its value and what it rests on."""

    value: float | None
    samples: int  # distinct samples with at least one numeric score
    scores: int  # numeric scores used (samples x epochs)
    unscored: int  # scores that could not be made numbers (dicts, null, ...)
    reducer: str
    notes: tuple[str, ...] = ()


def recompute_mean(triples: Iterable[tuple[str, int, Any]], reducer: str = "mean"
                   ) -> Recomputed:
    """Mean over samples of the epoch-reduced per-sample value."""
    notes: list[str] = []
    if reducer not in REDUCERS:
        notes.append(f"epoch reducer '{reducer}' is not one this check knows; used the mean")
        reducer = "mean"
    per_sample: dict[str, list[float]] = {}
    used = unscored = 0
    for sample_id, _epoch, raw in triples:
        number = value_to_float(raw)
        if number is None or math.isnan(number):
            unscored += 1
            continue
        per_sample.setdefault(sample_id, []).append(number)
        used += 1
    if unscored:
        notes.append(f"{unscored} score(s) could not be read as numbers and were left out")
    if not per_sample:
        return Recomputed(None, 0, 0, unscored, reducer, tuple(notes))
    reduced = [reduce_epochs(v, reducer) for v in per_sample.values()]
    return Recomputed(math.fsum(reduced) / len(reduced), len(per_sample), used, unscored,
                      reducer, tuple(notes))


@dataclass(frozen=True)
class Finding:
    """Something the reviewer should look at; ``message`` is complete in itself."""

    code: str
    message: str
    evaluation: str = ""
    severity: str = "warning"


def _beyond(a: float, b: float, tolerance: float) -> bool:
    # A hair of slack so that 0.503 vs 0.498 at tolerance 0.005 is "within".
    return abs(a - b) > tolerance + 1e-12


def _fmt(value: float) -> str:
    return f"{value:.4f}"


def compare_scores(*, evaluation: str, metric: str, log_value: float | None,
                   recomputed: Recomputed | None, declared: float | None,
                   tolerance: float) -> list[Finding]:
    """Findings where log, recomputation and declaration differ by more than
    ``tolerance`` (absolute). Each names both numbers and the sample count."""
    findings: list[Finding] = []
    rec = recomputed.value if recomputed is not None else None
    n = recomputed.samples if recomputed is not None else 0
    if log_value is not None and math.isnan(log_value):
        findings.append(Finding("SCORE_NAN", f"{evaluation}: the log states {metric} as NaN",
                                evaluation))
        log_value = None
    if log_value is not None and rec is not None and _beyond(log_value, rec, tolerance):
        findings.append(Finding(
            "SCORE_LOG_MISMATCH",
            f"{evaluation}: the log states {metric} = {_fmt(log_value)}, but its {n} "
            f"sample(s) give {_fmt(rec)} (difference {_fmt(abs(log_value - rec))}, "
            f"tolerance {tolerance:g})", evaluation))
    if declared is None:
        return findings
    if log_value is not None:
        reference, source = log_value, "the log states"
    elif rec is not None:
        reference, source = rec, "recomputed from the samples:"
    else:
        findings.append(Finding("SCORE_UNVERIFIED",
                                f"{evaluation}: the declared {metric} {_fmt(declared)} could "
                                "not be checked (no value in the evidence)", evaluation))
        return findings
    if _beyond(declared, reference, tolerance):
        count = f" over {n} sample(s)" if n else ""
        findings.append(Finding(
            "SCORE_DECLARED_MISMATCH",
            f"{evaluation}: declared {metric} {_fmt(declared)}, {source} "
            f"{_fmt(reference)}{count} (difference {_fmt(abs(declared - reference))}, "
            f"tolerance {tolerance:g})", evaluation))
    return findings
