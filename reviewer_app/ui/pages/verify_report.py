"""The report of a letter's signatures: each one with text and an icon, and the bottom line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.ui.a11y import fill_accessible_names

if TYPE_CHECKING:  # pyHanko loads when a letter is verified
    from reviewer_app.pdf.verify import SignatureCheck, VerifyReport


class VerifyReportDialog(QDialog):
    """Each signature of a PDF with text and icon, and the bottom line."""

    def __init__(self, parent: QWidget | None, report: VerifyReport) -> None:
        super().__init__(parent)
        self.setWindowTitle("Letter verification")
        self.setAccessibleName("Letter verification report")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        style = self.style()
        good = style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        bad = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        self.bottom = QLabel(("PASS: " if report.ok else "FAIL: ") + report.bottom_line, self)
        self.bottom.setWordWrap(True)
        self.bottom.setAccessibleName(f"Bottom line: {self.bottom.text()}")
        layout.addWidget(self.bottom)
        self.two_person = QLabel(self._two_person(report), self)
        self.two_person.setAccessibleName(f"Two-person rule: {self.two_person.text()}")
        self.two_person.setVisible(bool(self.two_person.text()))
        layout.addWidget(self.two_person)
        self.signatures = QListWidget(self)
        self.signatures.setAccessibleName("Signatures")
        for number, sig in enumerate(report.signatures, 1):
            self.signatures.addItem(self._item(number, sig, good if sig.ok else bad))
        layout.addWidget(self.signatures)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setAccessibleName("Dialog buttons")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fill_accessible_names(self)

    @staticmethod
    def _two_person(report: VerifyReport) -> str:
        if report.distinct_certificates is None:
            return "Not countersigned yet." if report.awaiting_countersignature else ""
        if report.distinct_certificates:
            return "Two-person rule: each signature by a different certificate."
        return "Two-person rule BROKEN: two signatures by the same certificate."

    @staticmethod
    def _item(number: int, sig: SignatureCheck, icon: QIcon) -> QListWidgetItem:
        when = sig.signing_time.strftime("%Y-%m-%d %H:%M UTC") if sig.signing_time else "no time"
        verdict = "OK" if sig.ok else f"NOT OK ({sig.verdict.replace('_', ' ')})"
        lines = [f"Signature {number}: {verdict} - {sig.signer} ({when})",
                 f"  Intact: {'yes' if sig.intact else 'NO'}; "
                 f"trusted: {'yes' if sig.trusted else 'NO'}",
                 f"  Changed after signing: {sig.changes_after or 'nothing'}"]
        lines += [f"  Problem: {p}" for p in sig.problems]
        item = QListWidgetItem(icon, "\n".join(lines))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, " ".join(x.strip() for x in lines))
        return item

    @classmethod
    def show_report(cls, parent: QWidget | None, report: VerifyReport) -> None:
        cls(parent, report).exec()
