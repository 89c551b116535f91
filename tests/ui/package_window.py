"""Helpers for UI tests that import real packages: a window on a package workspace,
the import flow's prompts replaced, one call to import a package through the flow."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.ui import import_flow
from reviewer_app.ui.actions import DEFAULT_ACTIONS
from reviewer_app.ui.case_pages import DEFAULT_PAGES, PageRegistry
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.pages import audit_page, submission_page, trust_page  # noqa: F401 - registers
from tests.factories.workspaces import ADMIN, PASSPHRASE


def our_pages() -> PageRegistry:
    pages = PageRegistry()
    for spec in DEFAULT_PAGES.pages:
        if spec.title in ("Summary", "Submission", "Audit"):
            pages.register(spec.title, spec.factory, order=spec.order)
    return pages


def open_window(qtbot, ws, actor=ADMIN) -> MainWindow:
    window = MainWindow(ws, actor, pages=our_pages(), actions=DEFAULT_ACTIONS, idle_minutes=60)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.loaded)
    return window


def answer_prompts(monkeypatch: pytest.MonkeyPatch, paths: list[Path],
                   passphrase: str | None = PASSPHRASE) -> list[int]:
    """Replace the file chooser and passphrase prompt; returns the prompt counts."""
    asked: list[int] = []
    monkeypatch.setattr(import_flow, "ask_files", lambda _parent: list(paths))

    def ask(_cls, _parent, count=1):
        asked.append(count)
        return passphrase

    monkeypatch.setattr(import_flow.PassphraseDialog, "ask", classmethod(ask))
    return asked


def import_through_menu(qtbot, window: MainWindow) -> None:
    """Ctrl+I's action, then wait until the write job and the reload have finished."""
    window.action("file.import_package").trigger()
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=20000)
