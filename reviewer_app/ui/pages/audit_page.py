"""The audit trail: one case's entries (case page) or the whole workspace's (Tools menu).

A filter box narrows the table as you type (any column). Verify re-checks the
whole hash chain off the GUI thread and says the result in words with an icon:
"Intact (N entries)" or the first bad entry.
"""

from __future__ import annotations

import json
from typing import Any

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

from reviewer_app.domain.case import Case
from reviewer_app.domain.users import Actor
from reviewer_app.ui import actions
from reviewer_app.ui.a11y import fill_accessible_names
from reviewer_app.ui.case_pages import register_page
from reviewer_app.ui.jobs import JobRunner, runner_for

COLUMNS = ["#", "When (UTC)", "User", "Action", "Subject", "Details"]


class AuditPanel(QWidget):
    def __init__(self, ws: Any, case_uuid: str | None, title: str,
                 parent: QWidget | None = None, jobs: JobRunner | None = None) -> None:
        super().__init__(parent)
        from reviewer_app.services.audit import audit_entries

        self.ws = ws
        self._jobs = jobs
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
        for entry in audit_entries(ws, case_uuid=case_uuid):
            cells = [str(entry.seq), entry.at, entry.actor, entry.action, entry.subject or "",
                     json.dumps(entry.details, sort_keys=True, default=str)]
            items = [QStandardItem(c) for c in cells]
            for item in items:
                item.setEditable(False)
            self.model.appendRow(items)
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

    @property
    def jobs(self) -> JobRunner:
        return runner_for(self, self._jobs)

    def verify(self) -> None:
        from reviewer_app.services.audit import verify_audit

        ws = self.ws
        self.verify_button.setEnabled(False)
        self._show("Verifying...", None)
        self.jobs.submit(lambda _p, _c: verify_audit(ws), name="verify audit",
                         on_success=self._verified, on_failure=self._failed,
                         on_finished=lambda: self.verify_button.setEnabled(True))

    def _verified(self, report: Any) -> None:
        if report.ok:
            self._show(f"Intact ({report.entries} entries)", True)
            return
        bad = report.first_bad
        more = len(report.problems) - 1
        extra = f" ({more} more problem{'s' if more != 1 else ''})" if more else ""
        self._show(f"Not intact: entry {bad.seq}: {bad.reason}{extra}", False)

    def _failed(self, exc: BaseException) -> None:
        self._show(f"Could not verify: {getattr(exc, 'message', exc)}", False)

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
    """The whole workspace's audit trail (Tools > Audit trail...)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setWindowTitle("Audit trail")
        self.setAccessibleName("Audit trail of the workspace")
        self.resize(1000, 600)
        layout = QVBoxLayout(self)
        self.panel = AuditPanel(window.workspace, None, "Audit trail of the workspace", self,
                                jobs=window.jobs)
        layout.addWidget(self.panel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setAccessibleName("Dialog buttons")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fill_accessible_names(self)  # Qt's inner parts and the standard buttons

    @classmethod
    def ask(cls, window: Any) -> None:
        cls(window).exec()


def _page(ws: Any, _actor: Actor, case: Case) -> QWidget:
    return AuditPanel(ws, case.uuid, f"Audit trail of case {case.reference}")


def _show_case_audit(window: Any) -> None:
    window.show_page("Audit")


register_page("Audit", _page, order=90)
actions.provide("case.audit", _show_case_audit)
actions.register_action("tools.audit", "Tools", "&Audit trail...",
                        lambda window: AuditDialog.ask(window), order=10)
