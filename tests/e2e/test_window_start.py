"""``reviewer-app`` (no command) as a subprocess: it signs in with the password
from the environment, shows its cases, quits, and its login is in the audit
trail exactly once, with the trail verifying; SQLAlchemy is not loaded before
the case list is on screen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reviewer_app.services.audit.trail import audit_entries, verify_audit
from reviewer_app.services.setup.workspace_init import init_workspace
from reviewer_app.services.workspace.folder import open_workspace
from tests.support.case_factory import insert_cases, many

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "window password"


def start_window(root: Path, cases: int, *command: str) -> subprocess.CompletedProcess[str]:
    """A workspace of ``cases`` cases (admin alice), then the window start, as a subprocess."""
    made = init_workspace(root, workstation_passphrase="workstation pass", admin="alice",
                          admin_password=PASSWORD)
    insert_cases(made.workspace, many(cases))
    made.workspace.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REVIEWER_APP_PASSWORD": PASSWORD,
           "REVIEWER_APP_QUIT_WHEN_SHOWN": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, *command, "--workspace", str(root)], env=env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_window_start_writes_the_login_entry(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    done = start_window(root, 25, "-m", "reviewer_app")
    assert done.returncode == 0, done.stderr
    assert "window-shown 25" in done.stdout
    with open_workspace(root) as ws:
        entries = audit_entries(ws)
        assert [e.action for e in entries].count("login") == 1
        assert (entries[-1].actor, entries[-1].action) == ("alice", "login")
        assert verify_audit(ws).ok


WATCH = """
import json, sys
from reviewer_app.ui import launch
load = launch.load_window_modules
def load_and_watch():
    load()
    import reviewer_app.ui.main_window as mw
    set_cases = mw.MainWindow.set_cases
    def watched(self, cases):
        set_cases(self, cases)
        seen = sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "alembic"})
        print("loaded-at-first-list " + json.dumps(seen), flush=True)
    mw.MainWindow.set_cases = watched
launch.load_window_modules = load_and_watch
sys.exit(launch.launch(sys.argv[1:]))
"""


def test_no_sqlalchemy_before_the_first_case_list(tmp_path: Path) -> None:
    done = start_window(tmp_path / "ws", 5, "-c", WATCH)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("loaded-at-first-list "))
    assert line == "loaded-at-first-list []"
