"""The case table's model and filter proxy: Qt's model checks, filter, sort, urgency cues."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from reviewer_app.domain.case import Case, CaseStatus
from reviewer_app.ui.case_table_model import (
    DAYS_LEFT,
    DEADLINE,
    CaseFilterProxy,
    CaseTableModel,
)

pytestmark = pytest.mark.usefixtures("qapp")

TODAY = date(2026, 5, 1)


def make_case(n: int, days_left: int, *, org: str = "Contoso Labs", model: str = "Aurora") -> Case:
    end = TODAY + timedelta(days=days_left)
    return Case(id=n, uuid=f"uuid-{n}", reference=f"FMR-2026-{n:04d}", package_id=f"pkg-{n}",
                status=CaseStatus.RECEIVED,
                received_at=datetime(2026, 4, 1, tzinfo=UTC) + timedelta(hours=n),
                window_end=end, model_name=model, model_version="1.0", organization=org,
                manifest_sha256="0" * 64)


CASES = [make_case(1, 20), make_case(2, -3, org="Northwind AI"), make_case(3, 5, model="Ember"),
         make_case(4, 0), make_case(5, 60, org="Fabrikam Research")]


def proxy_for(cases: list[Case]) -> tuple[CaseTableModel, CaseFilterProxy]:
    model = CaseTableModel(cases, today=TODAY)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy


def column(proxy: CaseFilterProxy, col: int) -> list[str]:
    return [proxy.index(r, col).data() for r in range(proxy.rowCount())]


def test_model_passes_qt_model_checks(qtmodeltester):
    model = CaseTableModel(CASES, today=TODAY)
    qtmodeltester.check(model, force_py=True)


def test_proxy_passes_qt_model_checks(qtmodeltester):
    _model, proxy = proxy_for(CASES)
    proxy.set_filter_text("fmr")
    qtmodeltester.check(proxy, force_py=True)


def test_filter_matches_reference_model_and_organisation():
    _model, proxy = proxy_for(CASES)
    proxy.set_filter_text("0003")
    assert column(proxy, 0) == ["FMR-2026-0003"]
    proxy.set_filter_text("ember")
    assert column(proxy, 0) == ["FMR-2026-0003"]
    proxy.set_filter_text("NORTHWIND")
    assert column(proxy, 0) == ["FMR-2026-0002"]
    proxy.set_filter_text("contoso aurora")  # every word must match
    assert column(proxy, 0) == ["FMR-2026-0001", "FMR-2026-0004"]
    proxy.set_filter_text("nothing like this")
    assert proxy.rowCount() == 0
    proxy.set_filter_text("")
    assert proxy.rowCount() == len(CASES)


def test_sort_by_deadline_both_ways_and_keeps_filter():
    _model, proxy = proxy_for(CASES)
    proxy.sort(DEADLINE, Qt.SortOrder.AscendingOrder)
    assert column(proxy, 0) == ["FMR-2026-0002", "FMR-2026-0004", "FMR-2026-0003",
                                "FMR-2026-0001", "FMR-2026-0005"]
    proxy.sort(DEADLINE, Qt.SortOrder.DescendingOrder)
    assert column(proxy, 0)[0] == "FMR-2026-0005"
    proxy.set_filter_text("contoso")
    proxy.sort(DEADLINE, Qt.SortOrder.AscendingOrder)
    assert column(proxy, 0) == ["FMR-2026-0004", "FMR-2026-0003", "FMR-2026-0001"]


def test_overdue_and_due_soon_say_it_in_text_and_icon():
    model = CaseTableModel(CASES, today=TODAY)
    cell = {c.reference: model.index(i, DAYS_LEFT) for i, c in enumerate(CASES)}
    overdue, soon, today_due, later = (cell["FMR-2026-0002"], cell["FMR-2026-0003"],
                                       cell["FMR-2026-0004"], cell["FMR-2026-0005"])
    # The cell is short (the list must fit beside the case pages); the icon marks the
    # urgency, and the accessible text and tooltip say it in full.
    assert [i.data() for i in (overdue, soon, today_due, later)] == [
        "3 days late", "5 days", "today", "60 days"]
    full = Qt.ItemDataRole.AccessibleTextRole
    assert [i.data(full) for i in (overdue, soon, today_due, later)] == [
        "Overdue by 3 days", "5 days (due soon)", "0 days (due soon)", "60 days"]
    assert soon.data(Qt.ItemDataRole.ToolTipRole) == (
        "5 days (due soon): the review window ends within 7 days")
    for index in (overdue, soon, today_due):
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        assert isinstance(icon, QIcon) and not icon.isNull()
    assert later.data(Qt.ItemDataRole.DecorationRole) is None
    overdue_icon = overdue.data(Qt.ItemDataRole.DecorationRole).cacheKey()
    assert overdue_icon != soon.data(Qt.ItemDataRole.DecorationRole).cacheKey()
    assert overdue.data(Qt.ItemDataRole.ToolTipRole)


def test_one_day_is_singular():
    model = CaseTableModel([make_case(1, -1), make_case(2, 1)], today=TODAY)
    assert model.index(0, DAYS_LEFT).data() == "1 day late"
    assert model.index(1, DAYS_LEFT).data() == "1 day"
    full = Qt.ItemDataRole.AccessibleTextRole
    assert model.index(0, DAYS_LEFT).data(full) == "Overdue by 1 day"
    assert model.index(1, DAYS_LEFT).data(full) == "1 day (due soon)"


def test_headers_and_accessible_text():
    model = CaseTableModel(CASES, today=TODAY)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Reference", "Model", "Version", "Organisation", "Status", "Received",
                       "Deadline", "Days left"]
    assert model.index(1, DAYS_LEFT).data(Qt.ItemDataRole.AccessibleTextRole) == "Overdue by 3 days"
