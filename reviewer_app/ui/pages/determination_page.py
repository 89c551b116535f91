"""The Determination page: record the determination, preview, sign, print and verify the letter.

Every service call runs as a job (the window's runner when the page sits in
the window, a runner of its own otherwise). Secrets are asked at the moment
of use (``CredentialDialog.ask``) and never kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from reviewer_app.domain.case import Case
from reviewer_app.domain.determination import Condition, ConditionKind, Outcome
from reviewer_app.domain.users import Actor
from reviewer_app.formats.private_files import write_private
from reviewer_app.ui import messages
from reviewer_app.ui.a11y import fill_accessible_names
from reviewer_app.ui.case_pages import register_page
from reviewer_app.ui.jobs import JobRunner, runner_for
from reviewer_app.ui.pages.cui_fields import CuiFields
from reviewer_app.ui.pages.verify_report import VerifyReportDialog
from reviewer_app.ui.secret_dialog import CredentialDialog


def _outcomes(ws: Any) -> tuple[Outcome, ...]:
    from reviewer_app.services.determination import policy_facts

    return policy_facts(ws).outcomes


class DeterminationPage(QWidget):
    def __init__(self, ws: Any, actor: Actor, case: Case, parent: QWidget | None = None,
                 *, jobs: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.ws, self.actor, self.case = ws, actor, case
        self._own_jobs = jobs
        self.setAccessibleName(f"Determination of case {case.reference}")
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self._pdf = b""
        self.preview_kind = ""  # "draft" or "letter vN (state)"
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setAccessibleName("Determination form and letter preview")
        splitter.addWidget(self._build_form())
        splitter.addWidget(self._build_preview())
        splitter.setStretchFactor(1, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)
        fill_accessible_names(self)
        self.load()

    # --- building ----------------------------------------------------------------
    def _build_form(self) -> QWidget:
        form_box = QWidget(self)
        form_box.setAccessibleName("Determination form")
        form = QFormLayout(form_box)
        self.outcome = QComboBox(form_box)
        self.outcome.setAccessibleName("Outcome")
        for outcome in _outcomes(self.ws):
            self.outcome.addItem(outcome.label, outcome.key)
        self._row(form, "&Outcome:", self.outcome)

        self.conditions = QListWidget(form_box)
        self.conditions.setAccessibleName("Conditions")
        self._row(form, "Co&nditions:", self.conditions)
        self.kind = QComboBox(form_box)
        self.kind.setAccessibleName("Condition kind")
        for kind in ConditionKind:
            self.kind.addItem(kind.label, kind.value)
        self._row(form, "Condition &kind:", self.kind)
        self.condition_text = QLineEdit(form_box)
        self.condition_text.setAccessibleName("Condition text")
        self._row(form, "Condition &text:", self.condition_text)
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
        self.add_condition_button = QPushButton("&Add condition", buttons)
        self.remove_condition_button = QPushButton("Re&move condition", buttons)
        self.add_condition_button.clicked.connect(self.add_condition)
        self.remove_condition_button.clicked.connect(self.remove_condition)
        h.addWidget(self.add_condition_button)
        h.addWidget(self.remove_condition_button)
        form.addRow(buttons)

        self.rationale = QPlainTextEdit(form_box)
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setTabChangesFocus(True)  # keyboard users leave the text with Tab
        self._row(form, "&Rationale:", self.rationale)
        self.cui = CuiFields(form_box)
        form.addRow(self.cui)
        self.record_button = QPushButton("Record &determination", form_box)
        self.record_button.clicked.connect(self.record)
        form.addRow(self.record_button)
        self.status = QLabel("", form_box)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Determination status")
        form.addRow(self.status)
        return form_box

    def _row(self, form: QFormLayout, text: str, field: QWidget) -> None:
        label = QLabel(text, field.parentWidget())
        label.setBuddy(field)
        form.addRow(label, field)

    def _build_preview(self) -> QWidget:
        box = QWidget(self)
        box.setAccessibleName("Letter")
        column = QVBoxLayout(box)
        bar = QWidget(box)
        bar.setAccessibleName("Letter actions")
        h = QHBoxLayout(bar)
        h.setContentsMargins(0, 0, 0, 0)
        self.sign_button = QPushButton("&Sign...", bar)
        self.countersign_button = QPushButton("&Countersign...", bar)
        self.save_button = QPushButton("Sav&e as...", bar)
        self.print_button = QPushButton("&Print...", bar)
        self.verify_button = QPushButton("&Verify letter...", bar)
        for button, slot in ((self.sign_button, self.sign), (self.countersign_button, self.countersign),
                             (self.save_button, self.save_as), (self.print_button, self.print_letter),
                             (self.verify_button, self.verify_letter)):
            button.clicked.connect(slot)
            h.addWidget(button)
        column.addWidget(bar)
        self.preview_label = QLabel("Letter preview: loading...", box)
        self.preview_label.setAccessibleName("Letter preview state")
        column.addWidget(self.preview_label)
        self.view = QPdfView(box)
        self.view.setAccessibleName("Letter preview (as it will print)")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys / Page Down scroll
        column.addWidget(self.view, 1)
        return box

    # --- jobs ----------------------------------------------------------------
    @property
    def jobs(self) -> JobRunner:
        return runner_for(self, self._own_jobs)

    def _error(self, exc: BaseException) -> None:
        messages.show_exception(self if isValid(self) else None, exc, logs=self.ws.paths.logs)

    # --- loading -------------------------------------------------------------
    def load(self) -> None:
        """Fill the form from the stored determination and show the newest letter or a draft."""
        ws, key = self.ws, self.case.uuid

        def fetch(_p: Any, _c: Any) -> tuple[Any, list[Any], bytes | None, str]:
            from reviewer_app.errors import ReviewerError
            from reviewer_app.services import letters
            from reviewer_app.services.determination import get_determination

            determination = get_determination(ws, key)
            stored = letters.list_letters(ws, key)
            if stored:
                newest = stored[-1]
                return determination, stored, letters.letter_pdf(ws, key), \
                    f"letter version {newest.version} ({newest.state})"
            if determination is None:
                return None, [], None, "no determination yet"
            try:
                return determination, [], letters.render_draft(ws, key), "draft (not signed)"
            except ReviewerError as exc:
                return determination, [], None, f"no preview: {exc.message}"

        self.jobs.submit(fetch, name="load determination", on_success=self._loaded,
                         on_failure=self._error)

    def _loaded(self, result: tuple[Any, list[Any], bytes | None, str]) -> None:
        if not isValid(self):  # another case was selected while the job ran
            return
        determination, stored, pdf, kind = result
        if determination is not None:
            self._fill(determination)
        self.letters = stored
        self.preview_kind = kind
        self.set_pdf(pdf or b"")
        self.preview_label.setText(f"Letter preview: {kind}")
        self.preview_label.setAccessibleName(self.preview_label.text())
        state = stored[-1].state if stored else ""
        self.countersign_button.setEnabled(state == "signed")
        self.sign_button.setEnabled(determination is not None and state != "countersigned")
        for button in (self.save_button, self.print_button):
            button.setEnabled(bool(pdf))

    def _fill(self, d: Any) -> None:
        index = self.outcome.findData(d.outcome.key)
        if index < 0:
            self.outcome.addItem(d.outcome.label, d.outcome.key)
            index = self.outcome.count() - 1
        self.outcome.setCurrentIndex(index)
        self.conditions.clear()
        for condition in d.conditions:
            self._add_condition_item(condition)
        self.rationale.setPlainText(d.rationale)
        self.cui.show_marking(d.cui)
        self.status.setText(f"Decided by {d.decided_by} on {d.decided_at:%Y-%m-%d %H:%M} UTC")
        self.status.setAccessibleName(self.status.text())

    def set_pdf(self, data: bytes) -> None:
        """Show ``data`` (PDF bytes) in the preview; the buffer lives as long as the document."""
        self.document.close()
        self._pdf = data
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        if not data:
            return
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)

    # --- the form ----------------------------------------------------------------
    def _add_condition_item(self, condition: Condition) -> None:
        item = QListWidgetItem(condition.describe())
        item.setData(Qt.ItemDataRole.UserRole, condition)
        self.conditions.addItem(item)

    def add_condition(self) -> None:
        text = self.condition_text.text().strip()
        if not text:
            messages.info(self, "Condition", "Type the condition's text first.")
            return
        until = self.until.date().toPython() if self.has_until.isChecked() else None
        self._add_condition_item(Condition(ConditionKind(self.kind.currentData()), text, until))
        self.condition_text.clear()

    def remove_condition(self) -> None:
        row = self.conditions.currentRow()
        if row >= 0:
            self.conditions.takeItem(row)

    def condition_list(self) -> list[Condition]:
        return [self.conditions.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.conditions.count())]

    def record(self) -> None:
        from reviewer_app.services.determination import decide

        ws, actor, key = self.ws, self.actor, self.case.uuid
        outcome, conditions = self.outcome.currentData(), self.condition_list()
        rationale, cui = self.rationale.toPlainText(), self.cui.marking()
        self.jobs.submit(lambda _p, _c: decide(ws, actor, key, outcome, conditions, rationale, cui),
                         write=True, name="record determination",
                         on_success=lambda _d: self._after("Determination recorded."),
                         on_failure=self._error)

    def _after(self, text: str) -> None:
        if not isValid(self):
            messages.info(None, "Determination", text)
            return
        messages.info(self, "Determination", text)
        self.load()

    # --- the letter ----------------------------------------------------------------
    def _on_token(self) -> bool:
        """The user signs on a PKCS#11 token: ask for its PIN, not a passphrase."""
        from reviewer_app.services.export_credential import credential_kind

        return credential_kind(self.ws, self.actor.username) == "pkcs11"

    def sign(self) -> None:
        from reviewer_app.services.letters import sign_letter

        secret = CredentialDialog.ask(self, "Sign the letter", token=self._on_token())
        if secret is None:
            return
        ws, actor, key = self.ws, self.actor, self.case.uuid
        self.jobs.submit(lambda _p, _c: sign_letter(ws, actor, key, secret), write=True,
                         name="sign letter", on_failure=self._error,
                         on_success=lambda info: self._after(
                             f"Letter version {info.version} signed."))

    def countersign(self) -> None:
        from reviewer_app.services.letters import countersign

        secret = CredentialDialog.ask(self, "Countersign the letter", token=self._on_token())
        if secret is None:
            return
        ws, actor, key = self.ws, self.actor, self.case.uuid
        self.jobs.submit(lambda _p, _c: countersign(ws, actor, key, secret), write=True,
                         name="countersign letter", on_failure=self._error,
                         on_success=lambda info: self._after(
                             f"Letter version {info.version} countersigned; the case is issued."))

    def save_as(self, path: Path | None = None) -> None:
        if not self._pdf:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Save letter as",
                                                  f"{self.case.reference}-letter.pdf",
                                                  "PDF files (*.pdf)")
            if not name:
                return
            path = Path(name)
        try:
            write_private(Path(path), self._pdf)  # owner-only, as every letter (SECURITY.md)
        except OSError as exc:
            messages.error(self, "Could not save", "CANNOT_WRITE",
                           f"cannot write {path}: {exc.strerror}")

    def print_letter(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from reviewer_app.ui.pdf_print import print_pdf

        if self.document.pageCount() <= 0:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"{self.case.reference} letter")
        dialog = QPrintDialog(printer, self)
        dialog.setAccessibleName("Print letter")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        print_pdf(self.document, printer)

    def verify_letter(self, path: Path | None = None) -> None:
        from reviewer_app.services.verify_pdf import verify_pdf

        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, "Verify a signed letter", "",
                                                  "PDF files (*.pdf)")
            if not name:
                return
            path = Path(name)
        ws, chosen = self.ws, Path(path)
        self.jobs.submit(lambda _p, _c: verify_pdf(ws, chosen), name="verify letter",
                         on_success=lambda report: VerifyReportDialog.show_report(self, report),
                         on_failure=self._error)


register_page("Determination",
              lambda ws, actor, case: DeterminationPage(ws, actor, case), order=40)


def _open_determination(window: Any) -> None:
    """Case > Record determination / Sign letter: bring the Determination page forward."""
    page = window.show_page("Determination")
    if page is None:
        messages.info(window, "Determination", "Select a case first.")
    else:
        page.setFocus(Qt.FocusReason.ShortcutFocusReason)


def _register_actions() -> None:
    from reviewer_app.ui import actions

    actions.provide("case.decide", _open_determination)
    actions.provide("case.letter", _open_determination)


_register_actions()
