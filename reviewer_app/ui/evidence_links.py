"""Follow a checklist evidence link: switch the main window to the tab that shows it.

A sample link opens the Evidence tab at that sample, a file link the
Submission tab at that file. Pages are found by their tab title (the titles
of ``ui.wiring``), and asked to focus through ``focus_sample`` / ``focus_file``
(the two small protocols below), so this module imports no page.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

from reviewer_app.domain.checklist import EvidenceLink
from reviewer_app.ui.window_roles import ShowsPages

EVIDENCE_TAB = "Evidence"
SUBMISSION_TAB = "Submission"


@runtime_checkable
class FocusesFile(Protocol):
    def focus_file(self, path: str) -> None: ...


@runtime_checkable
class FocusesSample(Protocol):
    def focus_sample(self, log_path: str, sample_id: str, epoch: int | None = None) -> None: ...


def target_tab(link: EvidenceLink) -> str:
    return SUBMISSION_TAB if link.sample_id is None else EVIDENCE_TAB


def open_link(window: QWidget | None, link: EvidenceLink) -> bool:
    """Make the link's tab current and focus its place; False if the window has no such tab."""
    if not isinstance(window, ShowsPages):
        return False
    page = window.show_page(target_tab(link))
    if page is None:
        return False
    if link.sample_id is None:
        if isinstance(page, FocusesFile):
            page.focus_file(link.path)
    elif isinstance(page, FocusesSample):
        page.focus_sample(link.path, link.sample_id, link.epoch)
    return True
