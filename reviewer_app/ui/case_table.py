"""The case list's table view, sized to fit its columns without a horizontal scroll bar.

Widths are measured on the font from sample texts (never ``ResizeToContents``,
which reads every row of a 10,000-case list): the reference, status, deadline
and days-left columns get what their longest usual text needs; the model column
stretches over the rest and elides long text (its tooltip gives model, version
and organisation). Version, organisation and received date are hidden at first:
beside the case pages (the Determination page alone needs about 840 px) the list
has about 430 px at 1280, and the Summary tab shows them; the header's context
menu shows or hides any column. ``fitting_width`` is the width the window gives
the list so that nothing scrolls sideways (the measure follows the font, so it
holds at 200 % scaling too).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QWidget

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
SAMPLES = {REFERENCE: "FMR-2026-0000", STATUS: "In review", DEADLINE: "2026-12-31",
           DAYS_LEFT: "12 days late", VERSION: "2026-12-rc1", RECEIVED: "2026-12-31"}
STRETCH = (MODEL, ORGANISATION)
HIDDEN_AT_FIRST = (VERSION, ORGANISATION, RECEIVED)
STRETCH_MINIMUM = "Aurora-3"  # what a stretching column keeps before it elides
SORT_ARROW = 16  # beside the header's text


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
        # Right-click on the header: one checkable entry per column (not the reference,
        # which names the case and always shows).
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.column_actions: dict[int, QAction] = {}
        for column, title in enumerate(COLUMNS):
            if column == REFERENCE:
                continue
            action = QAction(f"Show {title}", header)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda shown, c=column: self.setColumnHidden(c, not shown))
            header.addAction(action)
            self.column_actions[column] = action

    def fit_columns(self) -> None:
        """Set each column's mode and width from the font (call after ``setModel``)."""
        header = self.horizontalHeader()
        for column in STRETCH:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in SAMPLES:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, self._needs(column))
        for column in HIDDEN_AT_FIRST:
            self.column_actions[column].setChecked(False)

    def _needs(self, column: int) -> int:
        """A column's width: its sample or header text, with room for the sort arrow and,
        for days left, the urgency icon."""
        metrics = self.fontMetrics()
        icon = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + self._padding()
        cell = (metrics.horizontalAdvance(SAMPLES[column]) + self._padding()
                + (icon if column == DAYS_LEFT else 0))
        return max(cell, metrics.horizontalAdvance(COLUMNS[column]) + self._padding() + SORT_ARROW)

    def _padding(self) -> int:
        """What a cell adds around its text (and again around its icon): the style's
        focus-frame margin and one pixel on each side, as Qt lays out an item."""
        return 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) + 2

    def fitting_width(self) -> int:
        """The width the table needs to show its visible columns without scrolling sideways."""
        columns = [c for c in range(len(COLUMNS)) if not self.isColumnHidden(c)]
        fixed = sum(self.columnWidth(c) for c in columns if c not in STRETCH)
        stretch = sum(self.fontMetrics().horizontalAdvance(STRETCH_MINIMUM) + self._padding()
                      for c in columns if c in STRETCH)
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return fixed + stretch + scroll_bar + 2 * self.frameWidth() + 2
