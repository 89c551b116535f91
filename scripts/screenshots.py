"""Drive the application on a fresh demo workspace and save PNGs for the user guide.

Run it through ``scripts/screenshots`` (Xvfb + xcb). Each shot is a small
function that puts the window in a state and names the picture; the guide
(docs/user-guide.md) refers to the file names, so keep them stable. The case
pages are shot from the tabs present at run time (``case-<title>.png``), so a
page added later gets its picture when the script is run again.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

Shot = Callable[[Any], None]


def settle(app: Any, window: Any, timeout_s: float = 20.0) -> None:
    """Let jobs finish and the window paint before a picture is taken."""
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and (not getattr(window, "loaded", True)
                                           or _busy(window)):
        app.processEvents()  # a script, not the app: waiting here is fine
        time.sleep(0.02)
    for _ in range(25):
        app.processEvents()
        time.sleep(0.01)


def _busy(window: Any) -> bool:
    jobs = getattr(window, "jobs", None)
    return bool(jobs is not None and jobs.active)


def shot_main_window(window: Any) -> None:
    window.filter_box.clear()


# The demo case whose evidence crosses a cyber threshold (declared 0.38, log 0.46,
# threshold 0.40): the case pages are shot on it, so the pictures show the assessment at work.
SHOWN_MODEL = "Aurora-3"


def shot_case_selected(window: Any) -> None:
    for row in range(window.proxy.rowCount()):
        if window.proxy.case_at(row).model_name == SHOWN_MODEL:
            window.select_case(window.proxy.case_at(row).reference)
            return
    if window.model.rowCount() and window.current_case() is None:
        window.table.selectRow(0)


SHOTS: list[tuple[str, Shot]] = [
    ("main-window.png", shot_main_window),
]


def page_file_name(title: str) -> str:
    """"Checklist" -> case-checklist.png; the guide refers to these names."""
    words = "".join(c if c.isalnum() else " " for c in title.lower()).split()
    return "case-" + "-".join(words) + ".png"


def save(widget: Any, path: Path) -> bool:
    ok = bool(widget.grab().save(str(path), "PNG"))
    print(path if ok else f"could not save {path}", file=sys.stdout if ok else sys.stderr)
    return ok


def shoot_case_pages(app: Any, window: Any, out: Path) -> bool:
    """One picture per case tab present now: pages added later are shot when re-run."""
    ok = True
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        settle(app, window)
        ok = save(window, out / page_file_name(window.tabs.tabText(index).replace("&", ""))) and ok
    window.tabs.setCurrentIndex(0)
    return ok


def shoot_login(app: Any, ws: Any, out: Path) -> bool:
    from reviewer_app.domain.users import SYSTEM
    from reviewer_app.ui.context import PageContext
    from reviewer_app.ui.login_dialog import LoginDialog

    dialog = LoginDialog(PageContext(ws, SYSTEM), username="reviewer", demo_hint=True)
    dialog.show()
    settle(app, dialog)
    ok = save(dialog, out / "login.png")
    dialog.close()
    return ok


def shoot_guide(app: Any, window: Any, out: Path) -> bool:
    from reviewer_app.ui.help_viewer import show_guide

    dialog = show_guide(window, anchor="pkg_file_mismatch")
    settle(app, dialog)
    ok = save(dialog, out / "help-guide.png")
    dialog.close()
    return ok


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from reviewer_app.services.access import authenticate
    from reviewer_app.services.demo import DEMO_SECRET, ensure_demo
    from reviewer_app.services.workspace import open_workspace
    from reviewer_app.ui.launch import APP_NAME
    from reviewer_app.ui.main_window import MainWindow

    app = QApplication([APP_NAME])
    app.setApplicationDisplayName(APP_NAME)
    with tempfile.TemporaryDirectory() as tmp:
        root = ensure_demo(Path(tmp) / "demo").root
        with open_workspace(root) as ws:
            actor = authenticate(ws, "reviewer", DEMO_SECRET)
            window = MainWindow(ws, actor)
            window.resize(1280, 800)  # the size the guide promises no cut text at
            window.show()
            window.refresh_cases()
            ok = shoot_login(app, ws, args.out)
            for name, put_in_state in SHOTS:
                settle(app, window)
                put_in_state(window)
                settle(app, window)
                ok = save(window, args.out / name) and ok
            shot_case_selected(window)
            settle(app, window)
            ok = shoot_case_pages(app, window, args.out) and ok
            if (REPO / "docs" / "user-guide.md").is_file():
                ok = shoot_guide(app, window, args.out) and ok
            window.close()
            settle(app, window)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
