"""A password from the environment: checked before the window shows, its login
entry written once the window shows its cases (or when the app ends), exactly once."""

from __future__ import annotations

import argparse

from reviewer_app.services.audit.trail import audit_entries, verify_audit
from reviewer_app.ui import launch as launch_module
from reviewer_app.ui.login_dialog import LoginDialog
from tests.support.case_factory import insert_cases, many
from tests.ui.conftest import PASSWORD


def args(**kw) -> argparse.Namespace:
    return argparse.Namespace(**{"workspace": None, "user": None, "demo": False, **kw})


def actions(ws) -> list[str]:
    return [e.action for e in audit_entries(ws)]


def test_login_entry_is_written_after_the_window_shows(qtbot, workspace, monkeypatch):
    insert_cases(workspace, many(30))
    monkeypatch.setenv("REVIEWER_APP_PASSWORD", PASSWORD)
    monkeypatch.setattr(LoginDialog, "ask", staticmethod(lambda *a, **k: None))
    before = actions(workspace)
    window = launch_module.start(args(workspace=str(workspace.root)))
    qtbot.addWidget(window)
    assert window.isVisible() and window.actor.username == "alice"
    qtbot.waitUntil(lambda: window.loaded)
    assert window.model.rowCount() == 30
    qtbot.waitUntil(lambda: window.pending_login.written, timeout=10000)
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=10000)
    assert actions(workspace) == [*before, "login"]
    entry = audit_entries(workspace)[-1]
    assert (entry.actor, entry.subject) == ("alice", "user:alice")
    assert verify_audit(workspace).ok


def test_closing_at_once_still_writes_the_login_entry_once(qtbot, workspace, monkeypatch):
    monkeypatch.setenv("REVIEWER_APP_PASSWORD", PASSWORD)
    monkeypatch.setattr(LoginDialog, "ask", staticmethod(lambda *a, **k: None))
    before = actions(workspace)
    window = launch_module.start(args(workspace=str(workspace.root)))
    qtbot.addWidget(window)
    window.close()  # before the case list (and so the login job) came
    launch_module.finish(window)  # what launch() does once the event loop has ended
    assert window.pending_login.written
    assert actions(workspace) == [*before, "login"]
    qtbot.wait(50)  # a login job queued late finds it written
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=10000)
    assert actions(workspace) == [*before, "login"]
    assert verify_audit(workspace).ok


def test_a_wrong_environment_password_is_audited_before_the_dialog(qtbot, workspace, monkeypatch):
    monkeypatch.setenv("REVIEWER_APP_PASSWORD", "not it")
    asked = []
    monkeypatch.setattr(LoginDialog, "ask", staticmethod(lambda *a, **k: asked.append(
        actions(workspace)[-1])))
    assert launch_module.start(args(workspace=str(workspace.root))) is None
    assert asked == ["login.failed"]
    assert verify_audit(workspace).ok
