"""Idle lock (covers the window, unlocks with the password, audited) and sign-in."""

from __future__ import annotations

import argparse

from PySide6.QtCore import Qt

from reviewer_app.domain.users import SYSTEM
from reviewer_app.services.access import users
from reviewer_app.ui import launch as launch_module
from reviewer_app.ui.actions import default_registry
from reviewer_app.ui.first_run_dialog import QUIT, FirstRunDialog
from reviewer_app.ui.login_dialog import LoginDialog
from reviewer_app.ui.main_window import MainWindow
from tests.support.case_factory import insert_cases, spec
from tests.ui.conftest import PASSWORD


def audit_actions(ws) -> list[str]:
    from reviewer_app.storage import audit_chain

    with ws.reader() as s:
        return [e.action for e in audit_chain.entries(s)]


def test_idle_window_locks_and_unlocks_with_the_password(qtbot, workspace, alice):
    insert_cases(workspace, [spec(1)])
    window = MainWindow(workspace, alice, idle_minutes=0.002, actions=default_registry())  # ~120 ms
    qtbot.addWidget(window)
    window.show()
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.loaded)
    window.filter_box.setText("unsaved text")
    qtbot.waitUntil(lambda: window.lock_screen.isVisible(), timeout=5000)
    assert not window.centralWidget().isVisible()  # nothing of the case list shows
    assert not window.action("app.quit").isEnabled()  # no shortcut works behind the lock
    qtbot.waitUntil(lambda: "lock" in audit_actions(workspace), timeout=5000)

    screen = window.lock_screen
    qtbot.keyClicks(screen.password, "wrong password")
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "not unlocked" in screen.status.text(), timeout=10000)
    assert screen.status.text().startswith("Warning:")  # words, not colour
    assert screen.isVisible()

    qtbot.keyClicks(screen.password, PASSWORD)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.isVisible(), timeout=10000)
    assert window.centralWidget().isVisible()
    assert window.filter_box.text() == "unsaved text"  # nothing was lost
    assert window.action("app.quit").isEnabled()
    actions = audit_actions(workspace)
    assert actions[-3:] == ["lock", "login.failed", "login"]
    window.idle.stop()


def test_activity_postpones_the_lock(qtbot, workspace, alice):
    window = MainWindow(workspace, alice, idle_minutes=0.005, actions=default_registry())  # 300 ms
    qtbot.addWidget(window)
    window.show()
    for _ in range(4):
        qtbot.wait(150)
        qtbot.keyClick(window.filter_box, Qt.Key.Key_A)
    assert not window.lock_screen.isVisible()
    qtbot.waitUntil(lambda: window.lock_screen.isVisible(), timeout=5000)
    window.idle.stop()


def test_login_dialog_retries_after_a_wrong_password(qtbot, workspace, make_context):
    dialog = LoginDialog(make_context(workspace, SYSTEM), username="alice")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "nope")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "not signed in" in dialog.status.text(), timeout=10000)
    assert dialog.actor is None and dialog.isVisible()
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == "alice"


def args(**kw) -> argparse.Namespace:
    return argparse.Namespace(**{"workspace": None, "user": None, "demo": False, **kw})


def test_start_signs_in_and_shows_the_window(qtbot, workspace, monkeypatch):
    seen = {}

    def fake_ask(context, *, username="", parent=None, demo_hint=False):
        seen["username"] = username
        return users.authenticate(workspace, "alice", PASSWORD)

    monkeypatch.setattr(LoginDialog, "ask", staticmethod(fake_ask))
    window = launch_module.start(args(workspace=str(workspace.root)))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.loaded)
    assert seen["username"] == "alice"  # the only user is proposed
    assert window.isVisible() and window.actor.username == "alice"


def test_start_with_password_from_environment(qtbot, workspace, monkeypatch):
    monkeypatch.setenv("REVIEWER_APP_PASSWORD", PASSWORD)
    monkeypatch.setattr(LoginDialog, "ask", staticmethod(lambda *a, **k: None))
    window = launch_module.start(args(workspace=str(workspace.root)))
    qtbot.addWidget(window)
    assert window.actor.username == "alice"


def test_wrong_environment_password_falls_back_to_the_dialog(qtbot, workspace, monkeypatch):
    monkeypatch.setenv("REVIEWER_APP_PASSWORD", "not it")
    asked = []
    monkeypatch.setattr(LoginDialog, "ask", staticmethod(lambda *a, **k: asked.append(1)))
    assert launch_module.start(args(workspace=str(workspace.root))) is None
    assert asked == [1]


def test_cancelled_sign_in_quits_cleanly(qtbot, workspace, monkeypatch):
    monkeypatch.setattr(LoginDialog, "ask", staticmethod(lambda *a, **k: None))
    assert launch_module.start(args(workspace=str(workspace.root))) is None


def test_a_folder_without_workspace_asks_what_to_do(qtbot, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(FirstRunDialog, "ask",
                        staticmethod(lambda folder, parent=None: asked.append(folder) or QUIT))
    assert launch_module.start(args(workspace=str(tmp_path / "nothing"))) is None
    assert asked == [tmp_path / "nothing"]
    assert not (tmp_path / "nothing").exists()


def test_first_run_dialog_buttons(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path)
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QPushButton

    buttons = {b.accessibleName(): b for b in dialog.findChildren(QPushButton)}
    assert set(buttons) == {"Create a workspace here", "Open the demo workspace", "Quit"}
    buttons["Open the demo workspace"].click()
    assert dialog.choice == "demo"


def test_login_dialog_refuses_an_account_planted_by_sql(qtbot, workspace, make_context):
    """An administrator inserted with sqlite3 (its password known to the insider) cannot sign in."""
    import sqlite3
    from datetime import UTC, datetime

    from argon2 import PasswordHasher

    with sqlite3.connect(workspace.paths.db, isolation_level=None) as db:
        db.execute("INSERT INTO users (username, role, display_name, title, password_hash,"
                   " failed_logins, active, created_at) VALUES ('mallory', 'administrator', 'M',"
                   " '', ?, 0, 1, ?)", (PasswordHasher().hash("known"),
                                       datetime.now(UTC).isoformat(timespec="microseconds")))
    dialog = LoginDialog(make_context(workspace, SYSTEM), username="mallory")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "known")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "not signed in" in dialog.status.text(), timeout=10000)
    assert "outside the application" in dialog.status.text()
    assert dialog.actor is None and dialog.isVisible()
    assert audit_actions(workspace)[-1] == "login.refused"
