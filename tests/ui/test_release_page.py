"""The release and access page: clock, stages against the window's end, regions by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reviewer_app.ui.context import PageContext
from reviewer_app.ui.pages.release_page import ReleasePage, exposed_text
from tests.support.checklist_cases import REVIEWER, add_case, manifest, new_workspace


@pytest.fixture
def rws(tmp_path: Path) -> Any:
    workspace = new_workspace(tmp_path / "rws")
    yield workspace
    workspace.close()


def _page(qtbot: Any, ws: Any, **changes: Any) -> ReleasePage:
    from reviewer_app.services.cases.reading import get_case

    case_uuid = add_case(ws, manifest_data=manifest(**changes))
    ctx = PageContext(ws, REVIEWER)  # the page on its own: a real job runner, as in the window
    page = ReleasePage(ctx, get_case(ws, case_uuid))
    ctx.setParent(page)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.facts is not None)
    return page


def test_stages_against_window_end_and_regions_named(qtbot: Any, rws: Any) -> None:
    page = _page(qtbot, rws)
    assert page.window_end.text() == "2026-12-20"
    assert page.clock.text()  # "N days left (On track)" or overdue, by today's date
    assert not page.clock_icon.pixmap().isNull()
    stages = {page.stages.item(r, 0).text(): page.stages.item(r, 4) for r in range(2)}
    assert stages["Vetted partners"].text().startswith("Before the window ends (15 day")
    assert not stages["Vetted partners"].icon().isNull()
    assert stages["General availability"].text() == "On or after the window's end"
    assert "(US)" in page.stages.item(0, 3).text() and "United" in page.stages.item(0, 3).text()
    # The default policy's concern list is CN, RU, IR, KP; the denylist misses KP.
    assert page.exposed.text().startswith("WARNING: ") and "(KP)" in page.exposed.text()
    assert "2026-12-28: On or after" in page.release.text()
    rows = {page.regions.item(r, 0).text(): (page.regions.item(r, 1).text(),
                                             page.regions.item(r, 2))
            for r in range(page.regions.rowCount())}
    assert set(rows) == {"CN", "RU", "IR"}
    assert rows["CN"][0].startswith("China")
    for _name, flag in rows.values():
        assert flag.text() == "Yes - country of concern" and not flag.icon().isNull()


def test_allowlist_with_star_lets_concern_in(qtbot: Any, rws: Any) -> None:
    page = _page(qtbot, rws, access_plan={"region_policy": "allowlist", "regions": ["*"],
                                          "foreign_national_access": ""})
    assert page.exposed.text().startswith("WARNING: ") and "(CN)" in page.exposed.text()
    assert page.foreign.text() == "not stated"
    assert page.regions.item(0, 1).text() == "all regions (*)"


def test_exposed_text() -> None:
    assert exposed_text("denylist", ["CN"], {"CN", "RU"}).startswith("WARNING: Russia")
    assert exposed_text("denylist", ["CN", "RU"], {"CN", "RU"}).startswith("none")
    assert exposed_text("allowlist", ["GB"], {"CN"}).startswith("none")
    assert exposed_text("", [], {"CN"}).startswith("cannot tell")
