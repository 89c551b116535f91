"""The review clock."""

from __future__ import annotations

from datetime import date

from reviewer_app.domain.timeline import (
    Urgency,
    before_window_end,
    days_left,
    deadline_sort_key,
    is_due_soon,
    is_overdue,
    review_clock,
    urgency,
)

END = date(2026, 12, 20)


def test_days_left_and_urgency() -> None:
    assert days_left(END, date(2026, 12, 1)) == 19
    assert urgency(END, date(2026, 12, 1)) is Urgency.ON_TRACK
    assert urgency(END, date(2026, 12, 12)) is Urgency.ON_TRACK  # 8 days
    assert is_due_soon(END, date(2026, 12, 13))  # 7 days
    assert is_due_soon(END, END)  # the last day
    assert is_overdue(END, date(2026, 12, 21))
    assert not is_overdue(END, END)


def test_clock_labels_are_text() -> None:
    assert review_clock(END, date(2026, 12, 19)).label == "1 day left"
    assert review_clock(END, END).label == "due today"
    assert review_clock(END, date(2026, 12, 23)).label == "3 days overdue"
    assert Urgency.DUE_SOON.label == "Due within 7 days"


def test_release_and_stages_against_the_window_end() -> None:
    clock = review_clock(END, date(2026, 12, 1), release=date(2026, 12, 28),
                         stages=[("Partners", date(2026, 12, 5)), ("GA", END), ("TBD", None)])
    assert clock.release_before_window_end is False
    assert [(s.name, s.before_window_end, s.days_before_end) for s in clock.stages] == [
        ("Partners", True, 15), ("GA", False, 0), ("TBD", None, None)]
    assert before_window_end(date(2026, 12, 19), END)
    assert review_clock(END, END).release_before_window_end is None


def test_deadline_sorting_puts_soonest_open_cases_first() -> None:
    keys = [deadline_sort_key(date(2026, 12, 30)), deadline_sort_key(date(2026, 12, 1), decided=True),
            deadline_sort_key(END)]
    assert sorted(keys)[0] == (0, END)
    assert sorted(keys)[-1] == (1, date(2026, 12, 1))
