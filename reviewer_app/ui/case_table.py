"""The case list's table view, sized to fit its column without a horizontal scroll bar.

Widths are measured on the font from sample texts (never ``ResizeToContents``,
which reads every row of a 10,000-case list): the reference, status, deadline
and days-left columns get what their longest usual text needs; the model and
organisation columns stretch over the rest and elide long text (the full text
is the cell's tooltip). Version and received date are hidden at first (the
Summary tab shows them); the header's context menu shows or hides any column.
``fitting_width`` is the width the window gives the list so that nothing scrolls
sideways at 1280 px (or at 200 % scaling: the measure follows the font).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QStyle, QTableView, QWidget

from reviewer_app.ui.case_table_model import (
    COLUMNS,
    DAYS_LEFT,
    DEADLINE,
    MODEL,
    ORGANISATION,
    RECEIVED,
    REFERENCE,
    STATUS,
    VERSION,
)

# The longest usual text of each fixed column (the header's own text counts too).
SAMPLES = {REFERENCE: "FMR-2026-00000", STATUS: "In review", DEADLINE: "2026-12-31",
           DAYS_LEFT: "Overdue by 12 days"}
STRETCH = (MODEL, ORGANISATION)
HIDDEN_AT_FIRST = (VERSION, RECEIVED)
STRETCH_MINIMUM = "Aurora-3 Mo"  # what a stretching column keeps before it elides


class CaseTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Case table")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.setTabKeyNavigation(False)  # Tab leaves the table (keyboard users)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)

    def fit_columns(self) -> None:
        """Set each column's mode and width from the font (call after ``setModel``)."""
        header = self.horizontalHeader()
        for column in STRETCH:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in (VERSION, RECEIVED, *SAMPLES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, self._needs(column))
        for column in HIDDEN_AT_FIRST:
            self.setColumnHidden(column, True)

    def _needs(self, column: int) -> int:
        """A column's width: its sample or header text, with room for the sort arrow and,
        for days left, the urgency icon."""
        metrics = self.fontMetrics()
        sample = SAMPLES.get(column, "2026-12-31" if column == RECEIVED else "10.10.10")
        text = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(COLUMNS[column]))
        icon = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 6
        return text + 2 * metrics.averageCharWidth() + 12 + (icon if column == DAYS_LEFT else 0)

    def fitting_width(self) -> int:
        """The width the table needs to show its visible columns without scrolling sideways."""
        columns = [c for c in range(len(COLUMNS)) if not self.isColumnHidden(c)]
        fixed = sum(self.columnWidth(c) for c in columns if c not in STRETCH)
        stretch = sum(self.fontMetrics().horizontalAdvance(STRETCH_MINIMUM) + 12
                      for c in columns if c in STRETCH)
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return fixed + stretch + scroll_bar + 2 * self.frameWidth() + 2

    def _column_menu(self, at: QPoint) -> None:
        menu = QMenu(self)
        menu.setAccessibleName("Columns shown")
        for column, title in enumerate(COLUMNS):
            if column == REFERENCE:
                continue  # the reference names the case: always shown
            action = QAction(title, menu)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.toggled.connect(lambda shown, c=column: self.setColumnHidden(c, not shown))
            menu.addAction(action)
        menu.popup(self.horizontalHeader().mapToGlobal(at))
