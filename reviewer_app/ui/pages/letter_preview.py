"""The letter as it will print: a state line and the PDF, shown from bytes in memory."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class LetterPreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Letter preview")
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.pdf = b""  # the bytes shown (empty: nothing)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("Letter preview: loading...", self)
        self.label.setAccessibleName("Letter preview state")
        column.addWidget(self.label)
        self.view = QPdfView(self)
        self.view.setAccessibleName("Letter preview (as it will print)")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys / Page Down scroll
        column.addWidget(self.view, 1)

    def show_pdf(self, data: bytes, kind: str) -> None:
        """Show ``data`` (PDF bytes) under "Letter preview: ``kind``"; the buffer lives as
        long as the document."""
        self.label.setText(f"Letter preview: {kind}")
        self.label.setAccessibleName(self.label.text())
        self.document.close()
        self.pdf = data
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        if not data:
            return
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)
