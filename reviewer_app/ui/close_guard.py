"""Closing the window while a write runs: ask before cutting it short.

A write job (an import above all) may be under way when the user closes the
window; closing used to cancel it without a word. Now the window asks: Wait
(the default, and Escape: the window stays open and the work goes on) or
Cancel it and quit (the job stops at its next step; what it had not
committed leaves nothing, as a cancel from the progress dialog would).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.ui import messages

if TYPE_CHECKING:
    from reviewer_app.ui.main_window import MainWindow

IMPORT_PREFIX = "Importing"  # import_flow names its jobs "Importing package", "Importing 3 packages"


def may_close(window: MainWindow) -> bool:
    """True when nothing is being written, or the user chose to cancel it and quit."""
    running = window.jobs.running_writes()
    if not running:
        return True
    names = [job.name for job in running if job.name]
    importing = any(name.startswith(IMPORT_PREFIX) for name in names)
    what = "An import is running" if importing else (
        f"Work is still being saved ({names[0]})" if names else "Work is still being saved")
    kept = ("the packages imported so far are kept; the one under way is undone whole, "
            "nothing is half-imported" if importing else
            "what is finished is kept; the step under way is undone whole")
    text = f"{what}. Wait for it to finish, or cancel it and quit?\n\nCancelling: {kept}."
    quit_now = messages.confirm(window, "Quit while work is running?", text,
                                yes="&Cancel it and quit", no="&Wait")
    if quit_now:
        window.jobs.cancel_all()  # shutdown() then waits for the write to roll back
    return quit_now
