"""What every evidence reader returns, and its one error kind.

Readers never trust a log's shape: Inspect's layout changed many times within
"version 2", and a submitter may send anything. Every public reader turns any
failure into ``EvidenceError`` (see ``guarded``), so callers handle one kind.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from reviewer_app.errors import RejectedError, ReviewerError

UNREADABLE = "EVIDENCE_UNREADABLE"
UNSUPPORTED_VERSION = "EVIDENCE_UNSUPPORTED_VERSION"
UNSUPPORTED_FORMAT = "EVIDENCE_UNSUPPORTED_FORMAT"
NO_SUCH_SAMPLE = "EVIDENCE_NO_SUCH_SAMPLE"
# A file or member beyond what a reader reads whole, or a value that would
# build beyond its budget (``json_document``): the evidence is not read.
TOO_LARGE = "EVIDENCE_TOO_LARGE"


class EvidenceError(RejectedError):
    """An evidence file could not be read (the message says what and where)."""


@dataclass(frozen=True)
class MetricValue:
    """One metric a log states, e.g. scorer ``match``, ``accuracy`` = 0.75."""

    scorer: str
    name: str
    value: float | None
    stderr: float | None = None
    n: int | None = None
    higher_is_better: bool | None = None


@dataclass(frozen=True)
class EvidenceLog:
    """The headline of one evidence file, read without its sample bodies."""

    format: str  # inspect-eval | inspect-json | lm-eval-results | csv
    task: str
    model: str
    status: str
    version: str
    metrics: tuple[MetricValue, ...]
    samples_total: int | None = None
    reducer: str = "mean"
    notes: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()

    def metric(self, name: str, benchmark: str = "") -> MetricValue | None:
        """The first metric called ``name`` (``acc`` also finds ``acc,none``)."""
        for m in self.metrics:
            if benchmark and m.scorer != benchmark:
                continue
            if m.name == name or m.name.split(",")[0] == name:
                return m
        return None


@dataclass(frozen=True, slots=True)
class SampleSummary:
    """One row of the sample browser: small, whatever the sample's size."""

    id: str
    epoch: int
    score_value: Any = None  # "C", 0.5, {"a": 1}, ... as the log wrote it
    scorer: str = ""
    answer: str = ""
    input_preview: str = ""
    target_preview: str = ""
    error: str = ""
    scores: dict[str, Any] = field(default_factory=dict)  # every scorer's value


@dataclass(frozen=True)
class SampleScore:
    scorer: str
    value: Any
    answer: str = ""
    explanation: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SampleDetail:
    """One whole sample, read on demand (it may be large)."""

    id: str
    epoch: int
    input: Any
    target: Any
    messages: tuple[Any, ...]
    output: Any
    scores: tuple[SampleScore, ...]
    metadata: dict[str, Any]
    error: str = ""
    notes: tuple[str, ...] = ()


# --- defensive accessors: a log may hold any JSON value anywhere -------------


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_str(value: Any, default: str = "") -> str:
    if value is None:
        return default
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return str(value)
    return default


def as_float(value: Any) -> float | None:
    """A number (NaN kept as NaN), or None; strings such as ``"N/A"`` are None."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number
    # ijson may hand out Decimal when a caller forgot use_float.
    if type(value).__name__ == "Decimal":
        return float(value)
    return None


def as_int(value: Any) -> int | None:
    number = as_float(value)
    if number is None or math.isnan(number) or math.isinf(number):
        return None
    return int(number)


def preview(value: Any, limit: int = 200) -> str:
    """A short one-line text for a table cell (input may be a list of messages)."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, list):
        parts = []
        for item in value:
            content = as_dict(item).get("content", item)
            parts.append(content if isinstance(content, str) else as_str(content))
        text = " / ".join(p for p in parts if p)
    elif value is None:
        text = ""
    else:
        text = as_str(value, repr(value))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


P = ParamSpec("P")
R = TypeVar("R")


def guarded(what: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Turn any unexpected failure inside a reader into ``EvidenceError``.

    The readers parse hostile input; a crash there must never reach the UI as
    a builtin exception. ``ReviewerError`` kinds pass through unchanged.
    """

    def wrap(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def inner(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return func(*args, **kwargs)
            except ReviewerError:
                raise
            except Exception as exc:  # hostile input: any failure is a rejection
                raise EvidenceError(UNREADABLE, f"{what}: {_describe(exc)}") from exc

        return inner

    return wrap


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if len(text) > 300:
        text = text[:297] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
