"""First run: the folder holds no workspace. Create one, open the demo, or quit."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

CREATE, DEMO, QUIT = "create", "demo", "quit"


class FirstRunDialog(QDialog):
    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = QUIT
        self.setWindowTitle("Welcome to Frontier Review Desk")
        self.setAccessibleName("Welcome")
        layout = QVBoxLayout(self)
        text = QLabel(f"There is no workspace in {folder} yet.\n\nA workspace holds the cases, "
                      "the workstation's key and the users. What would you like to do?", self)
        text.setWordWrap(True)
        text.setAccessibleName("No workspace here")
        layout.addWidget(text)
        for label, choice, name in (("&Create a workspace here...", CREATE, "Create a workspace here"),
                                    ("Open the &demo workspace", DEMO, "Open the demo workspace"),
                                    ("&Quit", QUIT, "Quit")):
            button = QPushButton(label, self)
            button.setAccessibleName(name)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            layout.addWidget(button)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(cls, folder: Path, parent: QWidget | None = None) -> str:
        dialog = cls(folder, parent)
        dialog.exec()
        return dialog.choice


@dataclass(frozen=True)
class NewWorkspace:
    passphrase: str
    admin: str
    admin_password: str


class CreateWorkspaceDialog(QDialog):
    """Asks for the workstation passphrase and the first administrator."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result_value: NewWorkspace | None = None
        self.setWindowTitle("Create a workspace")
        self.setAccessibleName("Create a workspace")
        layout = QVBoxLayout(self)
        intro = QLabel(f"New workspace in {folder}", self)
        intro.setAccessibleName("New workspace folder")
        layout.addWidget(intro)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key, label, secret, value in (
            ("passphrase", "Workstation &passphrase:", True, ""),
            ("passphrase2", "Passphrase a&gain:", True, ""),
            ("admin", "&Administrator name:", False, getpass.getuser()),
            ("password", "Administrator pass&word:", True, ""),
            ("password2", "Password aga&in:", True, ""),
        ):
            edit = QLineEdit(value, self)
            edit.setAccessibleName(label.replace("&", "").rstrip(":"))
            if secret:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            caption = QLabel(label, self)
            caption.setBuddy(edit)
            form.addRow(caption, edit)
            self.fields[key] = edit
        layout.addLayout(form)
        self.status = QLabel("", self)
        self.status.setAccessibleName("Form status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.setAccessibleName("Dialog buttons")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _check(self) -> None:
        f = {k: e.text() for k, e in self.fields.items()}
        if len(f["passphrase"]) < 8 or f["passphrase"] != f["passphrase2"]:
            self.status.setText("Warning: the passphrases must match and have at least 8 characters.")
        elif not f["admin"].strip():
            self.status.setText("Warning: enter the administrator's name.")
        elif len(f["password"]) < 4 or f["password"] != f["password2"]:
            self.status.setText("Warning: the passwords must match and have at least 4 characters.")
        else:
            self.result_value = NewWorkspace(f["passphrase"], f["admin"].strip(), f["password"])
            self.accept()

    @classmethod
    def ask(cls, folder: Path, parent: QWidget | None = None) -> NewWorkspace | None:
        dialog = cls(folder, parent)
        dialog.exec()
        return dialog.result_value
