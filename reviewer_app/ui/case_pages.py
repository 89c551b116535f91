"""Pages of the case area (right side): feature modules register theirs here.

    from reviewer_app.ui.case_pages import register_page
    register_page("Checklist", lambda ws, actor, case: ChecklistPage(ws, actor, case), order=20)

A factory gets the open workspace, the acting user and the selected ``Case``
and returns a QWidget; it is called each time another case is selected. The
registry is a plain, ordered list, so tests can build a window with exactly
the pages they want (``PageRegistry`` passed to the window).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from reviewer_app.domain.case import Case
from reviewer_app.domain.users import Actor
from reviewer_app.ui.case_table_model import STATUS_LABELS, days_left_text

PageFactory = Callable[[Any, Actor, Case], QWidget]


@dataclass(frozen=True)
class PageSpec:
    title: str
    factory: PageFactory
    order: int = 100


@dataclass
class PageRegistry:
    pages: list[PageSpec] = field(default_factory=list)

    def register(self, title: str, factory: PageFactory, *, order: int = 100) -> None:
        """Add a page, or replace the one with the same title."""
        self.pages = [p for p in self.pages if p.title != title]
        self.pages.append(PageSpec(title, factory, order))
        self.pages.sort(key=lambda p: p.order)


class SummaryPage(QWidget):
    """The case's own fields, read-only, as label/value pairs (screen-reader friendly)."""

    def __init__(self, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from datetime import date

        self.setAccessibleName(f"Summary of case {case.reference}")
        form = QFormLayout(self)
        rows = [
            ("Reference", case.reference),
            ("Model", case.model_name),
            ("Version", case.model_version),
            ("Organisation", case.organization),
            ("Status", STATUS_LABELS.get(case.status.value, case.status.value)),
            ("Received", case.received_at.strftime("%Y-%m-%d %H:%M UTC")),
            ("Review window ends", case.window_end.isoformat()),
            ("Days left", days_left_text(case.days_left(date.today()))),
            ("Package id", case.package_id),
            ("Manifest SHA-256", case.manifest_sha256),
            ("Case UUID", case.uuid),
        ]
        if case.linked_to:
            rows.append(("Copy of case", case.linked_to))
        for label, value in rows:
            name = QLabel(f"{label}:", self)
            name.setAccessibleName(label)
            shown = QLabel(value, self)
            shown.setAccessibleName(f"{label}: {value}")
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            name.setBuddy(shown)
            form.addRow(name, shown)


# The application's registry; feature modules call ``register_page`` at import.
DEFAULT_PAGES = PageRegistry()
DEFAULT_PAGES.register("Summary", lambda _ws, _actor, case: SummaryPage(case), order=0)


def register_page(title: str, factory: PageFactory, *, order: int = 100) -> None:
    DEFAULT_PAGES.register(title, factory, order=order)
