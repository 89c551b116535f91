"""The audit trail: one case's entries (case page) or the whole workspace's (Tools menu).

A filter box narrows the table as you type (any column). Verify re-checks the
whole hash chain off the GUI thread and says the result in words with an icon:
"Intact (N entries)" or the first bad entry. Entries are read off the GUI
thread, and again whenever a write appends to the audit trail (the page
context's ``changed`` broadcast), so an open audit view is never stale.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.audit import AuditEntry, AuditReport
from reviewer_app.domain.changes import Changes
from reviewer_app.errors import ReviewerError
from reviewer_app.ui.a11y import fill_accessible_names
from reviewer_app.ui.context import PageContext

if TYPE_CHECKING:
    from reviewer_app.ui.main_window import MainWindow

COLUMNS = ["#", "When (UTC)", "User", "Action", "Subject", "Details"]


class AuditPanel(QWidget):
    def __init__(self, ctx: PageContext, case_uuid: str | None, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case_uuid = ctx, case_uuid
        self.loads = 0  # entry lists shown so far (tests wait for the next one)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter entries (user, action, details...)")
        self.filter_box.setAccessibleName("Filter audit entries")
        self.filter_box.setClearButtonEnabled(True)
        top.addWidget(self.filter_box, 1)
        self.verify_button = QPushButton("&Verify audit trail", self)
        self.verify_button.setAccessibleName("Verify audit trail")
        self.verify_button.clicked.connect(self.verify)
        top.addWidget(self.verify_button)
        layout.addLayout(top)
        result = QHBoxLayout()
        self.result_icon = QLabel(self)
        self.result_icon.setAccessibleName("Verification result icon")
        result.addWidget(self.result_icon)
        self.result = QLabel("Not verified yet.", self)
        self.result.setAccessibleName("Verification result: not verified yet")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        result.addWidget(self.result, 1)
        layout.addLayout(result)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(COLUMNS)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(self)
        self.table.setAccessibleName("Audit entries")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        ctx.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        from reviewer_app.services.audit import audit_entries

        case_uuid = self.case_uuid
        self.ctx.read(lambda w: audit_entries(w.ws, case_uuid=case_uuid), self.show_entries,
                      owner=self, name="read audit trail")

    def _on_changed(self, changes: Changes, _owner: object) -> None:
        if changes.audit and (self.case_uuid is None or changes.about(self.case_uuid)):
            self.reload()

    def show_entries(self, entries: list[AuditEntry]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        for entry in entries:
            cells = [str(entry.seq), entry.at, entry.actor, entry.action, entry.subject or "",
                     json.dumps(entry.details, sort_keys=True, default=str)]
            items = [QStandardItem(c) for c in cells]
            for item in items:
                item.setEditable(False)
            self.model.appendRow(items)
        self.loads += 1

    def verify(self) -> None:
        from reviewer_app.services.audit import verify_audit

        self.verify_button.setEnabled(False)
        self._show("Verifying...", None)
        self.ctx.read(lambda w: verify_audit(w.ws), self._verified, owner=self,
                      name="verify audit", on_error=self._failed)

    def _verified(self, report: AuditReport) -> None:
        self.verify_button.setEnabled(True)
        bad = report.first_bad
        if report.ok or bad is None:
            self._show(f"Intact ({report.entries} entries)", True)
            return
        more = len(report.problems) - 1
        extra = f" ({more} more problem{'s' if more != 1 else ''})" if more else ""
        self._show(f"Not intact: entry {bad.seq}: {bad.reason}{extra}", False)

    def _failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self._show(f"Could not verify: {exc.message if isinstance(exc, ReviewerError) else exc}",
                   False)

    def _show(self, text: str, ok: bool | None) -> None:
        self.result.setText(text)
        self.result.setAccessibleName(f"Verification result: {text}")
        if ok is None:
            self.result_icon.clear()
            return
        pixmap = QStyle.StandardPixmap.SP_DialogApplyButton if ok else QStyle.StandardPixmap.SP_MessageBoxCritical
        self.result_icon.setPixmap(self.style().standardIcon(pixmap).pixmap(16))
        self.result_icon.setAccessibleName("Intact" if ok else "Problem")


class AuditDialog(QDialog):
    """The whole workspace's audit trail (Tools > Audit trail...): a window beside the
    main one (not modal), so it stays open, and current, while the user works."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Audit trail")
        self.setAccessibleName("Audit trail of the workspace")
        self.resize(1000, 600)
        layout = QVBoxLayout(self)
        self.panel = AuditPanel(window.context, None, "Audit trail of the workspace", self)
        layout.addWidget(self.panel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setAccessibleName("Dialog buttons")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fill_accessible_names(self)  # Qt's inner parts and the standard buttons

    @classmethod
    def open_for(cls, window: MainWindow) -> AuditDialog:
        """Show the window's audit trail window (one at a time: raised when already open)."""
        dialog = window.audit_window
        if isinstance(dialog, AuditDialog) and dialog.isVisible():
            dialog.raise_()
        else:
            dialog = cls(window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.audit_window = dialog
            dialog.show()
        dialog.activateWindow()
        return dialog
