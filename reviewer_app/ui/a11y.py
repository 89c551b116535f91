"""Accessible names (Section 508): every widget a screen reader reaches has one.

Widgets we build get a name where they are made. Qt's own inner parts (a
table's viewport, headers and scroll bars, a tab bar, splitter handles) and
widgets made by feature pages without a name get one derived from their
parent here, so a walk over the window finds no unnamed widget.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QHeaderView,
    QLabel,
    QScrollBar,
    QSplitterHandle,
    QTabBar,
    QWidget,
)

_ROLES: tuple[tuple[type, str], ...] = (
    (QHeaderView, "headers"),
    (QScrollBar, "scroll bar"),
    (QTabBar, "tabs"),
    (QSplitterHandle, "divider (drag to resize)"),
)


def derived_name(widget: QWidget) -> str:
    if isinstance(widget, (QLabel, QAbstractButton)) and widget.text():
        return widget.text().replace("&", "")
    parent = widget.parentWidget()
    owner = ""
    while parent is not None and not owner:
        owner = parent.accessibleName()
        parent = parent.parentWidget()
    for kind, word in _ROLES:
        if isinstance(widget, kind):
            if isinstance(widget, QHeaderView):
                word = "column headers" if _horizontal(widget) else "row headers"
            if isinstance(widget, QScrollBar):
                word = f"{'horizontal' if _horizontal(widget) else 'vertical'} scroll bar"
            return f"{owner} {word}".strip()
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget:
        return f"{owner} contents".strip()
    role = widget.objectName().removeprefix("qt_").replace("_", " ") or "area"
    return f"{owner} {role}".strip()


def _horizontal(widget: QHeaderView | QScrollBar) -> bool:
    return widget.orientation() == Qt.Orientation.Horizontal


def fill_accessible_names(root: QWidget) -> None:
    """Name every unnamed widget under ``root`` (idempotent)."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.accessibleName():
            widget.setAccessibleName(derived_name(widget))


def unnamed_widgets(root: QWidget) -> list[QWidget]:
    """Visible widgets under ``root`` without an accessible name (for tests and audits)."""
    return [w for w in [root, *root.findChildren(QWidget)]
            if w.isVisibleTo(root) and not w.accessibleName()]
