"""The detail pane's severity override: a CAT level other than the template's, with why.

The editor only collects; ``ChecklistPage`` saves. A justification is checked
here too (not only by the service) so that the reviewer is told before
anything is sent, in words rather than an error code alone.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from reviewer_app.domain.checklist import ItemState, Severity
from reviewer_app.ui import messages

CLEAR = ""  # the service's "remove the override" value (services.checklist.items.CLEAR)


class OverrideEditor(QWidget):
    """Severity override (None / CAT I / CAT II / CAT III) and its justification."""

    override_requested = Signal(str, str)  # severity ("" to clear), justification

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Severity override")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.severity = QComboBox(self)
        self.severity.setAccessibleName("Severity override")
        self.severity.addItem("None (template severity)", CLEAR)
        for severity in Severity:
            self.severity.addItem(severity.value, severity.value)
        self.justification = QLineEdit(self)
        self.justification.setAccessibleName("Override justification")
        self.justification.setPlaceholderText("Why this item's severity differs from the template")
        self.apply = QPushButton("Appl&y override", self)
        self.apply.setAccessibleName("Apply severity override")
        self.apply.setToolTip("Save the severity override and its justification")
        for text, widget in (("Severity ove&rride", self.severity),
                             ("&Justification", self.justification)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow("", self.apply)
        self.apply.clicked.connect(self.request)
        self.justification.returnPressed.connect(self.request)
        self.show_item(None)

    def show_item(self, item: ItemState | None) -> None:
        for widget in (self.severity, self.justification, self.apply):
            widget.setEnabled(item is not None)
        override = item.severity_override if item is not None else None
        self.severity.setItemText(0, "None (template severity)" if item is None
                                  else f"None (template: {item.template_severity.value})")
        self.severity.setCurrentIndex(self.severity.findData(override.value if override else CLEAR))
        self.justification.setText(item.override_justification if item is not None else "")

    def request(self) -> None:
        """Ask to save what is shown; an override without a justification is refused here."""
        severity = str(self.severity.currentData() or CLEAR)
        justification = self.justification.text().strip()
        if severity != CLEAR and not justification:
            messages.error(self, "Justification needed", "JUSTIFICATION_REQUIRED",
                           "A severity override needs a justification. Write why this item is "
                           f"{severity} for this case, then apply the override again. "
                           "Nothing was saved.")
            self.justification.setFocus()
            return
        self.override_requested.emit(severity, justification)
