"""The audit trail: one case's entries (case page) or the whole workspace's (Tools menu).

Each line reads as words (``services.audit.audit_lines``): when (local time
with its zone; UTC in the tooltip), who, what happened as a sentence, and the
details as "Key: value" lines, never JSON. A run of one bulk action (the
checklist's items created one entry each) is one line that counts them.
A filter box narrows the table as you type (any column). Verify re-checks the
whole hash chain off the GUI thread and says the result in words with an icon:
on a case's page, whether the case's own entries verify and whether the
workspace trail around them does; in the workspace window, the whole trail.
Entries are read off the GUI thread, and again whenever a write appends to the
audit trail (the page context's ``changed`` broadcast), so an open audit view
is never stale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
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

from reviewer_app.domain.audit import AuditLine, AuditProblem, AuditReport, CaseAuditReport
from reviewer_app.domain.changes import Changes
from reviewer_app.errors import ReviewerError
from reviewer_app.ui.a11y import fill_accessible_names
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.pages.audit_model import ACTION_ROLE as ACTION_ROLE  # for tests
from reviewer_app.ui.pages.audit_model import COLUMNS as COLUMNS
from reviewer_app.ui.pages.audit_model import (
    DETAILS,
    WHAT,
    WHEN,
    AuditLinesModel,
    local_time,
)

if TYPE_CHECKING:
    from reviewer_app.ui.main_window import MainWindow

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
        self.model = AuditLinesModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.proxy.layoutChanged.connect(self._size_rows)
        self.proxy.rowsInserted.connect(self._size_rows)
        self.table = QTableView(self)
        self.table.setAccessibleName("Audit entries")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self._size_columns()
        self._remeasure_soon = QTimer(self)  # once per burst of column resizes
        self._remeasure_soon.setSingleShot(True)
        self._remeasure_soon.timeout.connect(self._remeasure)
        self.table.horizontalHeader().sectionResized.connect(self._column_resized)
        layout.addWidget(self.table, 1)
        ctx.changed.connect(self._on_changed)
        self.reload()

    def _size_columns(self) -> None:
        """Widths from the font, so a time or a name is never cut (and no row is read)."""
        metrics = self.table.fontMetrics()
        pad = 24
        sample_time = local_time("2026-12-31T23:59:59+00:00") + "W"  # a zone name may be longer
        # What wraps at ~28 characters so that Details (the last column, stretched) keeps
        # room for its key: value lines beside a case tab at 1280 px.
        for column, sample in ((0, "0000-0000"), (WHEN, sample_time), (2, "administrator"),
                               (WHAT, "x" * 28)):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + pad)

    def reload(self) -> None:
        from reviewer_app.services.audit import audit_lines

        case_uuid = self.case_uuid
        self.ctx.read(lambda w: audit_lines(w.ws, case_uuid=case_uuid), self.show_entries,
                      owner=self, name="read audit trail")

    def _on_changed(self, changes: Changes, _owner: object) -> None:
        if changes.audit and (self.case_uuid is None or changes.about(self.case_uuid)):
            self.reload()

    def show_entries(self, lines: list[AuditLine]) -> None:
        self.model.set_lines(lines, self._height)
        self._size_rows()
        self.loads += 1

    def _size_rows(self) -> None:
        """Each shown row at its counted height (again whenever the filter changes the rows)."""
        header, proxy = self.table.verticalHeader(), self.proxy
        for row in range(proxy.rowCount()):
            header.resizeSection(row, self.model.height_of(proxy.mapToSource(proxy.index(row, 0))))

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if column in (WHAT, DETAILS):
            self._remeasure_soon.start(0)

    def _remeasure(self) -> None:
        """The wrapping columns changed width (the window was resized, the page first laid
        out): the rows' heights are counted again for the new widths."""
        self.model.remeasure(self._height)
        self._size_rows()

    def _height(self, sentence: str, details: str) -> int:
        """A row tall enough for its sentence and each detail line, wrapped to the columns.

        Counted from the font's advance of each line: laying out every cell's text
        (``resizeRowsToContents``) tripled the time a 10,000-entry trail took to show
        (benchmarks/audit_view.py)."""
        metrics = self.table.fontMetrics()

        def rows(text: str, column: int) -> int:
            width = max(1, self.table.columnWidth(column) - 12)
            return sum(max(1, -(-metrics.horizontalAdvance(part) // width))
                       for part in text.split("\n"))

        return max(rows(sentence, WHAT), rows(details, DETAILS)) * metrics.lineSpacing() + 8

    def verify(self) -> None:
        from reviewer_app.services.audit import verify_audit, verify_case_audit

        self.verify_button.setEnabled(False)
        self._show("Verifying...", None)
        case_uuid = self.case_uuid
        if case_uuid is None:
            self.ctx.read(lambda w: verify_audit(w.ws), self._verified, owner=self,
                          name="verify audit", on_error=self._failed)
        else:
            self.ctx.read(lambda w: verify_case_audit(w.ws, case_uuid), self._verified_case,
                          owner=self, name="verify audit", on_error=self._failed)

    def _verified(self, report: AuditReport) -> None:
        self.verify_button.setEnabled(True)
        if report.ok or report.first_bad is None:
            self._show(f"Intact: all {report.entries} entries of the workspace trail verify.",
                       True)
            return
        self._show(f"Not intact: {_problems(report.problems)}", False)

    def _verified_case(self, report: CaseAuditReport) -> None:
        self.verify_button.setEnabled(True)
        trail, count = report.workspace, report.case_entries
        verify = f"{count} {'entry verifies' if count == 1 else 'entries verify'}"
        own = f"the case's {verify}"
        if not report.ok:
            self._show(f"Not intact: {_problems(report.problems)} (an entry of this case)", False)
        elif trail.ok:
            self._show(f"Intact: {own}; the workspace trail too ({trail.entries} "
                       f"{'entry' if trail.entries == 1 else 'entries'}).", True)
        else:
            self._show(f"Not intact: the workspace trail: {_problems(trail.problems)}. "
                       f"The case's own {verify}.", False)

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


def _problems(problems: tuple[AuditProblem, ...]) -> str:
    """The first problem in words, and how many more there are."""
    first = problems[0]
    more = len(problems) - 1
    extra = f" ({more} more problem{'s' if more != 1 else ''})" if more else ""
    named = not first.seq or f"#{first.seq}" in first.reason  # most reasons name their entry
    where = "" if named else f"entry {first.seq}: "
    return f"{where}{first.reason}{extra}"


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
