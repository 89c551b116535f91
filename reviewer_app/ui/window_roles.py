"""What a page may ask of the window it sits in, as protocols.

A page is handed ``self.window()`` (a plain ``QWidget``); it checks for the one
ability it needs instead of importing the main window (which imports the pages:
a cycle). A page shown alone in a dialog or a test simply finds no such ability.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget


@runtime_checkable
class ShowsPages(Protocol):
    def show_page(self, title: str) -> QWidget | None: ...


@runtime_checkable
class HasMenuActions(Protocol):
    def action(self, key: str) -> QAction: ...
