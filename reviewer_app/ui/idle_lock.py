"""Idle lock: after N idle minutes the window is covered and needs the password again.

N is the policy profile's ``idle_lock_minutes`` (``services.workspace.idle_lock_minutes``).

``IdleWatcher`` is an application-wide event filter: any key, mouse or wheel
event restarts a single-shot timer. On timeout the ``LockScreen`` covers the
main window: its contents are hidden (not closed, so nothing unsaved is lost)
and every action is disabled, so no shortcut works behind the lock.

The same cover serves File > Lock now and File > Sign out / switch user: the
lock screen's Switch user... signs the locked user out, and while nobody is
signed in it shows only Sign in... (``ui.sign_out`` runs both).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.users import Actor
from reviewer_app.errors import ReviewerError

if TYPE_CHECKING:
    from reviewer_app.ui.context import Work

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
             QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride}


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``timeout_ms`` without user input."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, timeout_ms))
        self.timer.timeout.connect(self.idle)

    def set_timeout(self, timeout_ms: int) -> None:
        """A new idle time (the policy's, once read); a running wait starts again with it."""
        self.timer.setInterval(max(1, timeout_ms))
        if self.timer.isActive():
            self.timer.start()

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()  # restart: the user is here
        return False


# The idle time until the policy profile has been read (milliseconds after the window
# shows): the profile's own default (``domain.policy.DEFAULT_IDLE_LOCK_MINUTES``),
# not imported here because the window's first paint does not wait for the profile.
PROVISIONAL_MINUTES = 15


def policy_idle_minutes(work: Work) -> int:
    """The profile's minutes (a read job). Imported here, on the read thread: the policy's
    modules are not on the way to the first paint."""
    from reviewer_app.services.workspace import idle_lock_minutes

    return idle_lock_minutes(work.ws)


class LockScreen(QFrame):
    """Covers the window; unlocking re-authenticates the same user off the GUI thread.

    ``authenticate(password, on_ok, on_fail)`` is supplied by the window (it
    runs ``services.access.users.authenticate`` through the job runner).
    """

    unlocked = Signal()
    switch_requested = Signal()  # Switch user... / Sign in...: ``ui.sign_out`` answers it

    def __init__(self, actor: Actor, authenticate: Callable[[str, Callable[[Actor], None],
                                                               Callable[[BaseException], None]], None],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.actor = actor
        self._authenticate = authenticate
        self.setObjectName("lockScreen")
        self.setAccessibleName("Locked screen")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48))
        icon.setAccessibleName("Lock icon")
        layout.addWidget(icon, alignment=Qt.AlignmentFlag.AlignCenter)
        self.signed_out = False  # nobody is signed in: only Sign in... is offered
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Lock message")
        layout.addWidget(self.title)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)

        self.password.setPlaceholderText("Password")
        self.password.returnPressed.connect(self.try_unlock)
        layout.addWidget(self.password)
        self.status = QLabel("", self)
        self.status.setAccessibleName("Unlock status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.button = QPushButton("&Unlock", self)
        self.button.setAccessibleName("Unlock")
        self.button.clicked.connect(self.try_unlock)
        layout.addWidget(self.button)
        self.switch_button = QPushButton(self)
        self.switch_button.clicked.connect(self.switch_requested)
        layout.addWidget(self.switch_button)
        self.set_actor(actor)

    def set_actor(self, actor: Actor, reason: str = "idle") -> None:
        """Locked for ``actor``: their password unlocks; ``reason`` "asked" is Lock now."""
        self.actor, self.signed_out = actor, False
        who = f"{actor.label} ({actor.username})"
        self.title.setText(f"Locked by {who}; enter the password to continue." if reason == "asked"
                           else f"Locked. {who} was away; enter the password to continue.")
        self.password.setAccessibleName(f"Password for {actor.username}")
        self.switch_button.setText("&Switch user...")
        self.switch_button.setAccessibleName("Sign out and let another user sign in")
        for widget in (self.password, self.button):
            widget.setVisible(True)

    def show_signed_out(self) -> None:
        """Nobody is signed in: the open pages wait, unchanged, for whoever signs in."""
        self.signed_out = True
        self.title.setText(f"Signed out. {self.actor.label} ({self.actor.username}) signed out; "
                           "the open pages are kept for whoever signs in next.")
        self.password.clear()
        self.status.clear()
        for widget in (self.password, self.button):
            widget.setVisible(False)
        self.switch_button.setText("&Sign in...")
        self.switch_button.setAccessibleName("Sign in")
        self.switch_button.setFocus()

    def try_unlock(self) -> None:
        if not self.button.isEnabled() or self.signed_out:
            return
        self.button.setEnabled(False)
        self.password.setEnabled(False)
        self.status.setText("Checking the password...")
        self._authenticate(self.password.text(), self._ok, self._fail)

    def _ok(self, _actor: Actor) -> None:
        self.password.clear()
        self.status.clear()
        self._enable()
        self.unlocked.emit()

    def _fail(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, ReviewerError) else str(exc)
        self.status.setText(f"Warning: not unlocked: {message}. Try again.")
        self.password.clear()
        self._enable()

    def _enable(self) -> None:
        self.button.setEnabled(True)
        self.password.setEnabled(True)
        self.password.setFocus()


class WindowLock(QObject):
    """Covers a QMainWindow with a LockScreen and restores it afterwards."""

    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow, screen: LockScreen) -> None:
        super().__init__(window)
        self.window = window
        self.screen = screen
        self.screen.hide()
        self.screen.unlocked.connect(self.unlock)
        self._hidden: list[QWidget] = []
        self._disabled: list[QAction] = []

    @property
    def locked(self) -> bool:
        return self.screen.isVisible() or bool(self._hidden)

    def lock(self) -> None:
        if self.locked:
            return

        w = self.window
        for widget in (w.centralWidget(), w.menuBar(), w.statusBar()):
            if widget is not None and widget.isVisible():
                widget.hide()
                self._hidden.append(widget)
        self._disabled = [a for a in w.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        self.screen.setGeometry(w.rect())
        self.screen.show()
        self.screen.raise_()
        (self.screen.switch_button if self.screen.signed_out else self.screen.password).setFocus()
        self.locked_changed.emit(True)

    def unlock(self) -> None:
        self.screen.hide()
        for widget in self._hidden:
            widget.show()
        for action in self._disabled:
            action.setEnabled(True)
        self._hidden, self._disabled = [], []
        self.locked_changed.emit(False)

    def resize_to(self, window_rect: QRect) -> None:
        if self.screen.isVisible():
            self.screen.setGeometry(window_rect)
