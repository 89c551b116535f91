"""The Summary tab's case overview in the window: each part's button, pressed with
the mouse or the keyboard, brings its page forward; the overview follows a write
made elsewhere (the ``changed`` broadcast); the case list fits its columns at
1280x800 without a horizontal scroll bar."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

from reviewer_app.domain.changes import Changes
from reviewer_app.domain.timeline import review_clock
from reviewer_app.services.decision import decide
from reviewer_app.services.workspace import Workspace
from reviewer_app.ui import wiring
from reviewer_app.ui.a11y import unnamed_widgets
from reviewer_app.ui.case_table_model import (
    DAYS_LEFT,
    DEADLINE,
    MODEL,
    ORGANISATION,
    REFERENCE,
    STATUS,
)
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.pages.clock_bar import ClockBar, clock_text
from reviewer_app.ui.pages.overview_panel import PLACE_TITLES, OverviewPanel
from reviewer_app.ui.pages.summary_page import SummaryPage
from tests.support.case_factory import insert_cases, spec
from tests.support.cases import Office, office_with_case
from tests.support.package_window import pages_titled

REF = "FMR-2026-0001"
LINKED = ("Summary", *PLACE_TITLES.values())


@pytest.fixture
def office_ws(tmp_path: Path) -> Iterator[tuple[Workspace, Office]]:
    with office_with_case(tmp_path / "ws") as made:
        yield made


def open_window(qtbot: Any, ws: Workspace, actor: Any, **kwargs: Any) -> MainWindow:
    window = MainWindow(ws, actor, idle_minutes=60, **kwargs)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.loaded)
    return window


def summary_of(qtbot: Any, window: MainWindow, reference: str) -> SummaryPage:
    assert window.select_case(reference)
    page = window.tabs.widget(0)
    assert isinstance(page, SummaryPage)
    qtbot.waitUntil(lambda: page.overview is not None, timeout=30000)
    return page


def current_title(window: MainWindow) -> str:
    return window.tabs.tabText(window.tabs.currentIndex()).replace("&", "")


def test_every_place_the_overview_names_is_a_page_of_the_window() -> None:
    titles = {spec.title for spec in wiring.case_pages()}
    assert set(PLACE_TITLES.values()) <= titles


def test_each_part_opens_its_page_when_pressed(qtbot: Any,
                                               office_ws: tuple[Workspace, Office]) -> None:
    ws, office = office_ws
    window = open_window(qtbot, ws, office.reviewer, pages=pages_titled(*LINKED))
    page = summary_of(qtbot, window, REF)
    panel = page.panel
    expected = {"Review clock": "Release and access", "Assessment": "Evidence",
                "Checklist": "Checklist", "Determination": "Determination",
                "Next step": "Determination"}  # every item reviewed: record the decision
    assert panel.texts["Next step"].text().startswith("Record the determination")
    for part, title in expected.items():
        window.tabs.setCurrentIndex(0)
        button = panel.buttons[part]
        qtbot.waitUntil(button.isVisible)
        assert button.isEnabled()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert current_title(window) == title, part
    # The keyboard: Space on the focused Next step button.
    window.tabs.setCurrentIndex(0)
    button = panel.buttons["Next step"]
    qtbot.waitUntil(button.isVisible)
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert current_title(window) == "Determination"


def test_states_are_said_in_words(qtbot: Any, office_ws: tuple[Workspace, Office]) -> None:
    ws, office = office_ws
    window = open_window(qtbot, ws, office.reviewer, pages=pages_titled("Summary"))
    page = summary_of(qtbot, window, REF)
    panel = page.panel
    assert unnamed_widgets(page) == []
    clock = panel.clock_bar.accessibleName()
    assert clock.startswith("Review clock: ") and "Proposed public release 2026-12-28" in clock
    checklist = panel.texts["Checklist"].text()
    assert "4 of 4 items reviewed. Open findings: 2, 1 of them CAT I." in checklist
    assert "CY-01 Cyber benchmark scores are below the threshold" in checklist
    assert panel.progress.accessibleName() == "Checklist progress: 4 of 4 reviewed"
    assert panel.steps.accessibleName() == ("Letter steps: Drafted: not yet, Signed: not yet, "
                                            "Countersigned: not yet, Issued: not yet")
    assert panel.texts["Determination"].text() == "Not decided."
    # A page with no window behind it has nowhere to go: its buttons are off.
    alone = OverviewPanel()
    qtbot.addWidget(alone)
    assert page_overview(window) is not None
    alone.show_overview(page_overview(window))
    assert not any(b.isEnabled() for b in alone.buttons.values())


def page_overview(window: MainWindow) -> Any:
    page = window.tabs.widget(0)
    assert isinstance(page, SummaryPage)
    return page.overview


def test_the_overview_follows_a_write_made_elsewhere(qtbot: Any,
                                                     office_ws: tuple[Workspace, Office]) -> None:
    ws, office = office_ws
    window = open_window(qtbot, ws, office.reviewer, pages=pages_titled("Summary"))
    page = summary_of(qtbot, window, REF)
    key = page.case.uuid
    window.context.write(
        lambda w: decide(w.ws, office.reviewer, key, "not_covered", [], "Below every threshold."),
        Changes(cases=True, case=key, determination=True), owner=None, name="decide")
    qtbot.waitUntil(lambda: page.panel.texts["Determination"].text().startswith(
        "Determination recorded"), timeout=30000)
    assert page.panel.texts["Next step"].text().startswith("Sign the letter")
    assert page.panel.steps.accessibleName().startswith("Letter steps: Drafted: done, Signed: not yet")


def text_room(table: Any, index: Any) -> int:
    """The width Qt's style gives the cell's text (after margins and the icon)."""
    option = QStyleOptionViewItem()
    option.initFrom(table)
    table.itemDelegate().initStyleOption(option, index)
    option.rect = table.visualRect(index)
    return table.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option,
                                        table).width()


def test_case_list_fits_at_1280_by_800_without_sideways_scrolling(qtbot: Any, workspace: Any,
                                                                  alice: Any) -> None:
    long_names = [dataclasses.replace(spec(n, days_left=days), model=f"Aurora-{n} Extended "
                                      "Reasoning Preview", organization="Northwind Frontier "
                                      "Intelligence Laboratories, Inc.")
                  for n, days in ((1, -12), (2, 3), (3, 40))]
    insert_cases(workspace, long_names)
    window = open_window(qtbot, workspace, alice)  # the application's pages, all of them
    assert window.select_case(long_names[0].reference)
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=30000)
    QApplication.processEvents()
    assert window.width() == 1280  # the list and the widest case page fit side by side
    table = window.table
    assert not table.horizontalScrollBar().isVisible()
    assert table.horizontalScrollBar().maximum() == 0
    right = table.viewport().width()
    for column in (REFERENCE, MODEL, STATUS, DEADLINE, DAYS_LEFT):
        assert not table.isColumnHidden(column)
        assert table.columnViewportPosition(column) + table.columnWidth(column) <= right
    # Nothing but the model's name is cut: each fixed cell has room for its whole text.
    for row in range(window.proxy.rowCount()):
        for column in (REFERENCE, STATUS, DEADLINE, DAYS_LEFT):
            index = window.proxy.index(row, column)
            needed = table.fontMetrics().horizontalAdvance(str(index.data()))
            assert needed <= text_room(table, index), (row, column, index.data())
    # The long model name elides; its tooltip gives model, version and organisation.
    row = next(r for r in range(window.proxy.rowCount())
               if window.proxy.index(r, 0).data() == long_names[0].reference)
    tip = window.proxy.index(row, MODEL).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == f"{long_names[0].model} {long_names[0].version}, {long_names[0].organization}"


def test_hidden_columns_come_back_from_the_header_menu(qtbot: Any, workspace: Any,
                                                       alice: Any) -> None:
    insert_cases(workspace, [spec(1)])
    window = open_window(qtbot, workspace, alice, pages=pages_titled("Summary"))
    table = window.table
    assert table.isColumnHidden(ORGANISATION)
    header = table.horizontalHeader()
    assert header.contextMenuPolicy() is Qt.ContextMenuPolicy.ActionsContextMenu
    show = next(a for a in header.actions() if a.text() == "Show Organisation")
    assert not show.isChecked()
    show.trigger()  # the header's right-click menu entry
    assert not table.isColumnHidden(ORGANISATION)
    show.trigger()
    assert table.isColumnHidden(ORGANISATION)


@pytest.mark.parametrize(("today", "release", "words"), [
    (date(2026, 12, 10), date(2026, 12, 20),
     "26 of 30 days left (the window's last day is 2027-01-05). Proposed public release "
     "2026-12-20: 16 days before the window ends (the review is cut short)."),
    (date(2027, 1, 5), None,
     "Due today: 2027-01-05 is the window's last day. Proposed public release: not stated."),
    (date(2027, 1, 8), date(2027, 3, 6),
     "3 days overdue: the window ended 2027-01-05. Proposed public release 2027-03-06: "
     "on or after the window's end."),
])
def test_the_clock_bar_says_what_it_draws(qtbot: Any, today: date, release: date | None,
                                          words: str) -> None:
    received, end = date(2026, 12, 6), date(2027, 1, 5)
    bar = ClockBar()
    qtbot.addWidget(bar)
    bar.resize(400, bar.sizeHint().height())
    blank = bar.grab().toImage()
    bar.set_clock(review_clock(end, today, release), received)
    assert clock_text(review_clock(end, today, release), received) == words
    assert bar.accessibleName() == f"Review clock: {words}"
    assert bar.toolTip() == words
    assert bar.grab().toImage() != blank  # the bar, its markers and their words are drawn
