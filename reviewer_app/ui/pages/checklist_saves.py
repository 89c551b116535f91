"""Checklist saves: one service call per edit, kept in order, on the write thread.

Every edit goes through the page context's ``write``: the window's write pool
is ONE thread, so edits run in the order they were made and never contend for
SQLite's write lock. Each edit is its own unit of work (``services.checklist.items``),
committed as soon as it runs, so what the page shows as saved survives a crash.
``wait()`` lets the page finish queued edits before the window shuts its job
runner down (which would cancel them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from reviewer_app.domain.changes import Changes
from reviewer_app.domain.checklist import EvidenceLink, ItemState, Status
from reviewer_app.ui.context import PageContext

if TYPE_CHECKING:
    from reviewer_app.services.workspace import Workspace

# One edit: (workspace, case uuid, item id) -> the item as the database now holds it.
Edit = Callable[["Workspace", str, str], ItemState]


class ItemSaver(QObject):
    saved = Signal(object)  # ItemState, as the database now holds it
    failed = Signal(object)  # the exception (a ReviewerError for a refused edit)

    def __init__(self, page: QWidget, ctx: PageContext, case_uuid: str) -> None:
        super().__init__(page)
        self.ctx, self.case_uuid = ctx, case_uuid
        self.in_flight = 0  # saves queued or running on the write thread

    def set_item(self, item_id: str, *, status: Status | None = None, details: str | None = None,
                 comments: str | None = None, severity_override: str | None = None,
                 justification: str | None = None,
                 evidence_links: tuple[EvidenceLink, ...] | None = None) -> None:
        """``services.checklist.items.set_item`` for one item (None leaves a field as it is)."""
        from reviewer_app.services.checklist import set_item

        actor = self.ctx.actor

        def edit(ws: Workspace, case_uuid: str, item: str) -> ItemState:
            return set_item(ws, actor, case_uuid, item, status=status, details=details,
                            comments=comments, severity_override=severity_override,
                            justification=justification, evidence_links=evidence_links)

        self._save(item_id, edit)

    def accept(self, item_id: str) -> None:
        """``services.checklist.items.accept``: the suggestion becomes the item's status."""
        from reviewer_app.services.checklist import accept

        actor = self.ctx.actor
        self._save(item_id, lambda ws, case_uuid, item: accept(ws, actor, case_uuid, item))

    def _save(self, item_id: str, edit: Edit) -> None:
        case_uuid = self.case_uuid  # no widget in the worker
        self.in_flight += 1
        self.ctx.write(lambda w: edit(w.ws, case_uuid, item_id),
                       Changes(case=case_uuid, checklist=True, audit=True), self._saved,
                       owner=self, name=f"save checklist item {item_id}", on_error=self._failed)

    def _saved(self, state: ItemState) -> None:
        self.saved.emit(state)  # while this save still counts as in flight (see the page)
        self.in_flight -= 1

    def _failed(self, exc: BaseException) -> None:
        self.failed.emit(exc)
        self.in_flight -= 1

    def wait(self) -> None:
        """Block until every queued write has run (the window is about to close)."""
        if self.in_flight:
            self.ctx.wait_for_writes()
