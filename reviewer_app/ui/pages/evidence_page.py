"""Evidence page: the case's evaluations against thresholds, a chart, and a sample browser.

``evaluate_case`` runs as a read through the page context (off the GUI
thread). Opening a log for the sample browser (a ``.json`` log is read
through once), reading a sample (a body may be hundreds of MB) and finding
one are reads too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import Case
from reviewer_app.errors import ReviewerError
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.document_viewer import DocumentViewer, norm_path, open_stored_document
from reviewer_app.ui.pages.sample_model import (
    SampleTableModel,
    detail_text,
    find_row,
    matching,
    open_source,
    parse_score,
)
from reviewer_app.ui.pages.score_chart import Bar, ScoreChart

if TYPE_CHECKING:
    from reviewer_app.formats.evidence.sample_source import SampleSource
    from reviewer_app.services.evidence import CaseEvidence, EvaluationRow

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
    def __init__(self, ctx: PageContext, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case = ctx, case
        self.evidence: CaseEvidence | None = None  # once loaded
        self.samples: SampleTableModel | None = None
        self.viewer: DocumentViewer | None = None  # the last evidence file opened
        self._pending_focus: tuple[str, str, int | None] | None = None
        self._opening = ""  # the log last asked for; only its opening is installed
        self._samples_log = ""  # the log ``samples`` browses
        self._detail_request = 0  # only the newest sample read may fill the pane
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
        files = QHBoxLayout()
        self.open_button = QPushButton("&Open evidence file", top)
        self.open_button.setAccessibleName("Open the selected evaluation's evidence file")
        self.open_button.clicked.connect(self.open_evidence_file)
        self.open_state = QLabel("", top)
        self.open_state.setAccessibleName("Evidence file state")
        self.open_state.setWordWrap(True)
        files.addWidget(self.open_button)
        files.addWidget(self.open_state, 1)
        column.addLayout(files)
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
        form.addRow(self._label("F&ilter:", self.text_filter), filters)
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

        key = self.case.uuid
        self.ctx.read(lambda w: evaluate_case(w.ws, key), self.show_evidence, owner=self,
                      name="evaluate case", on_error=self.show_failure)

    def show_failure(self, exc: BaseException) -> None:
        code = f"{exc.code}: " if isinstance(exc, ReviewerError) else ""
        message = exc.message if isinstance(exc, ReviewerError) else str(exc)
        self.state.setText(f"Error - the evidence could not be read. {code}{message}")
        self.state.setAccessibleName(self.state.text())

    def show_evidence(self, evidence: CaseEvidence) -> None:
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
        if self._pending_focus is not None:
            request, self._pending_focus = self._pending_focus, None
            self.focus_sample(*request)

    def _fill_table(self, rows: tuple[EvaluationRow, ...]) -> None:
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
        """Open the chosen log for the browser (a ``.eval``: its directory and header;
        a ``.json`` log is read through once, to count and index its samples)."""
        rel = self.log_choice.currentText()
        if not rel:
            return
        self._opening = rel
        key = self.case.uuid
        self._say_samples(f"Opening {rel}...")
        self.ctx.read(lambda w: open_source(w.ws, key, rel), lambda src: self._install(rel, src),
                      owner=self, name="open log",
                      on_error=lambda exc: self._open_log_failed(rel, exc))

    def _install(self, rel: str, source: SampleSource) -> None:
        if rel != self._opening:
            source.close()  # another log was chosen meanwhile
            return
        model = SampleTableModel(source, self)
        old, self.samples, self._samples_log = self.samples, model, rel
        self.sample_view.setModel(model)
        if old is not None:
            old.source.close()
            old.deleteLater()
        self.sample_view.selectionModel().selectionChanged.connect(self._on_sample_selected)
        self._show_count()
        if self._pending_focus is not None:
            request, self._pending_focus = self._pending_focus, None
            self.focus_sample(*request)

    def _open_log_failed(self, rel: str, exc: BaseException) -> None:
        if rel == self._opening:
            self._pending_focus = None
            message = exc.message if isinstance(exc, ReviewerError) else str(exc)
            self._say_samples(f"Error - {rel} cannot be browsed: {message}")

    def apply_filter(self) -> None:
        """Filter the samples: a read job in a window (the first filter reads every row)."""
        model = self.samples
        if model is None:
            return
        text, score = self.text_filter.text(), parse_score(self.score_filter.text())
        self._say_samples("Filtering the samples...")
        self.ctx.read(lambda _w: matching(model.source, text=text, score=score),
                      lambda hits: self._show_hits(model, hits), owner=self,
                      name="filter samples", on_error=self._filter_failed)

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
        self.show_detail(row.id, row.epoch)

    def show_detail(self, sample_id: str, epoch: int) -> None:
        """Read one sample (a job in a window: a big body takes seconds) and show it."""
        assert self.samples is not None
        source = self.samples.source
        self._detail_request += 1
        request = self._detail_request
        self.detail.setPlainText(f"Reading sample {sample_id} (epoch {epoch})...")
        self.ctx.read(lambda _w: detail_text(source.detail(sample_id, epoch)),
                      lambda text: self._detail_read(request, text), owner=self,
                      name="read sample",
                      on_error=lambda exc: self._detail_failed(request, sample_id, exc))

    def _detail_read(self, request: int, text: str) -> None:
        if request == self._detail_request:  # else another sample was asked for meanwhile
            self.detail.setPlainText(text)

    def _detail_failed(self, request: int, sample_id: str, exc: BaseException) -> None:
        if request == self._detail_request:
            message = exc.message if isinstance(exc, ReviewerError) else str(exc)
            self.detail.setPlainText(f"Error - sample {sample_id} cannot be read: {message}")

    # --- links from elsewhere (checklist evidence) ------------------------------------
    def focus_sample(self, log_path: str, sample_id: str, epoch: int | None = None) -> None:
        """Select ``log_path`` in the evaluations table, browse it, select the sample
        (``epoch`` None: its first) and show its detail. Before the page has loaded,
        the request is kept and fulfilled when it has."""
        if self.evidence is None:
            self._pending_focus = (log_path, sample_id, epoch)
            self._say_samples(f"Sample {sample_id} of {log_path} will be shown once the "
                              "evidence is read.")
            return
        wanted = norm_path(log_path)
        logs = [self.log_choice.itemText(i) for i in range(self.log_choice.count())]
        index = next((i for i, text in enumerate(logs) if norm_path(text) == wanted), -1)
        if index < 0:
            self._say_samples(f"Not found: {log_path} is not an Inspect log of this case.")
            return
        for r, row in enumerate(self.evidence.rows):
            if wanted in {norm_path(p) for p in row.evidence}:
                self.table.selectRow(r)
                break
        model = self.samples
        if model is None or norm_path(self._samples_log) != wanted:
            # Not open yet: the request waits for the log (a failure drops it, in words).
            self._pending_focus = (log_path, sample_id, epoch)
            if self.log_choice.currentIndex() != index:
                self.log_choice.setCurrentIndex(index)  # opens it
            elif self._opening != logs[index]:
                self.open_selected_log()
            return
        self.text_filter.clear()
        self.score_filter.clear()
        if model.available() != model.source.sample_count():
            self._show_hits(model, None)
        self._say_samples(f"Looking for sample {sample_id} in {logs[index]}...")
        self.ctx.read(lambda _w: find_row(model.source, sample_id, epoch),
                      lambda row: self._select_sample(model, row, sample_id), owner=self,
                      name="find sample", on_error=self._filter_failed)

    def _select_sample(self, model: SampleTableModel, row: int | None, sample_id: str) -> None:
        if model is not self.samples:
            return  # another log was opened meanwhile
        if row is None:
            self._say_samples(f"Not found: {self.log_choice.currentText()} has no sample "
                              f"{sample_id}.")
            return
        while model.rowCount() <= row and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        self.sample_view.selectRow(row)
        self.sample_view.scrollTo(model.index(row, 0))
        self.sample_view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_count()

    def _say_samples(self, text: str) -> None:
        self.sample_state.setText(text)
        self.sample_state.setAccessibleName(text)

    # --- evidence files as documents -----------------------------------------------------
    def open_evidence_file(self) -> None:
        """Show the selected evaluation's (first) evidence file in a document window."""
        rows = self.table.selectionModel().selectedRows()
        if self.evidence is None or not rows or not self.evidence.rows[rows[0].row()].evidence:
            self._say_files("Select an evaluation that names an evidence file first.")
            return
        path = self.evidence.rows[rows[0].row()].evidence[0]
        open_stored_document(self, self.ctx, self.case.uuid, path, self._say_files,
                             self._opened)

    def _opened(self, viewer: DocumentViewer) -> None:
        self.viewer = viewer

    def _say_files(self, text: str) -> None:
        self.open_state.setText(text)
        self.open_state.setAccessibleName(text)

