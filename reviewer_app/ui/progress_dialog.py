"""A progress dialog driven by one job's progress signal; Cancel sets the job's token."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from reviewer_app.domain.progress import CancelToken, ProgressEvent, ProgressSink
from reviewer_app.errors import CancelledError
from reviewer_app.ui.jobs import Job, JobRunner

T = TypeVar("T")


def describe(event: ProgressEvent, unit: str = "bytes") -> str:
    """Plain words for an event: stage, amount done (bytes or files), detail."""
    if not event.done and not event.total:  # a step with nothing to count (unlocking a key)
        return f"{event.stage}\n{event.detail}" if event.detail else f"{event.stage}..."
    if unit == "bytes":
        done = _size(event.done)
        amount = f"{done} of {_size(event.total)}" if event.total else done
    else:
        amount = f"{event.done:,} of {event.total:,} {unit}" if event.total else f"{event.done:,} {unit}"
    text = f"{event.stage}: {amount}"
    return f"{text}\n{event.detail}" if event.detail else text


def _size(n: int | None) -> str:
    value = float(n or 0)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:,.0f} {unit}" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{value:,.1f} GB"


class JobProgressDialog(QProgressDialog):
    """Shows after a short delay; closes itself when the job finishes."""

    def __init__(self, job: Job, title: str, parent: QWidget | None = None,
                 *, unit: str = "bytes") -> None:
        super().__init__(title, "Cancel", 0, 0, parent)
        self.job = job
        job.watched = True  # the user sees this work: closing the window asks before cutting it
        self.unit = unit
        self.setWindowTitle(title)
        self.setAccessibleName(f"Progress: {title}")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(400)  # quick jobs never flash a dialog
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.canceled.connect(self._cancel)
        self._closed = False
        job.signals.progress.connect(self.on_progress)
        job.signals.finished.connect(self._done)
        if job.ended:  # it finished before we connected: its signal is gone (#18 demo stall)
            QTimer.singleShot(0, self, self._done)

    def on_progress(self, event: ProgressEvent) -> None:
        if event.total:
            # QProgressDialog holds an int: scale large byte counts to per-mille.
            self.setMaximum(1000)
            self.setValue(min(1000, int(event.done * 1000 / event.total)))
        else:
            self.setMaximum(0)
        self.setLabelText(describe(event, self.unit))

    def reject(self) -> None:
        """Escape cancels the job as the Cancel button does (QProgressDialog only hid itself)."""
        self.canceled.emit()

    def _cancel(self) -> None:
        self.setLabelText("Cancelling... (the current step finishes, then nothing is kept)")
        self.job.cancel()

    def _done(self) -> None:
        if self._closed:  # both the signal and the check above may call this
            return
        self._closed = True
        self.canceled.disconnect(self._cancel)
        self.reset()
        self.close()
        self.deleteLater()


def run_with_progress(jobs: JobRunner, fn: Callable[[ProgressSink, CancelToken], T], title: str,
                      parent: QWidget | None = None, *, write: bool = False,
                      unit: str = "files") -> T:
    """Run ``fn`` as a job behind a modal progress dialog; return its result or raise.

    For steps the user must wait for anyway (creating the demo workspace at
    start-up). The dialog's own event loop keeps the application responsive.
    """
    results: list[T] = []
    errors: list[BaseException] = []
    job = jobs.submit(fn, write=write, name=title, on_success=results.append,
                      on_failure=errors.append,
                      on_cancel=lambda: errors.append(CancelledError()))
    dialog = JobProgressDialog(job, title, parent, unit=unit)
    dialog.setMinimumDuration(0)
    if not results and not errors:
        dialog.exec()
    if errors:
        raise errors[0]
    if not results:
        raise CancelledError()  # the dialog closed without an answer
    return results[0]
