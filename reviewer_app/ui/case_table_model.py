"""The case table: an item model over domain ``Case`` objects, and its filter proxy.

Days left is shown as short text plus an icon (overdue, due soon), never by
colour alone (Section 508); its accessible text and tooltip say it in full. Filtering compares a lowercase search string built once
per row; sorting is done by the source model with Python's sort, because a
sorting QSortFilterProxyModel would call back into Python n log n times.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QApplication, QStyle

from reviewer_app.domain.case import Case

COLUMNS = ("Reference", "Model", "Version", "Organisation", "Status", "Received", "Deadline",
           "Days left")
REFERENCE, MODEL, VERSION, ORGANISATION, STATUS, RECEIVED, DEADLINE, DAYS_LEFT = range(8)
DUE_SOON_DAYS = 7
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_LABELS = {"received": "Received", "in_review": "In review", "decided": "Decided",
                 "issued": "Issued"}

Index = QModelIndex | QPersistentModelIndex


def days_left_text(days: int) -> str:
    if days < 0:
        n = -days
        return f"Overdue by {n} day{'s' if n != 1 else ''}"
    if days <= DUE_SOON_DAYS:
        return f"{days} day{'s' if days != 1 else ''} (due soon)"
    return f"{days} days"


def days_left_short(days: int) -> str:
    """The list's cell: short enough for a narrow column; the icon marks the urgency, and
    the accessible text and tooltip say it in full (``days_left_text``)."""
    n = abs(days)
    unit = f"day{'s' if n != 1 else ''}"
    if days < 0:
        return f"{n} {unit} late"
    return "today" if days == 0 else f"{n} {unit}"


def urgency(days: int) -> str:
    """``overdue``, ``due-soon`` or ``""``: what the icon (and tint) say."""
    if days < 0:
        return "overdue"
    return "due-soon" if days <= DUE_SOON_DAYS else ""


class CaseTableModel(QAbstractTableModel):
    def __init__(self, cases: Sequence[Case] = (), *, today: date | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._today = today or date.today()
        self._cases: list[Case] = []
        self.search_text: list[str] = []
        self._icons: dict[str, Any] = {}
        self.set_cases(cases)

    # --- data in -------------------------------------------------------
    def set_cases(self, cases: Sequence[Case], today: date | None = None) -> None:
        self.beginResetModel()
        if today is not None:
            self._today = today
        self._cases = list(cases)
        self.search_text = [self._search(c) for c in self._cases]
        self.endResetModel()

    @staticmethod
    def _search(case: Case) -> str:
        return "\x1f".join((case.reference, case.model_name, case.model_version,
                            case.organization)).lower()

    def case_at(self, row: int) -> Case:
        return self._cases[row]

    @property
    def cases(self) -> list[Case]:
        return list(self._cases)

    # --- Qt model interface ------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._cases)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS)
                and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cases):
            return None
        case = self._cases[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole and col == DAYS_LEFT:
            return days_left_short(case.days_left(self._today))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(case, col)
        if role == SORT_ROLE:
            return self._sort_key(case, col)
        if role == CASE_ROLE:
            return case
        if col == DAYS_LEFT:
            return self._days_left_extra(case, role)
        if role == Qt.ItemDataRole.ToolTipRole and col == DEADLINE:
            return "Last day of the review window"
        if role == Qt.ItemDataRole.ToolTipRole and col == MODEL:
            # The whole text where the column elides it, with the columns hidden at first.
            return f"{case.model_name} {case.model_version}, {case.organization}"
        if role == Qt.ItemDataRole.ToolTipRole and col in (VERSION, ORGANISATION):
            return self._display(case, col)
        return None

    def _display(self, case: Case, col: int) -> str:
        if col == REFERENCE:
            return case.reference
        if col == MODEL:
            return case.model_name
        if col == VERSION:
            return case.model_version
        if col == ORGANISATION:
            return case.organization
        if col == STATUS:
            return STATUS_LABELS.get(case.status.value, case.status.value)
        if col == RECEIVED:
            return case.received_at.date().isoformat()
        if col == DEADLINE:
            return case.window_end.isoformat()
        return days_left_text(case.days_left(self._today))

    def _sort_key(self, case: Case, col: int) -> Any:
        if col == RECEIVED:
            return case.received_at.timestamp()
        if col == DEADLINE:
            return case.window_end.toordinal()
        if col == DAYS_LEFT:
            return case.days_left(self._today)
        return self._display(case, col).lower()

    def _days_left_extra(self, case: Case, role: int) -> Any:
        kind = urgency(case.days_left(self._today))
        if not kind:
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(kind)
        if role == Qt.ItemDataRole.BackgroundRole:
            # Extra cue only: the text and icon already say it.
            return QBrush(QColor("#f8d7da" if kind == "overdue" else "#fff3cd"))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return days_left_text(case.days_left(self._today)) + (
                ": the review window has ended" if kind == "overdue"
                else f": the review window ends within {DUE_SOON_DAYS} days")
        return None

    def _icon(self, kind: str) -> Any:
        if kind not in self._icons:
            pixmap = (QStyle.StandardPixmap.SP_MessageBoxCritical if kind == "overdue"
                      else QStyle.StandardPixmap.SP_MessageBoxWarning)
            self._icons[kind] = QApplication.style().standardIcon(pixmap)
        return self._icons[kind]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_cases = [self._cases[i.row()] for i in old]
        pairs = sorted(zip(self._cases, self.search_text, strict=True),
                       key=lambda p: self._sort_key(p[0], column),
                       reverse=order == Qt.SortOrder.DescendingOrder)
        self._cases = [p[0] for p in pairs]
        self.search_text = [p[1] for p in pairs]
        position = {id(c): row for row, c in enumerate(self._cases)}
        self.changePersistentIndexList(
            old, [self.index(position[id(c)], i.column()) for c, i in zip(old_cases, old, strict=True)])
        self.layoutChanged.emit()


class CaseFilterProxy(QSortFilterProxyModel):
    """Filter-as-you-type over reference, model, version and organisation."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needles: list[str] = []
        self._cases: CaseTableModel | None = None  # the source, typed (read per row)
        self.setDynamicSortFilter(False)

    def setSourceModel(self, source: QAbstractItemModel) -> None:
        self._cases = source if isinstance(source, CaseTableModel) else None
        super().setSourceModel(source)

    def set_filter_text(self, text: str) -> None:
        needles = text.lower().split()
        if needles == self._needles:
            return
        self.beginFilterChange()
        self._needles = needles
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._needles:
            return True
        if self._cases is None:
            return True
        text = self._cases.search_text[source_row]
        return all(n in text for n in self._needles)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Sorting happens in the source (one Python sort); the proxy keeps its order.
        self.sourceModel().sort(column, order)

    def case_at(self, row: int) -> Case:
        assert self._cases is not None, "the proxy is given a CaseTableModel"
        return self._cases.case_at(self.mapToSource(self.index(row, 0)).row())
