"""The main window on a real workspace: empty state, cases from the service layer,
filter, keyboard, accessible names, menus that are not built yet."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from reviewer_app.ui.a11y import unnamed_widgets
from reviewer_app.ui.actions import default_registry
from reviewer_app.ui.case_pages import PageSpec
from reviewer_app.ui.empty_state import EmptyState
from reviewer_app.ui.main_window import MainWindow
from tests.support.case_factory import insert_cases, many, spec
from tests.support.package_window import pages_titled


def open_window(qtbot, ws, actor, **kwargs) -> MainWindow:
    kwargs.setdefault("actions", default_registry())
    window = MainWindow(ws, actor, idle_minutes=60, **kwargs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.loaded)
    return window


def test_empty_workspace_shows_what_to_do(qtbot, workspace, alice):
    window = open_window(qtbot, workspace, alice)
    assert window.stack.currentWidget() is window.empty_state
    assert isinstance(window.empty_state, EmptyState)
    assert window.empty_state.isVisible()
    assert "File > Import package... (Ctrl+I)" in window.empty_state.label.text()
    assert ".subpkg" in window.empty_state.label.text()
    assert window.status_count.text() == "Cases: 0"
    assert "alice (administrator)" in window.status_user.text()
    assert str(workspace.root) in window.windowTitle()
    assert "DEMO" not in window.windowTitle()


def test_case_table_shows_cases_made_through_the_services(qtbot, workspace, alice):
    insert_cases(workspace, [spec(1, days_left=-2), spec(2, days_left=3), spec(3, days_left=40)])
    window = open_window(qtbot, workspace, alice)
    assert window.stack.currentWidget() is window.splitter
    refs = {window.proxy.index(r, 0).data() for r in range(window.proxy.rowCount())}
    assert refs == {spec(1).reference, spec(2).reference, spec(3).reference}
    assert window.status_count.text() == "Cases: 3"
    # Sorted by deadline by default: the overdue case first, saying so in words.
    assert window.proxy.index(0, 7).data() == "2 days late"
    assert window.proxy.index(0, 7).data(Qt.ItemDataRole.AccessibleTextRole) == "Overdue by 2 days"


def test_selecting_a_case_shows_its_summary_page(qtbot, workspace, alice):
    insert_cases(workspace, [spec(7, days_left=12)])
    window = open_window(qtbot, workspace, alice, pages=pages_titled("Summary"))
    assert not window.action("case.audit").isEnabled()
    window.table.setFocus()
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Summary")
    page = window.tabs.widget(0)
    assert spec(7).reference in page.accessibleName()
    assert window.action("case.audit").isEnabled()
    assert not window.action("file.export_case").isEnabled()  # alice administers: no export
    assert window.current_case().reference == spec(7).reference


def test_the_reference_is_never_elided_beside_the_case_pages(qtbot, workspace, alice):
    """The reference names a case: its column fits it, and the pages do not squeeze the list."""
    insert_cases(workspace, [spec(7, days_left=12)])
    window = open_window(qtbot, workspace, alice, pages=pages_titled("Summary"))
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Summary")
    qtbot.wait(50)  # let the splitter lay out the pages
    reference, model = window.table.sizeHintForColumn(0), window.table.sizeHintForColumn(1)
    assert window.table.columnWidth(0) >= reference  # what the view needs to show it whole
    assert window.table.viewport().width() >= reference + model


def test_a_broken_page_does_not_take_the_window_down(qtbot, workspace, alice):
    insert_cases(workspace, [spec(1)])
    def broken(_ctx, _case):
        raise RuntimeError("page bug")

    pages = [PageSpec("Broken", broken)]
    window = open_window(qtbot, workspace, alice, pages=pages)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Broken")
    assert "page bug" in window.tabs.widget(0).text()


def test_filter_as_you_type_and_ctrl_f(qtbot, workspace, alice):
    insert_cases(workspace, many(30))
    window = open_window(qtbot, workspace, alice)
    window.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.filter_box.hasFocus())
    qtbot.keyClicks(window.filter_box, "fmr-2026-0007")
    refs = [window.proxy.index(r, 0).data() for r in range(window.proxy.rowCount())]
    assert refs == [spec(7).reference]
    window.filter_box.clear()
    assert window.proxy.rowCount() == 30
    qtbot.keyClicks(window.filter_box, "northwind")
    assert 0 < window.proxy.rowCount() < 30
    assert all("Northwind" in window.proxy.index(r, 3).data() for r in range(window.proxy.rowCount()))


def test_every_visible_widget_has_an_accessible_name(qtbot, workspace, alice):
    insert_cases(workspace, many(5))
    window = open_window(qtbot, workspace, alice, pages=pages_titled("Summary"))
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Summary")
    missing = [f"{type(w).__name__}({w.objectName()})" for w in unnamed_widgets(window)]
    assert missing == []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert menu.accessibleName()
        for action in menu.actions():
            assert action.text() or action.isSeparator()


def test_empty_state_has_accessible_names(qtbot, workspace, alice):
    window = open_window(qtbot, workspace, alice)
    assert unnamed_widgets(window) == []


def test_menus_and_shortcuts(qtbot, workspace, alice):
    window = open_window(qtbot, workspace, alice)
    assert window.action("file.import_package").shortcut().toString() == "Ctrl+I"
    assert window.action("app.quit").shortcut().toString() == "Ctrl+Q"
    assert window.action("help.guide").shortcut().toString() == "F1"
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Case", "&Settings", "&Tools", "&Help"]


@pytest.mark.parametrize("key", ["file.import_package", "help.guide", "help.about"])
def test_features_not_built_yet_say_so(qtbot, workspace, alice, message_log, key):
    window = open_window(qtbot, workspace, alice)
    window.action(key).trigger()
    [shown] = message_log.take()
    assert shown.kind == "info"
    if key.startswith("file."):
        assert "not available yet" in shown.text


def test_ctrl_i_reaches_the_import_handler(qtbot, workspace, alice):
    actions = default_registry()
    calls = []
    actions.provide("file.import_package", calls.append)
    window = open_window(qtbot, workspace, alice, actions=actions)
    window.activateWindow()
    window.empty_state.import_button.click()
    assert calls == [window]


def test_a_handler_bug_becomes_a_message(qtbot, workspace, alice, message_log):
    actions = default_registry()

    def buggy(_window):
        raise ValueError("handler bug")

    actions.provide("file.import_package", buggy)  # alice administers: she may import
    window = open_window(qtbot, workspace, alice, actions=actions)
    window.action("file.import_package").trigger()
    [shown] = message_log.take()
    assert shown.kind == "error" and shown.code == "INTERNAL" and "handler bug" in shown.text


def drag_event(kind, mime: QMimeData):
    return kind(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier)


def test_dropping_a_package_calls_the_hook(qtbot, workspace, alice, message_log, tmp_path):
    # Qt delivers drop events only during a real drag: the window's drop
    # filter is handed the events directly.
    window = open_window(qtbot, workspace, alice)
    assert window.acceptDrops()
    package = tmp_path / "a.subpkg"
    package.write_bytes(b"x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(package)), QUrl.fromLocalFile(str(tmp_path / "b.txt"))])
    text_only = QMimeData()
    text_only.setUrls([QUrl.fromLocalFile(str(tmp_path / "b.txt"))])
    assert window.drop.eventFilter(window, drag_event(QDragEnterEvent, mime))
    assert not window.drop.eventFilter(window, drag_event(QDragEnterEvent, text_only))
    assert window.drop.eventFilter(window, drag_event(QDropEvent, mime))
    [shown] = message_log.take()
    assert "not available yet" in shown.text
    dropped: list[list[Path]] = []
    window.action_registry.on_drop = lambda _w, paths: dropped.append(paths)
    window.drop.eventFilter(window, drag_event(QDropEvent, mime))
    assert dropped == [[package]]


def test_demo_workspace_says_demo_in_the_title(qtbot, workspace, alice):
    workspace.info["demo"] = True
    window = open_window(qtbot, workspace, alice)
    assert window.windowTitle().startswith("DEMO")
    assert "(DEMO)" in window.status_workspace.text()
