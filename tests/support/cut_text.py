"""Finding text a widget cuts: labels and buttons narrower than their text, word-wrapped
labels shorter than their lines, table and tree headers narrower than their titles.

A label that elides on purpose says so with a tool tip holding the whole text; those
are skipped. Only what is visible counts (a hidden tab cannot cut anything yet).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QTreeView,
    QWidget,
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    if label.toolTip() and label.toolTip() != text and _plain(label.toolTip()).startswith(
            _plain(text).rstrip("\u2026")):
        return None  # elided on purpose, the whole text in the tool tip
    rect = label.contentsRect()
    if label.wordWrap() or label.textFormat() == Qt.TextFormat.RichText or GuiQt.mightBeRichText(text):
        needed = label.heightForWidth(label.width())
        if needed > label.height() + 1:
            return f"needs {needed} px of height, has {label.height()}"
        return None
    widest = max(label.fontMetrics().horizontalAdvance(line) for line in _plain(text).split("\n"))
    if widest > rect.width():
        return f"text {widest} px wide, room for {rect.width()}"
    return None


def _button_problem(button: QAbstractButton) -> str | None:
    if not button.text():
        return None
    hint = button.sizeHint().width()
    if hint > button.width():
        return f"needs {hint} px, has {button.width()}"
    return None


def _header_problems(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None or not header.isVisible():
        return []
    found = []
    for logical in range(header.count()):
        if header.isSectionHidden(logical) or header.orientation() != Qt.Orientation.Horizontal:
            continue
        title = model.headerData(logical, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if not title:
            continue
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        width = header.fontMetrics().horizontalAdvance(str(title)) + 2 * margin
        if width > header.sectionSize(logical):
            found.append(f"header '{title}': {width} px wide, section {header.sectionSize(logical)}")
    return found


def cut_text(root: QWidget) -> list[str]:
    """Every visible place under ``root`` that cuts its text, described."""
    found: list[str] = []
    for label in root.findChildren(QLabel):
        if label.isVisible() and (problem := _label_problem(label)):
            found.append(f"label {label.accessibleName() or label.text()!r}: {problem}")
    for button in root.findChildren(QAbstractButton):
        if button.isVisible() and (problem := _button_problem(button)):
            found.append(f"button {button.text()!r}: {problem}")
    for table in root.findChildren(QTableView):
        if table.isVisible():
            found.extend(f"{table.accessibleName()}: {p}"
                         for p in _header_problems(table.horizontalHeader()))
    for tree in root.findChildren(QTreeView):
        if tree.isVisible() and not tree.isHeaderHidden():
            found.extend(f"{tree.accessibleName()}: {p}" for p in _header_problems(tree.header()))
    return found
