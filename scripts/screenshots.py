"""Drive the application on a fresh demo workspace and save PNGs for the user guide.

Run it through ``scripts/screenshots`` (Xvfb + xcb). Each shot is a small
function that puts the window in a state and names the picture; the guide
(docs/user-guide.md) refers to the file names, so keep them stable. Skeleton:
shots for the features that exist today; add one per guide section as the UI grows.
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
    while not window.loaded and time.monotonic() < deadline:
        app.processEvents()  # a script, not the app: waiting here is fine
        time.sleep(0.02)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)


def shot_main_window(window: Any) -> None:
    window.filter_box.clear()


def shot_case_selected(window: Any) -> None:
    if window.model.rowCount() and window.current_case() is None:
        window.table.selectRow(0)


SHOTS: list[tuple[str, Shot]] = [
    ("main-window.png", shot_main_window),
    ("case-selected.png", shot_case_selected),
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from reviewer_app.services.demo import DEMO_SECRET, ensure_demo
    from reviewer_app.services.users import authenticate
    from reviewer_app.services.workspace import open_workspace
    from reviewer_app.ui.features import load_features
    from reviewer_app.ui.launch import APP_NAME
    from reviewer_app.ui.main_window import MainWindow

    app = QApplication([APP_NAME])
    app.setApplicationDisplayName(APP_NAME)
    with tempfile.TemporaryDirectory() as tmp:
        root = ensure_demo(Path(tmp) / "demo").root
        with open_workspace(root) as ws:
            actor = authenticate(ws, "reviewer", DEMO_SECRET)
            load_features()
            window = MainWindow(ws, actor)
            window.resize(1200, 760)
            window.show()
            window.refresh_cases()
            for name, put_in_state in SHOTS:
                settle(app, window)
                put_in_state(window)
                settle(app, window)
                path = args.out / name
                if not window.grab().save(str(path), "PNG"):
                    print(f"could not save {path}", file=sys.stderr)
                    return 1
                print(path)
            window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
