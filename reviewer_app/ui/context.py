"""The page context: the one way a page, dialog or menu action reaches the services.

``read(fn, ...)`` runs ``fn(work)`` on the background pool; ``write(fn, changes,
...)`` runs it on the window's single write thread, in the order asked. Both
deliver the result (or the error) on the GUI thread, and not at all once the
``owner`` widget is gone (a job may finish after its tab was closed). Nothing
here calls a service on the GUI thread, and a page standing alone in a test
gets a context of its own: the same runner, the same path.

Every write declares what it changed (``domain.changes.Changes``, or a function
of the write's result giving one). When a write succeeds the context emits
``changed(changes, owner)`` once, before the write's own callback; every open
view that shows that data reloads itself (Anki's ``OpChanges`` is the model).
A view skips the changes it caused itself (``owner`` is the view) when it
already shows their result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from reviewer_app.domain.changes import NOTHING, Changes
from reviewer_app.domain.progress import CancelToken, ProgressEvent, ProgressSink
from reviewer_app.domain.users import Actor
from reviewer_app.ui import messages
from reviewer_app.ui.jobs import Job, JobRunner

if TYPE_CHECKING:  # the workspace module loads SQLAlchemy: not before the first paint
    from reviewer_app.services.workspace import Workspace

T = TypeVar("T")


@dataclass(frozen=True)
class Work:
    """What a job's function gets: the workspace, and the job's progress sink and cancel token."""

    ws: Workspace
    progress: ProgressSink
    cancel: CancelToken


class PageContext(QObject):
    changed = Signal(object, object)  # Changes, the owner that asked for the write (or None)
    actor_changed = Signal(object)  # the Actor now signed in (File > Sign out / switch user)

    def __init__(self, ws: Workspace, actor: Actor, jobs: JobRunner | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ws = ws
        self.actor = actor
        self.jobs = jobs if jobs is not None else JobRunner(self)
        self.root: Path = ws.root
        self.logs: Path = ws.paths.logs
        self.inbox: Path = ws.paths.inbox  # where File > Import package... starts
        self.is_demo: bool = ws.is_demo

    def set_actor(self, actor: Actor) -> None:
        """Another user signed in: writes asked from now on act as them; views that show
        what the role allows listen to ``actor_changed``."""
        self.actor = actor
        self.actor_changed.emit(actor)

    def read(self, fn: Callable[[Work], T], on_done: Callable[[T], object], *,
             owner: QObject | None, name: str,
             on_error: Callable[[BaseException], None] | None = None,
             on_progress: Callable[[ProgressEvent], None] | None = None) -> Job:
        """``fn(work)`` on the read pool; its value to ``on_done``, an error to ``on_error``
        (default: a message box over ``owner``)."""
        return self._submit(fn, False, NOTHING, on_done, owner, name, on_error, on_progress, None)

    def write(self, fn: Callable[[Work], T], changes: Changes | Callable[[T], Changes],
              on_done: Callable[[T], object] | None = None, *, owner: QObject | None, name: str,
              on_error: Callable[[BaseException], None] | None = None,
              on_progress: Callable[[ProgressEvent], None] | None = None,
              on_cancel: Callable[[], None] | None = None) -> Job:
        """``fn(work)`` on the write thread, in order; ``changes`` (or ``changes(result)``)
        is broadcast on success, then ``on_done(result)`` runs."""
        return self._submit(fn, True, changes, on_done, owner, name, on_error, on_progress,
                            on_cancel)

    def wait_for_writes(self, timeout_ms: int = 30000) -> bool:
        """Block until the queued writes have run (the window is about to close)."""
        return self.jobs.writes.waitForDone(timeout_ms)

    def show_error(self, exc: BaseException, parent: QWidget | None = None) -> None:
        messages.show_exception(parent, exc, logs=self.logs)

    def _submit(self, fn: Callable[[Work], T], write: bool,
                changes: Changes | Callable[[T], Changes],
                on_done: Callable[[T], object] | None, owner: QObject | None, name: str,
                on_error: Callable[[BaseException], None] | None,
                on_progress: Callable[[ProgressEvent], None] | None,
                on_cancel: Callable[[], None] | None) -> Job:
        ws = self._ws  # no widget is touched in the worker

        def alive() -> bool:
            return owner is None or shiboken6.isValid(owner)

        def succeeded(result: T) -> None:
            if write:
                said = changes(result) if callable(changes) else changes
                if said.anything:
                    self.changed.emit(said, owner if alive() else None)
            if on_done is not None and alive():
                on_done(result)

        def failed(exc: BaseException) -> None:
            if not alive():
                return
            if on_error is not None:
                on_error(exc)
            else:
                self.show_error(exc, owner if isinstance(owner, QWidget) else None)

        def progress(event: ProgressEvent) -> None:
            if on_progress is not None and alive():
                on_progress(event)

        def cancelled() -> None:
            if on_cancel is not None and alive():
                on_cancel()

        return self.jobs.submit(lambda p, c: fn(Work(ws, p, c)), write=write, name=name,
                                on_success=succeeded, on_failure=failed,
                                on_progress=progress if on_progress is not None else None,
                                on_cancel=cancelled)
