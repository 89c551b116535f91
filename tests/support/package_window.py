"""Helpers for UI tests that import real packages: a window on a package workspace,
the import flow's prompts replaced, one call to import a package through the flow."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from reviewer_app.ui import import_flow, wiring
from reviewer_app.ui.case_pages import PageSpec
from reviewer_app.ui.main_window import MainWindow
from tests.support.workspaces import ADMIN, PASSPHRASE


def pages_titled(*titles: str) -> list[PageSpec]:
    """The application's pages (``ui.wiring``) with these titles, in their order."""
    return [spec for spec in wiring.case_pages() if spec.title in titles]


def our_pages() -> list[PageSpec]:
    return pages_titled("Summary", "Submission", "Audit")


def open_window(qtbot, ws, actor=ADMIN, pages: list[PageSpec] | None = None) -> MainWindow:
    window = MainWindow(ws, actor, pages=our_pages() if pages is None else pages,
                        idle_minutes=60)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.loaded)
    return window


def answer_prompts(monkeypatch: pytest.MonkeyPatch, paths: list[Path],
                   passphrase: str | None = PASSPHRASE) -> list[int]:
    """Replace the file chooser and passphrase prompt; returns the prompt counts."""
    asked: list[int] = []
    monkeypatch.setattr(import_flow, "ask_files", lambda _parent: list(paths))

    def ask(_cls, _parent, count=1):
        asked.append(count)
        return passphrase

    monkeypatch.setattr(import_flow.PassphraseDialog, "ask", classmethod(ask))
    return asked


def import_through_menu(qtbot, window: MainWindow) -> None:
    """Ctrl+I's action, then wait until the write job and the reload have finished."""
    window.action("file.import_package").trigger()
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=20000)


def drop_files(window: MainWindow, paths: list[Path]) -> None:
    """Files dropped on the window: the drop event sent to it (Qt runs a real drag only
    under a mouse grab, so the event is sent as the drag's end would send it)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    for kind in (QDragEnterEvent, QDropEvent):  # the drag comes in, then is let go
        event = kind(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                     Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(window, event)
        assert event.isAccepted(), kind
