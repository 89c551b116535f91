"""The Audit page and dialog over a real audit chain: filter, verify intact, verify tampered."""

from __future__ import annotations

from sqlalchemy import text

from reviewer_app.ui.pages.audit_page import ACTION_ROLE, AuditDialog, AuditPanel
from reviewer_app.ui.pages.trust_page import TrustDialog
from tests.support.import_fixtures import spec, test_pki, ws, ws_template  # noqa: F401
from tests.support.package_window import answer_prompts, import_through_menu, open_window


def window_with_case(qtbot, ws, spec, tmp_path, monkeypatch):  # noqa: F811
    answer_prompts(monkeypatch, [spec.build(tmp_path / "good.subpkg")])
    window = open_window(qtbot, ws)
    import_through_menu(qtbot, window)
    qtbot.waitUntil(lambda: window.current_case() is not None)
    return window


def test_case_audit_lists_the_import_filters_and_verifies_intact(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                                 monkeypatch):
    window = window_with_case(qtbot, ws, spec, tmp_path, monkeypatch)
    window.action("case.audit").trigger()
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Audit"
    panel = window.tabs.currentWidget()
    assert isinstance(panel, AuditPanel)
    qtbot.waitUntil(lambda: panel.loads > 0)
    actions = {panel.proxy.index(r, 3).data(ACTION_ROLE) for r in range(panel.proxy.rowCount())}
    assert "package.imported" in actions
    qtbot.keyClicks(panel.filter_box, "no such thing")
    assert panel.proxy.rowCount() == 0
    panel.filter_box.clear()
    panel.verify_button.click()
    qtbot.waitUntil(lambda: panel.result.text().startswith("Intact"))
    assert "entries)" in panel.result.text()
    assert not panel.result_icon.pixmap().isNull()


def test_verify_reports_the_first_bad_entry(qtbot, ws, spec, tmp_path, monkeypatch):  # noqa: F811
    window = window_with_case(qtbot, ws, spec, tmp_path, monkeypatch)
    with ws.uow() as s:  # tamper outside the application
        s.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = "
                       "(SELECT MIN(seq) FROM audit_log)"))
    window.action("case.audit").trigger()
    panel = window.tabs.currentWidget()
    panel.verify_button.click()
    qtbot.waitUntil(lambda: panel.result.text().startswith("Not intact"))
    assert "entry" in panel.result.text()
    assert panel.result_icon.accessibleName() == "Problem"


def test_workspace_audit_dialog_and_trust_dialog(qtbot, ws, spec, tmp_path, monkeypatch,  # noqa: F811
                                                 message_log):
    window = window_with_case(qtbot, ws, spec, tmp_path, monkeypatch)
    dialog = AuditDialog(window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.panel.loads > 0)
    assert dialog.panel.proxy.rowCount() >= 2  # workspace creation and the import
    trust = TrustDialog(window)
    qtbot.addWidget(trust)
    qtbot.waitUntil(lambda: trust.loads > 0)
    kinds = {trust.table.item(r, 0).text() for r in range(trust.table.rowCount())}
    assert "Submitter anchor" in kinds


def test_trust_add_refused_for_a_reviewer_and_done_for_an_admin(qtbot, ws, test_pki, tmp_path,  # noqa: F811
                                                                monkeypatch, message_log):
    from reviewer_app.ui.pages import trust_page
    from tests.support.package_window import open_window as window_for
    from tests.support.workspaces import ADMIN, REVIEWER

    anchor = tmp_path / "office-ca.pem"
    anchor.write_bytes(test_pki.intermediate.cert_pem())
    monkeypatch.setattr(trust_page, "ask_file", lambda _parent: anchor)
    for actor, kind, code in ((REVIEWER, "error", "NOT_PERMITTED"), (ADMIN, "info", "")):
        window = window_for(qtbot, ws, actor)
        dialog = TrustDialog(window)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda d=dialog: d.loads > 0)
        before, loads = dialog.table.rowCount(), dialog.loads
        dialog.office_box.setChecked(True)
        dialog.add_button.click()
        qtbot.waitUntil(lambda: bool(message_log.requests))
        [shown] = message_log.take()
        assert shown.kind == kind
        if code:
            assert shown.code == code
            assert dialog.table.rowCount() == before
        else:
            qtbot.waitUntil(lambda d=dialog, n=loads: d.loads > n)  # the list read again
            assert dialog.table.rowCount() == before + 1
            kinds = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
            assert "Office anchor" in kinds


def test_dialogs_name_every_widget(qtbot, ws):  # noqa: F811
    from reviewer_app.ui.a11y import unnamed_widgets
    from tests.support.package_window import open_window as window_for

    window = window_for(qtbot, ws)
    for dialog in (AuditDialog(window), TrustDialog(window)):
        qtbot.addWidget(dialog)
        assert unnamed_widgets(dialog) == []
