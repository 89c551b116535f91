"""A job that ends before its progress dialog is made must not leave the dialog up.

A second ``reviewer-app --demo`` finds the demo made already, so its job ends
within milliseconds: before the fix, the job's ``finished`` signal went out
before the dialog connected to it (a signal emitted before a connection queues
nothing), and "Preparing the demo workspace" stayed on screen, the CPU idle,
until the user pressed Cancel.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from reviewer_app.ui.jobs import JobRunner
from reviewer_app.ui.progress_dialog import run_with_progress

GIVE_UP_MS = 3000


class DoneBeforeTheDialog(JobRunner):
    """Each job has ended by the time ``submit`` returns: the fastest machine there is."""

    def submit(self, fn, **kwargs):  # type: ignore[no-untyped-def]
        job = super().submit(fn, **kwargs)
        (self.writes if kwargs.get("write") else self.reads).waitForDone()
        return job


def _press_cancel_if_still_up(pressed: list[str]) -> None:
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, QProgressDialog):
        pressed.append(dialog.labelText())
        dialog.cancel()


def test_a_job_done_before_its_dialog_shows_returns_without_cancel(qtbot):
    jobs = DoneBeforeTheDialog()
    pressed: list[str] = []
    QTimer.singleShot(GIVE_UP_MS, lambda: _press_cancel_if_still_up(pressed))
    result = run_with_progress(jobs, lambda _p, _c: "the demo", "Preparing the demo workspace",
                               write=True)
    assert result == "the demo"
    assert pressed == [], "the dialog stayed up until Cancel was pressed"
    jobs.shutdown()
