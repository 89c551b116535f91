"""The idle lock's minutes, from the workspace's policy profile (``idle_lock_minutes``).

The profile is the one place an office sets it (docs/policy-profile.md); there
is no workspace setting beside it. A profile that cannot be read gives the
default rather than an error: a broken profile must not stop the window from
opening, nor switch the lock off.
"""

from __future__ import annotations

from reviewer_app.domain.policy import DEFAULT_IDLE_LOCK_MINUTES
from reviewer_app.errors import ReviewerError
from reviewer_app.formats.policy import load_policy
from reviewer_app.services.workspace.folder import Workspace


def idle_lock_minutes(ws: Workspace) -> int:
    """Minutes without input before the window locks."""
    try:
        return load_policy(ws.paths.policy).idle_lock_minutes
    except ReviewerError:
        return DEFAULT_IDLE_LOCK_MINUTES
