"""The checklist's keyboard commands, in the Case menu and in the page's context menu.

N (next item not reviewed), Ctrl+1..4 (set the status) and Ctrl+Return (accept
the suggestion) are registered as menu actions, so the menu shows them with
their shortcuts. A page on its own (no window, as in tests and the crash
check) makes its own QActions; a page placed in a main window that has the
menu actions adopts them instead (``adopt_window_actions``), so each key has
exactly one QAction and Qt never sees an ambiguous shortcut.

The adopted actions get the WidgetWithChildrenShortcut context: their keys
work only while the focus is inside the checklist page (a plain N typed in
the case table or another page must not jump to the checklist), while the
menu entries still work from anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from reviewer_app.domain.checklist import Status
from reviewer_app.domain.permissions import EDIT_CHECKLIST
from reviewer_app.ui.actions import ActionRegistry
from reviewer_app.ui.pages.checklist_detail import STATUS_ORDER
from reviewer_app.ui.window_roles import HasMenuActions

if TYPE_CHECKING:
    from reviewer_app.ui.main_window import MainWindow

MENU = "Case"
NEXT = "checklist.next"
ACCEPT = "checklist.accept"


@dataclass(frozen=True)
class Command:
    key: str
    text: str  # the page's context menu text
    menu_text: str  # the Case menu's text (with its mnemonic)
    shortcut: str
    status: Status | None = None


def status_key(status: Status) -> str:
    return f"checklist.status.{status.name.lower()}"


COMMANDS: tuple[Command, ...] = (
    Command(NEXT, "Next item not reviewed", "Checklist: &next item not reviewed", "N"),
    *(Command(status_key(s), f"Set status: {s.label}", f"Checklist: set status {s.label}",
              f"Ctrl+{n}", s) for n, s in enumerate(STATUS_ORDER, start=1)),
    Command(ACCEPT, "Accept suggestion", "Checklist: accept &suggestion", "Ctrl+Return"),
)


def _tip(text: str, keys: str) -> str:
    return f"{text.replace('&', '')} ({keys})"


def page_actions(page: QWidget, run: Callable[[str], None]) -> dict[str, QAction]:
    """The page's own actions (used while it is not in a window with the menu actions)."""
    made: dict[str, QAction] = {}
    for command in COMMANDS:
        action = QAction(command.text, page)
        action.setShortcut(QKeySequence(command.shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(_tip(command.text, command.shortcut))
        action.triggered.connect(lambda _=False, key=command.key: run(key))
        page.addAction(action)
        made[command.key] = action
    return made


def adopt_window_actions(page: QWidget, own: dict[str, QAction],
                         window: QWidget | None) -> dict[str, QAction] | None:
    """Swap the page's own actions for the window's menu actions; None if it has none."""
    if not isinstance(window, HasMenuActions):
        return None
    try:
        menu_actions = {c.key: window.action(c.key) for c in COMMANDS}
    except KeyError:  # a window built from a registry without the checklist commands
        return None
    for command in COMMANDS:
        mine, theirs = own[command.key], menu_actions[command.key]
        page.removeAction(mine)
        mine.setShortcut(QKeySequence())  # one QAction per key: never ambiguous
        theirs.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if not theirs.statusTip():  # the window's reason the user's role may not, kept
            theirs.setToolTip(_tip(command.menu_text, command.shortcut))
        page.addAction(theirs)
    return menu_actions


def register(registry: ActionRegistry, run: Callable[[MainWindow, str], None], *,
             order: int = 11) -> None:
    """Add the commands to ``registry``'s Case menu; ``run(window, key)`` carries one out."""
    def runs(key: str) -> Callable[[MainWindow], None]:
        return lambda window: run(window, key)

    for offset, command in enumerate(COMMANDS):
        changes = command.key != NEXT  # moving to the next item changes nothing
        registry.register_action(command.key, MENU, command.menu_text, runs(command.key),
                                 shortcut=command.shortcut, needs_case=True,
                                 order=order + offset,
                                 permission=EDIT_CHECKLIST if changes else None)
