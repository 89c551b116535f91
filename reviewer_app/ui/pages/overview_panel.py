"""The case overview at the top of the Summary tab: where the case stands and what
to do next, each part with a button that brings its page forward.

Shows a ``domain.overview.CaseOverview`` (read by ``services.case_view.case_overview``).
Every state is said in words, with an icon as an extra cue (never colour
alone); each part's accessible name carries its words. The buttons reach the
window through the ``ShowsPages`` protocol: a panel shown outside the window
(a test, a dialog) has nowhere to go, and its buttons are disabled.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.overview import (
    STAGE_STEPS,
    CaseOverview,
    ChecklistLine,
    DecisionLine,
    LetterStage,
    Place,
    Verdict,
)
from reviewer_app.domain.timeline import Urgency
from reviewer_app.ui.pages.clock_bar import ClockBar, clock_text
from reviewer_app.ui.window_roles import ShowsPages

SP = QStyle.StandardPixmap
# The case pages' titles (``ui.wiring.case_pages``; a test checks they agree).
PLACE_TITLES = {Place.RELEASE: "Release and access", Place.EVIDENCE: "Evidence",
                Place.CHECKLIST: "Checklist", Place.DETERMINATION: "Determination"}
BOX_DONE, BOX_TODO = "\u2611", "\u2610"  # ballot boxes, checked and empty (words in the name)
URGENCY_ICONS = {Urgency.OVERDUE: SP.SP_MessageBoxCritical, Urgency.DUE_SOON: SP.SP_MessageBoxWarning,
                 Urgency.ON_TRACK: SP.SP_DialogApplyButton}
VERDICT_ICONS = {Verdict.COVERED: SP.SP_MessageBoxWarning, Verdict.NOT_COVERED: SP.SP_DialogApplyButton,
                 Verdict.INCOMPLETE: SP.SP_MessageBoxQuestion, Verdict.UNKNOWN: SP.SP_MessageBoxCritical}


def assessment_text(overview: CaseOverview) -> str:
    a = overview.assessment
    parts = [f"{a.summary}." if a.verdict is not Verdict.UNKNOWN
             else f"{a.verdict.label}: {a.summary}."]
    if a.crossed:
        parts.append("Thresholds reached: " + "; ".join(a.crossed) + ".")
    if a.missing:
        parts.append("No evidence for: " + ", ".join(a.missing) + ".")
    if a.examples_only:
        parts.append("The policy's thresholds are examples, not real thresholds.")
    return " ".join(parts)


def checklist_text(c: ChecklistLine) -> str:
    if not c.started:
        return "Not started: the checklist is made when it is first opened."
    text = f"{c.reviewed} of {c.total} items reviewed. Open findings: "
    text += (f"{c.open_findings}, {len(c.open_cat1)} of them CAT I." if c.open_findings
             else "none.")
    if c.open_cat1:
        text += " Open CAT I: " + "; ".join(f"{f.item_id} {f.title}" for f in c.open_cat1) + "."
    if c.cat1_not_reviewed:
        text += (f" {c.cat1_not_reviewed} CAT I item{'s' if c.cat1_not_reviewed != 1 else ''}"
                 " not reviewed yet (a determination waits for them).")
    return text


def decision_text(d: DecisionLine) -> str:
    text = d.stage.label + "."
    if d.outcome:
        text += f" Outcome: {d.outcome} (recorded by {d.decided_by})."
    if d.letter_version is not None and d.stage is not LetterStage.DRAFTED:
        text += f" Letter version {d.letter_version}"
        text += f", signed by {d.signed_by}" if d.signed_by else ""
        text += f", countersigned by {d.countersigned_by}" if d.countersigned_by else ""
        text += "."
    return text


def steps_text(d: DecisionLine) -> str:
    """The letter's road as words: "Drafted: done, Signed: not yet, ..."."""
    return ", ".join(f"{step}: {'done' if i < d.steps_reached else 'not yet'}"
                     for i, step in enumerate(STAGE_STEPS))


class OverviewPanel(QWidget):
    """Clock, assessment, checklist, determination and next step, one row each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Case overview")
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(2, 1)
        self.buttons: dict[str, QPushButton] = {}
        self.texts: dict[str, QLabel] = {}
        self.icons: dict[str, QLabel] = {}
        self.clock_bar = ClockBar(self)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Checklist progress")
        self.progress.setFormat("%v of %m reviewed")
        self.steps = QLabel(self)
        self.steps.setAccessibleName("Letter steps")
        self.next_place = Place.CHECKLIST
        self._row("Review clock", [self.clock_bar], lambda: Place.RELEASE)
        self._row("Assessment", [], lambda: Place.EVIDENCE)
        self._row("Checklist", [self.progress], lambda: Place.CHECKLIST)
        self._row("Determination", [self.steps], lambda: Place.DETERMINATION)
        self._row("Next step", [], lambda: self.next_place)

    def _row(self, name: str, extras: list[QWidget], place: Callable[[], Place]) -> None:
        row = self.grid.rowCount()
        heading = QLabel(f"<b>{name}</b>", self)
        heading.setAccessibleName(name)
        icon = QLabel(self)
        icon.setAccessibleName(f"{name} state")
        text = QLabel("Reading...", self)
        text.setWordWrap(True)
        text.setAccessibleName(f"{name}: reading")
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        heading.setBuddy(text)
        column = QVBoxLayout()
        for extra in extras:
            column.addWidget(extra)
        column.addWidget(text)
        button = QPushButton(self)
        button.setEnabled(False)  # until the overview is read
        button.clicked.connect(lambda _checked=False: self.open_place(place()))
        self.grid.addWidget(heading, row, 0, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(icon, row, 1, Qt.AlignmentFlag.AlignTop)
        self.grid.addLayout(column, row, 2)
        self.grid.addWidget(button, row, 3, Qt.AlignmentFlag.AlignTop)
        self.buttons[name], self.texts[name], self.icons[name] = button, text, icon

    def open_place(self, place: Place) -> QWidget | None:
        window = self.window()
        if not isinstance(window, ShowsPages):
            return None
        return window.show_page(PLACE_TITLES[place])

    def show_overview(self, overview: CaseOverview) -> None:
        o = overview
        self.clock_bar.set_clock(o.clock, o.received)
        self._set("Review clock", clock_text(o.clock, o.received), "Release and access",
                  URGENCY_ICONS[o.clock.urgency])
        self._set("Assessment", assessment_text(o), "Evidence", VERDICT_ICONS[o.assessment.verdict])
        self.progress.setRange(0, max(o.checklist.total, 1))
        self.progress.setValue(o.checklist.reviewed)
        self.progress.setVisible(o.checklist.started)
        self.progress.setAccessibleName(
            f"Checklist progress: {o.checklist.reviewed} of {o.checklist.total} reviewed")
        self._set("Checklist", checklist_text(o.checklist), "Checklist",
                  SP.SP_MessageBoxWarning if o.checklist.open_cat1 or o.checklist.cat1_not_reviewed
                  else SP.SP_DialogApplyButton if o.checklist.started else None)
        steps = steps_text(o.decision)
        self.steps.setText("   ".join(
            f"{BOX_DONE if i < o.decision.steps_reached else BOX_TODO} {step}"
            for i, step in enumerate(STAGE_STEPS)))
        self.steps.setAccessibleName(f"Letter steps: {steps}")
        self.steps.setToolTip(steps)
        self._set("Determination", decision_text(o.decision), "Determination",
                  SP.SP_DialogApplyButton if o.decision.stage is LetterStage.ISSUED else None)
        self.next_place = o.next_step.place
        self._set("Next step", o.next_step.text, f"Go to {PLACE_TITLES[o.next_step.place]}",
                  SP.SP_ArrowForward)
        can_go = isinstance(self.window(), ShowsPages)
        for button in self.buttons.values():
            button.setEnabled(can_go)

    def _set(self, name: str, text: str, button: str, icon: SP | None) -> None:
        label = self.texts[name]
        label.setText(text)
        label.setAccessibleName(f"{name}: {text}")
        self.buttons[name].setText(button if button.startswith("Go to") else f"Open {button}")
        self.buttons[name].setAccessibleName(f"{name}: {self.buttons[name].text()}")
        holder = self.icons[name]
        if icon is None:
            holder.clear()
        else:
            holder.setPixmap(self.style().standardIcon(icon).pixmap(16, 16))

    def show_failure(self, message: str) -> None:
        for name, label in self.texts.items():
            label.setText(f"Error - the overview could not be read: {message}"
                          if name == "Next step" else "-")

