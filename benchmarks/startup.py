"""Start-up and responsiveness figures, each next to a floor measured in the same run.

    /tmp/venv/bin/python benchmarks/startup.py [--repeats 5]

(a) floor: a bare PySide6 window with a QTableView, shown (fresh subprocess);
(b) ``reviewer-app --workspace WS`` cold start until the main window shows its
    1,000 cases (fresh subprocess; the password comes from
    REVIEWER_APP_PASSWORD and is checked by the normal sign-in path, and
    REVIEWER_APP_QUIT_WHEN_SHOWN=1 makes it print "window-shown" and quit);
(c) filter-as-you-type over 10,000 cases: ms per keystroke (in process).
Goals: (b) <= 4x (a); (c) <= 30 ms per keystroke.

``--breakdown`` adds where (b)'s time goes: the same start in fresh
subprocesses with ``perf_counter`` marks around the launch steps (median per
mark, ms from the first line of Python run, so the interpreter's own start is
not in them), including when the login's audit entry is written (after the
window shows, on the write thread).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "bench password"

FLOOR = """
import sys
from PySide6.QtWidgets import QApplication, QTableView
from PySide6.QtGui import QStandardItemModel
from PySide6.QtCore import QTimer
app = QApplication(sys.argv)
view = QTableView(); view.setModel(QStandardItemModel(1000, 8)); view.show()
QTimer.singleShot(0, lambda: (print("window-shown", flush=True), app.quit()))
app.exec()
"""


def timed_run(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from process start until it prints ``window-shown``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            text=True, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("window-shown"):
            elapsed = time.perf_counter() - start
            break
    else:
        raise SystemExit(f"{cmd} never showed its window: {proc.stderr.read() if proc.stderr else ''}")
    proc.wait(30)
    return elapsed


def make_workspace(root: Path, cases: int) -> None:
    from reviewer_app.services.setup import init_workspace
    from tests.support.case_factory import insert_cases, many

    result = init_workspace(root, workstation_passphrase="bench passphrase", admin="bench",
                            admin_password=PASSWORD)
    with result.workspace as ws:
        insert_cases(ws, many(cases))


BREAKDOWN = """
import json, sys, time
T0 = time.perf_counter()
marks = {}
def mark(name):
    marks.setdefault(name, round((time.perf_counter() - T0) * 1000, 1))
from reviewer_app.ui import env_sign_in, launch
from reviewer_app.services.cases import reading as cases
def wrap(owner, name, before, after):
    fn = getattr(owner, name)
    def wrapped(*a, **k):
        if before: mark(before)
        result = fn(*a, **k)
        if after: mark(after)
        return result
    setattr(owner, name, wrapped)
def window_marks():
    import reviewer_app.ui.main_window as mw
    wrap(mw.MainWindow, "__init__", None, "main window built")
    wrap(mw.MainWindow, "set_cases", None, "window-shown (cases set)")
mark("reviewer_app.ui.launch imported")
wrap(env_sign_in, "early_start", None, "workspace open, password check started")
wrap(launch, "start", "PySide6 imported, QApplication made", None)
launch_load = launch.load_window_modules
def load_then_mark():
    launch_load()
    mark("main window and its wiring imported (pages load later)")
    window_marks()
launch.load_window_modules = load_then_mark
wrap(env_sign_in.PasswordCheck, "outcome", None, "password check done (joined)")
wrap(cases, "list_cases", "case list asked (read thread)", "case list read")
wrap(env_sign_in.PendingLogin, "write", None, "login entry written (write thread)")
code = launch.launch(sys.argv[1:])
print("marks " + json.dumps(marks), flush=True)
"""


def breakdown(cmd_args: list[str], env: dict[str, str], repeats: int) -> list[tuple[str, float]]:
    """Median of each mark over ``repeats`` fresh starts, in the order they happen."""
    runs: list[dict[str, float]] = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", BREAKDOWN, *cmd_args], env=env, cwd=ROOT,
                             capture_output=True, text=True, timeout=120, check=True).stdout
        line = next(x for x in out.splitlines() if x.startswith("marks "))
        runs.append(json.loads(line[len("marks "):]))
    names = sorted(runs[0], key=lambda n: runs[0][n])
    return [(n, statistics.median(r[n] for r in runs if n in r)) for n in names]


def median_runs(cmd: list[str], env: dict[str, str], repeats: int) -> float:
    timed_run(cmd, env)  # warm the OS file cache; "cold" means a fresh interpreter
    return statistics.median(timed_run(cmd, env) for _ in range(repeats))


def filter_keystrokes(count: int = 10_000) -> tuple[float, float]:
    """Median and worst ms per keystroke typing then deleting a query."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView

    from reviewer_app.services.cases import to_case  # noqa: F401 - same import cost as the app
    from reviewer_app.ui.case_table_model import CaseFilterProxy, CaseTableModel
    from tests.support.case_factory import many

    app = QApplication.instance() or QApplication([])
    cases = [_domain_case(i, s) for i, s in enumerate(many(count), start=1)]
    model = CaseTableModel(cases)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.resize(1000, 700)
    view.show()
    app.processEvents()  # benchmark only: let the view lay out between keystrokes
    times = []
    query = "contoso aurora-3"
    steps = [query[:i] for i in range(1, len(query) + 1)]
    steps += [query[:i] for i in range(len(query) - 1, -1, -1)]
    for text in steps:
        start = time.perf_counter()
        proxy.set_filter_text(text)
        app.processEvents()  # include the repaint the user waits for
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def _domain_case(n: int, s):  # type: ignore[no-untyped-def]
    from reviewer_app.domain.case import Case

    return Case(id=n, uuid=f"u{n}", reference=s.reference, package_id=f"p{n}", status=s.status,
                received_at=s.received, window_end=s.window_end, model_name=s.model,
                model_version=s.version, organization=s.organization, manifest_sha256="0" * 64)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--breakdown", action="store_true",
                        help="also print where (b)'s time goes (marks in fresh subprocesses)")
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        t = time.perf_counter()
        make_workspace(ws, 1000)
        print(f"workspace of 1,000 cases made in {time.perf_counter() - t:.1f} s")
        floor = median_runs([sys.executable, "-c", FLOOR], env, args.repeats)
        app_env = {**env, "REVIEWER_APP_PASSWORD": PASSWORD, "REVIEWER_APP_QUIT_WHEN_SHOWN": "1"}
        app = median_runs([sys.executable, "-m", "reviewer_app", "--workspace", str(ws)],
                          app_env, args.repeats)
        marks = breakdown(["--workspace", str(ws)], app_env, args.repeats) if args.breakdown else []
    print(f"(a) bare PySide6 window + QTableView shown: {floor:.3f} s (floor, median of {args.repeats})")
    ratio = app / floor
    verdict = "OK" if ratio <= 4 else "OVER GOAL"
    print(f"(b) reviewer-app to main window with 1,000 cases: {app:.3f} s = {ratio:.2f}x floor "
          f"(goal <= 4x: {verdict})")
    if marks:
        print("    where (b) goes (in-process marks, median ms from the first line of Python):")
        for name, ms in marks:
            print(f"    {ms:7.1f}  {name}")
    median_ms, worst_ms = filter_keystrokes()
    verdict = "OK" if median_ms <= 30 else "OVER GOAL"
    print(f"(c) filter-as-you-type over 10,000 cases: {median_ms:.1f} ms per keystroke median, "
          f"{worst_ms:.1f} ms worst (goal <= 30 ms: {verdict}); "
          f"{median_ms / (floor * 1000):.2f}x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
