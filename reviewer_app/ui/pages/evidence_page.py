"""Evidence page: the case's evaluations against thresholds, a chart, and a sample browser.

``evaluate_case`` runs as a read job on the window's runner when the page sits
in a window with one (``window.jobs``); a page on its own (tests, a dialog)
loads synchronously. Opening a log for the sample browser is cheap (a
``.eval`` is not scanned), so it runs on the GUI thread.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import Case
from reviewer_app.domain.users import Actor
from reviewer_app.errors import ReviewerError
from reviewer_app.ui.case_pages import register_page
from reviewer_app.ui.pages.sample_model import (
    SampleTableModel,
    detail_text,
    matching,
    parse_score,
)
from reviewer_app.ui.pages.score_chart import Bar, ScoreChart

COLUMNS = ("Domain", "Benchmark", "Metric", "Declared", "Recomputed", "n", "Stderr",
           "Threshold", "Status")
STATUS_ICONS = {
    "at_or_above": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "below": QStyle.StandardPixmap.SP_DialogApplyButton,
    "no_evidence": QStyle.StandardPixmap.SP_MessageBoxQuestion,
    "no_threshold": QStyle.StandardPixmap.SP_MessageBoxInformation,
}
INSPECT_FORMATS = ("inspect-eval", "inspect-json", "inspect")


def _num(value: float | int | None, digits: int = 4) -> str:
    if value is None or value != value:
        return "-"
    return str(value) if isinstance(value, int) else f"{value:.{digits}f}"


class EvidencePage(QWidget):
    def __init__(self, ws: Any, actor: Actor, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.actor, self.case = ws, actor, case
        self.evidence: Any = None  # CaseEvidence once loaded
        self.samples: SampleTableModel | None = None
        self.setAccessibleName(f"Evidence of case {case.reference}")
        self._build()
        QTimer.singleShot(0, self, self.load)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.state = QLabel("Reading the evidence...", self)
        self.state.setAccessibleName("Evidence loading state")
        self.state.setWordWrap(True)
        outer.addWidget(self.state)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setAccessibleName("Evidence summary and sample browser")
        outer.addWidget(split, 1)
        top = QWidget(split)
        top.setAccessibleName("Evaluation summary")
        column = QVBoxLayout(top)
        self.assessment = QLabel("", top)
        self.assessment.setAccessibleName("Assessment")
        self.assessment.setWordWrap(True)
        self.assessment.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                                | Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.assessment)
        self.table = QTableWidget(0, len(COLUMNS), top)
        self.table.setAccessibleName("Evaluations table")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        column.addWidget(self.table)
        self.chart = ScoreChart(top)
        column.addWidget(self.chart)
        split.addWidget(top)
        split.addWidget(self._build_browser(split))

    def _build_browser(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        box.setAccessibleName("Sample browser")
        column = QVBoxLayout(box)
        form = QFormLayout()
        self.log_choice = QComboBox(box)
        self.log_choice.setAccessibleName("Inspect log to browse")
        form.addRow(self._label("&Log:", self.log_choice), self.log_choice)
        filters = QHBoxLayout()
        self.text_filter = QLineEdit(box)
        self.text_filter.setAccessibleName("Filter samples by text")
        self.text_filter.setPlaceholderText("Text in id, input, answer or target (Enter)")
        self.score_filter = QLineEdit(box)
        self.score_filter.setAccessibleName("Filter samples by score")
        self.score_filter.setPlaceholderText("Score, e.g. C, I or 1 (Enter)")
        filters.addWidget(self.text_filter, 2)
        filters.addWidget(self.score_filter, 1)
        form.addRow(self._label("&Filter:", self.text_filter), filters)
        column.addLayout(form)
        self.sample_state = QLabel("No Inspect log in this case.", box)
        self.sample_state.setAccessibleName("Sample browser state")
        column.addWidget(self.sample_state)
        split = QSplitter(Qt.Orientation.Horizontal, box)
        split.setAccessibleName("Samples and sample detail")
        self.sample_view = QTableView(split)
        self.sample_view.setAccessibleName("Samples table")
        self.sample_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sample_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sample_view.setTabKeyNavigation(False)
        self.sample_view.verticalHeader().hide()
        self.detail = QPlainTextEdit(split)
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName("Sample detail")
        self.detail.setPlaceholderText("Select a sample to read it here.")
        split.addWidget(self.sample_view)
        split.addWidget(self.detail)
        column.addWidget(split, 1)
        self.log_choice.currentIndexChanged.connect(lambda _i: self.open_selected_log())
        self.text_filter.returnPressed.connect(self.apply_filter)
        self.score_filter.returnPressed.connect(self.apply_filter)
        return box

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    # --- loading -------------------------------------------------------------------
    def load(self) -> None:
        from reviewer_app.services.evidence import evaluate_case

        ws, key = self.ws, self.case.uuid
        jobs = getattr(self.window(), "jobs", None)
        if jobs is None:
            try:
                self.show_evidence(evaluate_case(ws, key))
            except ReviewerError as exc:
                self.show_failure(exc)
            return
        jobs.submit(lambda _p, _c: evaluate_case(ws, key), name="evaluate case",
                    on_success=self._if_alive(self.show_evidence),
                    on_failure=self._if_alive(self.show_failure))

    def _if_alive(self, slot: Any) -> Any:
        return lambda value: slot(value) if shiboken6.isValid(self) else None

    def show_failure(self, exc: BaseException) -> None:
        code = f"{exc.code}: " if isinstance(exc, ReviewerError) else ""
        message = exc.message if isinstance(exc, ReviewerError) else str(exc)
        self.state.setText(f"Error - the evidence could not be read. {code}{message}")
        self.state.setAccessibleName(self.state.text())

    def show_evidence(self, evidence: Any) -> None:
        self.evidence = evidence
        self.state.setText(f"Policy: {evidence.policy_name}; score tolerance "
                           f"{evidence.tolerance:g}; {len(evidence.findings)} finding(s).")
        self.state.setAccessibleName(self.state.text())
        a = evidence.assessment
        reasons = "".join(f"\n - {r}" for r in a.reasons)
        self.assessment.setText(f"Assessment: {a.summary}{reasons}")
        self.assessment.setAccessibleName(self.assessment.text())
        self._fill_table(evidence.rows)
        self.chart.set_bars([Bar(f"{r.benchmark} ({r.metric})", r.score, r.threshold,
                                 r.status.value, r.status.label) for r in evidence.rows])
        logs = sorted({p for r in evidence.rows if r.format in INSPECT_FORMATS
                       for p in r.evidence})
        self.log_choice.blockSignals(True)
        self.log_choice.clear()
        self.log_choice.addItems(logs)
        self.log_choice.blockSignals(False)
        if logs:
            self.open_selected_log()

    def _fill_table(self, rows: Any) -> None:
        self.table.setRowCount(len(rows))
        style = self.style()
        for i, r in enumerate(rows):
            values = (r.domain, r.benchmark, r.metric, _num(r.declared), _num(r.recomputed),
                      _num(r.n), _num(r.stderr), _num(r.threshold), r.status.label)
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{COLUMNS[col]}: {text}")
                if col == len(values) - 1:
                    item.setIcon(style.standardIcon(STATUS_ICONS[r.status.value]))
                    if r.notes:
                        item.setToolTip("\n".join(r.notes))
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()

    # --- sample browser ----------------------------------------------------------------
    def open_selected_log(self) -> None:
        from reviewer_app.services.evidence import case_file, open_log

        rel = self.log_choice.currentText()
        if not rel:
            return
        try:
            source = open_log(case_file(self.ws, self.case.uuid, rel))
            model = SampleTableModel(source, self)
        except ReviewerError as exc:
            self.sample_state.setText(f"Error - {rel} cannot be browsed: {exc.message}")
            self.sample_state.setAccessibleName(self.sample_state.text())
            return
        old, self.samples = self.samples, model
        self.sample_view.setModel(model)
        if old is not None:
            old.source.close()
            old.deleteLater()
        self.sample_view.selectionModel().selectionChanged.connect(self._on_sample_selected)
        self._show_count()

    def apply_filter(self) -> None:
        """Filter the samples: a read job in a window (the first filter reads every row)."""
        model = self.samples
        if model is None:
            return
        text, score = self.text_filter.text(), parse_score(self.score_filter.text())
        jobs = getattr(self.window(), "jobs", None)
        if jobs is None:
            try:
                self._show_hits(model, matching(model.source, text=text, score=score))
            except ReviewerError as exc:
                self._filter_failed(exc)
            return
        self.sample_state.setText("Filtering the samples...")
        jobs.submit(lambda _p, _c: matching(model.source, text=text, score=score),
                    name="filter samples",
                    on_success=self._if_alive(lambda hits: self._show_hits(model, hits)),
                    on_failure=self._if_alive(self._filter_failed))

    def _show_hits(self, model: SampleTableModel, hits: list[int] | None) -> None:
        if model is not self.samples:
            return  # another log was opened meanwhile
        model.show_hits(hits)
        self.detail.clear()
        self._show_count()

    def _filter_failed(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, ReviewerError) else str(exc)
        self.sample_state.setText(f"Error - the filter failed: {message}")
        self.sample_state.setAccessibleName(self.sample_state.text())

    def _show_count(self) -> None:
        assert self.samples is not None
        self.sample_state.setText(f"{self.samples.available():,} sample(s) "
                                  f"in {self.log_choice.currentText()}")
        self.sample_state.setAccessibleName(self.sample_state.text())

    def _on_sample_selected(self, selected: QItemSelection, _old: QItemSelection) -> None:
        if self.samples is None or not selected.indexes():
            return
        row = self.samples.summary(selected.indexes()[0].row())
        try:
            self.detail.setPlainText(detail_text(self.samples.source.detail(row.id, row.epoch)))
        except ReviewerError as exc:
            self.detail.setPlainText(f"Error - sample {row.id} cannot be read: {exc.message}")


register_page("Evidence", lambda ws, actor, case: EvidencePage(ws, actor, case), order=20)
