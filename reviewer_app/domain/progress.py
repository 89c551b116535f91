"""Progress sinks and cancel tokens shared by services, formats and front ends.

A service reports progress through a plain callable and checks a token; the CLI
and the UI supply their own (a terminal bar, a Qt signal). Neither knows Qt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from reviewer_app.errors import CancelledError


@dataclass(frozen=True)
class ProgressEvent:
    """One progress report: what is happening and how far along it is."""

    stage: str
    done: int = 0
    total: int | None = None
    detail: str = ""


ProgressSink = Callable[[ProgressEvent], None]


def no_progress(_event: ProgressEvent) -> None:
    """A sink that discards reports (headless callers that do not care)."""


class CancelToken:
    """Set from any thread; checked by the worker between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise CancelledError()
