"""File > Lock now and File > Sign out / switch user: pressed through the menu actions,
the login dialog answered by typing into it; the open pages and unsaved text stay."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from reviewer_app.domain.users import SYSTEM, Role
from reviewer_app.services.access import users
from reviewer_app.ui.login_dialog import LoginDialog
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.wiring import menu_actions
from tests.support.case_factory import insert_cases, spec
from tests.support.tabs import click_tab
from tests.ui.conftest import PASSWORD


def audit_trail(ws) -> list[tuple[str, str]]:
    from reviewer_app.storage import audit_chain

    with ws.reader() as s:
        return [(e.actor, e.action) for e in audit_chain.entries(s)]


def add_supervisor(ws) -> None:
    with ws.uow() as s:
        users.create_user(s, actor=SYSTEM, username="sam", role=Role.SUPERVISOR,
                          password="sam's password", display_name="Sam Supervisor")


def make_window(qtbot, ws, actor) -> MainWindow:
    insert_cases(ws, [spec(1)])
    window = MainWindow(ws, actor, actions=menu_actions())
    qtbot.addWidget(window)
    window.show()
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.loaded)
    window.idle.stop()  # these tests lock on purpose
    return window


def sign_in_when_asked(qtbot, username: str, password: str, answered: list[str]) -> None:
    """Type into the login dialog once it is up (from a timer: ``exec`` blocks)."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, fill)
            return
        dialog.username.setText("")
        qtbot.keyClicks(dialog.username, username)
        qtbot.keyClicks(dialog.password, password)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        answered.append(username)

    QTimer.singleShot(0, fill)


def cancel_when_asked(qtbot, answered: list[str]) -> None:
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, cancel)
            return
        answered.append("cancelled")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel)


def test_switch_user_keeps_the_pages_and_unsaved_text(qtbot, workspace, alice):
    add_supervisor(workspace)
    window = make_window(qtbot, workspace, alice)
    window.select_case(window.proxy.case_at(0).reference)
    page = click_tab(qtbot, window, "Determination")
    page.rationale.setFocus()
    qtbot.keyClicks(page.rationale, "Half a rationale")
    pages_before = window.tabs.count()
    assert window.action("file.sign_out").shortcut().toString() == "Ctrl+Shift+L"
    answered: list[str] = []
    sign_in_when_asked(qtbot, "sam", "sam's password", answered)
    window.action("file.sign_out").trigger()
    assert answered == ["sam"]
    assert window.actor.username == "sam" and window.context.actor.username == "sam"
    assert "Sam Supervisor (supervisor)" in window.status_user.text()
    assert not window.lock_screen.isVisible() and window.centralWidget().isVisible()
    assert window.tabs.count() == pages_before
    assert click_tab(qtbot, window, "Determination") is page  # the same page, not one made anew
    assert page.rationale.toPlainText() == "Half a rationale"  # nothing typed was lost
    qtbot.waitUntil(lambda: audit_trail(workspace)[-2:] == [("alice", "logout"),
                                                           ("sam", "login")], timeout=10000)
    assert window.action("app.quit").isEnabled()


def test_a_cancelled_sign_in_leaves_nobody_signed_in(qtbot, workspace, alice):
    window = make_window(qtbot, workspace, alice)
    answered: list[str] = []
    cancel_when_asked(qtbot, answered)
    window.action("file.sign_out").trigger()
    assert answered == ["cancelled"]
    screen = window.lock_screen
    assert screen.isVisible() and screen.signed_out
    assert not window.centralWidget().isVisible()  # nothing of the cases shows
    assert not screen.password.isVisible() and screen.switch_button.text() == "&Sign in..."
    assert not window.action("file.import_package").isEnabled()  # no shortcut behind the cover
    # Sign in... asks again; alice comes back
    sign_in_when_asked(qtbot, "alice", PASSWORD, answered)
    qtbot.mouseClick(screen.switch_button, Qt.MouseButton.LeftButton)
    assert answered[-1] == "alice"
    assert not screen.isVisible() and window.actor.username == "alice"
    qtbot.waitUntil(lambda: audit_trail(workspace)[-2:] == [("alice", "logout"),
                                                           ("alice", "login")], timeout=10000)


def test_a_wrong_password_does_not_sign_in(qtbot, workspace, alice):
    add_supervisor(workspace)
    window = make_window(qtbot, workspace, alice)

    def wrong_then_cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, wrong_then_cancel)
            return
        qtbot.keyClicks(dialog.username, "sam")
        qtbot.keyClicks(dialog.password, "not sam's")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "not signed in" in dialog.status.text(), timeout=10000)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, wrong_then_cancel)
    window.action("file.sign_out").trigger()
    assert window.lock_screen.signed_out and window.lock_screen.isVisible()
    assert window.context.actor.username == "alice"  # no write can act for anyone new
    assert ("sam", "login.failed") in audit_trail(workspace)


def test_lock_now_locks_and_the_same_password_unlocks(qtbot, workspace, alice):
    window = make_window(qtbot, workspace, alice)
    window.filter_box.setText("draft")
    assert window.action("file.lock").shortcut().toString() == "Ctrl+L"
    window.action("file.lock").trigger()
    screen = window.lock_screen
    assert screen.isVisible() and "Locked by" in screen.title.text()
    assert not window.action("file.lock").isEnabled()
    qtbot.waitUntil(lambda: audit_trail(workspace)[-1] == ("alice", "lock"), timeout=10000)
    qtbot.keyClicks(screen.password, PASSWORD)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.isVisible(), timeout=10000)
    assert window.filter_box.text() == "draft" and window.actor.username == "alice"
    assert audit_trail(workspace)[-1] == ("alice", "login")


def test_the_lock_screen_lets_another_user_sign_in(qtbot, workspace, alice):
    """The two-person rule at one desk: the reviewer locked up, the supervisor signs in."""
    add_supervisor(workspace)
    window = make_window(qtbot, workspace, alice)
    window.action("file.lock").trigger()
    screen = window.lock_screen
    assert screen.switch_button.text() == "&Switch user..."
    answered: list[str] = []
    sign_in_when_asked(qtbot, "sam", "sam's password", answered)
    qtbot.mouseClick(screen.switch_button, Qt.MouseButton.LeftButton)
    assert answered == ["sam"] and window.actor.username == "sam"
    assert not screen.isVisible()
    qtbot.waitUntil(lambda: audit_trail(workspace)[-3:] == [
        ("alice", "lock"), ("alice", "logout"), ("sam", "login")], timeout=10000)
    # The next lock is sam's: his password unlocks it
    window.action("file.lock").trigger()
    assert "sam" in screen.title.text()
