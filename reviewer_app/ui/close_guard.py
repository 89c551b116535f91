"""Closing the window while a write runs: ask before cutting it short.

A write job (an import above all) may be under way when the user closes the
window; closing used to cancel it without a word. Now the window asks: Wait
(the default, and Escape: the window stays open and the work goes on) or
Cancel it and quit (the job stops at its next step; what it had not
committed leaves nothing, as a cancel from the progress dialog would).

The question is asked for the writes the user watches in a progress dialog
(an import, a case file's import or export): long, started by the user, and
worth finishing. The short writes every page makes on its own (saving an
answer, making a checklist) are cancelled and waited for as before, without a
question: each is one unit of work, committed whole or not at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.ui import messages

if TYPE_CHECKING:
    from reviewer_app.ui.main_window import MainWindow

def may_close(window: MainWindow) -> bool:
    """True when no watched write runs, or the user chose to cancel it and quit."""
    running = window.jobs.watched_writes()
    if not running:
        return True
    name = running[0].name.lower()  # "Importing 3 packages", "import case file", ...
    what = ("An import is running" if "import" in name else
            "An export is running" if "export" in name else f"'{running[0].name}' is running")
    kept = ("the packages imported so far are kept; the one under way is undone whole, "
            "nothing is half-imported" if "package" in name else
            "the step under way is undone whole; nothing is left half-written")
    text = f"{what}. Wait for it to finish, or cancel it and quit?\n\nCancelling: {kept}."
    quit_now = messages.confirm(window, "Quit while work is running?", text,
                                yes="&Cancel it and quit", no="&Wait")
    if quit_now:
        window.jobs.cancel_all()  # shutdown() then waits for the write to roll back
    return quit_now
