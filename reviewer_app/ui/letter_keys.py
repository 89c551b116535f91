"""Case > Sign letter... and Countersign letter...: the open case's buttons, pressed.

The menu entries (and their keys, Ctrl+Shift+S and Ctrl+Shift+K) bring the
Determination page forward and press its button, so they do exactly what the
button does: ask the credential, write through the page context, say the
result. When the button cannot be pressed now, the user is told why instead
of nothing happening.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton, QWidget

from reviewer_app.ui import messages

RETRY_MS = 100  # a page just made fills its form from a read job
RETRIES = 100


def press_letter_button(window: QWidget, page: QWidget | None, which: str,
                        retries: int = RETRIES) -> None:
    """Press ``page``'s "sign" or "countersign" button, or say why it cannot be pressed."""
    from reviewer_app.ui.pages.determination_page import DeterminationPage

    title = "Sign letter" if which == "sign" else "Countersign letter"
    if not isinstance(page, DeterminationPage):
        messages.info(window, title, "Select a case first.")
        return
    if page.loads == 0:
        if retries > 0:
            QTimer.singleShot(RETRY_MS, page,
                              lambda: press_letter_button(window, page, which, retries - 1))
        return
    button: QPushButton = page.sign_button if which == "sign" else page.countersign_button
    button.setFocus(Qt.FocusReason.ShortcutFocusReason)
    if button.isEnabled():
        button.click()
        return
    newest = page.letters[-1].state if page.letters else ""
    messages.info(window, title, why_not(which, newest))


def why_not(which: str, newest: str) -> str:
    """Why the button is disabled, from the newest letter's state ("" for none)."""
    if which == "sign":
        if newest == "countersigned":
            return "The letter is countersigned and the case issued: nothing is left to sign."
        return "Record the determination first: the letter is drafted from it."
    if not newest:
        return "There is no signed letter yet: the reviewer signs it first."
    return (f"There is no signed letter waiting for a countersignature (the newest letter "
            f"is {newest}).")
