"""Pages of the case area (right side): what a page is, and the Summary page.

A page factory gets the window's ``PageContext`` and the selected ``Case`` and
returns a QWidget; it is called each time another case is selected. The
application's pages are listed in ``ui.wiring.case_pages()``; tests give the
window exactly the pages they want (a list of ``PageSpec``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from reviewer_app.domain.case import Case
from reviewer_app.domain.changes import Changes
from reviewer_app.ui.case_table_model import STATUS_LABELS, days_left_text
from reviewer_app.ui.context import PageContext

PageFactory = Callable[[PageContext, Case], QWidget]


@dataclass(frozen=True)
class PageSpec:
    title: str
    factory: PageFactory


class SummaryPage(QWidget):
    """The case's own fields, read-only, as label/value pairs (screen-reader friendly).

    Shown from the ``Case`` the window passes; read again when a write changes the case."""

    def __init__(self, ctx: PageContext, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case = ctx, case
        self.setAccessibleName(f"Summary of case {case.reference}")
        self.form = QFormLayout(self)
        self.values: dict[str, QLabel] = {}
        self.show_case(case)
        ctx.changed.connect(self._on_changed)

    def show_case(self, case: Case) -> None:
        self.case = case
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
            shown = self.values.get(label)
            if shown is None:
                name = QLabel(f"{label}:", self)
                name.setAccessibleName(label)
                shown = QLabel(self)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                              | Qt.TextInteractionFlag.TextSelectableByKeyboard)
                name.setBuddy(shown)
                self.form.addRow(name, shown)
                self.values[label] = shown
            shown.setText(value)
            shown.setAccessibleName(f"{label}: {value}")

    def _on_changed(self, changes: Changes, _owner: object) -> None:
        if changes.cases and changes.about(self.case.uuid):
            from reviewer_app.services.cases import get_case

            key = self.case.uuid
            self.ctx.read(lambda w: get_case(w.ws, key), self.show_case, owner=self,
                          name="read case")
