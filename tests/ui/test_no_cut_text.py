"""No cut text at 1280x800: the window with a case open, every tab in front in turn,
and the sign-in dialog showing an error. At 200 % (``QT_SCALE_FACTOR=2``) the
same check runs in a subprocess: the scale factor is read when Qt starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reviewer_app.domain.users import SYSTEM
from reviewer_app.services.workspace.folder import open_workspace
from reviewer_app.ui import wiring
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.login_dialog import LoginDialog
from reviewer_app.ui.main_window import MainWindow
from tests.support.checklist_cases import REVIEWER, manifest, workspace_with_log
from tests.support.cut_text import cut_text

ROOT = Path(__file__).resolve().parents[2]
WIDTH, HEIGHT = 1280, 800


def test_every_tab_of_a_case_fits_at_1280x800(qtbot, tmp_path: Path):
    data = manifest(files=[{"path": "evidence/cybench.eval", "sha256": "a" * 64, "size": 10,
                            "role": "evidence"}])
    root, _ = workspace_with_log(tmp_path, 5, data)
    ws = open_workspace(root)
    window = MainWindow(ws, REVIEWER, actions=wiring.menu_actions(), idle_minutes=60)
    qtbot.addWidget(window)
    window.resize(WIDTH, HEIGHT)
    window.show()
    qtbot.waitExposed(window)
    if os.environ.get("QT_SCALE_FACTOR") == "2":  # the run at 200 % is really at 200 %
        assert window.devicePixelRatio() == 2
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.loaded)
    found = {"case list": cut_text(window)}
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.tabs.count() == len(wiring.case_pages()))
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=15000)
        qtbot.wait(50)  # the layout after the page's data arrived
        found[window.tabs.tabText(index)] = cut_text(window)
    window.close()
    ws.close()
    assert {page: cut for page, cut in found.items() if cut} == {}


def test_the_sign_in_error_fits(qtbot, workspace):
    dialog = LoginDialog(PageContext(workspace, SYSTEM), username="alice")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.password, "not the password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Warning"), timeout=15000)
    qtbot.waitUntil(lambda: dialog.context.jobs.active == 0, timeout=10000)
    qtbot.wait(50)
    assert cut_text(dialog) == []


@pytest.mark.slow
def test_the_same_at_200_percent():
    if os.environ.get("QT_SCALE_FACTOR") == "2":
        pytest.skip("this is the run at 200 %")
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           f"{__file__}::test_every_tab_of_a_case_fits_at_1280x800",
                           f"{__file__}::test_the_sign_in_error_fits"],
                          env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-4000:]
