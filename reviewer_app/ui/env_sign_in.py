"""Signing in with ``REVIEWER_APP_PASSWORD``, overlapped with the rest of start-up.

The password check (``services.access.sign_in.check_password``: the growing delay,
then argon2id, about 0.1 s of C that runs without the GIL) starts on its own
thread as soon as the workspace is open; ``launch`` opens it before PySide6
is even imported. Qt, the main window and its wiring load
meanwhile; the window is built only once the check has passed, and a wrong
password shows the login dialog as before. The check reads through
``storage.fast_read``; the one write it can make (a failure's count and
``login.failed`` entry) happens on its thread before anything else of this
process writes, as ``authenticate`` used to on the GUI thread.

A passed check's ``login`` audit entry (the ORM, so SQLAlchemy's import) is
written by ``PendingLogin`` on the window's write thread once the case list
shows, and at the latest when ``launch`` ends.
"""

from __future__ import annotations

import argparse
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer_app.domain.changes import Changes
from reviewer_app.errors import ReviewerError

if TYPE_CHECKING:  # SQLAlchemy, Qt: not before the password check has started
    from reviewer_app.services.access import SignIn
    from reviewer_app.services.workspace import Workspace
    from reviewer_app.ui.main_window import MainWindow

ENV_VARIABLE = "REVIEWER_APP_PASSWORD"  # the name of the variable, not a password


class PasswordCheck:
    """``check_password`` on its own thread; ``outcome()`` waits for it."""

    def __init__(self, ws: Workspace, username: str, password: str) -> None:
        self.ws = ws
        self.username = username
        self._password = password
        self._result: SignIn | None = None
        self._error: Exception | None = None
        self._thread = threading.Thread(target=self._run, name="check password", daemon=True)
        self._thread.start()

    @classmethod
    def from_environment(cls, ws: Workspace, username: str) -> PasswordCheck | None:
        password = os.environ.get(ENV_VARIABLE)
        return cls(ws, username, password) if password and username else None

    def _run(self) -> None:
        from reviewer_app.services.access import check_password

        try:
            self._result = check_password(self.ws, self.username, self._password)
        except Exception as exc:  # noqa: BLE001 - handed to the waiting thread as is
            self._error = exc
        finally:
            self._password = ""

    def outcome(self) -> SignIn:
        """The ``SignIn``; raises what the check raised (``LOGIN_FAILED`` when wrong)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        if self._result is None:
            raise RuntimeError("the password check stopped without an answer")
        return self._result


@dataclass(frozen=True)
class EarlyStart:
    """A workspace opened before Qt loaded, and its user's password check under way."""

    ws: Workspace
    username: str
    check: PasswordCheck | None


def early_start(args: argparse.Namespace) -> EarlyStart | None:
    """Open the workspace and start checking the environment's password, when
    neither needs a dialog; None otherwise (``start`` then does it the usual way)."""
    if not os.environ.get(ENV_VARIABLE) or args.demo:
        return None
    from reviewer_app.services.workspace import (
        default_location,
        is_workspace,
        open_workspace,
    )

    root = Path(args.workspace).expanduser() if args.workspace else default_location()
    if not is_workspace(root):
        return None
    try:
        ws = open_workspace(root)
    except Exception:  # noqa: BLE001 - Qt is not up yet: start() opens it again and reports
        return None
    username = args.user or ("reviewer" if ws.is_demo else sole_user(ws))
    return EarlyStart(ws, username, PasswordCheck.from_environment(ws, username))


def sole_user(ws: Workspace) -> str:
    from reviewer_app.services.access import sole_username

    try:
        return sole_username(ws)
    except ReviewerError:
        return ""


class PendingLogin:
    """The ``login`` audit entry of a password checked at start-up, written once.

    ``submit`` queues it on the window's write thread; ``write`` does it now
    unless done (``launch`` calls it after the event loop, in case the job
    never ran). If it cannot be written the window closes: nobody works signed
    in without that entry.
    """

    def __init__(self, ws: Workspace, signed: SignIn) -> None:
        self.ws = ws
        self.signed = signed
        self.written = False
        self._lock = threading.Lock()

    def write(self) -> None:
        from reviewer_app.services.access import record_login

        with self._lock:
            if not self.written:
                record_login(self.ws, self.signed)
                self.written = True

    def submit(self, window: MainWindow) -> None:
        def failed(exc: BaseException) -> None:
            window.show_error(exc)
            window.close()

        window.context.write(lambda _w: self.write(), Changes(audit=True), owner=window,
                             name="record sign-in", on_error=failed)
