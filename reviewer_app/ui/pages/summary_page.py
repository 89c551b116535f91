"""The Summary page: where the case stands (the overview) and its details."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from reviewer_app.domain.case import Case
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.overview import CaseOverview
from reviewer_app.ui.case_table_model import STATUS_LABELS, days_left_text
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.pages.overview_panel import OverviewPanel


class SummaryPage(QWidget):
    """Where the case stands (the overview: clock, assessment, checklist, decision, next
    step) above the case's own fields, read-only, as label/value pairs.

    The fields show from the ``Case`` the window passes; the overview is read off the
    GUI thread. Both are read again when a write changes what they show."""

    def __init__(self, ctx: PageContext, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case = ctx, case
        self.overview: CaseOverview | None = None
        self._reads = 0  # overview reads begun; only the newest one's result is shown
        self.setAccessibleName(f"Summary of case {case.reference}")
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        QVBoxLayout(self).addWidget(scroll)
        body = QWidget(scroll)
        column = QVBoxLayout(body)
        self.panel = OverviewPanel(body)
        column.addWidget(self.panel)
        details = QLabel("<b>Case details</b>", body)
        details.setAccessibleName("Case details")
        column.addWidget(details)
        self.form = QFormLayout()
        column.addLayout(self.form)
        column.addStretch(1)
        scroll.setWidget(body)
        self.values: dict[str, QLabel] = {}
        self.show_case(case)
        ctx.changed.connect(self._on_changed)
        QTimer.singleShot(0, self, self.read_overview)

    def read_overview(self, *, evidence_changed: bool = True) -> None:
        """Read the overview; the assessment is kept unless the evidence may have changed."""
        from reviewer_app.services.case_view import case_overview

        key = self.case.uuid
        kept = None if evidence_changed or self.overview is None else self.overview.assessment
        self._reads += 1
        read = self._reads
        self.ctx.read(lambda w: case_overview(w.ws, key, date.today(), kept),
                      lambda overview: self.show_overview(overview, read),
                      owner=self, name="case overview",
                      on_error=lambda exc: self.panel.show_failure(str(exc)))

    def show_overview(self, overview: CaseOverview, read: int | None = None) -> None:
        if read is not None and read != self._reads:
            return  # an older read finished after a newer one began: the newer one shows
        self.overview = overview
        self.panel.show_overview(overview)

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
        if not changes.about(self.case.uuid):
            return
        if changes.cases or changes.checklist or changes.determination or changes.letters:
            # A case's submission (so its evidence) never changes once imported: a
            # case-file merge must carry the same one. Kept unless no one case is named.
            self.read_overview(evidence_changed=changes.case is None)
        if changes.cases:
            from reviewer_app.services.cases import get_case

            key = self.case.uuid
            self.ctx.read(lambda w: get_case(w.ws, key), self.show_case, owner=self,
                          name="read case")
