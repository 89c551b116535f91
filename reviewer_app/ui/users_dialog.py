"""Settings > Users...: the workspace's accounts, and what an administrator does with them.

Add, disable or enable, reset a password, unlock, bind a PKCS#12 signing
credential, change a role: each is the very service ``reviewer-app users ...``
calls (``services.access``), run as a write of the window's page context, so
each is role-checked and audited there; the buttons are a convenience. Anyone
may read the list (as ``users list``); the buttons are enabled for
administrators only, with a tooltip saying why otherwise. The list reloads on
every ``Changes(users=True)``. The forms are ``ask`` classmethods
(``ui.user_forms``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from reviewer_app.domain.changes import Changes
from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import ReviewerError
from reviewer_app.ui import messages
from reviewer_app.ui.a11y import fill_accessible_names
from reviewer_app.ui.user_forms import (
    AddUserDialog,
    CredentialFileDialog,
    PasswordDialog,
    RoleDialog,
)

if TYPE_CHECKING:
    from reviewer_app.services.access import UserInfo
    from reviewer_app.services.workspace import Workspace
    from reviewer_app.ui.main_window import MainWindow

COLUMNS = ["User name", "Name", "Title", "Role", "State", "Signing credential"]
USERS_CHANGED = Changes(users=True, audit=True)


def user_row(u: UserInfo) -> list[str]:
    state = ("Active" if u.active else "Disabled") + (", locked" if u.locked else "")
    credential = u.credential or {}
    bound = str(credential.get("certificate_subject") or credential.get("kind") or "none")
    return [u.username, u.display_name, u.title, u.role.value, state, bound]


class UsersDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.ctx = window.context
        self.users: list[UserInfo] = []
        self.loads = 0  # lists shown so far (tests wait for the next one)
        self.setWindowTitle("Users")
        self.setAccessibleName("Users")
        self.resize(960, 420)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName("Users of this workspace")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = self._button(row, "&Add...", "Add a user", self.add)
        self.active_button = self._button(row, "&Disable", "Disable or enable the selected user",
                                          self.toggle_active)
        self.password_button = self._button(row, "Reset &password...",
                                            "Reset the selected user's password", self.reset_password)
        self.unlock_button = self._button(row, "Un&lock", "Unlock the selected user", self.unlock)
        self.credential_button = self._button(row, "Bind &credential...",
                                              "Bind a signing credential to the selected user",
                                              self.bind_credential)
        self.role_button = self._button(row, "Change &role...",
                                        "Change the selected user's role", self.change_role)
        layout.addLayout(row)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Users status")
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setAccessibleName("Dialog buttons")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ctx.changed.connect(self._on_changed)
        self.ctx.actor_changed.connect(lambda _actor: self._update_buttons())
        self._update_buttons()
        self.reload()
        fill_accessible_names(self)

    def _button(self, row: QHBoxLayout, text: str, name: str,
                slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        button.clicked.connect(lambda _=False: slot())
        row.addWidget(button)
        return button

    # --- the list ------------------------------------------------------------
    def reload(self) -> None:
        from reviewer_app.services.access import list_users

        self.ctx.read(lambda w: list_users(w.ws), self.show_users, owner=self, name="list users")

    def _on_changed(self, changes: Changes, _owner: object) -> None:
        if changes.users:
            self.reload()

    def show_users(self, users: list[UserInfo]) -> None:
        chosen = self.selected()
        self.users = users
        self.table.setRowCount(len(users))
        for r, user in enumerate(users):
            for c, value in enumerate(user_row(user)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(r, c, item)
            if chosen is not None and user.username == chosen.username:
                self.table.selectRow(r)
        self.loads += 1
        self._update_buttons()

    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows and rows[0].row() < len(self.users) else None

    def select(self, username: str) -> None:
        for r, user in enumerate(self.users):
            if user.username == username:
                self.table.selectRow(r)

    def _update_buttons(self) -> None:
        admin = self.ctx.actor.role == Role.ADMINISTRATOR
        why = ("" if admin else f"Only an administrator manages users; {self.ctx.actor.username} "
               f"is signed in as a {self.ctx.actor.role.value}.")
        user = self.selected()
        self.add_button.setEnabled(admin)
        for button in (self.active_button, self.password_button, self.credential_button,
                       self.role_button):
            button.setEnabled(admin and user is not None)
        self.unlock_button.setEnabled(admin and user is not None and user.locked)
        self.active_button.setText("&Enable" if user is not None and not user.active else "&Disable")
        for button in (self.add_button, self.active_button, self.password_button,
                       self.unlock_button, self.credential_button, self.role_button):
            button.setToolTip(why)

    # --- the actions: each one service, as a write ---------------------------------
    def _write(self, name: str, fn: Callable[[Workspace, Actor], object], done: str) -> None:
        actor = self.ctx.actor
        self.ctx.write(lambda w: fn(w.ws, actor), USERS_CHANGED,
                       lambda _result: self.status.setText(done), owner=self, name=name,
                       on_error=self._refused)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ReviewerError):
            messages.error(self, "Not done", exc.code, exc.message)
        else:
            self.ctx.show_error(exc, self)

    def add(self) -> None:
        from reviewer_app.services.access import add_user

        new = AddUserDialog.ask(self)
        if new is None:
            return

        def run(ws: Workspace, actor: Actor) -> object:
            return add_user(ws, actor, username=new.username, role=new.role,
                            password=new.password, display_name=new.display_name,
                            title=new.title, credential_file=new.credential_file,
                            credential_passphrase=new.credential_passphrase)

        self._write("add user", run, f"Added {new.username} ({new.role.value}).")

    def toggle_active(self) -> None:
        from reviewer_app.services.access import set_active

        user = self.selected()
        if user is None:
            return
        name, active = user.username, not user.active
        if not active and not messages.confirm(
                self, "Disable user", f"Disable {name}? They can no longer sign in; "
                "what they signed stays valid."):
            return
        self._write("enable user" if active else "disable user",
                    lambda ws, actor: set_active(ws, actor, name, active),
                    f"{name} is now {'enabled' if active else 'disabled'}.")

    def reset_password(self) -> None:
        from reviewer_app.services.access import change_password

        user = self.selected()
        password = PasswordDialog.ask(self, user.username) if user is not None else None
        if user is None or password is None:
            return
        name = user.username
        self._write("reset password", lambda ws, actor: change_password(ws, actor, name, password),
                    f"The password of {name} was changed.")

    def unlock(self) -> None:
        from reviewer_app.services.access import unlock_user

        user = self.selected()
        if user is None:
            return
        name = user.username
        self._write("unlock user", lambda ws, actor: unlock_user(ws, actor, name),
                    f"{name} is unlocked.")

    def bind_credential(self) -> None:
        from reviewer_app.services.access import bind_credential

        user = self.selected()
        answer = CredentialFileDialog.ask(self, user.username) if user is not None else None
        if user is None or answer is None:
            return
        name, (path, passphrase) = user.username, answer
        self._write("bind credential",
                    lambda ws, actor: bind_credential(ws, actor, name, path, passphrase),
                    f"{name} now signs with the credential {path.name}.")

    def change_role(self) -> None:
        from reviewer_app.services.access import set_role

        user = self.selected()
        role = RoleDialog.ask(self, user.username, user.role) if user is not None else None
        if user is None or role is None:
            return
        name = user.username
        self._write("change role", lambda ws, actor: set_role(ws, actor, name, role),
                    f"{name} is now {role.value}.")

    @classmethod
    def ask(cls, window: MainWindow) -> None:
        cls(window).exec()
