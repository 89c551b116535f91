"""The evidence page over a case with a real Inspect log: table, chart, lazy sample browser."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from reviewer_app.services.evidence.evaluation import open_log
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.pages.evaluation_table import HEADERS
from reviewer_app.ui.pages.evidence_page import EvidencePage
from reviewer_app.ui.pages.sample_model import PAGE, SampleTableModel
from reviewer_app.ui.pages.sample_transcript import BREAK_SIGN, LINE_LIMIT
from tests.support.checklist_cases import REVIEWER, add_case, manifest, new_workspace
from tests.support.inspect_logs import write_eval_log


@pytest.fixture
def ews(tmp_path: Path) -> Any:
    workspace = new_workspace(tmp_path / "ews")
    yield workspace
    workspace.close()


def _case(ws: Workspace, log: Path, name: str = "cy.eval") -> Any:
    from reviewer_app.services.cases.reading import get_case

    rel = f"evidence/{name}"
    data = manifest(evaluations=[
        {"id": "cyber-ctf", "domain": "cyber", "benchmark": "Cybench", "metric": "accuracy",
         "declared_score": 0.41, "format": "inspect-eval", "evidence": [rel]}],
        files=[{"path": rel, "sha256": "a" * 64, "size": 10, "role": "evidence"}])
    case_uuid = add_case(ws, manifest_data=data)
    dest = ws.paths.cases / case_uuid / "submission" / "files" / "evidence" / name
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
    page = _page(qtbot, ews, case)
    qtbot.waitUntil(lambda: page.evidence is not None)
    assert page.table.rowCount() == 1
    status = page.table.item(0, HEADERS.index("Status"))
    assert status.text() in {"Below threshold", "Threshold reached"}
    assert not status.icon().isNull()  # text and icon, never colour alone
    assert page.table.item(0, HEADERS.index("n")).text() == "300"
    assert "Assessment:" in page.assessment.text()
    assert "Cybench" in page.chart.accessibleDescription()
    page.chart.grab()  # paints without error
    qtbot.waitUntil(lambda: page.samples is not None)
    assert page.samples is not None and page.samples.available() == 300
    view = page.sample_view
    assert 0 < view.model().rowCount() <= PAGE
    view.selectRow(0)
    qtbot.waitUntil(lambda: "== Input ==" in page.detail.toPlainText())
    assert "== Scores ==" in page.detail.toPlainText()
    page.text_filter.setText("zzz-no-such-text")
    qtbot.keyClick(page.text_filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "0 sample(s)" in page.sample_state.text())
    assert page.samples.available() == 0 and "0 sample(s)" in page.sample_state.text()
    page.samples.source.close()


def test_missing_manifest_is_a_message(qtbot: Any, ews: Workspace, tmp_path: Path) -> None:
    log = write_eval_log(tmp_path / "cy.eval", 5)
    case = _case(ews, log.path)
    (ews.paths.cases / case.uuid / "submission" / "manifest.json").unlink()
    page = _page(qtbot, ews, case)
    qtbot.waitUntil(lambda: page.state.text().startswith("Error"))
    assert "CASE_MANIFEST_UNREADABLE" in page.state.text()


class Host(QWidget):
    """A window holding the page, and the page context it reads through."""

    def __init__(self, ews: Workspace) -> None:
        super().__init__()
        self.setAccessibleName("Host window")
        self.ctx = PageContext(ews, REVIEWER, parent=self)
        self.jobs = self.ctx.jobs
        QVBoxLayout(self)


def _hosted(qtbot: Any, ews: Workspace, case: Any) -> tuple[Host, EvidencePage]:
    host = Host(ews)
    qtbot.addWidget(host)
    page = EvidencePage(host.ctx, case, host)
    host.layout().addWidget(page)
    return host, page


def _page(qtbot: Any, ews: Workspace, case: Any) -> EvidencePage:
    """The page on its own, with a page context of its own (a real job runner)."""
    ctx = PageContext(ews, REVIEWER)
    page = EvidencePage(ctx, case)
    ctx.setParent(page)
    qtbot.addWidget(page)
    return page


def test_focus_sample_before_load_is_fulfilled_in_a_window(qtbot: Any, ews: Workspace,
                                                           tmp_path: Path) -> None:
    log = write_eval_log(tmp_path / "cy.eval", 450, epochs=2)
    host, page = _hosted(qtbot, ews, _case(ews, log.path))
    page.focus_sample("./evidence/cy.eval", "437", 2)  # asked before the evidence is read
    assert page.evidence is None and "will be shown" in page.sample_state.text()
    host.show()
    qtbot.waitUntil(lambda: "Sample 437, epoch 2" in page.detail.toPlainText(), timeout=15000)
    assert page.table.selectionModel().selectedRows()[0].row() == 0
    assert page.log_choice.currentText() == "evidence/cy.eval"
    row = page.sample_view.selectionModel().selectedRows()[0].row()
    assert row > PAGE  # beyond the first page: rows were fetched up to it
    chosen = page.samples.summary(row)
    assert (chosen.id, chosen.epoch) == ("437", 2)
    assert "== Scores ==" in page.detail.toPlainText()
    page.focus_sample("evidence/cy.eval", "12")  # no epoch: the sample's first row
    qtbot.waitUntil(lambda: page.detail.toPlainText().startswith("Sample 12, epoch 1"),
                    timeout=15000)
    qtbot.waitUntil(lambda: host.jobs.active == 0)
    page.samples.source.close()


def test_focus_sample_reports_unknown_logs_and_samples(qtbot: Any, ews: Workspace,
                                                       tmp_path: Path) -> None:
    log = write_eval_log(tmp_path / "cy.eval", 20)
    page = _page(qtbot, ews, _case(ews, log.path))
    qtbot.waitUntil(lambda: page.samples is not None)
    page.focus_sample("evidence/other.eval", "1")
    assert page.sample_state.text() == ("Not found: evidence/other.eval is not an Inspect log "
                                        "of this case.")
    page.text_filter.setText("Task 3:")
    qtbot.keyClick(page.text_filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.ctx.jobs.active == 0)
    page.focus_sample("evidence/cy.eval", "999")
    qtbot.waitUntil(lambda: page.sample_state.text()
                    == "Not found: evidence/cy.eval has no sample 999.")
    assert page.text_filter.text() == "" and page.samples.available() == 20  # filter cleared
    page.focus_sample("evidence/cy.eval", "7", 1)
    qtbot.waitUntil(lambda: page.detail.toPlainText().startswith("Sample 7, epoch 1"))
    page.samples.source.close()


def test_big_sample_detail_is_read_in_a_job_and_cut(qtbot: Any, ews: Workspace,
                                                    tmp_path: Path) -> None:
    log = write_eval_log(tmp_path / "cy.eval", 3, answer_padding=12_000_000)
    host, page = _hosted(qtbot, ews, _case(ews, log.path))
    host.show()
    qtbot.waitUntil(lambda: page.samples is not None, timeout=15000)
    page.sample_view.selectRow(0)
    # The pane says it is reading (the GUI thread is not held while the body streams).
    assert page.detail.toPlainText().startswith("Reading sample")
    qtbot.waitUntil(lambda: "[truncated: " in page.detail.toPlainText(), timeout=30000)
    shown = page.detail.toPlainText()
    assert len(shown) < 400_000
    assert "cut at 64 KiB" in shown  # the note says why
    # No line long enough to stall Qt's layout; the breaks are marked and explained.
    assert max(len(line) for line in shown.split("\n")) < LINE_LIMIT + 40  # + a role prefix
    assert BREAK_SIGN in shown
    assert "broken for display" in shown
    page.samples.source.close()


def test_evidence_file_opens_as_a_document(qtbot: Any, ews: Workspace, tmp_path: Path) -> None:
    log = write_eval_log(tmp_path / "cy.eval", 5)
    page = _page(qtbot, ews, _case(ews, log.path))
    qtbot.waitUntil(lambda: page.evidence is not None)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)  # nothing selected yet
    assert page.open_state.text().startswith("Select an evaluation")
    page.table.selectRow(0)
    page.open_button.click()
    qtbot.waitUntil(lambda: page.viewer is not None)
    viewer = page.viewer
    qtbot.addWidget(viewer)
    assert "cannot be shown here" in viewer.message.text()  # a zip: described, not shown
    assert "evidence/cy.eval is open" in page.open_state.text()
    page.samples.source.close()


def test_json_log_opens_in_a_job_and_focus_waits_for_it(qtbot: Any, ews: Workspace,
                                                        tmp_path: Path) -> None:
    import json
    import zipfile

    written = write_eval_log(tmp_path / "cy.eval", 30)
    with zipfile.ZipFile(written.path) as zf:  # the same log as one Inspect .json
        doc = json.loads(zf.read("header.json"))
        doc["samples"] = [json.loads(zf.read(n)) for n in zf.namelist()
                          if n.startswith("samples/")]
    (tmp_path / "cy.json").write_text(json.dumps(doc))
    host, page = _hosted(qtbot, ews, _case(ews, tmp_path / "cy.json", "cy.json"))
    page.focus_sample("evidence/cy.json", "29", 1)
    host.show()
    qtbot.waitUntil(lambda: page.detail.toPlainText().startswith("Sample 29, epoch 1"),
                    timeout=15000)
    assert page.samples is not None and page.samples.available() == 30
    page.log_choice.clear()  # no log: a request now says so
    page.focus_sample("evidence/cy.json", "1")
    assert page.sample_state.text().startswith("Not found")
    qtbot.waitUntil(lambda: host.jobs.active == 0)
    page.samples.source.close()
