"""Repeated wrong passwords make each next try wait longer; success resets it."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from reviewer_app.domain.users import SYSTEM, Role
from reviewer_app.errors import NotPermittedError
from reviewer_app.services.access import users
from reviewer_app.services.workspace.folder import create_layout


def test_delay_grows_and_is_capped() -> None:
    delays = [users.login_delay(n) for n in range(0, 10)]
    assert delays[0] == 0 and delays[1] > 0
    assert all(b >= a for a, b in itertools.pairwise(delays))
    assert delays[-1] == users.LOGIN_DELAY_MAX


def test_authenticate_waits_longer_after_each_failure(tmp_path: Path) -> None:
    ws = create_layout(tmp_path / "ws")
    with ws.uow() as s:
        users.create_user(
            s, actor=SYSTEM, username="pat", role=Role.REVIEWER, password="right one"
        )
    waits: list[float] = []
    for _ in range(3):
        with pytest.raises(NotPermittedError):
            users.authenticate(ws, "pat", "wrong", sleep=waits.append)
    actor = users.authenticate(ws, "pat", "right one", sleep=waits.append)
    assert actor.role is Role.REVIEWER
    assert waits == [0.0, users.login_delay(1), users.login_delay(2), users.login_delay(3)]
    users.authenticate(ws, "pat", "right one", sleep=waits.append)
    assert waits[-1] == 0.0  # success reset the count
    ws.close()
