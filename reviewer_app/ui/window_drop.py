"""Dropping .subpkg files onto the window hands their paths to a callback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QWidget

PACKAGE_SUFFIX = ".subpkg"


def package_paths(mime: QMimeData) -> list[Path]:
    if not mime.hasUrls():
        return []
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if p.suffix.lower() == PACKAGE_SUFFIX]


class DropTarget(QObject):
    """Event filter on ``widget``: accepts drags holding at least one package."""

    def __init__(self, widget: QWidget, on_drop: Callable[[list[Path]], None]) -> None:
        super().__init__(widget)
        self.on_drop = on_drop
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # QDragEnterEvent and QDragMoveEvent are QDropEvents too.
        if not isinstance(event, QDropEvent):
            return False
        if (event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove)
                and package_paths(event.mimeData())):
            event.acceptProposedAction()
            return True
        if event.type() == QEvent.Type.Drop:
            paths = package_paths(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self.on_drop(paths)
                return True
        return False
