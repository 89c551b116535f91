"""The case's Audit tab as a reviewer reads it: times in full (local, with the zone; UTC in
the tooltip), who, a sentence per action with its details as lines, the checklist's
creation as one line, and Verify counting the case's own entries beside the trail's.

A real package imported through the menu, the real checklist template; the tab is
reached through Case > Audit trail and Verify is pressed with the mouse."""

from __future__ import annotations

import re
import time

import pytest
from PySide6.QtCore import Qt

from reviewer_app.domain.changes import Changes
from reviewer_app.services.audit import audit_entries
from reviewer_app.services.checklist import ensure_checklist, get_checklist
from reviewer_app.ui.pages.audit_page import ACTION_ROLE, COLUMNS, AuditPanel
from tests.support.import_fixtures import spec, test_pki, ws, ws_template  # noqa: F401
from tests.support.package_window import answer_prompts, import_through_menu, open_window
from tests.support.workspaces import REVIEWER


@pytest.fixture
def new_york(monkeypatch):
    """A workstation whose local time is not UTC (December: EST, UTC-5)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _case_audit(qtbot, ws, spec, tmp_path, monkeypatch):  # noqa: F811
    answer_prompts(monkeypatch, [spec.build(tmp_path / "good.subpkg")])
    window = open_window(qtbot, ws, REVIEWER)
    import_through_menu(qtbot, window)
    qtbot.waitUntil(lambda: window.current_case() is not None)
    case = window.current_case()
    window.action("case.audit").trigger()
    panel = window.tabs.currentWidget()
    assert isinstance(panel, AuditPanel)
    qtbot.waitUntil(lambda: panel.loads > 0)
    # The checklist made as its page makes it: a write whose broadcast reloads the tab.
    loads = panel.loads
    window.context.write(lambda w: ensure_checklist(w.ws, REVIEWER, case.reference),
                         Changes(case=case.uuid, checklist=True, audit=True),
                         owner=None, name="make checklist")
    qtbot.waitUntil(lambda: panel.loads > loads)
    return window, panel, case


def _rows(panel) -> list[list[str]]:
    return [[panel.proxy.index(r, c).data() or "" for c in range(len(COLUMNS))]
            for r in range(panel.proxy.rowCount())]


def test_the_case_audit_reads_as_words(qtbot, ws, spec, tmp_path, monkeypatch,  # noqa: F811
                                       new_york):
    _window, panel, case = _case_audit(qtbot, ws, spec, tmp_path, monkeypatch)
    assert COLUMNS == ["#", "When", "Who", "What", "Details"]
    rows = _rows(panel)
    items = len(get_checklist(ws, case.reference).items())
    created = [row for row in rows if row[3].startswith("Checklist created")]
    assert [row[3] for row in created] == [f"Checklist created: {items} items"]
    assert len(rows) == len(audit_entries(ws, case_uuid=case.uuid)) - items + 1
    for row in rows:
        assert not any(cell.lstrip().startswith(("{", "[")) for cell in row)  # no raw JSON
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d E[SD]T", row[1]), row[1]
    imported = next(r for r in range(panel.proxy.rowCount())
                    if panel.proxy.index(r, 3).data(ACTION_ROLE) == "package.imported")
    when = panel.proxy.index(imported, 1)
    entry = next(e for e in audit_entries(ws, case_uuid=case.uuid)
                 if e.action == "package.imported")
    utc_hour = int(entry.at[11:13])
    assert int(when.data()[11:13]) in ((utc_hour - 5) % 24, (utc_hour - 4) % 24)
    assert when.data(Qt.ItemDataRole.ToolTipRole).endswith(" UTC")
    assert entry.at[:19].replace("T", " ") in when.data(Qt.ItemDataRole.ToolTipRole)
    assert panel.proxy.index(imported, 2).data() == REVIEWER.username
    details = panel.proxy.index(imported, 4).data()
    assert f"Reference: {case.reference}" in details.splitlines()
    assert "Package: good.subpkg" in details.splitlines()
    # The widths come from the font: a full time is never cut; a row is as tall as its lines,
    # also once the filter (typed) has changed which rows show.
    metrics = panel.table.fontMetrics()
    assert panel.table.columnWidth(1) > metrics.horizontalAdvance(when.data())
    tall = len(details.splitlines()) * metrics.lineSpacing()
    assert panel.table.rowHeight(imported) >= tall
    qtbot.keyClicks(panel.filter_box, "good.subpkg")
    assert panel.proxy.rowCount() < len(rows)
    shown = next(r for r in range(panel.proxy.rowCount())
                 if panel.proxy.index(r, 3).data(ACTION_ROLE) == "package.imported")
    assert panel.table.rowHeight(shown) >= tall


def test_verify_counts_the_cases_entries_and_the_trail(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                       monkeypatch):
    _window, panel, case = _case_audit(qtbot, ws, spec, tmp_path, monkeypatch)
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.result.text() != "Verifying...")
    own, trail = len(audit_entries(ws, case_uuid=case.uuid)), len(audit_entries(ws))
    assert own < trail
    assert panel.result.text() == (f"Intact: the case's {own} entries verify; "
                                   f"the workspace trail too ({trail} entries).")
    assert panel.result_icon.accessibleName() == "Intact"


def test_verify_names_a_tampered_entry_of_the_case(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                   monkeypatch):
    import sqlite3

    _window, panel, case = _case_audit(qtbot, ws, spec, tmp_path, monkeypatch)
    with sqlite3.connect(ws.paths.db) as db:  # the insider's edit, outside the application
        seq = db.execute("SELECT MAX(seq) FROM audit_log WHERE case_uuid = ?",
                         (case.uuid,)).fetchone()[0]
        db.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = ?", (seq,))
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.result.text().startswith("Not intact"))
    assert f"#{seq}" in panel.result.text() and "(an entry of this case)" in panel.result.text()
    assert panel.result_icon.accessibleName() == "Problem"


def test_rows_are_measured_again_when_the_window_is_resized(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                            monkeypatch):
    """The import entry's long details wrap in a narrow window and unwrap in a wide one:
    its row follows (counted again after the columns resize), neither cut nor half empty."""
    window, panel, _case = _case_audit(qtbot, ws, spec, tmp_path, monkeypatch)
    imported = next(r for r in range(panel.proxy.rowCount())
                    if panel.proxy.index(r, 3).data(ACTION_ROLE) == "package.imported")
    header = panel.table.verticalHeader()
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: header.sectionSize(imported) > 0)
    qtbot.wait(50)
    narrow = header.sectionSize(imported)
    window.resize(2400, 800)
    qtbot.waitUntil(lambda: header.sectionSize(imported) < narrow, timeout=5000)
    wide = header.sectionSize(imported)
    lines = len(panel.proxy.index(imported, 4).data().split("\n"))
    assert wide >= lines * panel.table.fontMetrics().lineSpacing()  # every line still shows
