"""What a write changed reaches every open view: the case list's status, the case's
pages (Summary, Checklist, Determination, Audit) and the Tools > Audit trail window
show the new state without a reload, after buttons pressed and menu actions
triggered as a user does (decide, sign, countersign, package import, case-file
import, a checklist change)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from reviewer_app.domain.checklist import Status
from reviewer_app.domain.users import Actor
from reviewer_app.services.checklist import items as checklist
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.ui import case_file_flow as flow
from reviewer_app.ui import wiring
from reviewer_app.ui.case_table_model import STATUS
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.pages import checklist_menu
from reviewer_app.ui.pages import determination_page as dp
from reviewer_app.ui.pages.audit_page import ACTION_ROLE, AuditDialog, AuditPanel
from reviewer_app.ui.pages.checklist_page import ChecklistPage
from reviewer_app.ui.pages.summary_page import SummaryPage
from tests.support import casefiles as F
from tests.support.case_file_world import World, export_through_window
from tests.support.cases import (
    CREDENTIAL_PASSPHRASE,
    Office,
    office_with_case,
)
from tests.support.import_fixtures import spec, test_pki, ws, ws_template  # noqa: F401
from tests.support.package_window import answer_prompts

REF = "FMR-2026-0001"


def open_window(qtbot: Any, ws: Workspace, actor: Actor) -> MainWindow:  # noqa: F811
    """The application's window (``ui.wiring``'s pages and menus) with its Tools > Audit
    trail window open beside it."""
    window = MainWindow(ws, actor, idle_minutes=60)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.loaded)
    window.action("tools.audit").trigger()
    assert isinstance(window.audit_window, AuditDialog)
    return window


def select(qtbot: Any, window: MainWindow, reference: str) -> None:
    assert window.select_case(reference)
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=30000)  # the pages have read


def listed_status(window: MainWindow, reference: str) -> str:
    for row in range(window.proxy.rowCount()):
        if window.proxy.index(row, 0).data() == reference:
            return str(window.proxy.index(row, STATUS).data())
    return ""


def tab(window: MainWindow, title: str) -> QWidget:
    for index in range(window.tabs.count()):
        if window.tabs.tabText(index) == title:
            page = window.tabs.widget(index)
            assert page is not None
            return page
    raise AssertionError(f"no {title} tab")


def actions_in(panel: QWidget) -> list[str]:
    assert isinstance(panel, AuditPanel)
    return [str(panel.model.index(r, 3).data(ACTION_ROLE)) for r in range(panel.model.rowCount())]


def audit_views(window: MainWindow) -> list[QWidget]:
    """The case's Audit tab and the workspace's audit trail window."""
    tools = window.audit_window
    assert isinstance(tools, AuditDialog)
    return [tab(window, wiring.AUDIT), tools.panel]


def shows_everywhere(qtbot: Any, window: MainWindow, action: str) -> None:
    for panel in audit_views(window):
        qtbot.waitUntil(lambda p=panel: action in actions_in(p), timeout=30000)


def says(qtbot: Any, log: Any, text: str) -> None:
    qtbot.waitUntil(lambda: bool(log.requests), timeout=60000)
    assert [r.text for r in log.take()] == [text]


@pytest.fixture
def office_ws(tmp_path: Path) -> Iterator[tuple[Workspace, Office]]:
    with office_with_case(tmp_path / "ws", demo=True) as made:
        yield made


def test_decide_sign_and_countersign_refresh_the_list_pages_and_audit_views(
        qtbot: Any, office_ws: tuple[Workspace, Office], message_log: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ws, office = office_ws  # noqa: F811
    monkeypatch.setattr(dp.CredentialDialog, "ask",
                        classmethod(lambda cls, *a, **k: CREDENTIAL_PASSPHRASE))
    monkeypatch.setattr(dp.RecordConfirmDialog, "ask", classmethod(lambda cls, *_a: True))
    window = open_window(qtbot, ws, office.reviewer)
    select(qtbot, window, REF)
    window.action("case.decide").trigger()
    page = window.tabs.currentWidget()
    assert isinstance(page, dp.DeterminationPage)
    page.outcome.setCurrentIndex(page.outcome.findData("not_covered"))
    qtbot.keyClicks(page.rationale, "Below every threshold.")
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    says(qtbot, message_log, "Determination recorded.")
    summary = tab(window, "Summary")
    assert isinstance(summary, SummaryPage)
    qtbot.waitUntil(lambda: listed_status(window, REF) == "Decided")
    qtbot.waitUntil(lambda: summary.values["Status"].text() == "Decided")
    shows_everywhere(qtbot, window, "determination.record")

    qtbot.waitUntil(lambda: page.sign_button.isEnabled(), timeout=30000)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    says(qtbot, message_log, "Letter version 1 signed.")
    qtbot.waitUntil(lambda: page.preview_kind.startswith("letter version 1"), timeout=30000)
    shows_everywhere(qtbot, window, "letter.sign")
    window.close()

    boss = open_window(qtbot, ws, office.supervisor)
    select(qtbot, boss, REF)
    boss.action("case.decide").trigger()  # the Determination page in front
    letter = boss.tabs.currentWidget()
    assert isinstance(letter, dp.DeterminationPage)
    qtbot.waitUntil(lambda: letter.countersign_button.isEnabled(), timeout=30000)
    qtbot.mouseClick(letter.countersign_button, Qt.MouseButton.LeftButton)
    says(qtbot, message_log, "Letter version 1 countersigned; the case is issued.")
    boss_summary = tab(boss, "Summary")
    assert isinstance(boss_summary, SummaryPage)
    qtbot.waitUntil(lambda: listed_status(boss, REF) == "Issued")
    qtbot.waitUntil(lambda: boss_summary.values["Status"].text() == "Issued")
    shows_everywhere(qtbot, boss, "letter.countersign")
    boss.close()


def test_package_import_and_a_checklist_change_refresh_the_audit_views(
        qtbot: Any, ws: Workspace, spec: Any, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.workspaces import REVIEWER

    answer_prompts(monkeypatch, [spec.build(tmp_path / "good.subpkg")])
    window = open_window(qtbot, ws, REVIEWER)
    tools = window.audit_window
    assert isinstance(tools, AuditDialog)
    qtbot.waitUntil(lambda: tools.panel.loads > 0)
    window.action("file.import_package").trigger()
    qtbot.waitUntil(lambda: "package.imported" in actions_in(tools.panel), timeout=60000)
    qtbot.waitUntil(lambda: window.current_case() is not None, timeout=30000)
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=30000)
    checklist_page = tab(window, wiring.CHECKLIST)
    assert isinstance(checklist_page, ChecklistPage)
    window.action(checklist_menu.NEXT).trigger()
    item_id = checklist_page.current_id()
    assert item_id is not None
    window.action(checklist_menu.status_key(Status.OPEN)).trigger()
    shows_everywhere(qtbot, window, "checklist.set")
    assert checklist_page.rows[item_id].text(2) == "Open"
    window.close()


def test_case_file_import_refreshes_the_open_checklist_and_audit_views(
        qtbot: Any, world: World, message_log: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = world.root / "first.case"
    export_through_window(qtbot, message_log, monkeypatch, world.ws_a, world.ref,
            flow.ExportRequest(first, F.CREDENTIAL, recipients=[world.b.recipient]))
    window = open_window(qtbot, world.ws_b, F.REVIEWER)
    chosen: list[Path] = [first]
    monkeypatch.setattr(flow.CaseFileChooser, "ask", classmethod(lambda cls, *a: chosen[0]))
    monkeypatch.setattr(flow.SecretDialog, "ask", classmethod(lambda cls, *a: F.PASSPHRASE))
    window.action("file.import_case").trigger()
    qtbot.waitUntil(lambda: bool(message_log.requests), timeout=60000)
    assert "created as received" in message_log.take()[0].text
    qtbot.waitUntil(lambda: window.select_case(world.ref), timeout=30000)  # the list has it
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=30000)
    page = tab(window, wiring.CHECKLIST)
    assert isinstance(page, ChecklistPage)
    item = checklist.get_checklist(world.ws_a, world.ref).items()[0].item_id
    assert page.rows[item].text(2) == "Not reviewed"
    entries = {id(p): len(actions_in(p)) for p in audit_views(window)}

    # The other workstation answers the item and sends the case back: it fast-forwards here.
    checklist.set_item(world.ws_a, F.REVIEWER, world.ref, item, status="open", details="A: open")
    second = world.root / "second.case"
    export_through_window(qtbot, message_log, monkeypatch, world.ws_a, world.ref,
            flow.ExportRequest(second, F.CREDENTIAL, recipients=[world.b.recipient]))
    chosen[0] = second
    window.action("file.import_case").trigger()
    qtbot.waitUntil(lambda: bool(message_log.requests), timeout=60000)
    assert "brought up to date" in message_log.take()[0].text
    qtbot.waitUntil(lambda: page.rows[item].text(2) == "Open", timeout=30000)
    for panel in audit_views(window):
        qtbot.waitUntil(lambda p=panel: len(actions_in(p)) > entries[id(p)], timeout=30000)
    window.close()
