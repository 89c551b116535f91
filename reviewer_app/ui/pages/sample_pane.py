"""The sample browser's widgets: log choice, filters, the samples table and the
reading pane, where a sample's transcript is shown as a conversation.

The text goes in through ``QTextCursor.insertText`` with a character format
per block style (bold role headings, a fixed-width font for tool calls,
italic notes): plain text with formats, so a log's ``<b>``, ``<a href>`` or
``<img>`` is shown as the characters it is and nothing is ever fetched.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.ui.pages.sample_transcript import (
    CALL,
    ERROR,
    HEADING,
    NOTE,
    ROLE,
    TITLE,
    Block,
)


class SamplePane(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setAccessibleName("Sample detail")
        self.setPlaceholderText("Select a sample and press Enter to read it here.")

    def _formats(self) -> dict[str, QTextCharFormat]:
        plain = QTextCharFormat()
        plain.setFont(self.font())
        bold = QTextCharFormat(plain)
        bold.setFontWeight(QFont.Weight.Bold)
        title = QTextCharFormat(bold)
        title.setFontPointSize(max(1.0, self.font().pointSizeF()) * 1.2)
        call = QTextCharFormat()
        call.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        note = QTextCharFormat(plain)
        note.setFontItalic(True)
        return {TITLE: title, HEADING: bold, ROLE: bold, CALL: call, NOTE: note, ERROR: bold}

    def show_blocks(self, blocks: list[Block]) -> None:
        """The transcript, one paragraph per block (the same text as ``plain_text``)."""
        formats = self._formats()
        plain = QTextCharFormat()
        plain.setFont(self.font())
        self.clear()
        cursor = QTextCursor(self.document())
        for i, block in enumerate(blocks):
            if i:
                cursor.insertBlock()
                if block.style in (HEADING, ROLE):
                    cursor.insertBlock()  # a blank line before a section and a message
            cursor.insertText(block.text, formats.get(block.style, plain))
        self.moveCursor(QTextCursor.MoveOperation.Start)


class SampleBrowserBox(QWidget):
    """The browser's widgets, laid out; the page connects them to its reads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sample browser")
        column = QVBoxLayout(self)
        form = QFormLayout()
        self.log_choice = QComboBox(self)
        self.log_choice.setAccessibleName("Inspect log to browse")
        form.addRow(self._label("&Log:", self.log_choice), self.log_choice)
        filters = QHBoxLayout()
        self.text_filter = QLineEdit(self)
        self.text_filter.setAccessibleName("Filter samples by text")
        self.text_filter.setPlaceholderText("Text in id, input, answer or target (Enter)")
        self.score_filter = QLineEdit(self)
        self.score_filter.setAccessibleName("Filter samples by score")
        self.score_filter.setPlaceholderText("Score, e.g. C, I or 1 (Enter)")
        filters.addWidget(self.text_filter, 2)
        filters.addWidget(self.score_filter, 1)
        form.addRow(self._label("F&ilter:", self.text_filter), filters)
        column.addLayout(form)
        self.sample_state = QLabel("No Inspect log in this case.", self)
        self.sample_state.setAccessibleName("Sample browser state")
        column.addWidget(self.sample_state)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setAccessibleName("Samples and sample detail")
        self.sample_view = QTableView(split)
        self.sample_view.setAccessibleName("Samples table (Enter opens the focused sample)")
        self.sample_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sample_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sample_view.setTabKeyNavigation(False)
        self.sample_view.verticalHeader().hide()
        # One line per sample (the answer is shortened; its tooltip and the pane have it
        # whole), so the list shows as many samples as its height allows.
        self.sample_view.setWordWrap(False)
        self.sample_view.verticalHeader().setDefaultSectionSize(
            self.fontMetrics().lineSpacing() + 8)
        self.detail = SamplePane(split)
        split.addWidget(self.sample_view)
        split.addWidget(self.detail)
        split.setSizes([2, 3])  # proportions: the samples' columns, then the reading pane
        column.addWidget(split, 1)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label
