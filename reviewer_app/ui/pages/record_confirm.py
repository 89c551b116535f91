"""Record determination asks first: what will be recorded, and what it will change."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import Case
from reviewer_app.domain.determination import Condition, CuiMarking, Outcome
from reviewer_app.ui.a11y import fill_accessible_names
from reviewer_app.ui.pages.determination_read import Loaded

RATIONALE_SHOWN = 600  # characters of the rationale the summary quotes


@dataclass(frozen=True)
class Proposed:
    """The determination the form holds, about to be recorded."""

    case: Case
    outcome: Outcome
    conditions: tuple[Condition, ...]
    rationale: str
    cui: CuiMarking | None


def summary_lines(proposed: Proposed, loaded: Loaded | None) -> list[str]:
    """The summary the reviewer confirms: the form's content, a disagreement with the
    assessment, and what recording does to an earlier determination and a signed letter."""
    case = proposed.case
    lines = [f"Case {case.reference}: {case.model_name} {case.model_version} "
             f"({case.organization})", "", f"Outcome: {proposed.outcome.label}"]
    suggestion = loaded.suggestion if loaded else None
    if suggestion is not None and suggestion.disagrees_with(proposed.outcome.key):
        lines.append(f"  Note: the assessment finds otherwise ({suggestion.finding.value.replace('_', ' ')}).")
    lines.append("Conditions:" + ("" if proposed.conditions else " none"))
    lines += [f"  - {c.describe()}" for c in proposed.conditions]
    text = proposed.rationale.strip()
    quoted = text if len(text) <= RATIONALE_SHOWN else text[:RATIONALE_SHOWN].rstrip() + " [...]"
    lines += ["Rationale:", *(f"  {line}" for line in quoted.splitlines())]
    cui = proposed.cui
    lines.append("CUI marking: " + ("the policy's defaults" if cui is None else
                                    " / ".join(x for x in (cui.banner, cui.category,
                                                           cui.dissemination) if x)))
    lines.append("")
    earlier = loaded.determination if loaded else None
    if earlier is not None:
        lines.append(f"This replaces the determination recorded by {earlier.decided_by} on "
                     f"{earlier.decided_at:%Y-%m-%d %H:%M} UTC ({earlier.outcome.label}).")
    newest = loaded.newest if loaded else None
    if newest is not None and newest.state == "signed":
        lines.append(f"Letter version {newest.version}, signed by {newest.signed_by}, will be "
                     "superseded: it can no longer be countersigned and a new letter must be "
                     "signed.")
    else:
        lines.append("Nothing is signed by recording: the letter is drafted from it for you "
                     "to check, then signed.")
    return lines


class RecordConfirmDialog(QDialog):
    """The summary, read-only and selectable, with Record and Cancel (Cancel is the default)."""

    def __init__(self, parent: QWidget | None, lines: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record the determination?")
        self.setAccessibleName("Confirm recording the determination")
        self.resize(620, 440)
        layout = QVBoxLayout(self)
        heading = QLabel("Record this determination?", self)
        heading.setAccessibleName(heading.text())
        layout.addWidget(heading)
        self.summary = QPlainTextEdit(self)
        self.summary.setReadOnly(True)
        self.summary.setPlainText("\n".join(lines))
        self.summary.setAccessibleName("Summary of the determination")
        self.summary.setTabChangesFocus(True)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(self)
        buttons.setAccessibleName("Dialog buttons")
        self.record_button = buttons.addButton("&Record", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # Enter on the summary must not record by accident: Cancel is the default.
        self.record_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fill_accessible_names(self)
        self.cancel_button.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, lines: list[str]) -> bool:
        """True when the user pressed Record."""
        return cls(parent, lines).exec() == QDialog.DialogCode.Accepted
