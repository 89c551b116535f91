"""The checklist detail pane's severity override and evidence links, on a real page and a
real workspace: what reaches the database, what the tree shows, what is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reviewer_app.domain.checklist import EvidenceLink, Severity
from reviewer_app.services.checklist.items import get_checklist
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.ui.pages.checklist_page import SEVERITY_COL, ChecklistPage
from tests.support.checklist_cases import audit_ok, new_workspace
from tests.support.checklist_pages import settle, show_page


@pytest.fixture
def cws(tmp_path: Path) -> Any:
    workspace = new_workspace(tmp_path / "cws")
    yield workspace
    workspace.close()


def _page(qtbot: Any, ws: Workspace) -> tuple[ChecklistPage, str, str]:
    page, case_uuid = show_page(qtbot, ws)
    # An item whose template severity is not CAT I, so that CAT I is a real change.
    item_id = next(i for i, s in page.states.items() if s.template_severity is not Severity.CAT_I)
    assert page.select(item_id)
    return page, case_uuid, item_id


def _saved(ws: Workspace, case_uuid: str, item_id: str) -> Any:
    item = get_checklist(ws, case_uuid).item(item_id)
    assert item is not None
    return item


def test_override_needs_a_justification_then_is_saved_and_shown(
        qtbot: Any, cws: Workspace, message_log: Any) -> None:
    page, case_uuid, item_id = _page(qtbot, cws)
    override = page.detail.override
    override.severity.setCurrentIndex(override.severity.findData(Severity.CAT_I.value))
    qtbot.mouseClick(override.apply, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    (refused,) = message_log.take()
    assert refused.kind == "error" and refused.code == "JUSTIFICATION_REQUIRED"
    assert "Nothing was saved" in refused.text
    assert _saved(cws, case_uuid, item_id).severity_override is None
    assert "overridden" not in page.rows[item_id].text(SEVERITY_COL)

    override.justification.setText("Exploit chain reaches critical infrastructure.")
    qtbot.mouseClick(override.apply, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    saved = _saved(cws, case_uuid, item_id)
    assert saved.severity_override is Severity.CAT_I and saved.severity is Severity.CAT_I
    assert saved.override_justification == "Exploit chain reaches critical infrastructure."
    shown = page.rows[item_id].text(SEVERITY_COL)
    assert shown.startswith("CAT I ") and "overridden" in shown  # words, not colour alone
    assert saved.template_severity.value in shown
    assert "overridden" in page.rows[item_id].data(SEVERITY_COL,
                                                   Qt.ItemDataRole.AccessibleTextRole)
    assert "critical infrastructure" in page.rows[item_id].toolTip(SEVERITY_COL)
    assert "overridden" in page.detail.title.text()
    # The filters use the effective severity.
    page.severity_filter.setCurrentIndex(page.severity_filter.findData(Severity.CAT_I))
    assert not page.rows[item_id].isHidden()
    page.severity_filter.setCurrentIndex(0)

    override.severity.setCurrentIndex(0)  # None: back to the template's severity
    qtbot.mouseClick(override.apply, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    cleared = _saved(cws, case_uuid, item_id)
    assert cleared.severity_override is None and cleared.severity is cleared.template_severity
    assert "overridden" not in page.rows[item_id].text(SEVERITY_COL)
    audit_ok(cws)


def test_override_controls_are_named_and_reached_by_mnemonics(qtbot: Any, cws: Workspace) -> None:
    page, _case_uuid, _item_id = _page(qtbot, cws)
    override, links = page.detail.override, page.detail.links
    for widget in (override.severity, override.justification, override.apply, links.list,
                   links.open, links.remove, links.file, links.add_file, links.log,
                   links.sample, links.epoch, links.add_sample):
        assert widget.accessibleName(), widget
        assert widget.focusPolicy() != Qt.FocusPolicy.NoFocus  # reachable with Tab
    page.tree.setFocus()
    for key, widget in ((Qt.Key.Key_R, override.severity), (Qt.Key.Key_J, override.justification),
                        (Qt.Key.Key_I, links.sample), (Qt.Key.Key_G, links.log)):
        qtbot.keyClick(page, key, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is widget


def test_evidence_links_are_added_removed_and_saved(qtbot: Any, cws: Workspace,
                                                    message_log: Any) -> None:
    page, case_uuid, item_id = _page(qtbot, cws)
    links = page.detail.links
    # The case's package files are offered; its Inspect log is offered for samples.
    files = [links.file.itemText(i) for i in range(links.file.count())]
    assert files == ["evidence/cybench.eval", "documents/system-card.pdf"]
    assert [links.log.itemText(i) for i in range(links.log.count())] == ["evidence/cybench.eval"]

    links.file.setCurrentIndex(1)
    qtbot.mouseClick(links.add_file, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert _saved(cws, case_uuid, item_id).evidence_links == (
        EvidenceLink("documents/system-card.pdf"),)

    qtbot.mouseClick(links.add_sample, Qt.MouseButton.LeftButton)  # no sample id typed
    settle(qtbot, page)
    (refused,) = message_log.take()
    assert refused.code == "SAMPLE_ID_REQUIRED"
    assert len(_saved(cws, case_uuid, item_id).evidence_links) == 1

    links.sample.setText("12")
    links.epoch.setValue(2)
    qtbot.mouseClick(links.add_sample, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    sample = EvidenceLink("evidence/cybench.eval", sample_id="12", epoch=2)
    assert _saved(cws, case_uuid, item_id).evidence_links == (
        EvidenceLink("documents/system-card.pdf"), sample)
    assert links.list.count() == 2
    assert links.list.item(1).text() == "Sample 12, epoch 2 in evidence/cybench.eval"

    assert links.sample.text() == ""  # ready for the next one
    links.sample.setText("12")
    qtbot.mouseClick(links.add_sample, Qt.MouseButton.LeftButton)  # same again: no duplicate
    settle(qtbot, page)
    assert len(_saved(cws, case_uuid, item_id).evidence_links) == 2

    links.list.setCurrentRow(0)
    qtbot.mouseClick(links.remove, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert _saved(cws, case_uuid, item_id).evidence_links == (sample,)
    history = _saved(cws, case_uuid, item_id).history
    assert any("evidence_links" in entry.changes for entry in history)

    # Another item shows its own (empty) list; coming back shows the saved one.
    other = next(i for i in page.rows if i != item_id)
    page.select(other)
    assert links.list.count() == 0 and not links.remove.isEnabled()
    page.select(item_id)
    assert links.links() == (sample,)
    audit_ok(cws)


def test_activating_a_link_without_a_window_says_so(qtbot: Any, cws: Workspace,
                                                    message_log: Any) -> None:
    page, _case_uuid, _item_id = _page(qtbot, cws)
    links = page.detail.links
    qtbot.mouseClick(links.add_file, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    links.list.setCurrentRow(0)
    links.list.setFocus()
    qtbot.keyClick(links.list, Qt.Key.Key_Return)  # Enter activates the link
    settle(qtbot, page)
    (told,) = message_log.take()
    assert told.kind == "info" and "Submission" in told.text
