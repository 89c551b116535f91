"""File > Lock now and File > Sign out / switch user: one desk, several people.

The two-person rule has a reviewer sign and a supervisor countersign, often at
the same workstation. Signing out covers the window (the idle lock's cover),
records ``logout`` for the user leaving, and shows the login dialog; whoever
signs in (audited as a ``login`` by ``authenticate``) becomes the window's
actor. The window keeps its widgets: the pages, the selected case and any
text not yet saved stay as they were, like after the idle lock. What the next
user saves is saved in their name (the audit trail says who). Cancelling the
dialog leaves the window covered with only "Sign in...": nobody is signed in
and nothing of the cases shows until someone signs in; Quit still works
(closing the window).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.domain.changes import Changes
from reviewer_app.ui.login_dialog import LoginDialog

if TYPE_CHECKING:
    from reviewer_app.ui.main_window import MainWindow


def lock_now(window: MainWindow) -> None:
    """File > Lock now: the window locks at once; the same user's password unlocks it."""
    window.lock_now(reason="asked")


def sign_out(window: MainWindow) -> None:
    """File > Sign out / switch user (and the lock screen's Switch user... / Sign in...)."""
    screen = window.lock_screen
    if not screen.signed_out:
        from reviewer_app.services.access import record_logout

        leaving = window.actor
        window.context.write(lambda w: record_logout(w.ws, leaving), Changes(audit=True),
                             owner=window, name="sign out", on_error=window.show_error)
        window.lock.lock()
        screen.show_signed_out()
    ask_sign_in(window)


def ask_sign_in(window: MainWindow) -> None:
    """The login dialog over the covered window; a sign-in uncovers it for that user."""
    actor = LoginDialog.ask(window.context, parent=window, demo_hint=window.context.is_demo)
    if actor is None:
        return  # stays signed out; the cover's Sign in... asks again
    window.set_actor(actor)
    window.lock.unlock()
    window.activateWindow()  # the keyboard back to the window (its shortcuts act again)
    window.table.setFocus()
