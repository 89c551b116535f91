"""The CUI marking fields of a determination: banner and designation block.

Left empty, the letter uses the policy's defaults (``marking()`` is then None).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from reviewer_app.domain.determination import CuiMarking


class CuiFields(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("CUI marking (leave empty for the policy's defaults)", parent)
        self.setAccessibleName("CUI marking")
        form = QFormLayout(self)
        self.banner = QLineEdit(self)
        self.banner.setPlaceholderText("CUI")
        self.controlled_by = QPlainTextEdit(self)
        self.controlled_by.setTabChangesFocus(True)  # keyboard users leave the text with Tab
        self.controlled_by.setFixedHeight(48)
        self.category = QLineEdit(self)
        self.dissemination = QLineEdit(self)
        self.poc = QLineEdit(self)
        for text, field, name in (("&Banner:", self.banner, "CUI banner"),
                                  ("Contro&lled by:", self.controlled_by,
                                   "CUI controlled by, one line each"),
                                  ("Categor&y:", self.category, "CUI category"),
                                  ("D&issemination:", self.dissemination,
                                   "CUI dissemination control"),
                                  ("Point of contact:", self.poc, "CUI point of contact")):
            field.setAccessibleName(name)
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)

    def fields(self) -> tuple[QLineEdit | QPlainTextEdit, ...]:
        return (self.banner, self.controlled_by, self.category, self.dissemination, self.poc)

    def marking(self) -> CuiMarking | None:
        controlled = tuple(line.strip() for line in self.controlled_by.toPlainText().splitlines()
                           if line.strip())
        fields = (self.banner.text().strip(), controlled, self.category.text().strip(),
                  self.dissemination.text().strip(), self.poc.text().strip())
        if not any(fields):
            return None
        return CuiMarking(fields[0] or "CUI", *fields[1:])

    def show_marking(self, cui: CuiMarking | None) -> None:
        if cui is None:
            return
        self.banner.setText(cui.banner)
        self.controlled_by.setPlainText("\n".join(cui.controlled_by))
        self.category.setText(cui.category)
        self.dissemination.setText(cui.dissemination)
        self.poc.setText(cui.poc)
