"""F1 opens the user guide at the section of what is in front: the case tab, the
sign-in dialog, the audit trail window; before, it always opened at the top."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from reviewer_app.domain.users import SYSTEM
from reviewer_app.services.workspace.folder import open_workspace
from reviewer_app.ui import help_viewer, wiring
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.help_viewer import PAGE_SECTIONS, WINDOW_SECTIONS, F1Help, guide_anchors
from reviewer_app.ui.login_dialog import LoginDialog
from reviewer_app.ui.main_window import MainWindow
from tests.support.checklist_cases import REVIEWER, manifest, workspace_with_log
from tests.support.tabs import click_tab


@pytest.fixture(autouse=True)
def _close_guides():
    yield
    for dialog in list(help_viewer._open):
        if not isValid(dialog):  # deleted with the dialog it was opened from
            continue
        dialog.close()
        dialog.deleteLater()
    help_viewer._open.clear()


def heading_in_front(qtbot) -> str:
    assert help_viewer._open, "F1 opened no guide"
    guide = help_viewer._open[-1]
    qtbot.waitExposed(guide)
    return guide.browser.textCursor().block().text()


def test_every_tab_and_window_section_is_a_guide_heading():
    anchors = guide_anchors()
    assert {spec.title for spec in wiring.case_pages()} <= set(PAGE_SECTIONS)
    missing = {s for s in [*PAGE_SECTIONS.values(), *WINDOW_SECTIONS.values()] if s not in anchors}
    assert missing == set()


def test_f1_opens_the_section_of_the_tab_in_front(qtbot, tmp_path: Path):
    data = manifest(files=[{"path": "evidence/cybench.eval", "sha256": "a" * 64, "size": 10,
                            "role": "evidence"}])
    root, _ = workspace_with_log(tmp_path, 3, data)
    ws = open_workspace(root)
    window = MainWindow(ws, REVIEWER, actions=wiring.menu_actions(), idle_minutes=60)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.loaded)
    qtbot.keyClick(window.table, Qt.Key.Key_F1)
    assert heading_in_front(qtbot) == "The main window"
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.tabs.count() == len(wiring.case_pages()))
    for title, heading in (("Checklist", "Working the checklist"), ("Evidence", "Reading the evidence"),
                           ("Determination", "Deciding"), ("Audit", "The audit trail"),
                           ("Release and access", "The Release and access page")):
        page = click_tab(qtbot, window, title)
        assert page is not None
        window.activateWindow()
        page.setFocus()
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F1)
        assert heading_in_front(qtbot) == heading, title
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=10000)
    window.close()
    ws.close()


def test_f1_in_the_sign_in_dialog_opens_signing_in(qtbot, workspace):
    qapp = QApplication.instance()
    f1 = F1Help(qapp)
    qapp.installEventFilter(f1)
    try:
        dialog = LoginDialog(PageContext(workspace, SYSTEM), username="alice")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.keyClick(dialog.password, Qt.Key.Key_F1)
        assert heading_in_front(qtbot) == "First start and signing in"
        assert dialog.password.text() == ""  # F1 typed nothing
        qtbot.waitUntil(lambda: dialog.context.jobs.active == 0, timeout=10000)
    finally:
        qapp.removeEventFilter(f1)
