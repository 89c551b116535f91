"""Alt+letter that nothing answers types nothing.

Qt hands an Alt+letter that matches no mnemonic or shortcut (or matches a
disabled button's) to the focused field, and a line edit inserts the letter:
Alt+K meant for a greyed-out button typed "k" into a condition. The window
installs this filter on the application and swallows such keys before a text
field sees them. Matched keys never reach it: Qt runs the shortcut first.
macOS is left alone: there Option+letter types characters.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit

ALT = Qt.KeyboardModifier.AltModifier
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
TEXT_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox)


class AltLetterGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and sys.platform != "darwin"
                and isinstance(event, QKeyEvent) and isinstance(watched, TEXT_FIELDS)):
            key = event.key()
            letter = Qt.Key.Key_A <= key <= Qt.Key.Key_Z or Qt.Key.Key_0 <= key <= Qt.Key.Key_9
            if letter and event.modifiers() in (ALT, ALT_SHIFT):
                return True
        return super().eventFilter(watched, event)
