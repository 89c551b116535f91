"""The one dialog that asks for a secret (passphrase or password) at the moment of use.

The typed text is returned to the caller and cleared from the widget at once;
nothing keeps it. Callers and tests use ``ask()`` (tests replace it).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.ui.a11y import fill_accessible_names


class SecretDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, prompt: str,
                 field_name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(field_name or prompt.rstrip(":"))
        label.setBuddy(self.secret)
        layout.addWidget(self.secret)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.setAccessibleName("Dialog buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fill_accessible_names(self)  # Qt's inner parts and the standard buttons

    def run(self) -> str | None:
        """Show it; the secret, or None when cancelled. The field is cleared either way."""
        try:
            return self.secret.text() if self.exec() == QDialog.DialogCode.Accepted else None
        finally:
            self.secret.clear()
            self.deleteLater()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str) -> str | None:
        return cls(parent, title, prompt).run()


class CredentialDialog(SecretDialog):
    """Asks for what opens the user's signing credential: a PKCS#12 passphrase or a token PIN."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, *,  # type: ignore[override]
            token: bool = False) -> str | None:
        if token:
            return cls(parent, title, "PIN of your signing token:", "Token PIN").run()
        return cls(parent, title, "Passphrase of your signing credential:",
                   "Credential passphrase").run()
