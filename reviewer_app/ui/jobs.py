"""The one job runner: long work off the GUI thread, with progress and cancel.

A job is a plain function ``fn(progress, cancel) -> result`` (usually a lambda
around a service call). It runs in a QRunnable; its signals object is created
on the GUI thread, so every signal is delivered there (queued) and slots may
touch widgets. Reads share a QThreadPool; database writes go through a pool
of ONE thread so they never contend for SQLite's write lock. Nothing here
calls ``processEvents()``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from reviewer_app.domain.progress import CancelToken, ProgressEvent, ProgressSink
from reviewer_app.errors import CancelledError

JobFunction = Callable[[ProgressSink, CancelToken], Any]

# Progress is forwarded at most this often (the final event always is):
# a service reporting every 64 KiB block must not flood the event queue.
PROGRESS_INTERVAL = 0.05


class JobSignals(QObject):
    started = Signal()
    progress = Signal(object)  # ProgressEvent
    succeeded = Signal(object)  # the function's result
    failed = Signal(object)  # ReviewerError, or any unexpected Exception
    cancelled = Signal()
    finished = Signal()  # always last, whatever happened


class Job(QRunnable):
    """One run of ``fn``; ``cancel()`` may be called from the GUI thread at any time."""

    def __init__(self, fn: JobFunction, name: str = "") -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it (the runner keeps it until finished)
        self.fn = fn
        self.name = name
        self.write = False  # set by the runner: a write job
        self.watched = False  # set by a progress dialog showing it: quitting asks first
        # Set by the worker once ``fn`` has returned or raised, just before ``finished``
        # goes out: a slot connected later (a progress dialog made after a job that took a
        # millisecond) would wait for a signal already sent; it checks this instead.
        self.ended = False
        self.token = CancelToken()
        self.signals = JobSignals()
        self._last_progress = 0.0

    def cancel(self) -> None:
        self.token.cancel()

    def _report(self, event: ProgressEvent) -> None:
        now = time.monotonic()
        final = event.total is not None and event.done >= event.total
        if final or now - self._last_progress >= PROGRESS_INTERVAL:
            self._last_progress = now
            self.signals.progress.emit(event)

    def run(self) -> None:
        signals = self.signals
        try:
            if self.token.cancelled:
                signals.cancelled.emit()
                return
            signals.started.emit()
            result = self.fn(self._report, self.token)
            # A service that finished before it saw the token has kept its
            # work: that is a success, never reported as cancelled.
            signals.succeeded.emit(result)
        except CancelledError:
            signals.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - the boundary: a bug becomes a message, not a crash
            signals.failed.emit(exc)
        finally:
            self.ended = True  # before the queued signals reach the GUI thread
            signals.finished.emit()


class JobRunner(QObject):
    """Starts jobs on the read pool or the single-thread write pool."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reads = QThreadPool(self)
        self.writes = QThreadPool(self)
        self.writes.setMaxThreadCount(1)
        self._running: set[Job] = set()

    def submit(
        self,
        fn: JobFunction,
        *,
        write: bool = False,
        name: str = "",
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[ProgressEvent], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        on_finished: Callable[[], None] | None = None,
    ) -> Job:
        """Queue ``fn``; the callbacks run on the GUI thread. Returns the job (to cancel it)."""
        job = Job(fn, name)
        job.write = write
        s = job.signals
        for signal, slot in ((s.succeeded, on_success), (s.failed, on_failure),
                             (s.progress, on_progress), (s.cancelled, on_cancel),
                             (s.finished, on_finished)):
            if slot is not None:
                signal.connect(slot)
        s.finished.connect(lambda: self._running.discard(job))
        self._running.add(job)
        (self.writes if write else self.reads).start(job)
        return job

    @property
    def active(self) -> int:
        return len(self._running)

    def watched_writes(self) -> list[Job]:
        """The write jobs queued or under way behind a progress dialog (a quit asks first)."""
        return [job for job in self._running if job.write and job.watched and not job.ended]

    def cancel_all(self) -> None:
        for job in list(self._running):
            job.cancel()

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel what can be cancelled and wait (writes finish or roll back)."""
        self.cancel_all()
        reads = self.reads.waitForDone(timeout_ms)
        writes = self.writes.waitForDone(timeout_ms)
        return reads and writes
