"""The evidence page over a case with a real Inspect log: table, chart, lazy sample browser."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from reviewer_app.services.evidence import open_log
from reviewer_app.services.workspace import Workspace
from reviewer_app.ui.pages.evidence_page import EvidencePage
from reviewer_app.ui.pages.sample_model import PAGE, SampleTableModel
from tests.factories.checklist_cases import REVIEWER, add_case, manifest, new_workspace
from tests.factories.inspect_logs import write_eval_log


@pytest.fixture
def ews(tmp_path: Path) -> Any:
    workspace = new_workspace(tmp_path / "ews")
    yield workspace
    workspace.close()


def _case(ws: Workspace, log: Path) -> Any:
    from reviewer_app.services.cases import get_case

    data = manifest(evaluations=[
        {"id": "cyber-ctf", "domain": "cyber", "benchmark": "Cybench", "metric": "accuracy",
         "declared_score": 0.41, "format": "inspect-eval", "evidence": ["evidence/cy.eval"]}],
        files=[{"path": "evidence/cy.eval", "sha256": "a" * 64, "size": 10, "role": "evidence"}])
    case_uuid = add_case(ws, manifest_data=data)
    dest = ws.paths.cases / case_uuid / "submission" / "files" / "evidence" / "cy.eval"
    dest.parent.mkdir(parents=True)
    shutil.copyfile(log, dest)
    return get_case(ws, case_uuid)


def test_sample_model_fetches_in_pages(qtmodeltester: Any, tmp_path: Path) -> None:
    log = write_eval_log(tmp_path / "big.eval", 450, p_correct=0.5)
    model = SampleTableModel(open_log(log.path))
    assert model.rowCount() == 0 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE  # one page, never everything
    qtmodeltester.check(model)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    model.source.close()
    # A filtered model (a fresh one: the C++ tester stays attached to the first).
    filtered = SampleTableModel(open_log(log.path))
    assert filtered.set_filter(score="C") == len(filtered.source.filter(score="C"))
    assert 0 < filtered.available() < 450
    qtmodeltester.check(filtered)
    assert all(filtered.summary(r).score_value == "C" for r in range(filtered.rowCount()))
    filtered.source.close()


def test_evidence_page_shows_rows_chart_and_samples(qtbot: Any, ews: Workspace,
                                                    tmp_path: Path) -> None:
    log = write_eval_log(tmp_path / "cy.eval", 300, p_correct=0.5)
    case = _case(ews, log.path)
    page = EvidencePage(ews, REVIEWER, case)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.evidence is not None)
    assert page.table.rowCount() == 1
    status = page.table.item(0, 8)
    assert status.text() in {"Below threshold", "Threshold reached"}
    assert not status.icon().isNull()  # text and icon, never colour alone
    assert page.table.item(0, 5).text() == "300"
    assert "Assessment:" in page.assessment.text()
    assert "Cybench" in page.chart.accessibleDescription()
    page.chart.grab()  # paints without error
    assert page.samples is not None and page.samples.available() == 300
    view = page.sample_view
    assert 0 < view.model().rowCount() <= PAGE
    view.selectRow(0)
    text = page.detail.toPlainText()
    assert "== Input ==" in text and "== Scores ==" in text
    page.text_filter.setText("zzz-no-such-text")
    page.apply_filter()
    assert page.samples.available() == 0 and "0 sample(s)" in page.sample_state.text()
    page.samples.source.close()


def test_missing_manifest_is_a_message(qtbot: Any, ews: Workspace, tmp_path: Path) -> None:
    log = write_eval_log(tmp_path / "cy.eval", 5)
    case = _case(ews, log.path)
    (ews.paths.cases / case.uuid / "submission" / "manifest.json").unlink()
    page = EvidencePage(ews, REVIEWER, case)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.state.text().startswith("Error"))
    assert "CASE_MANIFEST_UNREADABLE" in page.state.text()
