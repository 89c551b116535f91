"""Settings > Users...: an administrator manages accounts by pressing the dialog's buttons;
each press is the CLI's own service (role-checked, audited)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from reviewer_app.domain.users import SYSTEM, Role
from reviewer_app.errors import NotPermittedError
from reviewer_app.services.access import users
from reviewer_app.ui import user_forms
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.users_dialog import UsersDialog
from reviewer_app.ui.wiring import menu_actions
from tests.support.pki import CertSpec, make_ca, make_leaf, to_pkcs12


def trail(ws) -> list[tuple[str, str]]:
    from reviewer_app.storage import audit_chain

    with ws.reader() as s:
        return [(e.actor, e.action) for e in audit_chain.entries(s)]


def add_riley(ws) -> None:
    with ws.uow() as s:
        users.create_user(s, actor=SYSTEM, username="riley", role=Role.REVIEWER,
                          password="riley's pw", display_name="Riley Reviewer")


def open_dialog(qtbot, ws, actor) -> UsersDialog:
    window = MainWindow(ws, actor, actions=menu_actions())
    qtbot.addWidget(window)
    window.idle.stop()
    dialog = UsersDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loads > 0)
    return dialog


def cell(dialog: UsersDialog, username: str, column: int) -> str:
    row = next(r for r in range(dialog.table.rowCount())
               if dialog.table.item(r, 0).text() == username)
    return dialog.table.item(row, column).text()


def click_user(qtbot, dialog: UsersDialog, username: str) -> None:
    row = next(r for r in range(dialog.table.rowCount())
               if dialog.table.item(r, 0).text() == username)
    rect = dialog.table.visualItemRect(dialog.table.item(row, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def press(qtbot, dialog: UsersDialog, button, until) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(until, timeout=10000)


def test_an_administrator_adds_a_user_by_filling_the_form(qtbot, workspace, alice):
    dialog = open_dialog(qtbot, workspace, alice)
    steps: list[str] = []

    def fill() -> None:
        form = QApplication.activeModalWidget()
        if not isinstance(form, user_forms.AddUserDialog):
            QTimer.singleShot(20, fill)
            return
        qtbot.keyClicks(form.username, "sam")
        qtbot.keyClicks(form.display_name, "Sam Supervisor")
        form.role.setCurrentIndex(form.role.findText("supervisor"))
        qtbot.keyClicks(form.password, "sam's pw")
        qtbot.keyClicks(form.again, "sam's pq")  # a typo: OK is refused, saying why
        ok = form.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        steps.append(form.status.text())
        form.again.clear()
        qtbot.keyClicks(form.again, "sam's pw")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    press(qtbot, dialog, dialog.add_button, lambda: dialog.table.rowCount() == 2)
    assert steps == ["Warning: the two passwords differ."]
    assert cell(dialog, "sam", 3) == "supervisor" and cell(dialog, "sam", 4) == "Active"
    assert "Added sam (supervisor)" in dialog.status.text()
    assert trail(workspace)[-1] == ("alice", "user.create")
    assert users.authenticate(workspace, "sam", "sam's pw", sleep=lambda _s: None).role == Role.SUPERVISOR


def test_unlock_disable_enable_reset_and_role(qtbot, workspace, alice, monkeypatch, message_log):
    add_riley(workspace)
    for n in range(10):  # the policy's lock_after_failed_logins
        with pytest.raises(NotPermittedError):
            users.authenticate(workspace, "riley", f"guess {n}", sleep=lambda _s: None)
    dialog = open_dialog(qtbot, workspace, alice)
    assert cell(dialog, "riley", 4) == "Active, locked"
    assert not dialog.unlock_button.isEnabled()  # nobody selected yet
    click_user(qtbot, dialog, "riley")
    press(qtbot, dialog, dialog.unlock_button, lambda: cell(dialog, "riley", 4) == "Active")
    assert not dialog.unlock_button.isEnabled()

    message_log.confirm_answer = True
    press(qtbot, dialog, dialog.active_button, lambda: cell(dialog, "riley", 4) == "Disabled")
    assert [m.kind for m in message_log.take()] == ["confirm"]
    assert dialog.active_button.text() == "&Enable"
    press(qtbot, dialog, dialog.active_button, lambda: cell(dialog, "riley", 4) == "Active")

    monkeypatch.setattr(user_forms.PasswordDialog, "ask",
                        classmethod(lambda cls, parent, username: "a fresh password"))
    press(qtbot, dialog, dialog.password_button,
          lambda: trail(workspace)[-1] == ("alice", "user.password"))
    assert users.authenticate(workspace, "riley", "a fresh password", sleep=lambda _s: None)

    monkeypatch.setattr(user_forms.RoleDialog, "ask",
                        classmethod(lambda cls, parent, username, current: Role.SUPERVISOR))
    press(qtbot, dialog, dialog.role_button, lambda: cell(dialog, "riley", 3) == "supervisor")
    done = [a for who, a in trail(workspace) if who == "alice"][-5:]
    assert done == ["user.unlock", "user.disable", "user.enable", "user.password", "user.role"]


def test_binding_a_credential_shows_its_certificate(qtbot, workspace, alice, monkeypatch,
                                                    message_log, tmp_path):
    add_riley(workspace)
    ca = make_ca(CertSpec("Test Office CA", organization="Test Review Office"))
    leaf = make_leaf(CertSpec("Riley Reviewer", organization="Test Review Office"), ca)
    p12 = tmp_path / "riley.p12"
    p12.write_bytes(to_pkcs12(leaf, [ca.cert], b"p12 pass"))
    dialog = open_dialog(qtbot, workspace, alice)
    click_user(qtbot, dialog, "riley")
    answers = iter([(p12, "wrong"), (p12, "p12 pass")])
    monkeypatch.setattr(user_forms.CredentialFileDialog, "ask",
                        classmethod(lambda cls, parent, username: next(answers)))
    press(qtbot, dialog, dialog.credential_button, lambda: bool(message_log.requests))
    [refused] = message_log.take()
    assert refused.kind == "error" and refused.code == "WRONG_PASSPHRASE"
    assert cell(dialog, "riley", 5) == "none"
    press(qtbot, dialog, dialog.credential_button, lambda: "Riley Reviewer" in cell(dialog, "riley", 5))
    assert trail(workspace)[-1] == ("alice", "user.credential")


def test_the_service_refusal_is_shown(qtbot, workspace, alice, message_log):
    dialog = open_dialog(qtbot, workspace, alice)
    click_user(qtbot, dialog, "alice")
    message_log.confirm_answer = True
    press(qtbot, dialog, dialog.active_button, lambda: len(message_log.requests) == 2)
    _confirm, refused = message_log.take()
    assert refused.code == "SELF_DISABLE"
    assert cell(dialog, "alice", 4) == "Active"


def test_a_reviewer_reads_the_list_and_is_told_why_nothing_else(qtbot, workspace):
    add_riley(workspace)
    riley = users.authenticate(workspace, "riley", "riley's pw", sleep=lambda _s: None)
    dialog = open_dialog(qtbot, workspace, riley)
    assert dialog.table.rowCount() == 2
    click_user(qtbot, dialog, "alice")
    for button in (dialog.add_button, dialog.active_button, dialog.password_button,
                   dialog.unlock_button, dialog.credential_button, dialog.role_button):
        assert not button.isEnabled()
        assert "riley is signed in as a reviewer" in button.toolTip()


def test_settings_users_opens_the_dialog(qtbot, workspace, alice):
    window = MainWindow(workspace, alice, actions=menu_actions())
    qtbot.addWidget(window)
    window.idle.stop()
    seen: list[int] = []

    def close() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, UsersDialog):
            QTimer.singleShot(20, close)
            return
        qtbot.waitUntil(lambda: dialog.loads > 0)
        seen.append(dialog.table.rowCount())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, close)
    window.action("settings.users").trigger()
    assert seen == [1]


def test_the_dialog_and_its_forms_name_every_widget(qtbot, workspace, alice):
    from reviewer_app.ui.a11y import unnamed_widgets

    dialog = open_dialog(qtbot, workspace, alice)
    forms = [user_forms.AddUserDialog(dialog), user_forms.PasswordDialog(dialog, "alice"),
             user_forms.CredentialFileDialog(dialog, "Signing credential for alice"),
             user_forms.RoleDialog(dialog, "alice", Role.ADMINISTRATOR)]
    for widget in (dialog, *forms):
        assert unnamed_widgets(widget) == [], widget.windowTitle()
