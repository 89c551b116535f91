"""Release and access page: the review clock, release stages against the window's
end, and the access plan's regions by country name with countries of concern marked.

Everything is shown as text with an icon (never colour alone). The facts come
from ``services.checklist.facts.gather_facts`` (the auto-checks' view of the
case), read through the page context (off the GUI thread).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLabel,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.autochecks import CaseFacts
from reviewer_app.domain.case import Case
from reviewer_app.domain.countries import country_name
from reviewer_app.domain.timeline import Urgency, review_clock
from reviewer_app.ui.context import PageContext

SP = QStyle.StandardPixmap
URGENCY_ICONS = {Urgency.OVERDUE: SP.SP_MessageBoxCritical,
                 Urgency.DUE_SOON: SP.SP_MessageBoxWarning,
                 Urgency.ON_TRACK: SP.SP_DialogApplyButton}
STAGE_COLUMNS = ("Stage", "Start", "Audience", "Regions", "Against window end")
REGION_COLUMNS = ("Code", "Country", "Country of concern")


def region_text(code: str) -> str:
    return "all regions (*)" if code == "*" else f"{country_name(code.upper())} ({code})"


def against_end(start: date | None, window_end: date) -> tuple[str, SP]:
    if start is None:
        return "No start date", SP.SP_MessageBoxQuestion
    if start < window_end:
        days = (window_end - start).days
        return f"Before the window ends ({days} day(s) early)", SP.SP_MessageBoxWarning
    return "On or after the window's end", SP.SP_DialogApplyButton


class ReleasePage(QWidget):
    def __init__(self, ctx: PageContext, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case = ctx, case
        self.facts: CaseFacts | None = None
        self.setAccessibleName(f"Release and access of case {case.reference}")
        column = QVBoxLayout(self)
        form = QFormLayout()
        self.clock = self._value(form, "Review clock")
        self.window_end = self._value(form, "Window ends")
        self.release = self._value(form, "Proposed public release")
        self.region_policy = self._value(form, "Region policy")
        self.foreign = self._value(form, "Foreign-national access")
        self.exposed = self._value(form, "Countries of concern let in")
        self.clock_icon = QLabel(self)
        self.clock_icon.setAccessibleName("Review clock urgency")
        form.insertRow(0, QLabel("Urgency:", self), self.clock_icon)
        column.addLayout(form)
        self.stages = self._table("Release stages", STAGE_COLUMNS)
        self.regions = self._table("Access plan regions", REGION_COLUMNS)
        for title, table in (("Release stages", self.stages), ("Access plan regions", self.regions)):
            heading = QLabel(f"<b>{title}</b>", self)
            heading.setAccessibleName(title)
            column.addWidget(heading)
            column.addWidget(table)
        self.window_end.setText(case.window_end.isoformat())
        QTimer.singleShot(0, self, self.load)

    def _value(self, form: QFormLayout, name: str) -> QLabel:
        label = QLabel("...", self)
        label.setAccessibleName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        title = QLabel(f"{name}:", self)
        title.setBuddy(label)
        form.addRow(title, label)
        return label

    def _table(self, name: str, columns: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(0, len(columns), self)
        table.setAccessibleName(name)
        table.setHorizontalHeaderLabels(columns)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        return table

    def load(self) -> None:
        from reviewer_app.services.checklist import gather_facts

        key = self.case.uuid
        self.ctx.read(lambda w: gather_facts(w.ws, key), self.show_facts, owner=self,
                      name="release facts", on_error=self.show_failure)

    def show_failure(self, exc: BaseException) -> None:
        self.clock.setText(f"Error - the case's facts could not be read: {exc}")

    def _set(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setAccessibleName(f"{label.accessibleName().split(':')[0]}: {text}")

    def _cell(self, table: QTableWidget, row: int, col: int, text: str,
              icon: SP | None = None) -> None:
        item = QTableWidgetItem(text)
        header = table.horizontalHeaderItem(col)
        item.setData(Qt.ItemDataRole.AccessibleTextRole,
                     f"{header.text() if header else ''}: {text}")
        if icon is not None:
            item.setIcon(self.style().standardIcon(icon))
        table.setItem(row, col, item)

    def show_facts(self, facts: CaseFacts) -> None:
        self.facts = facts
        end = self.case.window_end
        clock = review_clock(end, date.today(), facts.proposed_public_release,
                             [(s.name, s.start) for s in facts.stages])
        self._set(self.clock, f"{clock.label} ({clock.urgency.label})")
        self.clock_icon.setPixmap(self.style().standardIcon(URGENCY_ICONS[clock.urgency])
                                  .pixmap(16, 16))
        self.clock_icon.setAccessibleName(clock.urgency.label)
        release = facts.proposed_public_release
        self._set(self.release, "not stated" if release is None
                  else f"{release.isoformat()}: {against_end(release, end)[0]}")
        self._set(self.region_policy, facts.region_policy or "not stated")
        self._set(self.foreign, facts.foreign_national_access or "not stated")
        self.stages.setRowCount(len(facts.stages))
        for i, stage in enumerate(facts.stages):
            text, icon = against_end(stage.start, end)
            values = (stage.name, stage.start.isoformat() if stage.start else "-",
                      stage.audience or "-", ", ".join(region_text(r) for r in stage.regions))
            for col, value in enumerate(values):
                self._cell(self.stages, i, col, value)
            self._cell(self.stages, i, 4, text, icon)
        concern = {c.upper() for c in facts.countries_of_concern}
        self.regions.setRowCount(len(facts.regions))
        for i, code in enumerate(facts.regions):
            of_concern = code.upper() in concern
            self._cell(self.regions, i, 0, code)
            self._cell(self.regions, i, 1, region_text(code))
            self._cell(self.regions, i, 2, "Yes - country of concern" if of_concern else "No",
                       SP.SP_MessageBoxWarning if of_concern else None)
        for table in (self.stages, self.regions):
            table.resizeColumnsToContents()
        self._set(self.exposed, exposed_text(facts.region_policy, facts.regions, concern))


def exposed_text(region_policy: str, regions: Iterable[str], concern: set[str]) -> str:
    """Which countries of concern the plan lets in, by name (text, not colour)."""
    listed = {r.upper() for r in regions}
    if region_policy == "denylist":
        hits = sorted(concern - listed)
    elif region_policy == "allowlist":
        hits = sorted(concern if "*" in listed else concern & listed)
    else:
        return "cannot tell: the region policy is not allowlist or denylist"
    if not hits:
        return "none - every country of concern is kept out"
    return "WARNING: " + ", ".join(region_text(c) for c in hits)

