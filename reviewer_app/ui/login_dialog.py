"""The login dialog: user name and password, checked off the GUI thread.

``services.access.authenticate`` waits longer after each failure (and hashes
with argon2id, ~0.1 s), so it runs as a write of the page context (it writes an
audit entry): the dialog stays responsive and says "Checking...". The
dialog opens before SQLAlchemy has loaded (start-up reads without it); that
import (~0.25 s), which the audit entry needs, is done on the write pool
while the user types, so "Sign in" does not wait for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.changes import NOTHING, Changes
from reviewer_app.domain.users import Actor
from reviewer_app.errors import ReviewerError

if TYPE_CHECKING:
    from reviewer_app.ui.context import PageContext, Work

WARM_UP_AFTER_MS = 200  # after the dialog's first paint


def _load_sign_in_writes(_work: Work) -> None:
    import reviewer_app.services.access.users  # noqa: F401 - imported for its cost (the ORM)


class LoginDialog(QDialog):
    def __init__(self, context: PageContext, *, username: str = "",
                 parent: QWidget | None = None, demo_hint: bool = False) -> None:
        super().__init__(parent)
        self.context = context
        self.actor: Actor | None = None
        self._checking = False
        self.setWindowTitle("Sign in - Frontier Review Desk")
        self.setAccessibleName("Sign in")
        layout = QVBoxLayout(self)
        intro = QLabel(f"Sign in to the workspace {context.root}", self)
        intro.setWordWrap(True)
        intro.setAccessibleName("Sign in to the workspace")
        layout.addWidget(intro)
        if demo_hint:
            hint = QLabel("DEMO workspace: the demo users' password is 'demo'.", self)
            hint.setAccessibleName("Demo hint")
            layout.addWidget(hint)
        form = QFormLayout()
        self.username = QLineEdit(username, self)
        self.username.setAccessibleName("User name")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        user_label = QLabel("&User name:", self)
        user_label.setBuddy(self.username)
        pass_label = QLabel("&Password:", self)
        pass_label.setBuddy(self.password)
        form.addRow(user_label, self.username)
        form.addRow(pass_label, self.password)
        layout.addLayout(form)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Sign-in status")
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Sign in")
        self.buttons.setAccessibleName("Sign-in buttons")
        self.buttons.accepted.connect(self.check)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus()
        QTimer.singleShot(WARM_UP_AFTER_MS, self, self._warm_up)

    def _warm_up(self) -> None:
        self.context.write(_load_sign_in_writes, NOTHING, owner=self, name="load sign-in",
                           on_error=lambda _exc: None)  # the sign-in itself will say

    def check(self) -> None:
        if self._checking:
            return
        from reviewer_app.services.access import authenticate

        name, password = self.username.text().strip(), self.password.text()
        if not name:
            self.status.setText("Warning: enter a user name.")
            self.username.setFocus()
            return
        self._set_checking(True)
        self.context.write(lambda w: authenticate(w.ws, name, password), Changes(audit=True),
                           self._ok, owner=self, name="sign in", on_error=self._fail)

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not checking)
        self.username.setEnabled(not checking)
        self.password.setEnabled(not checking)
        if checking:
            self.status.setText("Checking the password...")

    def _ok(self, actor: Actor) -> None:
        self._set_checking(False)
        self.actor = actor
        self.accept()

    def _fail(self, exc: BaseException) -> None:
        self._set_checking(False)
        message = exc.message if isinstance(exc, ReviewerError) else f"{type(exc).__name__}: {exc}"
        if getattr(exc, "code", "") == "ACCOUNT_LOCKED":  # trying again cannot help
            self.status.setText(f"Warning: not signed in: {message}.")
        else:
            self.status.setText(f"Warning: not signed in: {message}. Try again "
                                "(each wrong try makes the next check wait longer).")
        self.password.clear()
        self.password.setFocus()
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to the wrapped lines' height (the error, a long path): text is never cut."""
        layout = self.layout()
        needed = layout.totalHeightForWidth(self.width()) if layout is not None else -1
        if needed > self.height():
            self.resize(self.width(), needed)

    @classmethod
    def ask(cls, context: PageContext, *, username: str = "", parent: QWidget | None = None,
            demo_hint: bool = False) -> Actor | None:
        """The signed-in user, or None when the user cancelled. Tests replace this."""
        dialog = cls(context, username=username, parent=parent, demo_hint=demo_hint)
        dialog.exec()
        return dialog.actor
