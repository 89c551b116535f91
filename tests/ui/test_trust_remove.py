"""Settings > Trust anchors: Remove... through the same service as ``trust remove``."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reviewer_app.ui.pages.trust_page import TrustDialog
from tests.support.import_fixtures import test_pki, ws, ws_template  # noqa: F401
from tests.support.package_window import open_window
from tests.support.workspaces import ADMIN, REVIEWER


def trust_actions(ws) -> list[tuple[str, str]]:  # noqa: F811
    from reviewer_app.storage import audit_chain

    with ws.reader() as s:
        return [(e.actor, e.action) for e in audit_chain.entries(s)]


def open_dialog(qtbot, ws, actor) -> TrustDialog:  # noqa: F811
    dialog = TrustDialog(open_window(qtbot, ws, actor))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loads > 0)
    return dialog


def click_row(qtbot, dialog: TrustDialog, kind: str) -> int:
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == kind)
    rect = dialog.table.visualItemRect(dialog.table.item(row, 1))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return row


def test_an_administrator_removes_an_anchor_after_confirming(qtbot, ws, message_log):  # noqa: F811
    dialog = open_dialog(qtbot, ws, ADMIN)
    assert not dialog.remove_button.isEnabled()  # nothing selected
    before = dialog.table.rowCount()
    click_row(qtbot, dialog, "Submitter anchor")
    assert dialog.remove_button.isEnabled()
    message_log.confirm_answer = False  # "No": nothing happens
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    [asked] = message_log.take()
    assert asked.kind == "confirm" and "packages signed under it will be refused" in asked.text
    assert ("alice", "trust.remove") not in trust_actions(ws)
    message_log.confirm_answer = True
    loads = dialog.loads
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.loads > loads, timeout=10000)
    confirm, done = message_log.take()
    assert confirm.kind == "confirm" and done.kind == "info" and done.title == "Removed"
    assert dialog.table.rowCount() == before - 1
    kinds = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "Submitter anchor" not in kinds
    assert trust_actions(ws)[-1] == ("alice", "trust.remove")
    from reviewer_app.services.audit import verify_audit

    assert verify_audit(ws).ok


def test_a_reviewer_is_refused_and_the_anchor_stays(qtbot, ws, message_log):  # noqa: F811
    dialog = open_dialog(qtbot, ws, REVIEWER)
    before = dialog.table.rowCount()
    click_row(qtbot, dialog, "Submitter anchor")
    message_log.confirm_answer = True
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(message_log.requests) == 2, timeout=10000)
    _confirm, refused = message_log.take()
    assert refused.kind == "error" and refused.code == "NOT_PERMITTED"
    assert "riley is signed in as a reviewer" in refused.text
    assert dialog.table.rowCount() == before and dialog.remove_button.isEnabled()
    assert trust_actions(ws)[-1] == ("riley", "refused")
