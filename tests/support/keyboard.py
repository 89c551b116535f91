"""Every key a window answers to, collected as Qt would match them, to find clashes.

``keys_in_scope(window)`` lists the mnemonics (``&X`` in a buddied label, a
button, a group box title, a tab title, a menu bar title) and the shortcuts
(``QAction``, ``QShortcut``) that are live in ``window`` as it is shown now:
Qt matches a widget's mnemonic only while the widget is visible, so a page
in a hidden tab does not count, while the menu bar counts on every page.

A disabled widget still counts: its mnemonic comes back the moment it is
enabled (the Sign button once a determination is recorded), and a clash that
waits for that moment is still a clash. ``menu_mnemonic_clashes`` checks the
entries inside each menu, which only count while that menu is open.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QTabBar,
    QWidget,
)

PORTABLE = QKeySequence.SequenceFormat.PortableText


@dataclass(frozen=True)
class Key:
    keys: str  # "Alt+T", "Ctrl+Shift+S"
    owner: str  # what answers it, for the failure message


def mnemonic(text: str) -> str:
    """The Alt key ``text``'s ``&X`` gives, or ""."""
    return QKeySequence.mnemonic(text).toString(PORTABLE)


def _name(widget: QWidget, text: str) -> str:
    return f"{type(widget).__name__} {text.replace('&&', '&')!r}"


def _shown(widget: QWidget | None, window: QWidget) -> bool:
    return widget is not None and widget.isVisibleTo(window) and window.isVisible()


def _widget_mnemonics(window: QWidget) -> list[Key]:
    found: list[Key] = []
    for widget in [window, *window.findChildren(QWidget)]:
        if not _shown(widget, window) or widget.window() is not window:
            continue
        texts: list[str] = []
        if (isinstance(widget, QLabel) and widget.buddy() is not None) or isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count())
                         if widget.isTabVisible(i))
        elif isinstance(widget, QMenuBar):
            texts.extend(a.text() for a in widget.actions() if a.isVisible())
        found.extend(Key(keys, _name(widget, text)) for text in texts if (keys := mnemonic(text)))
    return found


def _action_in_scope(action: QAction, window: QWidget) -> bool:
    if action.shortcutContext() == Qt.ShortcutContext.ApplicationShortcut:
        return True
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu):
            if owner.menuAction().associatedObjects() or owner.isVisible():
                return True  # a menu of the menu bar (or a context menu shown now)
        elif isinstance(owner, QWidget) and _shown(owner, window) and owner.window() is window:
            return True
    return False


def _shortcuts(window: QWidget) -> list[Key]:
    found: list[Key] = []
    seen: set[int] = set()
    actions = list(window.findChildren(QAction))
    for widget in [window, *window.findChildren(QWidget)]:
        actions.extend(widget.actions())
    for action in actions:
        if id(action) in seen or not _action_in_scope(action, window):
            continue
        seen.add(id(action))
        found.extend(Key(s.toString(PORTABLE), f"QAction {action.text()!r}")
                     for s in action.shortcuts() if not s.isEmpty())
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if shortcut.isEnabled() and isinstance(parent, QWidget) and _shown(parent, window):
            found.extend(Key(s.toString(PORTABLE), f"QShortcut of {type(parent).__name__}")
                         for s in shortcut.keys() if not s.isEmpty())  # noqa: SIM118 - a list
    return found


def keys_in_scope(window: QWidget) -> list[Key]:
    return _widget_mnemonics(window) + _shortcuts(window)


def clashes(keys: list[Key]) -> dict[str, list[str]]:
    """Each key sequence answered by more than one thing, with what answers it."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        by_key[key.keys].append(key.owner)
    return {k: owners for k, owners in by_key.items() if len(owners) > 1}


def menu_mnemonic_clashes(bar: QMenuBar) -> dict[str, list[str]]:
    """Two entries of one menu with the same underlined letter."""
    found: dict[str, list[str]] = {}
    for title_action in bar.actions():
        menu = title_action.menu()
        if not isinstance(menu, QMenu):
            continue
        keys = [Key(mnemonic(a.text()), a.text()) for a in menu.actions() if mnemonic(a.text())]
        for keys_, owners in clashes(keys).items():
            found[f"{title_action.text()} menu {keys_}"] = owners
    return found
