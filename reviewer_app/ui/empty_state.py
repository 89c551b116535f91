"""What a new user sees when the workspace holds no case yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QStyle, QVBoxLayout, QWidget

EMPTY_TEXT = ("No cases yet.\n\nImport a package with File > Import package... (Ctrl+I) "
              "or drop a .subpkg file here.")


class EmptyState(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setAccessibleName("No cases yet")
        self.setAccessibleDescription(EMPTY_TEXT)
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon).pixmap(48))
        icon.setAccessibleName("Empty folder icon")
        layout.addWidget(icon, alignment=Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel(EMPTY_TEXT, self)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAccessibleName("What to do next")
        self.label.setAccessibleDescription(EMPTY_TEXT)
        layout.addWidget(self.label)
        self.import_button = QPushButton("&Import package...", self)
        self.import_button.setAccessibleName("Import package")
        layout.addWidget(self.import_button, alignment=Qt.AlignmentFlag.AlignCenter)
