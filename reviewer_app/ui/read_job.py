"""One way for a page to run a read: a job on its window's runner, or at once.

A page in a window with a job runner (``window.jobs``) must not read on the
GUI thread; a page on its own (tests, a dialog) has no runner and reads at
once. The callbacks run on the GUI thread, and not at all once the page is
deleted (a job may finish after its tab was closed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtWidgets import QWidget

from reviewer_app.errors import ReviewerError


def run_read(owner: QWidget, fn: Callable[[], Any], on_success: Callable[[Any], None],
             on_failure: Callable[[BaseException], None], *, name: str,
             at_once: bool = False) -> None:
    """``fn()`` as a read job on ``owner``'s window (at once without one, or when
    ``at_once``); its value to ``on_success``, a ``ReviewerError`` to ``on_failure``."""
    jobs = getattr(owner.window(), "jobs", None)
    if jobs is None or at_once:
        try:
            value = fn()
        except ReviewerError as exc:
            on_failure(exc)
            return
        on_success(value)
        return

    def alive(slot: Callable[[Any], None]) -> Callable[[Any], None]:
        return lambda value: slot(value) if shiboken6.isValid(owner) else None

    jobs.submit(lambda _progress, _cancel: fn(), name=name, on_success=alive(on_success),
                on_failure=alive(on_failure))
