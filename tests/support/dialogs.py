"""Dialogs answered the way a user answers them: found on screen, filled, OK pressed.

A modal dialog runs its own event loop, so a test cannot fill it after the
press that opens it returns. ``DialogAnswers`` polls from a timer for the
active modal dialog, and when it is of the expected kind, hands it to the
answer (which types into its fields and presses its buttons). A modal dialog
nobody expects is closed after a few seconds and listed in ``unexpected``
(the test then fails saying which, instead of waiting for ever).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QProgressDialog

from reviewer_app.ui.secret_dialog import SecretDialog

UNEXPECTED_AFTER_MS = 5000


class DialogAnswers:
    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.pending: list[tuple[type[QDialog], Callable[[Any], None]]] = []
        self.answered: list[str] = []  # the titles of the dialogs answered, in order
        self.unexpected: list[str] = []  # the titles of the dialogs closed unanswered
        self._stranger: tuple[QDialog, int] | None = None  # an unexpected dialog, polls seen
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def expect(self, kind: type[QDialog], answer: Callable[[Any], None]) -> None:
        self.pending.append((kind, answer))

    def secret(self, text: str) -> None:
        """The next secret prompt (passphrase, PIN): ``text`` typed, Return pressed."""
        def type_it(dialog: SecretDialog) -> None:
            self.qtbot.keyClicks(dialog.secret, text)
            self.qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)

        self.expect(SecretDialog, type_it)

    def wait(self, timeout: int = 60000) -> None:
        self.qtbot.waitUntil(lambda: not self.pending, timeout=timeout)

    def stop(self) -> None:
        self.timer.stop()

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isVisible():
            return
        if isinstance(dialog, QProgressDialog):  # a job's progress: it closes by itself
            return
        if self.pending and isinstance(dialog, self.pending[0][0]):
            _kind, answer = self.pending.pop(0)
            self._stranger = None
            self.answered.append(dialog.windowTitle())
            answer(dialog)
            return
        seen = self._stranger[1] + 1 if self._stranger and self._stranger[0] is dialog else 1
        self._stranger = (dialog, seen)
        if seen * self.timer.interval() >= UNEXPECTED_AFTER_MS:
            self.unexpected.append(dialog.windowTitle())
            self._stranger = None
            self.qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def press(qtbot: Any, dialog: QDialog, which: QDialogButtonBox.StandardButton) -> None:
    """Click one of the dialog's standard buttons (OK, Close...)."""
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None, dialog
    button = box.button(which)
    assert button is not None and button.isEnabled(), (dialog, which)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
