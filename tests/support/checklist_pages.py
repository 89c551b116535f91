"""Checklist pages for UI tests: a case in a real workspace, its page shown and active."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reviewer_app.domain.users import Actor
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.pages.checklist_page import ChecklistPage
from tests.support.checklist_cases import REVIEWER, add_case


def show_page(qtbot: Any, ws: Workspace, actor: Actor = REVIEWER) -> tuple[ChecklistPage, str]:
    """A new case's checklist page (with a page context of its own: a real job runner),
    shown in its own active window (shortcuts and mnemonics only reach an active
    window) once its checklist has loaded; returns the page and the case's UUID."""
    from reviewer_app.services.cases.reading import get_case

    case_uuid = add_case(ws)
    ctx = PageContext(ws, actor)
    page = ChecklistPage(ctx, get_case(ws, case_uuid))
    ctx.setParent(page)  # its job runner goes with the page
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.loads > 0 and ctx.jobs.active == 0, timeout=20000)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    return page, case_uuid


def choose_status(qtbot: Any, page: ChecklistPage, text: str) -> None:
    """Choose ``text`` in the item's status box with the arrow keys, as a keyboard user
    does (each step is a choice the page saves)."""
    box = page.detail.status
    box.setFocus()
    step = Qt.Key.Key_Down if box.findText(text) > box.currentIndex() else Qt.Key.Key_Up
    for _ in range(box.count()):
        if box.currentText() == text:
            return
        qtbot.keyClick(box, step)
    assert box.currentText() == text


def settle(qtbot: Any, page: ChecklistPage) -> None:
    """Wait until the page's saves have run on the write thread (and their answer is shown)."""
    qtbot.waitUntil(lambda: page.saver.in_flight == 0, timeout=20000)
