"""The office's policy profile: review window, thresholds, outcomes, CUI defaults.

Loaded from TOML by ``formats.policy``; documented in docs/policy-profile.md.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from reviewer_app.domain.determination import DEFAULT_OUTCOMES, CuiMarking, Outcome

DOMAINS = ("cyber", "cbrn", "autonomy", "persuasion")


class Direction(enum.StrEnum):
    """Which side of ``covered_at`` makes a model covered."""

    HIGHER = "higher"  # a score at or above covered_at crosses the threshold
    LOWER = "lower"  # a score at or below covered_at crosses it (e.g. a refusal rate)


@dataclass(frozen=True)
class ThresholdRule:
    """A score on ``benchmark``/``metric`` that, once reached, makes a model covered."""

    domain: str
    benchmark: str
    metric: str
    covered_at: float
    direction: Direction = Direction.HIGHER
    note: str = ""

    def crossed(self, score: float) -> bool:
        if self.direction is Direction.LOWER:
            return score <= self.covered_at
        return score >= self.covered_at

    def matches(self, benchmark: str, metric: str) -> bool:
        """Names compare case- and punctuation-insensitively (``WMDP-Bio`` =
        ``wmdp_bio``); ``acc,none`` matches a rule for ``acc``."""
        return (_norm(benchmark) == _norm(self.benchmark)
                and _norm(metric.split(",")[0]) == _norm(self.metric))


def _norm(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


DEFAULT_LOCK_AFTER_FAILED_LOGINS = 10
# Minutes without input before the window locks (the profile's ``idle_lock_minutes``).
DEFAULT_IDLE_LOCK_MINUTES = 15


@dataclass(frozen=True)
class Policy:
    format: int
    name: str
    office_name: str
    office_address: tuple[str, ...]
    office_prefix: str
    review_window_days: int = 30
    score_tolerance: float = 0.005
    countries_of_concern: tuple[str, ...] = ()
    thresholds: tuple[ThresholdRule, ...] = ()
    outcomes: tuple[Outcome, ...] = DEFAULT_OUTCOMES
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES
    # Wrong passwords in a row after which an account is locked until an administrator unlocks it.
    lock_after_failed_logins: int = DEFAULT_LOCK_AFTER_FAILED_LOGINS
    cui: CuiMarking = field(default_factory=CuiMarking)
    examples_only: bool = False  # the shipped profile: thresholds are placeholders

    def rule_for(self, benchmark: str, metric: str) -> ThresholdRule | None:
        return next((r for r in self.thresholds if r.matches(benchmark, metric)), None)

    def domains(self) -> tuple[str, ...]:
        """Domains the policy has thresholds for, in the usual order."""
        present = {r.domain for r in self.thresholds}
        ordered = [d for d in DOMAINS if d in present]
        return tuple(ordered + sorted(present - set(ordered)))
