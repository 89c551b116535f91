"""Follow a checklist evidence link: switch the main window to the tab that shows it.

A sample link opens the Evidence tab at that sample, a file link the
Submission tab at that file. Pages are found by their tab title (the title
given to ``register_page``), and asked to focus through ``focus_sample`` /
``focus_file`` when they have them, so this module imports no page.
"""

from __future__ import annotations

from typing import Any

from reviewer_app.domain.checklist import EvidenceLink

EVIDENCE_TAB = "Evidence"
SUBMISSION_TAB = "Submission"


def target_tab(link: EvidenceLink) -> str:
    return SUBMISSION_TAB if link.sample_id is None else EVIDENCE_TAB


def open_link(window: Any, link: EvidenceLink) -> bool:
    """Make the link's tab current and focus its place; False if the window has no such tab."""
    show_page = getattr(window, "show_page", None)
    page = show_page(target_tab(link)) if callable(show_page) else None
    if page is None:
        return False
    if link.sample_id is None:
        focus_file = getattr(page, "focus_file", None)
        if callable(focus_file):
            focus_file(link.path)
    else:
        focus_sample = getattr(page, "focus_sample", None)
        if callable(focus_sample):
            focus_sample(link.path, link.sample_id, link.epoch)
    return True
