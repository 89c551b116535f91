"""The login dialog of a locked account says it is locked, and not which part was wrong."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from reviewer_app.domain.users import SYSTEM, Actor, Role
from reviewer_app.errors import NotPermittedError
from reviewer_app.services.access import sign_in, users
from reviewer_app.ui.login_dialog import LoginDialog


def test_a_locked_account_is_told_so_even_with_the_right_password(qtbot, workspace,
                                                                 make_context):
    users.add_user(workspace, Actor("alice", Role.ADMINISTRATOR), username="riley",
                   role=Role.REVIEWER, password="riley's password")
    for n in range(10):  # a guesser before us
        with pytest.raises(NotPermittedError):
            sign_in.check_password(workspace, "riley", f"guess {n}", sleep=lambda _s: None)
    dialog = LoginDialog(make_context(workspace, SYSTEM), username="riley")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "riley's password")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "locked" in dialog.status.text(), timeout=10000)
    text = dialog.status.text()
    assert dialog.actor is None and dialog.isVisible()
    assert "wrong user name or password" not in text and "Try again" not in text
    assert "administrator must unlock it" in text
