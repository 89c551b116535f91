"""The evidence, checklist and release pages inside the main window: loaded through
``window.jobs``, every widget named for screen readers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from reviewer_app.services.workspace.folder import open_workspace
from reviewer_app.ui import wiring
from reviewer_app.ui.a11y import unnamed_widgets
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.pages.checklist_page import ChecklistPage
from reviewer_app.ui.pages.evidence_page import EvidencePage
from reviewer_app.ui.pages.release_page import ReleasePage
from tests.support.checklist_cases import (
    REVIEWER,
    manifest,
    workspace_with_log,
)
from tests.support.package_window import pages_titled


def test_pages_load_in_the_window_through_jobs(qtbot: Any, tmp_path: Path) -> None:
    data = manifest(files=[{"path": "evidence/cybench.eval", "sha256": "a" * 64, "size": 10,
                            "role": "evidence"}])
    root, _ = workspace_with_log(tmp_path, 60, data)
    ws = open_workspace(root)
    pages = pages_titled(wiring.CHECKLIST, wiring.EVIDENCE, wiring.RELEASE)
    window = MainWindow(ws, REVIEWER, pages=pages, actions=wiring.menu_actions(), idle_minutes=60)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.loaded)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.tabs.count() == 3)
    evidence = window.tabs.widget(1)
    release = window.tabs.widget(2)
    assert isinstance(evidence, EvidencePage) and isinstance(release, ReleasePage)
    qtbot.waitUntil(lambda: evidence.samples is not None and release.facts is not None,
                    timeout=10000)
    assert evidence.samples is not None and evidence.samples.available() == 60
    evidence.score_filter.setText("C")
    qtbot.keyClick(evidence.score_filter, Qt.Key.Key_Return)  # a read job: reads every row
    qtbot.waitUntil(lambda: evidence.samples.available() < 60, timeout=10000)
    expected = len(evidence.samples.source.filter(score="C"))
    assert evidence.sample_state.text().startswith(f"{expected} sample(s)")
    for index in range(3):
        window.tabs.setCurrentIndex(index)
        missing = [f"{type(w).__name__}({w.objectName()})" for w in unnamed_widgets(window)]
        assert missing == []
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=10000)
    window.action("case.checklist").trigger()
    checklist = window.tabs.currentWidget()
    assert isinstance(checklist, ChecklistPage) and checklist.current_id() is not None
    window.close()
    ws.close()
