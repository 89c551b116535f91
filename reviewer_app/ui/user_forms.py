"""The small forms of Settings > Users...: add a user, a new password, a credential, a role.

Each is an ``ask`` classmethod returning what was typed (or None when
cancelled); the password fields are cleared as the form closes. Tests answer
at that boundary or fill the real form.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.users import Role
from reviewer_app.ui.a11y import fill_accessible_names

ROLES = [Role.REVIEWER, Role.SUPERVISOR, Role.ADMINISTRATOR]


@dataclass(frozen=True)
class NewUser:
    username: str
    role: Role
    password: str
    display_name: str = ""
    title: str = ""
    credential_file: Path | None = None
    credential_passphrase: str | None = None


class _Form(QDialog):
    """A titled form with OK/Cancel; OK is refused (with a line saying why) until ``problem``
    returns None."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Form status")
        self.layout_.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.setAccessibleName("Dialog buttons")
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)

    def field(self, label: str, widget: QWidget) -> None:
        caption = QLabel(label, self)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        self.form.addRow(caption, widget)

    def secret(self, label: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.field(label, edit)
        return edit

    def problem(self) -> str | None:
        return None

    def _try_accept(self) -> None:
        problem = self.problem()
        if problem is None:
            self.accept()
        else:
            self.status.setText(f"Warning: {problem}")

    def clear_secrets(self) -> None:
        for edit in self.findChildren(QLineEdit):
            if edit.echoMode() == QLineEdit.EchoMode.Password:
                edit.clear()


class PasswordDialog(_Form):
    def __init__(self, parent: QWidget | None, username: str) -> None:
        super().__init__(parent, f"New password for {username}")
        self.password = self.secret("&New password:")
        self.again = self.secret("&Again:")
        fill_accessible_names(self)

    def problem(self) -> str | None:
        return None if self.password.text() == self.again.text() else "the two passwords differ."

    @classmethod
    def ask(cls, parent: QWidget | None, username: str) -> str | None:
        dialog = cls(parent, username)
        try:
            return dialog.password.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.clear_secrets()
            dialog.deleteLater()


class CredentialFileDialog(_Form):
    """A PKCS#12 file and the passphrase that opens it (to read its certificate)."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent, title)
        self.file = QLineEdit(self)
        self.field("Credential &file (PKCS#12):", self.file)
        browse = QPushButton("&Browse...", self)
        browse.setAccessibleName("Choose the credential file")
        browse.clicked.connect(self._browse)
        self.form.addRow("", browse)
        self.passphrase = self.secret("Credential pass&phrase:")
        fill_accessible_names(self)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Signing credential", "",
                                              "PKCS#12 (*.p12 *.pfx);;All files (*)")
        if name:
            self.file.setText(name)

    def problem(self) -> str | None:
        return None if self.file.text().strip() else "choose the credential file."

    @classmethod
    def ask(cls, parent: QWidget | None, username: str) -> tuple[Path, str] | None:
        dialog = cls(parent, f"Signing credential for {username}")
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return Path(dialog.file.text().strip()), dialog.passphrase.text()
        finally:
            dialog.clear_secrets()
            dialog.deleteLater()


class AddUserDialog(CredentialFileDialog):
    """Add a user: name, role, password, and optionally a signing credential."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent, "Add a user")
        self.username = QLineEdit(self)
        self.display_name = QLineEdit(self)
        self.title_edit = QLineEdit(self)
        self.role = QComboBox(self)
        for role in ROLES:
            self.role.addItem(role.value)
        for row, (label, widget) in enumerate((("&User name:", self.username),
                                                ("&Name:", self.display_name),
                                                ("&Title:", self.title_edit),
                                                ("&Role:", self.role))):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
            self.form.insertRow(row, caption, widget)
        self.password = QLineEdit(self)
        self.again = QLineEdit(self)
        for row, (label, edit) in enumerate((("Pass&word:", self.password),
                                             ("&Again:", self.again)), start=4):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            caption = QLabel(label, self)
            caption.setBuddy(edit)
            edit.setAccessibleName(label.replace("&", "").rstrip(":"))
            self.form.insertRow(row, caption, edit)
        self.file.setPlaceholderText("optional: a reviewer or supervisor signs with it")
        self.username.setFocus()
        fill_accessible_names(self)

    def problem(self) -> str | None:
        if not self.username.text().strip():
            return "enter a user name."
        if self.password.text() != self.again.text():
            return "the two passwords differ."
        return None

    @classmethod
    def ask(cls, parent: QWidget | None) -> NewUser | None:  # type: ignore[override]
        dialog = cls(parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            file = dialog.file.text().strip()
            return NewUser(dialog.username.text().strip(), Role(dialog.role.currentText()),
                           dialog.password.text(), dialog.display_name.text().strip(),
                           dialog.title_edit.text().strip(), Path(file) if file else None,
                           dialog.passphrase.text() if file else None)
        finally:
            dialog.clear_secrets()
            dialog.deleteLater()


class RoleDialog(_Form):
    def __init__(self, parent: QWidget | None, username: str, current: Role) -> None:
        super().__init__(parent, f"Role of {username}")
        self.role = QComboBox(self)
        for role in ROLES:
            self.role.addItem(role.value)
        self.role.setCurrentIndex(ROLES.index(current))
        self.field("&Role:", self.role)
        fill_accessible_names(self)

    @classmethod
    def ask(cls, parent: QWidget | None, username: str, current: Role) -> Role | None:
        dialog = cls(parent, username, current)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return Role(dialog.role.currentText())
        finally:
            dialog.deleteLater()

