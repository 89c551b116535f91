"""The conditions of a determination: their list and the fields that add one, as rows of
the Determination form (one form layout, so their labels line up with the others)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from reviewer_app.domain.determination import Condition, ConditionKind
from reviewer_app.ui import messages


def add_row(form: QFormLayout, text: str, field: QWidget) -> None:
    label = QLabel(text, field.parentWidget())
    label.setBuddy(field)
    form.addRow(label, field)


class ConditionsEditor:
    def __init__(self, form_box: QWidget, form: QFormLayout) -> None:
        self.conditions = QListWidget(form_box)
        self.conditions.setAccessibleName("Conditions")
        self.conditions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # Add/Remove
        add_row(form, "Co&nditions:", self.conditions)
        self.kind = QComboBox(form_box)
        self.kind.setAccessibleName("Condition kind")
        for kind in ConditionKind:
            self.kind.addItem(kind.label, kind.value)
        add_row(form, "Condition &kind:", self.kind)
        self.condition_text = QLineEdit(form_box)
        self.condition_text.setAccessibleName("Condition text")
        add_row(form, "Condition te&xt:", self.condition_text)
        until_row = QWidget(form_box)
        until_row.setAccessibleName("Condition end date")
        h = QHBoxLayout(until_row)
        h.setContentsMargins(0, 0, 0, 0)
        self.has_until = QCheckBox("Ends on", until_row)
        self.has_until.setAccessibleName("Condition has an end date")
        self.until = QDateEdit(QDate.currentDate().addMonths(6), until_row)
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.until.setAccessibleName("Condition ends on")
        self.until.setEnabled(False)
        self.has_until.toggled.connect(self.until.setEnabled)
        h.addWidget(self.has_until)
        h.addWidget(self.until)
        form.addRow(until_row)
        buttons = QWidget(form_box)
        buttons.setAccessibleName("Condition buttons")
        h = QHBoxLayout(buttons)
        h.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton("&Add condition", buttons)
        self.remove_button = QPushButton("Re&move condition", buttons)
        self.add_button.clicked.connect(lambda _checked=False: self.add())
        self.remove_button.clicked.connect(lambda _checked=False: self.remove())
        h.addWidget(self.add_button)
        h.addWidget(self.remove_button)
        form.addRow(buttons)

    def _append(self, condition: Condition) -> None:
        item = QListWidgetItem(condition.describe())
        item.setData(Qt.ItemDataRole.UserRole, condition)
        self.conditions.addItem(item)

    def add(self) -> None:
        text = self.condition_text.text().strip()
        if not text:
            messages.info(self.conditions, "Condition", "Type the condition's text first.")
            return
        day = self.until.date().toPython()
        until = day if self.has_until.isChecked() and isinstance(day, date) else None
        self._append(Condition(ConditionKind(self.kind.currentData()), text, until))
        self.condition_text.clear()

    def remove(self) -> None:
        row = self.conditions.currentRow()
        if row >= 0:
            self.conditions.takeItem(row)

    def fill(self, conditions: tuple[Condition, ...]) -> None:
        self.conditions.clear()
        for condition in conditions:
            self._append(condition)

    def listed(self) -> list[Condition]:
        conditions: list[Condition] = []
        for i in range(self.conditions.count()):
            item = self.conditions.item(i)
            if item is not None:
                conditions.append(item.data(Qt.ItemDataRole.UserRole))
        return conditions

    def set_editable(self, editable: bool) -> None:
        """Read-only: the list stays readable, nothing adds, removes or types a condition."""
        for widget in (self.kind, self.has_until, self.add_button, self.remove_button,
                       self.condition_text):
            widget.setEnabled(editable)
        self.condition_text.setReadOnly(not editable)
        self.until.setEnabled(editable and self.has_until.isChecked())
