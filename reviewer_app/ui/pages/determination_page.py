"""The Determination page: record the determination, preview, sign, print and verify the letter.

Every service call goes through the page context (reads off the GUI thread,
writes on the write thread); the page reloads when any view records a
determination or signs a letter of its case. Secrets are asked at the moment
of use (``CredentialDialog.ask``) and never kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from reviewer_app.domain.case import Case
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.determination import (
    Determination,
    check_form,
    find_outcome,
)
from reviewer_app.errors import ReviewerError
from reviewer_app.formats.private_files import write_private
from reviewer_app.ui import messages
from reviewer_app.ui.a11y import fill_accessible_names
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.pages.conditions_editor import ConditionsEditor, add_row
from reviewer_app.ui.pages.cui_fields import CuiFields
from reviewer_app.ui.pages.determination_read import (
    Loaded,
    issued_banner,
    outcome_note,
    read_determination,
    why_not,
)
from reviewer_app.ui.pages.letter_preview import LetterPreview
from reviewer_app.ui.pages.record_confirm import Proposed, RecordConfirmDialog, summary_lines
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
        self.shown: Loaded | None = None  # what the page shows, as last read
        self.setAccessibleName(f"Determination of case {case.reference}")
        self.preview_kind = ""  # "draft" or "letter vN (state)"
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setAccessibleName("Determination form and letter preview")
        splitter.addWidget(self._build_form())
        splitter.addWidget(self._build_preview())
        # Half each: the form's outcome names are long; the preview scales the letter anyway.
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1, 1])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)
        fill_accessible_names(self)
        ctx.changed.connect(self._on_changed)
        ctx.actor_changed.connect(self._on_actor_changed)
        self.load()

    # --- building ----------------------------------------------------------------
    def _build_form(self) -> QWidget:
        form_box = QWidget(self)
        form_box.setAccessibleName("Determination form")
        form = QFormLayout(form_box)
        self.banner = QLabel("", form_box)  # shown once the letter is issued
        self.banner.setObjectName("issuedBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel#issuedBanner { border: 2px solid palette(dark); "
                                  "padding: 6px; font-weight: bold; }")
        self.banner.setAccessibleName("Issued")
        self.banner.hide()
        form.addRow(self.banner)
        self.outcome = QComboBox(form_box)
        self.outcome.setAccessibleName("Outcome")  # filled by ``load`` (the policy's outcomes)
        self.outcome.setPlaceholderText("Choose an outcome")
        # A narrow window may still cut an outcome's name: the whole name is the tooltip.
        self.outcome.currentTextChanged.connect(self.outcome.setToolTip)
        add_row(form, "&Outcome:", self.outcome)
        self.outcome_note = QLabel("", form_box)  # what the assessment says about the choice
        self.outcome_note.setWordWrap(True)
        self.outcome_note.setAccessibleName("Outcome and the assessment")
        form.addRow(self.outcome_note)
        self.outcome.currentIndexChanged.connect(lambda _i: self._show_outcome_note())

        editor = self.condition_editor = ConditionsEditor(form_box, form)
        self.conditions, self.kind, self.condition_text = (editor.conditions, editor.kind,
                                                           editor.condition_text)
        self.has_until, self.until = editor.has_until, editor.until
        self.add_condition_button, self.remove_condition_button = (editor.add_button,
                                                                   editor.remove_button)

        self.rationale = QPlainTextEdit(form_box)
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setTabChangesFocus(True)  # keyboard users leave the text with Tab
        add_row(form, "&Rationale:", self.rationale)
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
        self.preview = LetterPreview(box)
        self.document, self.preview_label = self.preview.document, self.preview.label
        column.addWidget(self.preview, 1)
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
        determination, pdf, kind = result.determination, result.pdf, result.kind
        first = self.shown is None
        self.shown = result
        for outcome in result.outcomes:
            if self.outcome.findData(outcome.key) < 0:
                self.outcome.addItem(outcome.label, outcome.key)
        if determination is not None:
            self._fill(determination)
        elif first:
            self._preselect(result)
        self.letters = result.letters
        self.preview_kind = kind
        self.preview.show_pdf(pdf or b"", kind)
        self._show_issued(result)
        self._show_outcome_note()
        self._enable_buttons(result)
        self.loads += 1

    def _preselect(self, result: Loaded) -> None:
        """No determination yet: the outcome the assessment points to, else none chosen
        (the first of the list would be a choice nobody made)."""
        suggested = result.suggestion.outcome if result.suggestion else None
        self.outcome.setCurrentIndex(self.outcome.findData(suggested.key) if suggested else -1)

    def _show_outcome_note(self) -> None:
        if self.shown is None:
            return
        key = self.outcome.currentData()
        text = outcome_note(self.shown, None if key is None else str(key))
        self.outcome_note.setText(text)
        self.outcome_note.setAccessibleName(text or "Outcome and the assessment")

    def _show_issued(self, result: Loaded) -> None:
        """An issued case's form is read-only under a banner saying why (the service refuses
        ALREADY_ISSUED anyway)."""
        self.banner.setText(issued_banner(result))
        self.banner.setAccessibleName(self.banner.text() or "Issued")
        self.banner.setVisible(result.issued)
        editable = not result.issued
        self.outcome.setEnabled(editable)
        self.condition_editor.set_editable(editable)
        for text in (self.rationale, *self.cui.fields()):
            text.setReadOnly(not editable)

    def _on_actor_changed(self, _actor: object) -> None:
        """Another user signed in at this desk: what they may do, from the state shown."""
        if self.shown is not None:
            self._enable_buttons(self.shown)

    def _enable_buttons(self, result: Loaded) -> None:
        """What the user may not do is disabled, the tooltip saying why (domain/permissions,
        the letter's state); the services still check."""
        why = why_not(result, self.ctx.actor)
        for button, reason, tip in (
                (self.record_button, why.record, "Record the determination (asks first)"),
                (self.sign_button, why.sign, "Sign the letter with your credential"),
                (self.countersign_button, why.countersign,
                 "Countersign the signed letter with your credential: the case is issued"),
                (self.save_button, why.save, "Save a copy of the letter shown"),
                (self.print_button, why.save, "Print the letter shown")):
            button.setEnabled(reason is None)
            button.setToolTip(reason or tip)
            button.setAccessibleDescription(reason or tip)

    def _fill(self, d: Determination) -> None:
        index = self.outcome.findData(d.outcome.key)
        if index < 0:
            self.outcome.addItem(d.outcome.label, d.outcome.key)
            index = self.outcome.count() - 1
        self.outcome.setCurrentIndex(index)
        self.condition_editor.fill(d.conditions)
        self.rationale.setPlainText(d.rationale)
        self.cui.show_marking(d.cui)
        self.status.setText(f"Decided by {d.decided_by} on {d.decided_at:%Y-%m-%d %H:%M} UTC")
        self.status.setAccessibleName(self.status.text())

    # --- the form ----------------------------------------------------------------
    def record(self) -> None:
        """Check the form, show what will be recorded and what it changes, record on Record."""
        from reviewer_app.services.decision import decide

        actor, key, shown = self.ctx.actor, self.case.uuid, self.shown
        if self.outcome.currentIndex() < 0 or shown is None:
            messages.info(self, "Determination", "Choose the outcome first.")
            return
        outcome, conditions = str(self.outcome.currentData()), self.condition_editor.listed()
        rationale, cui = self.rationale.toPlainText(), self.cui.marking()
        try:  # the form's own rules, before asking (the service checks them again)
            chosen = find_outcome(shown.outcomes, outcome)
            check_form(chosen, conditions, rationale)
        except ReviewerError as exc:
            self._error(exc)
            return
        proposed = Proposed(self.case, chosen, tuple(conditions), rationale, cui)
        if not RecordConfirmDialog.ask(self, summary_lines(proposed, shown)):
            return
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
        if not self.preview.pdf:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Save letter as",
                                                  f"{self.case.reference}-letter.pdf",
                                                  "PDF files (*.pdf)")
            if not name:
                return
            path = Path(name)
        try:
            write_private(Path(path), self.preview.pdf)  # owner-only, as every letter (SECURITY.md)
        except OSError as exc:
            messages.error(self, "Could not save", "CANNOT_WRITE",
                           f"cannot write {path}: {exc.strerror}")

    def print_letter(self) -> None:
        """Print the letter shown as a print copy (services/decision/printing.py): its text kept,
        the signature boxes written out as verified now, "not the record" on every page."""
        from reviewer_app.services.decision import print_copy
        from reviewer_app.ui import pdf_print

        if not self.preview.pdf:
            return
        printer = pdf_print.ask_printer(self, f"{self.case.reference} letter")
        if printer is None:
            return
        pdf, who = self.preview.pdf, self.ctx.actor.username

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
