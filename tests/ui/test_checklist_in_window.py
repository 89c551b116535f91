"""The checklist page inside a real main window: its keyboard commands in the Case menu
(one QAction per key, working from the menu and from the page), saves on the window's
write pool, and evidence links that switch the window to the Evidence or Submission
tab at the linked place (real pages: the sample or file ends up selected)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from reviewer_app.domain.checklist import Status
from reviewer_app.services.checklist.items import get_checklist
from reviewer_app.services.workspace.folder import open_workspace
from reviewer_app.ui import wiring
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.pages import checklist_menu
from reviewer_app.ui.pages.checklist_page import ChecklistPage
from reviewer_app.ui.pages.evidence_page import EvidencePage
from reviewer_app.ui.pages.submission_page import SubmissionPage
from tests.support.checklist_cases import (
    REVIEWER,
    audit_ok,
    workspace_with_log,
)
from tests.support.package_window import pages_titled


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Any:
    root, case_uuid = workspace_with_log(tmp_path, 20)
    ws = open_workspace(root)
    pages = pages_titled(wiring.SUBMISSION, wiring.CHECKLIST, wiring.EVIDENCE)
    win = MainWindow(ws, REVIEWER, pages=pages, actions=wiring.menu_actions(), idle_minutes=60)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()  # shortcuts only reach an active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.refresh_cases()
    qtbot.waitUntil(lambda: win.loaded)
    win.table.selectRow(0)
    qtbot.waitUntil(lambda: win.tabs.count() == 3)
    qtbot.waitUntil(lambda: win.jobs.active == 0, timeout=20000)  # the pages have read
    win.case_uuid = case_uuid
    win.ws = ws
    yield win
    win.close()
    ws.close()


def _tab(window: Any, kind: type[QWidget]) -> Any:
    page = next(window.tabs.widget(i) for i in range(window.tabs.count())
                if isinstance(window.tabs.widget(i), kind))
    return page


def _item(window: Any, item_id: str) -> Any:
    item = get_checklist(window.ws, window.case_uuid).item(item_id)
    assert item is not None
    return item


def _on_first_item(window: Any) -> tuple[ChecklistPage, str]:
    """The checklist tab shown, its first item not reviewed selected."""
    page = _tab(window, ChecklistPage)
    window.tabs.setCurrentWidget(page)
    window.action(checklist_menu.NEXT).trigger()
    item_id = page.current_id()
    assert item_id is not None
    return page, item_id


def test_checklist_commands_are_in_the_case_menu_with_their_shortcuts(window: Any) -> None:
    case_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Case")
    entries = {a.text(): a.shortcut().toString() for a in case_menu.actions()}
    assert entries["Checklist: &next item not reviewed"] == "N"
    assert entries["Checklist: set status Open"] == "Ctrl+2"
    assert entries["Checklist: set status Not applicable"] == "Ctrl+4"
    assert entries["Checklist: accept &suggestion"] == "Ctrl+Return"
    page = _tab(window, ChecklistPage)
    # The page's context menu offers the same QActions (one per key: never ambiguous).
    for command in checklist_menu.COMMANDS:
        assert window.action(command.key) in page.actions()
        assert page.shortcut_actions[command.key] is window.action(command.key)
        assert command.shortcut in page.shortcut_actions[command.key].toolTip()


def test_menu_action_sets_the_selected_items_status(qtbot: Any, window: Any) -> None:
    window.tabs.setCurrentIndex(0)  # another tab: the menu entry brings the checklist
    window.action(checklist_menu.NEXT).trigger()
    page = _tab(window, ChecklistPage)
    assert window.tabs.currentWidget() is page
    item_id = page.current_id()
    assert item_id is not None and _item(window, item_id).status is Status.NOT_REVIEWED
    window.action(checklist_menu.status_key(Status.NOT_A_FINDING)).trigger()
    assert page.saver.in_flight == 1  # saved on the write pool, not on the GUI thread
    qtbot.waitUntil(lambda: page.rows[item_id].text(2) == "Not a finding")
    assert _item(window, item_id).status is Status.NOT_A_FINDING
    # The same action by its key, with the focus in the checklist tree.
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.rows[item_id].text(2) == "Open")
    assert _item(window, item_id).status is Status.OPEN
    qtbot.keyClick(page.tree, Qt.Key.Key_N)
    assert page.current_id() not in (None, item_id)
    audit_ok(window.ws)


def test_plain_n_outside_the_checklist_is_left_alone(qtbot: Any, window: Any) -> None:
    window.tabs.setCurrentIndex(0)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_N)
    assert window.tabs.currentIndex() == 0  # the checklist did not take the key
    window.filter_box.setFocus()
    qtbot.keyClicks(window.filter_box, "n")
    assert window.filter_box.text() == "n"


def test_sample_link_opens_the_evidence_tab_at_the_sample(qtbot: Any, window: Any) -> None:
    evidence = _tab(window, EvidencePage)
    qtbot.waitUntil(lambda: evidence.evidence is not None, timeout=10000)
    page, _item_id = _on_first_item(window)
    links = page.detail.links
    links.sample.setText("7")
    links.epoch.setValue(1)
    qtbot.mouseClick(links.add_sample, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: links.list.count() == 1)
    links.list.setCurrentRow(0)
    where = links.list.visualItemRect(links.list.item(0)).center()
    qtbot.mouseClick(links.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(links.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.tabs.currentWidget() is evidence

    def shown() -> list[str]:
        rows = evidence.sample_view.selectionModel().selectedRows()
        model = evidence.sample_view.model()
        return [str(model.index(r.row(), c).data()) for r in rows for c in (0, 1)]

    qtbot.waitUntil(lambda: shown() == ["7", "1"], timeout=10000)  # sample 7, epoch 1
    assert evidence.log_choice.currentText() == "evidence/cybench.eval"


def test_file_link_opens_the_submission_tab_at_the_file(qtbot: Any, window: Any) -> None:
    submission = _tab(window, SubmissionPage)
    page, _item_id = _on_first_item(window)
    links = page.detail.links
    links.file.setCurrentIndex(links.file.findText("documents/system-card.pdf"))
    qtbot.mouseClick(links.add_file, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: links.list.count() == 1)
    links.list.setCurrentRow(0)
    qtbot.mouseClick(links.open, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is submission
    assert submission.selected_path() == "documents/system-card.pdf"
    assert submission.files.hasFocus()



def test_saves_run_in_order_and_typing_is_not_overwritten(qtbot: Any, window: Any) -> None:
    page, item_id = _on_first_item(window)
    gate = threading.Event()  # holds the write pool until the edits are queued
    window.jobs.submit(lambda _p, _c: gate.wait(10), write=True, name="gate")
    window.action(checklist_menu.status_key(Status.OPEN)).trigger()
    page.detail.details.setPlainText("first words")
    window.action(checklist_menu.status_key(Status.NOT_A_FINDING)).trigger()  # saves the typed text first, then the status
    page.detail.details.setPlainText("first words, and more typed while saving")
    assert page.saver.in_flight == 3
    gate.set()
    qtbot.waitUntil(lambda: page.saver.in_flight == 0, timeout=10000)
    # The queued saves' results did not replace what is being typed.
    assert page.detail.details.toPlainText() == "first words, and more typed while saving"
    saved = _item(window, item_id)
    assert saved.status is Status.NOT_A_FINDING and saved.finding_details == "first words"
    changed = [sorted(k for k in e.changes if k != "note") for e in saved.history]
    assert changed == [["status"], ["finding_details"], ["status"]]  # the order they were made
    qtbot.waitUntil(lambda: _item(window, item_id).finding_details
                    == "first words, and more typed while saving", timeout=5000)
    audit_ok(window.ws)


def test_typed_text_and_queued_saves_are_kept_when_the_window_closes(
        qtbot: Any, window: Any) -> None:
    page, item_id = _on_first_item(window)
    gate = threading.Event()
    window.jobs.submit(lambda _p, _c: gate.wait(10), write=True, name="gate")
    window.action(checklist_menu.status_key(Status.OPEN)).trigger()  # queued behind the gate: closing must not cancel it
    page.detail.comments.setPlainText("typed just before closing")
    threading.Timer(0.3, gate.set).start()
    window.close()
    saved = _item(window, item_id)
    assert saved.status is Status.OPEN and saved.comments == "typed just before closing"


def test_typed_text_is_saved_when_another_tab_is_shown(qtbot: Any, window: Any) -> None:
    page, item_id = _on_first_item(window)
    page.detail.comments.setPlainText("noted before looking at the evidence")
    window.tabs.setCurrentIndex(0)  # long before the typing pause ends
    assert page.saver.in_flight == 1 and not page._save_timer.isActive()  # queued at once
    qtbot.waitUntil(lambda: _item(window, item_id).comments
                    == "noted before looking at the evidence", timeout=5000)
