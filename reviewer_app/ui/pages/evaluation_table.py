"""The Evidence page's table: one row per evaluation, every row shown at once.

Columns: the declared score, the evidence score (what the file states), the
score recomputed here from the samples, the gap (evidence minus declared) and
its flag, each in words with an icon and a tooltip that explains it (never
colour alone). The table is as tall as its rows, never a small scroll box: the
page around it scrolls instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSizePolicy,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

if TYPE_CHECKING:
    from reviewer_app.services.evidence import EvaluationRow

# (header, its tooltip)
COLUMNS = (
    ("Domain", "The policy domain the evaluation speaks to"),
    ("Benchmark", "The benchmark the submission names"),
    ("Metric", "The metric the submission declares"),
    ("Declared", "The score the submission's manifest declares"),
    ("Evidence", "The score the evidence file states (read from the log or results file)"),
    ("Recomputed", "The score this workstation recomputes from the evidence's per-sample "
                   "scores (n/a: the file has none; the tooltip says why)"),
    ("Gap", "Evidence minus declared (the recomputed score when the file states none)"),
    ("Gap flag", "Crosses threshold: declared and evidence lie on opposite sides of the "
                 "threshold. Beyond tolerance: they differ by more than the policy's "
                 "tolerance. Agrees: within it. Not checked: one of them is missing"),
    ("Threshold", "The policy's threshold for this benchmark and metric"),
    ("Status", "The evidence score judged against the threshold"),
    ("n", "Samples the score rests on"),
    ("Stderr", "The standard error the evidence states"),
)
HEADERS = tuple(name for name, _tip in COLUMNS)
STATUS_COLUMN, FLAG_COLUMN = HEADERS.index("Status"), HEADERS.index("Gap flag")
STATUS_ICONS = {
    "at_or_above": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "below": QStyle.StandardPixmap.SP_DialogApplyButton,
    "no_evidence": QStyle.StandardPixmap.SP_MessageBoxQuestion,
    "no_threshold": QStyle.StandardPixmap.SP_MessageBoxInformation,
}
FLAG_ICONS = {
    "crosses_threshold": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "beyond_tolerance": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "within_tolerance": QStyle.StandardPixmap.SP_DialogApplyButton,
    "not_checked": QStyle.StandardPixmap.SP_MessageBoxQuestion,
}


def number(value: float | int | None, digits: int = 4) -> str:
    if value is None or value != value:
        return "-"
    return str(value) if isinstance(value, int) else f"{value:.{digits}f}"


def signed(value: float) -> str:
    """``+0.0800``, ``-0.0200``; a difference that rounds to nothing is ``0.0000``
    (never ``-0.0000``)."""
    rounded = round(value, 4)
    return "0.0000" if rounded == 0 else f"{rounded:+.4f}"


def cells(r: EvaluationRow) -> list[tuple[str, str]]:
    """(text, tooltip) per column of one row."""
    recomputed = number(r.recomputed)
    recomputed_tip = ""
    if r.recomputed is None and r.not_recomputed:
        recomputed, recomputed_tip = "n/a", f"Not recomputed: {r.not_recomputed}"
    evidence_tip = ("The file states no value; the recomputed score is judged"
                    if r.log_value is None and r.recomputed is not None else "")
    gap = "-" if r.gap.difference is None else signed(r.gap.difference)
    return [(r.domain, ""), (r.benchmark, ""), (r.metric, ""), (number(r.declared), ""),
            (number(r.log_value), evidence_tip), (recomputed, recomputed_tip),
            (gap, r.gap.explanation), (r.gap.flag.label, r.gap.explanation),
            (number(r.threshold), ""), (r.status.label, "\n".join(r.notes)),
            (number(r.n), ""), (number(r.stderr), "")]


class EvaluationTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setAccessibleName("Evaluations table")
        for col, (name, tip) in enumerate(COLUMNS):
            header = QTableWidgetItem(name)
            header.setToolTip(tip)
            self.setHorizontalHeaderItem(col, header)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def fill(self, rows: tuple[EvaluationRow, ...]) -> None:
        self.setRowCount(len(rows))
        style = self.style()
        for i, r in enumerate(rows):
            for col, (text, tip) in enumerate(cells(r)):
                item = QTableWidgetItem(text)
                said = f"{HEADERS[col]}: {text}" + (f" ({tip})" if tip else "")
                item.setData(Qt.ItemDataRole.AccessibleTextRole, said)
                if tip:
                    item.setToolTip(tip)
                if col == STATUS_COLUMN:
                    item.setIcon(style.standardIcon(STATUS_ICONS[r.status.value]))
                elif col == FLAG_COLUMN:
                    item.setIcon(style.standardIcon(FLAG_ICONS[r.gap.flag.value]))
                    if r.gap.flag.value == "crosses_threshold":
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                self.setItem(i, col, item)
        self.resizeColumnsToContents()
        self.resizeRowsToContents()
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the header, every row and (when shown) the horizontal scroll bar."""
        rows = sum(self.rowHeight(i) for i in range(self.rowCount()))
        columns = sum(self.columnWidth(i) for i in range(self.columnCount()))
        bar = self.horizontalScrollBar().sizeHint().height() \
            if columns > self.viewport().width() else 0
        height = self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth() + bar
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()  # a narrower table may need room for its scroll bar

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.height())
