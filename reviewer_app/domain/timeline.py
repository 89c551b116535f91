"""The review clock: days left in a case's review window, and release dates against it.

The window's last day is ``window_end`` (received + the policy's
``review_window_days``). A release *on* that day leaves the office its full
window; a release before it cuts the review short.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

DUE_SOON_DAYS = 7


class Urgency(enum.StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"  # within DUE_SOON_DAYS
    ON_TRACK = "on_track"

    @property
    def label(self) -> str:
        return {Urgency.OVERDUE: "Overdue", Urgency.DUE_SOON: "Due within 7 days",
                Urgency.ON_TRACK: "On track"}[self]


def days_left(window_end: date, today: date) -> int:
    """Days until the window ends: 0 on its last day, negative once overdue."""
    return (window_end - today).days


def urgency(window_end: date, today: date) -> Urgency:
    left = days_left(window_end, today)
    if left < 0:
        return Urgency.OVERDUE
    if left <= DUE_SOON_DAYS:
        return Urgency.DUE_SOON
    return Urgency.ON_TRACK


def is_overdue(window_end: date, today: date) -> bool:
    return urgency(window_end, today) is Urgency.OVERDUE


def is_due_soon(window_end: date, today: date) -> bool:
    return urgency(window_end, today) is Urgency.DUE_SOON


def before_window_end(day: date, window_end: date) -> bool:
    """True when ``day`` falls before the window's last day (the review is cut short)."""
    return day < window_end


@dataclass(frozen=True)
class DatedStage:
    name: str
    start: date | None
    before_window_end: bool | None  # None when the stage has no start date
    days_before_end: int | None  # how many days before the window ends it starts


@dataclass(frozen=True)
class ReviewClock:
    """What the case table and the release page show about one case's deadline."""

    window_end: date
    today: date
    days_left: int
    urgency: Urgency
    release: date | None
    release_before_window_end: bool | None
    stages: tuple[DatedStage, ...]

    @property
    def label(self) -> str:
        """Text, never colour alone: "12 days left", "due today", "3 days overdue"."""
        if self.days_left < 0:
            n = -self.days_left
            return f"{n} day{'s' if n != 1 else ''} overdue"
        if self.days_left == 0:
            return "due today"
        return f"{self.days_left} day{'s' if self.days_left != 1 else ''} left"


def review_clock(
    window_end: date,
    today: date,
    release: date | None = None,
    stages: Iterable[tuple[str, date | None]] = (),
) -> ReviewClock:
    dated = tuple(
        DatedStage(
            name,
            start,
            None if start is None else before_window_end(start, window_end),
            None if start is None else (window_end - start).days,
        )
        for name, start in stages
    )
    return ReviewClock(
        window_end=window_end,
        today=today,
        days_left=days_left(window_end, today),
        urgency=urgency(window_end, today),
        release=release,
        release_before_window_end=None if release is None
        else before_window_end(release, window_end),
        stages=dated,
    )


def deadline_sort_key(window_end: date, decided: bool = False) -> tuple[int, date]:
    """Sort open cases by their window's end, soonest first; decided cases last."""
    return (1 if decided else 0, window_end)
