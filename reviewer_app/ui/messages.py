"""Every message box of the application goes through this module.

Tests install a handler (``set_handler``) that records or fails on messages
instead of opening a modal box; the window code never builds a QMessageBox
itself. An error always shows its code and message in a copyable text area.
"""

from __future__ import annotations

import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.errors import ReviewerError
from reviewer_app.formats.private_files import make_dirs, write_private


@dataclass(frozen=True)
class MessageRequest:
    """One message the application wants to show (kind: info, warning, error, confirm)."""

    kind: str
    title: str
    text: str
    code: str = ""
    details: str = ""
    yes: str = ""  # a confirm's own button words (default: Yes / No)
    no: str = ""


# The handler answers a request: True/False for ``confirm``, ignored otherwise.
MessageHandler = Callable[[MessageRequest], bool]
_handler: MessageHandler | None = None


def set_handler(handler: MessageHandler | None) -> MessageHandler | None:
    """Replace how messages are shown (None: real boxes). Returns the previous handler."""
    global _handler
    previous, _handler = _handler, handler
    return previous


def info(parent: QWidget | None, title: str, text: str) -> None:
    _show(parent, MessageRequest("info", title, text))


def warning(parent: QWidget | None, title: str, text: str) -> None:
    _show(parent, MessageRequest("warning", title, text))


def not_available(parent: QWidget | None, feature: str) -> None:
    info(parent, "Not available yet",
         f"{feature} is not available yet in this version of Frontier Review Desk.")


def error(parent: QWidget | None, title: str, code: str, message: str, details: str = "") -> None:
    _show(parent, MessageRequest("error", title, message, code=code, details=details))


def confirm(parent: QWidget | None, title: str, text: str, *, yes: str = "",
            no: str = "") -> bool:
    """True when the user chose ``yes``; No (the default button, and Escape) is False."""
    return _show(parent, MessageRequest("confirm", title, text, yes=yes, no=no))


def show_exception(parent: QWidget | None, exc: BaseException, *, logs: Path | None = None) -> None:
    """A ReviewerError as its code and message; anything else as a short report."""
    if isinstance(exc, ReviewerError):
        error(parent, "Could not finish", exc.code, exc.message)
        return
    report = write_crash_report(exc, logs)
    where = f"\n\nA full report was written to {report}." if report else ""
    error(parent, "Unexpected error", "INTERNAL",
          f"An unexpected error occurred ({type(exc).__name__}: {exc}). Your work in the "
          f"database is unchanged by the failed step.{where}",
          details="".join(traceback.format_exception_only(type(exc), exc)).strip())


def write_crash_report(exc: BaseException, logs: Path | None) -> Path | None:
    """The full traceback goes to a file (never secrets: only the exception)."""
    text = "".join(traceback.format_exception(exc))
    folders = [p for p in (logs, Path(tempfile.gettempdir()) / "reviewer-app-logs") if p]
    for folder in folders:
        try:
            make_dirs(folder)
            path = folder / f"crash-{datetime.now(UTC):%Y%m%dT%H%M%S%f}.txt"
            write_private(path, text.encode("utf-8"))
            return path
        except OSError:
            continue
    return None


def _show(parent: QWidget | None, request: MessageRequest) -> bool:
    if _handler is not None:
        return bool(_handler(request))
    if request.kind == "error":
        ErrorDialog(parent, request).exec()
        return False
    box = QMessageBox(parent)
    box.setWindowTitle(request.title)
    box.setText(request.text)
    box.setAccessibleName(request.title)
    box.setAccessibleDescription(request.text)
    if request.kind == "confirm":
        box.setIcon(QMessageBox.Icon.Question)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        for button, words in ((QMessageBox.StandardButton.Yes, request.yes),
                              (QMessageBox.StandardButton.No, request.no)):
            if words:
                box.button(button).setText(words)
        return box.exec() == QMessageBox.StandardButton.Yes
    box.setIcon(QMessageBox.Icon.Warning if request.kind == "warning"
                else QMessageBox.Icon.Information)
    box.exec()
    return True


class ErrorDialog(QDialog):
    """An error: icon, plain words, and the code + message in a copyable text area."""

    def __init__(self, parent: QWidget | None, request: MessageRequest) -> None:
        super().__init__(parent)
        self.setWindowTitle(request.title)
        self.setAccessibleName(f"Error: {request.title}")
        layout = QVBoxLayout(self)
        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(32))
        icon.setAccessibleName("Error icon")
        layout.addWidget(icon)
        summary = QLabel(f"Error {request.code}: {request.text}", self)
        summary.setWordWrap(True)
        summary.setAccessibleName("Error summary")
        layout.addWidget(summary)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(f"{request.code}: {request.text}"
                               + (f"\n\n{request.details}" if request.details else ""))
        self.text.setAccessibleName("Error details (select and copy)")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setAccessibleName("Dialog buttons")
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.help_button = _add_help_button(buttons, request.code, self)
        layout.addWidget(buttons)


def _add_help_button(buttons: QDialogButtonBox, code: str, parent: QWidget) -> QPushButton | None:
    """A "Help on CODE" button when the user guide explains the code (opens at its entry)."""
    from reviewer_app.ui import help_viewer  # lazy: the guide is read only for an error

    if not help_viewer.has_entry(code):
        return None
    button = buttons.addButton(f"Help on {code}", QDialogButtonBox.ButtonRole.HelpRole)
    button.setAccessibleName(f"Open the user guide at {code}")
    button.clicked.connect(lambda: help_viewer.show_guide(parent, anchor=code.lower()))
    return button
