"""Checklist pages for UI tests: a case in a real workspace, its page shown and active."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from reviewer_app.domain.users import Actor
from reviewer_app.services.workspace import Workspace
from reviewer_app.ui.pages.checklist_page import ChecklistPage
from tests.factories.checklist_cases import REVIEWER, add_case


def show_page(qtbot: Any, ws: Workspace, actor: Actor = REVIEWER) -> tuple[ChecklistPage, str]:
    """A new case's checklist page, shown in its own active window (shortcuts and
    mnemonics only reach an active window); returns the page and the case's UUID."""
    from reviewer_app.services.cases import get_case

    case_uuid = add_case(ws)
    page = ChecklistPage(ws, actor, get_case(ws, case_uuid))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    return page, case_uuid
