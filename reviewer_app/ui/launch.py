"""``reviewer-app`` with no command: the desktop window.

Order: QApplication, workspace (first-run dialog when the folder holds none;
``--demo`` makes the demo once), sign in, main window, case list loaded off
the GUI thread. With a password in the environment and an existing
workspace, the workspace opens and the password check starts before Qt loads
(``env_sign_in``). Up to the first paint nothing loads SQLAlchemy: the
workspace opens, the password is checked and the cases are listed through
``storage.fast_read``; that sign-in's ``login`` audit entry is written on the
write thread once the case list shows (the ORM loads there), and at the
latest before ``launch`` returns.

Environment (documented in README/benchmarks):
- ``REVIEWER_APP_PASSWORD``: tried once for the user (``--user``, the demo's
  ``reviewer``, or the only user) instead of showing the login dialog; the
  password is still checked by ``services.access.sign_in.check_password`` (argon2id,
  growing delay, failures audited at once) and the login audited as above, so
  it bypasses nothing; on failure the dialog is shown.
- ``REVIEWER_APP_QUIT_WHEN_SHOWN=1``: print ``window-shown N`` once the
  window shows its case list, then quit (start-up benchmark).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from reviewer_app.errors import ReviewerError

if TYPE_CHECKING:  # Qt and SQLAlchemy load when they are needed, not before
    from reviewer_app.domain.users import Actor
    from reviewer_app.services.workspace import Workspace
    from reviewer_app.ui.env_sign_in import EarlyStart, PendingLogin
    from reviewer_app.ui.jobs import JobRunner
    from reviewer_app.ui.main_window import MainWindow

APP_NAME = "Frontier Review Desk"
ORG_NAME = "Frontier Review Office"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="reviewer-app", add_help=False)
    parser.add_argument("--workspace")
    parser.add_argument("--user")
    parser.add_argument("--demo", action="store_true")
    args, _rest = parser.parse_known_args(argv)
    return args


def launch(argv: list[str]) -> int:
    args = parse_args(argv)
    from reviewer_app.ui.env_sign_in import early_start

    early = early_start(args)  # before Qt loads, so the password check overlaps its import
    from PySide6.QtWidgets import QApplication

    from reviewer_app import __version__
    from reviewer_app.ui import messages

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(
        [sys.argv[0] if sys.argv else "reviewer-app"])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    from reviewer_app.ui.help_viewer import F1Help

    app.installEventFilter(F1Help(app))  # F1 in the sign-in and other dialogs (help_viewer)
    previous_hook = sys.excepthook
    sys.excepthook = _show_unexpected
    try:
        window = start(args, early)
        if window is None:
            return 0
        code = int(app.exec())
        finish(window)
        return code
    except ReviewerError as exc:
        messages.error(None, "Cannot start", exc.code, exc.message)
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - start-up bugs become a short report, not a traceback
        messages.show_exception(None, exc)
        return 1
    finally:
        sys.excepthook = previous_hook


def finish(window: MainWindow) -> None:
    """After the event loop: let the window's jobs end, then write a login
    entry still pending (the app quit at once, or that job was cancelled)."""
    window.jobs.shutdown()
    pending = window.pending_login
    if pending is not None:
        pending.write()


class _NotTried:
    """``start`` was not given ``early_start``'s answer: it asks itself."""


_NOT_TRIED = _NotTried()


def start(args: argparse.Namespace,
          early: EarlyStart | _NotTried | None = _NOT_TRIED) -> MainWindow | None:
    """Open the workspace, sign in and show the window; None when the user quit.

    ``early`` is ``env_sign_in.early_start``'s answer (workspace open, password
    check under way; or None); when not given, it is asked here.
    """
    from reviewer_app.ui.env_sign_in import early_start
    from reviewer_app.ui.jobs import JobRunner

    jobs = JobRunner()
    if isinstance(early, _NotTried):
        early = early_start(args)
    ws = early.ws if early else open_chosen_workspace(args, jobs)
    if ws is None:
        return None
    warn_if_readable(ws)
    signed = sign_in(ws, args, jobs, early)
    if signed is None:
        ws.close()
        return None
    actor, pending = signed
    load_window_modules()  # done already while the password was checked, unless the dialog asked
    from reviewer_app.ui.main_window import MainWindow

    window = MainWindow(ws, actor, jobs=jobs)
    jobs.setParent(window)
    window.setProperty("workspace_owned", True)
    window.pending_login = pending
    if os.environ.get("REVIEWER_APP_QUIT_WHEN_SHOWN") == "1":
        _quit_when_shown(window)
    window.show()
    window.refresh_cases()
    if pending is not None:
        _after_first_list(window, pending.submit)
    window.destroyed.connect(ws.close)
    return window


def warn_if_readable(ws: Workspace) -> None:
    """Say so when others can read the database or keys (a workspace made by an older version)."""
    from reviewer_app.services.workspace import exposure_warning
    from reviewer_app.ui import messages

    warning = exposure_warning(ws)
    if warning:
        messages.warning(None, "Workspace readable by others", warning[0].upper() + warning[1:])


def load_window_modules() -> None:
    """Import the main window and its wiring (the pages load when a case is shown)."""
    import reviewer_app.ui.main_window  # noqa: F401 - imported for its cost, used by start()


def _after_first_list(window: MainWindow, then: Callable[[MainWindow], None]) -> None:
    """``then(window)`` once, just after the window's first case list is set
    (or after ten seconds, should that list not come)."""
    from PySide6.QtCore import QTimer

    done: list[bool] = []

    def once() -> None:
        if not done:
            done.append(True)
            then(window)

    window.model.modelReset.connect(lambda: QTimer.singleShot(0, window, once))
    QTimer.singleShot(10_000, window, once)


def open_chosen_workspace(args: argparse.Namespace, jobs: JobRunner) -> Workspace | None:
    from reviewer_app.services.workspace import (
        default_location,
        is_workspace,
        open_workspace,
    )
    from reviewer_app.ui.first_run_dialog import CREATE, DEMO, CreateWorkspaceDialog, FirstRunDialog

    if args.demo:
        return open_demo(jobs, Path(args.workspace) if args.workspace else None)
    root = Path(args.workspace).expanduser() if args.workspace else default_location()
    if is_workspace(root):
        return open_workspace(root)
    choice = FirstRunDialog.ask(root)
    if choice == DEMO:
        return open_demo(jobs, None)
    if choice != CREATE:
        return None
    answer = CreateWorkspaceDialog.ask(root)
    if answer is None:
        return None
    from reviewer_app.services.setup import init_workspace
    from reviewer_app.ui.progress_dialog import run_with_progress

    result = run_with_progress(
        jobs, lambda _p, _c: init_workspace(root, workstation_passphrase=answer.passphrase, admin=answer.admin,
                                            admin_password=answer.admin_password),
        "Creating the workspace", write=True)
    return result.workspace


def open_demo(jobs: JobRunner, root: Path | None) -> Workspace:
    from reviewer_app.services.demo import ensure_demo
    from reviewer_app.services.workspace import open_workspace
    from reviewer_app.ui.progress_dialog import run_with_progress

    result = run_with_progress(jobs, lambda _p, _c: ensure_demo(root),
                               "Preparing the demo workspace", write=True)
    return open_workspace(result.root)


def sign_in(ws: Workspace, args: argparse.Namespace, jobs: JobRunner,
            early: EarlyStart | None = None) -> tuple[Actor, PendingLogin | None] | None:
    """``(actor, PendingLogin or None)``, or None when the user cancelled.

    A password from the environment is checked on its own thread while the
    window's modules load (``env_sign_in``); its login entry is written once
    the window shows (the ``PendingLogin``). The dialog's sign-in is audited
    by ``authenticate`` before the dialog closes.
    """
    from reviewer_app.ui.env_sign_in import PasswordCheck, PendingLogin, sole_user
    from reviewer_app.ui.login_dialog import LoginDialog

    if early is not None:
        username, check = early.username, early.check
    else:
        username = args.user or ("reviewer" if ws.is_demo else sole_user(ws))
        check = PasswordCheck.from_environment(ws, username)
    if check is not None:
        load_window_modules()  # meanwhile
        try:
            signed = check.outcome()
            print(f"Signed in as {username} with the password from REVIEWER_APP_PASSWORD.",
                  file=sys.stderr)
            return signed.actor, PendingLogin(ws, signed)
        except ReviewerError:
            pass  # fall through to the dialog: the environment's password was wrong
    from reviewer_app.domain.users import SYSTEM
    from reviewer_app.ui.context import PageContext

    # Nobody has signed in yet: the context's actor is unused; the write acts as the user checked.
    context = PageContext(ws, SYSTEM, jobs)
    actor = LoginDialog.ask(context, username=username, demo_hint=ws.is_demo)
    return None if actor is None else (actor, None)


def _show_unexpected(kind: type[BaseException], exc: BaseException,
                     tb: TracebackType | None) -> None:
    """An exception escaping a slot: a message with a short report, never a crash."""
    from reviewer_app.ui import messages

    if not isinstance(exc, Exception):
        sys.__excepthook__(kind, exc, tb)
        return
    messages.show_exception(None, exc)


def _quit_when_shown(window: MainWindow) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def check() -> None:
        if window.loaded and window.isVisible():
            print(f"window-shown {window.model.rowCount()}", flush=True)
            QApplication.quit()

    # Checked as soon as the case list is set (no polling delay in the figure).
    window.model.modelReset.connect(lambda: QTimer.singleShot(0, window, check))
