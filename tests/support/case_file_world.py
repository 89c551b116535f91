"""Two workstations A and B with a case imported on A, and the window's case-file export, for UI tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.ui import case_file_flow as flow
from reviewer_app.ui.main_window import MainWindow
from tests.support import casefiles as F
from tests.support.packages import SubmitterPki, make_test_pki


@dataclass
class World:
    root: Path
    a: F.Workstation
    b: F.Workstation
    ws_a: Workspace
    ws_b: Workspace
    ref: str
    submitters: SubmitterPki


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    submitters, office = make_test_pki(), F.make_office_pki()
    a = F.make_workstation(tmp_path / "A", submitters, office)
    b = F.make_workstation(tmp_path / "B", submitters, office)
    ws_a, ws_b = a.open(), b.open()
    ref = F.import_sample_case(ws_a, submitters, a.recipient, a.identity, tmp_path)
    yield World(tmp_path, a, b, ws_a, ws_b, ref, submitters)
    ws_a.close()
    ws_b.close()


def case_window(qtbot: Any, ws: Workspace) -> MainWindow:
    window = MainWindow(ws, F.REVIEWER, idle_minutes=60)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.loaded)
    return window


def one_message(qtbot: Any, log: Any, title: str) -> Any:
    qtbot.waitUntil(lambda: any(r.title == title or r.kind == "error" for r in log.requests),
                    timeout=60000)
    taken = log.take()
    assert [r.title for r in taken] == [title], taken
    return taken[0]


def export_through_window(qtbot: Any, log: Any, monkeypatch: pytest.MonkeyPatch, ws: Workspace, ref: str,
            request: flow.ExportRequest) -> None:
    window = case_window(qtbot, ws)
    assert window.select_case(ref)
    monkeypatch.setattr(flow.ExportCaseDialog, "ask", classmethod(lambda cls, *a: request))
    window.action("file.export_case").trigger()
    done = one_message(qtbot, log, "Case file exported")
    assert str(request.out_path) in done.text
    window.close()
