"""Checklist saves: one service call per edit, kept in order, off the GUI thread in a window.

Inside a main window an edit goes to ``window.jobs``' write pool: ONE thread,
so edits run in the order they were made and never contend for SQLite's
write lock. A page on its own (tests, the crash check) has no job runner and
saves at once on the GUI thread. Either way each edit is its own unit of work
(``services.checklist``), committed as soon as it runs, so what the page
shows as saved survives a crash. ``wait()`` lets the page finish queued
edits before the window shuts its job runner down (which would cancel them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from reviewer_app.domain.users import Actor


class ItemSaver(QObject):
    saved = Signal(object)  # ItemState, as the database now holds it
    failed = Signal(object)  # the exception (a ReviewerError for a refused edit)

    def __init__(self, page: QWidget, ws: Any, actor: Actor, case_uuid: str) -> None:
        super().__init__(page)
        self.page = page
        self.ws, self.actor, self.case_uuid = ws, actor, case_uuid
        self.in_flight = 0  # saves queued or running in the window's write pool

    def jobs(self) -> Any:
        return getattr(self.page.window(), "jobs", None)

    def save(self, item_id: str, method: str, **fields: Any) -> None:
        """``services.checklist.<method>(ws, actor, case, item_id, **fields)``, in order."""
        from reviewer_app.services import checklist

        service = getattr(checklist, method)
        ws, actor, case_uuid = self.ws, self.actor, self.case_uuid  # no widget in the worker

        def call() -> Any:
            return service(ws, actor, case_uuid, item_id, **fields)

        jobs = self.jobs()
        if jobs is None:
            try:
                state = call()
            except Exception as exc:  # noqa: BLE001 - a refused edit is a message, not a crash
                self.failed.emit(exc)
                return
            self.saved.emit(state)
            return
        self.in_flight += 1
        jobs.submit(lambda _p, _c: call(), write=True, name=f"save checklist item {item_id}",
                    on_success=self._alive(self.saved.emit),
                    on_failure=self._alive(self.failed.emit),
                    on_finished=self._alive(lambda: self._finished()))

    def _alive(self, slot: Callable[..., None]) -> Callable[..., None]:
        # The page (and this saver) may be gone when a save finishes: the case changed.
        return lambda *args: slot(*args) if shiboken6.isValid(self) else None

    def _finished(self) -> None:
        self.in_flight -= 1

    def wait(self) -> None:
        """Block until every queued write has run (the window is about to close)."""
        jobs = self.jobs()
        if jobs is not None and self.in_flight:
            jobs.writes.waitForDone(30000)
