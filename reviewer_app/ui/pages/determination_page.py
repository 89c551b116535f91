"""The Determination page: record the determination, preview, sign, print and verify the letter.

Every service call goes through the page context (reads off the GUI thread,
writes on the write thread); the page reloads when any view records a
determination or signs a letter of its case. Secrets are asked at the moment
of use (``CredentialDialog.ask``) and never kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
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
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.determination import Condition, ConditionKind, Determination
from reviewer_app.formats.private_files import write_private
from reviewer_app.ui import messages
from reviewer_app.ui.a11y import fill_accessible_names
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.pages.cui_fields import CuiFields
from reviewer_app.ui.pages.determination_read import Loaded, read_determination
from reviewer_app.ui.pages.verify_report import VerifyReportDialog
from reviewer_app.ui.secret_dialog import CredentialDialog

if TYPE_CHECKING:
    from reviewer_app.services.decision import LetterInfo


class DeterminationPage(QWidget):
    def __init__(self, ctx: PageContext, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case = ctx, case
        self.loads = 0  # loads shown so far (tests wait for the next one)
        self.letters: list[LetterInfo] = []
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
        ctx.changed.connect(self._on_changed)
        self.load()

    # --- building ----------------------------------------------------------------
    def _build_form(self) -> QWidget:
        form_box = QWidget(self)
        form_box.setAccessibleName("Determination form")
        form = QFormLayout(form_box)
        self.outcome = QComboBox(form_box)
        self.outcome.setAccessibleName("Outcome")  # filled by ``load`` (the policy's outcomes)
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
        self._row(form, "Condition te&xt:", self.condition_text)
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
        self.sign_button = QPushButton("Si&gn...", bar)
        self.countersign_button = QPushButton("Co&untersign...", bar)
        self.save_button = QPushButton("Sav&e as...", bar)
        self.print_button = QPushButton("&Print...", bar)
        self.verify_button = QPushButton("&Verify letter...", bar)
        # clicked(bool) must not reach an optional argument: each slot is called bare.
        slots: tuple[tuple[QPushButton, Callable[[], None]], ...] = (
            (self.sign_button, self.sign), (self.countersign_button, self.countersign),
            (self.save_button, lambda: self.save_as()), (self.print_button, self.print_letter),
            (self.verify_button, lambda: self.verify_letter()))
        for button, slot in slots:
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
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

    def _error(self, exc: BaseException) -> None:
        self.ctx.show_error(exc, self if isValid(self) else None)

    # --- loading -------------------------------------------------------------
    def load(self) -> None:
        """Fill the form from the stored determination and show the newest letter or a draft."""
        key = self.case.uuid
        self.ctx.read(lambda w: read_determination(w.ws, key), self._loaded, owner=self,
                      name="load determination", on_error=self._error)

    def _on_changed(self, changes: Changes, _owner: object) -> None:
        # Ours and any other view's: a decision recorded, a letter signed.
        if (changes.determination or changes.letters) and changes.about(self.case.uuid):
            self.load()

    def _loaded(self, result: Loaded) -> None:
        determination, stored, pdf, kind = (result.determination, result.letters, result.pdf,
                                            result.kind)
        for outcome in result.outcomes:
            if self.outcome.findData(outcome.key) < 0:
                self.outcome.addItem(outcome.label, outcome.key)
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
        self.loads += 1

    def _fill(self, d: Determination) -> None:
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
        day = self.until.date().toPython()
        until = day if self.has_until.isChecked() and isinstance(day, date) else None
        self._add_condition_item(Condition(ConditionKind(self.kind.currentData()), text, until))
        self.condition_text.clear()

    def remove_condition(self) -> None:
        row = self.conditions.currentRow()
        if row >= 0:
            self.conditions.takeItem(row)

    def condition_list(self) -> list[Condition]:
        conditions: list[Condition] = []
        for i in range(self.conditions.count()):
            item = self.conditions.item(i)
            if item is not None:
                conditions.append(item.data(Qt.ItemDataRole.UserRole))
        return conditions

    def record(self) -> None:
        from reviewer_app.services.decision import decide

        actor, key = self.ctx.actor, self.case.uuid
        outcome, conditions = str(self.outcome.currentData()), self.condition_list()
        rationale, cui = self.rationale.toPlainText(), self.cui.marking()
        self.ctx.write(lambda w: decide(w.ws, actor, key, outcome, conditions, rationale, cui),
                       Changes(cases=True, case=key, determination=True, audit=True),
                       lambda _d: self._after("Determination recorded."), owner=None,
                       name="record determination", on_error=self._error)

    def _after(self, text: str) -> None:
        # Said even when another case was selected meanwhile (the write has no owner).
        messages.info(self if isValid(self) else None, "Determination", text)

    # --- the letter ----------------------------------------------------------------
    def _with_secret(self, title: str, then: Callable[[str], None]) -> None:
        """Ask the user's credential secret (a PIN when they sign on a PKCS#11 token,
        read first off the GUI thread), then ``then(secret)``."""
        from reviewer_app.services.access import credential_kind

        username = self.ctx.actor.username

        def ask(kind: str) -> None:
            secret = CredentialDialog.ask(self, title, token=kind == "pkcs11")
            if secret is not None:
                then(secret)

        self.ctx.read(lambda w: credential_kind(w.ws, username), ask, owner=self,
                      name="credential kind", on_error=self._error)

    def sign(self) -> None:
        from reviewer_app.services.decision import sign_letter

        actor, key = self.ctx.actor, self.case.uuid

        def run(secret: str) -> None:
            self.ctx.write(lambda w: sign_letter(w.ws, actor, key, secret),
                           Changes(case=key, letters=True, audit=True),
                           lambda info: self._after(f"Letter version {info.version} signed."),
                           owner=None, name="sign letter", on_error=self._error)

        self._with_secret("Sign the letter", run)

    def countersign(self) -> None:
        from reviewer_app.services.decision import countersign

        actor, key = self.ctx.actor, self.case.uuid

        def run(secret: str) -> None:
            self.ctx.write(lambda w: countersign(w.ws, actor, key, secret),
                           Changes(cases=True, case=key, letters=True, audit=True),
                           lambda info: self._after(f"Letter version {info.version} "
                                                    "countersigned; the case is issued."),
                           owner=None, name="countersign letter", on_error=self._error)

        self._with_secret("Countersign the letter", run)

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
        """Print the letter shown as a print copy (services/decision/printing.py): its text kept,
        the signature boxes written out as verified now, "not the record" on every page."""
        from reviewer_app.services.decision import print_copy
        from reviewer_app.ui import pdf_print

        if not self._pdf:
            return
        printer = pdf_print.ask_printer(self, f"{self.case.reference} letter")
        if printer is None:
            return
        pdf, who = self._pdf, self.ctx.actor.username

        def send(copy: bytes) -> None:
            try:
                pdf_print.print_bytes(copy, printer)
            except OSError as exc:
                messages.error(self if isValid(self) else None, "Could not print", "CANNOT_WRITE",
                               f"cannot write {printer.outputFileName()}: {exc.strerror}")

        self.ctx.read(lambda w: print_copy(w.ws, pdf, printed_by=who), send, owner=self,
                      name="print letter", on_error=self._error)

    def verify_letter(self, path: Path | None = None) -> None:
        from reviewer_app.services.access import verify_pdf

        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, "Verify a signed letter", "",
                                                  "PDF files (*.pdf)")
            if not name:
                return
            path = Path(name)
        chosen = Path(path)
        self.ctx.read(lambda w: verify_pdf(w.ws, chosen),
                      lambda report: VerifyReportDialog.show_report(self, report), owner=self,
                      name="verify letter", on_error=self._error)
