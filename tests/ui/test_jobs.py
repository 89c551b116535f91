"""The job runner with real small functions: success, failure, cancel, progress."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QPushButton

from reviewer_app.domain.progress import ProgressEvent
from reviewer_app.errors import RejectedError
from reviewer_app.ui.jobs import JobRunner
from reviewer_app.ui.progress_dialog import JobProgressDialog, describe

# A job signals across threads; a signal emitted before ``waitSignal`` connects
# queues nothing and is lost. So each job waits at a gate the test opens once
# it is listening (without it these tests failed now and then under load).
GATE_SECONDS = 10


def gated(fn):
    gate = threading.Event()

    def run(progress, cancel):
        gate.wait(GATE_SECONDS)
        return fn(progress, cancel)

    return run, gate


def count_bytes(total: int, step: int, progress, cancel) -> int:
    done = 0
    while done < total:
        cancel.raise_if_cancelled()
        done = min(total, done + step)
        progress(ProgressEvent("Reading", done, total, "file.bin"))
        time.sleep(0.001)
    return done


def test_success_runs_off_the_gui_thread_and_reports_progress(qtbot):
    runner = JobRunner()
    events: list[ProgressEvent] = []
    threads: list[object] = []

    def work(progress, cancel):
        threads.append(QThread.currentThread())
        return count_bytes(1000, 10, progress, cancel)

    work, gate = gated(work)
    job = runner.submit(work, on_progress=events.append)
    with qtbot.waitSignal(job.signals.succeeded, timeout=5000) as blocker:
        gate.set()
    assert blocker.args == [1000]
    assert threads and threads[0] is not QThread.currentThread()
    assert events and events[-1].done == 1000  # the final event always arrives
    assert len(events) < 100  # throttled: not one signal per step
    qtbot.waitUntil(lambda: runner.active == 0)


def test_reviewer_error_is_reported_as_failure(qtbot):
    runner = JobRunner()

    def reject(_p, _c):
        raise RejectedError("BAD_PACKAGE", "the package is broken")

    reject, gate = gated(reject)
    job = runner.submit(reject)
    with qtbot.waitSignal(job.signals.failed, timeout=5000) as blocker:
        gate.set()
    assert isinstance(blocker.args[0], RejectedError)


def test_unexpected_exception_is_reported_not_raised(qtbot):
    runner = JobRunner()
    divide, gate = gated(lambda _p, _c: 1 / 0)
    job = runner.submit(divide)
    with qtbot.waitSignal(job.signals.failed, timeout=5000) as blocker:
        gate.set()
    assert isinstance(blocker.args[0], ZeroDivisionError)


def test_cancel_stops_the_work(qtbot):
    runner = JobRunner()
    started = threading.Event()

    def slow(progress, cancel):
        started.set()
        return count_bytes(10**9, 1, progress, cancel)

    job = runner.submit(slow)
    assert started.wait(5)
    with qtbot.waitSignals([job.signals.cancelled, job.signals.finished], timeout=5000):
        job.cancel()
    qtbot.waitUntil(lambda: runner.active == 0)


def test_a_job_cancelled_before_it_starts_never_runs(qtbot):
    runner = JobRunner()
    gate = threading.Event()
    ran: list[int] = []
    runner.submit(lambda _p, _c: gate.wait(5), write=True)
    second = runner.submit(lambda _p, _c: ran.append(1), write=True)
    second.cancel()
    with qtbot.waitSignal(second.signals.cancelled, timeout=5000):
        gate.set()
    assert ran == []


def test_writes_run_one_at_a_time(qtbot):
    runner = JobRunner()
    active, peak = [0], [0]
    lock = threading.Lock()

    def write(_p, _c):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.02)
        with lock:
            active[0] -= 1

    write, gate = gated(write)
    jobs = [runner.submit(write, write=True) for _ in range(4)]
    with qtbot.waitSignals([j.signals.finished for j in jobs], timeout=5000):
        gate.set()
    assert peak[0] == 1
    assert runner.writes.maxThreadCount() == 1


def test_progress_dialog_follows_the_job_and_cancel_sets_the_token(qtbot):
    runner = JobRunner()
    started = threading.Event()

    def slow(progress, cancel):
        started.set()
        return count_bytes(10**9, 1000, progress, cancel)

    job = runner.submit(slow)
    dialog = JobProgressDialog(job, "Reading the package")
    qtbot.addWidget(dialog)
    assert dialog.accessibleName() == "Progress: Reading the package"
    qtbot.waitUntil(lambda: "Reading:" in dialog.labelText(), timeout=5000)
    assert dialog.maximum() == 1000
    dialog.show()
    [button] = dialog.findChildren(QPushButton)
    with qtbot.waitSignal(job.signals.cancelled, timeout=5000):
        button.click()
    assert job.token.cancelled
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_describe_bytes_and_files():
    assert describe(ProgressEvent("Copying", 1536, 4096, "a.bin")) == \
        "Copying: 1.5 KB of 4.0 KB\na.bin"
    assert describe(ProgressEvent("Checking", 3, 10), unit="files") == "Checking: 3 of 10 files"
    assert describe(ProgressEvent("Scanning", 12), unit="files") == "Scanning: 12 files"
