"""Bringing a case tab forward the way a user does: a click on its tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def click_tab(qtbot: Any, window: Any, title: str) -> QWidget:
    """Click the tab named ``title`` (its ``&`` ignored) in ``window.tabs``; its page."""
    tabs = window.tabs
    bar = tabs.tabBar()
    for index in range(tabs.count()):
        if tabs.tabText(index).replace("&", "") == title:
            qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
            qtbot.waitUntil(lambda i=index: tabs.currentIndex() == i, timeout=5000)
            page: QWidget = tabs.widget(index)
            return page
    raise AssertionError(f"no tab named {title!r}: "
                         f"{[tabs.tabText(i) for i in range(tabs.count())]}")
