"""The idle lock takes its minutes from the policy profile (``idle_lock_minutes``),
as docs/policy-profile.md says; before, the profile's value was ignored."""

from __future__ import annotations

import re

from reviewer_app.ui.actions import default_registry
from reviewer_app.ui.main_window import MainWindow


def set_idle_minutes(policy_text: str, value: str) -> str:
    changed, count = re.subn(r"(?m)^idle_lock_minutes\s*=.*$", f"idle_lock_minutes = {value}",
                             policy_text)
    assert count == 1, "the default profile has no idle_lock_minutes line"
    return changed


def test_the_window_locks_after_the_profiles_minutes(qtbot, workspace, alice):
    policy = workspace.paths.policy
    policy.write_text(set_idle_minutes(policy.read_text(encoding="utf-8"), "2"), encoding="utf-8")
    window = MainWindow(workspace, alice, actions=default_registry())
    qtbot.addWidget(window)
    # read off the GUI thread after the window is built
    qtbot.waitUntil(lambda: window.idle.timer.interval() == 2 * 60_000, timeout=5000)
    assert window.idle.timer.isActive()  # the wait goes on, with the profile's time
    window.idle.stop()


def test_a_broken_profile_keeps_the_default_lock(qtbot, workspace, alice):
    policy = workspace.paths.policy
    policy.write_text(set_idle_minutes(policy.read_text(encoding="utf-8"), "0"), encoding="utf-8")
    window = MainWindow(workspace, alice, actions=default_registry())
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=5000)
    assert window.idle.timer.interval() == 15 * 60_000  # not switched off, not an error
    window.idle.stop()


def test_the_provisional_time_is_the_profiles_default():
    """Until the profile is read the window uses the profile's default, kept in step here."""
    from reviewer_app.domain.policy import DEFAULT_IDLE_LOCK_MINUTES
    from reviewer_app.ui.idle_lock import PROVISIONAL_MINUTES

    assert PROVISIONAL_MINUTES == DEFAULT_IDLE_LOCK_MINUTES
