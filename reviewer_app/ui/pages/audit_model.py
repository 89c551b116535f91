"""The audit views' table model: one row per ``AuditLine``, in words.

A plain table model over a list, not a ``QStandardItemModel``: building one
``QStandardItem`` per cell cost most of a large trail's showing time, and
PySide6 6.12 miscounts ``None``'s references in ``appendRow`` (20,000 rows
abort Python 3.11 with "deallocating None"; measured: benchmarks/README.md,
"The audit views"). Each row's height is counted from the font by the page and set on
the view's rows, so the view never lays out every cell's text to size them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from reviewer_app.domain.audit import AuditLine

COLUMNS = ["#", "When", "Who", "What", "Details"]
WHEN, WHAT, DETAILS = 1, 3, 4
ACTION_ROLE = Qt.ItemDataRole.UserRole  # the stored action name, on the What cell

Index = QModelIndex | QPersistentModelIndex


def local_time(at: str) -> str:
    """An RFC 3339 UTC time as this workstation's local time, seconds and zone shown."""
    try:
        moment = datetime.fromisoformat(at).astimezone()
    except ValueError:
        return at  # never hide what the trail holds
    return moment.strftime("%Y-%m-%d %H:%M:%S %Z").strip()


def utc_time(at: str) -> str:
    try:
        return datetime.fromisoformat(at).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    except ValueError:
        return at


@dataclass(frozen=True)
class _Row:
    cells: tuple[str, str, str, str, str]
    utc: str
    action: str
    height: int


class AuditLinesModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []

    def set_lines(self, lines: list[AuditLine], height: Callable[[str, str], int]) -> None:
        """Show ``lines``; ``height(sentence, details)`` gives each row's height in pixels."""
        rows = []
        for line in lines:
            seq = str(line.first_seq) if line.count == 1 else f"{line.first_seq}-{line.last_seq}"
            details = "\n".join(f"{key}: {value}" for key, value in line.details)
            rows.append(_Row((seq, local_time(line.at), line.actor, line.sentence, details),
                             utc_time(line.at), line.action, height(line.sentence, details)))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def remeasure(self, height: Callable[[str, str], int]) -> None:
        """Count each row's height again (its columns were resized)."""
        self._rows = [replace(row, height=height(row.cells[3], row.cells[4])) for row in self._rows]

    def height_of(self, index: Index) -> int:
        return self._rows[index.row()].height if index.isValid() else 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (WHEN, WHAT, DETAILS):
            return row.utc if column == WHEN else row.cells[column]
        if role == ACTION_ROLE and column == WHAT:
            return row.action
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
