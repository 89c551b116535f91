"""The checklist page: tree, filters, keyboard shortcuts, saves that reach the database
at once and survive the process being killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from reviewer_app.domain.checklist import Status
from reviewer_app.services.checklist.items import get_checklist
from reviewer_app.services.workspace.folder import Workspace, open_workspace
from reviewer_app.ui.pages import checklist_menu
from reviewer_app.ui.pages.checklist_page import ChecklistPage
from tests.support.checklist_cases import ADMIN, REVIEWER, add_case, audit_ok, new_workspace
from tests.support.checklist_pages import choose_status, settle, show_page

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def cws(tmp_path: Path) -> Any:
    workspace = new_workspace(tmp_path / "cws")
    yield workspace
    workspace.close()


def _page(qtbot: Any, ws: Workspace) -> tuple[ChecklistPage, str]:
    page, case_uuid = show_page(qtbot, ws)
    page.tree.setFocus()
    return page, case_uuid


def _saved(ws: Workspace, case_uuid: str, item_id: str) -> Any:
    item = get_checklist(ws, case_uuid).item(item_id)
    assert item is not None
    return item


def test_tree_progress_and_shortcut_status_is_saved(qtbot: Any, cws: Workspace) -> None:
    page, case_uuid = _page(qtbot, cws)
    view = get_checklist(cws, case_uuid)
    assert page.tree.topLevelItemCount() == len(view.sections)
    assert len(page.rows) == len(view.items())
    assert page.progress.maximum() == len(view.items())
    qtbot.keyClick(page.tree, Qt.Key.Key_N)
    first = page.current_id()
    assert first is not None and page.states[first].status is Status.NOT_REVIEWED
    assert page.detail.title.text().startswith(first)
    qtbot.keyClick(page.tree, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, page)
    assert _saved(cws, case_uuid, first).status is Status.OPEN  # in the DB
    assert page.rows[first].text(2) == "Open" and not page.rows[first].icon(2).isNull()
    assert page.progress.value() == 1
    assert page.detail.history.count() >= 1
    qtbot.keyClick(page.tree, Qt.Key.Key_N)
    assert page.current_id() != first
    for action in page.shortcut_actions.values():  # shortcuts shown in tooltips
        assert action.shortcut().toString() in action.toolTip()
    audit_ok(cws)


def test_accept_suggestion_with_ctrl_return(qtbot: Any, cws: Workspace) -> None:
    page, case_uuid = _page(qtbot, cws)
    suggested = next(i for i, s in page.states.items() if s.suggestion is not None)
    page.select(suggested)
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, page)
    item = _saved(cws, case_uuid, suggested)
    assert item.suggestion is not None and item.status is item.suggestion.status


def test_typed_details_are_saved_and_filters_hide(qtbot: Any, cws: Workspace) -> None:
    page, case_uuid = _page(qtbot, cws)
    qtbot.keyClick(page.tree, Qt.Key.Key_N)
    item_id = page.current_id()
    assert item_id is not None
    page.detail.details.setPlainText("Signer certificate expires during review.")
    qtbot.waitUntil(lambda: _saved(cws, case_uuid, item_id).finding_details
                    == "Signer certificate expires during review.", timeout=3000)
    qtbot.keyClick(page.tree, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Not a finding
    settle(qtbot, page)
    page.status_filter.setCurrentIndex(page.status_filter.findData(Status.NOT_A_FINDING))
    shown = [i for i, row in page.rows.items() if not row.isHidden()]
    assert shown == [item_id]
    page.status_filter.setCurrentIndex(0)
    assert all(not row.isHidden() for row in page.rows.values())


def test_details_saved_when_moving_to_another_item(qtbot: Any, cws: Workspace) -> None:
    page, case_uuid = _page(qtbot, cws)
    qtbot.keyClick(page.tree, Qt.Key.Key_N)
    item_id = page.current_id()
    assert item_id is not None
    page.detail.comments.setPlainText("checked twice")
    qtbot.keyClick(page.tree, Qt.Key.Key_N)  # before the pause ends
    settle(qtbot, page)
    assert _saved(cws, case_uuid, item_id).comments == "checked twice"


def test_refused_edit_is_a_message_and_nothing_changes(qtbot: Any, cws: Workspace,
                                                        message_log: Any,
                                                        make_context: Any) -> None:
    from reviewer_app.services.cases.reading import get_case

    case_uuid = add_case(cws)
    page = ChecklistPage(make_context(cws, ADMIN), get_case(cws, case_uuid))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.loads > 0, timeout=20000)
    page.shortcut_actions[checklist_menu.NEXT].trigger()
    item_id = page.current_id()
    assert item_id is not None
    page.shortcut_actions[checklist_menu.status_key(Status.OPEN)].trigger()
    settle(qtbot, page)
    (request,) = message_log.take()
    assert request.kind == "error" and request.code == "NOT_PERMITTED"
    assert _saved(cws, case_uuid, item_id).status is Status.NOT_REVIEWED
    assert page.rows[item_id].text(2) == "Not reviewed"
    choose_status(qtbot, page, "Open")  # the same through the pane's choice
    settle(qtbot, page)
    (request,) = message_log.take()
    assert request.code == "NOT_PERMITTED"
    assert page.detail.status.currentText() == "Not reviewed"  # the refused choice is undone


def test_status_combo_saves(qtbot: Any, cws: Workspace) -> None:
    page, case_uuid = _page(qtbot, cws)
    qtbot.keyClick(page.tree, Qt.Key.Key_N)
    item_id = page.current_id()
    assert item_id is not None
    choose_status(qtbot, page, "Not applicable")  # the arrow keys on the status box
    settle(qtbot, page)
    assert _saved(cws, case_uuid, item_id).status is Status.NOT_APPLICABLE


CRASH_SCRIPT = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from reviewer_app.domain.checklist import Status
    from reviewer_app.services.cases.reading import get_case
    from reviewer_app.services.workspace.folder import open_workspace
    from reviewer_app.ui.context import PageContext
    from reviewer_app.ui.pages.checklist_page import ChecklistPage
    from tests.support.checklist_cases import REVIEWER

    app = QApplication([])
    ws = open_workspace(Path(sys.argv[1]))
    page = ChecklistPage(PageContext(ws, REVIEWER), get_case(ws, sys.argv[2]))
    def wait(done):  # (a bare processEvents loop would call it millions of times)
        while not done():
            app.processEvents()
            time.sleep(0.01)

    wait(lambda: page.loads)
    page.shortcut_actions["checklist.next"].trigger()  # the N key's action
    page.shortcut_actions["checklist.status.open"].trigger()  # Ctrl+2's
    wait(lambda: not page.saver.in_flight)  # the page shows it saved: then the process dies
    print(page.current_id(), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # no clean shutdown, no close()
""")


def test_status_survives_the_app_being_killed(tmp_path: Path) -> None:
    ws = new_workspace(tmp_path / "crash")
    case_uuid = add_case(ws)
    ws.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", CRASH_SCRIPT, str(tmp_path / "crash"), case_uuid],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    item_id = done.stdout.strip().splitlines()[-1]
    reopened = open_workspace(tmp_path / "crash")
    try:
        item = get_checklist(reopened, case_uuid).item(item_id)
        assert item is not None and item.status is Status.OPEN
        assert item.history and item.history[-1].actor == REVIEWER.username
        audit_ok(reopened)
    finally:
        reopened.close()
