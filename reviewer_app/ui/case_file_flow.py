"""File > Export case file... and File > Import case file...: dialogs, jobs, results.

Both run their service as a job behind a progress dialog with Cancel (a
cancelled export leaves no file; a cancelled import leaves the workspace as
it was). Dialogs expose ``ask()`` classmethods that tests replace. Every
service call is a read or write through the window's page context; what a
write changed (the case list, the case's checklist, determination, letters,
audit trail) is broadcast so the open views reload themselves.

The export dialog asks for the secret of the user's signing credential: the
passphrase of a PKCS#12 file, or the PIN of a PKCS#11 token. It is asked at
the moment of use, passed to the export job, and kept nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import Case
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.merge import ItemDifference
from reviewer_app.ui import messages
from reviewer_app.ui.a11y import fill_accessible_names
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.progress_dialog import JobProgressDialog
from reviewer_app.ui.secret_dialog import SecretDialog

if TYPE_CHECKING:
    from reviewer_app.services.casefile import CaseImportResult, ExportResult
    from reviewer_app.ui.main_window import MainWindow

CASE_FILE_FILTER = "Case files (*.case);;All files (*)"


@dataclass(frozen=True)
class ExportRequest:
    out_path: Path
    credential_passphrase: str  # or the token's PIN
    recipients: list[str] | None = None
    passphrase: str | None = None


def _password(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


def _buttons(dialog: QDialog, layout: QLayout) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.setAccessibleName("Dialog buttons")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    if isinstance(layout, QFormLayout):
        layout.addRow(buttons)
    else:
        layout.addWidget(buttons)
    return buttons


class ExportCaseDialog(QDialog):
    """Who may open the file (workstation recipients or a passphrase), signer, where to save.

    ``token``: the user's credential is a PKCS#11 token, so its PIN is asked
    instead of a passphrase.
    """

    def __init__(self, parent: QWidget | None, case: Case, token: bool = False) -> None:
        super().__init__(parent)
        self.token = token
        self.setWindowTitle(f"Export case file - {case.reference}")
        self.setAccessibleName(f"Export case file for {case.reference}")
        form = QFormLayout(self)
        self.to_recipients = QRadioButton("Encrypt to &workstations (age recipients)", self)
        self.to_passphrase = QRadioButton("Encrypt to a &passphrase", self)
        self.to_recipients.setChecked(True)
        form.addRow(self.to_recipients)
        self.recipients = QPlainTextEdit(self)
        self.recipients.setAccessibleName("Workstation recipients, one age1... per line")
        self.recipients.setPlaceholderText("age1... (one per line)")
        self.recipients.setTabChangesFocus(True)
        form.addRow(self._label("&Recipients:", self.recipients), self.recipients)
        form.addRow(self.to_passphrase)
        self.passphrase = _password(self, "Case file passphrase")
        self.passphrase_again = _password(self, "Case file passphrase again")
        form.addRow(self._label("Pa&ssphrase:", self.passphrase), self.passphrase)
        form.addRow(self._label("A&gain:", self.passphrase_again), self.passphrase_again)
        self.to_recipients.toggled.connect(self._mode)
        if token:
            self.credential = _password(self, "Your signing token PIN")
            form.addRow(self._label("Token P&IN:", self.credential), self.credential)
        else:
            self.credential = _password(self, "Your signing credential passphrase")
            form.addRow(self._label("&Credential passphrase:", self.credential), self.credential)
        row = QWidget(self)
        row.setAccessibleName("Save to")
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        self.path = QLineEdit(str(Path.home() / f"{case.reference}.case"), row)
        self.path.setAccessibleName("Case file path")
        browse = QPushButton("&Browse...", row)
        browse.clicked.connect(self._browse)
        h.addWidget(self.path)
        h.addWidget(browse)
        form.addRow(self._label("Save &to:", self.path), row)
        self.problem = QLabel("", self)
        self.problem.setAccessibleName("Problem")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        _buttons(self, form)
        self._mode()
        fill_accessible_names(self)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _mode(self) -> None:
        by_key = self.to_recipients.isChecked()
        self.recipients.setEnabled(by_key)
        self.passphrase.setEnabled(not by_key)
        self.passphrase_again.setEnabled(not by_key)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save case file", self.path.text(),
                                              CASE_FILE_FILTER)
        if name:
            self.path.setText(name)

    def request(self) -> ExportRequest | None:
        """The request the fields describe, or None (and ``problem`` says why)."""
        problem = ""
        recipients = [line.strip() for line in self.recipients.toPlainText().splitlines()
                      if line.strip()]
        if self.to_recipients.isChecked() and not recipients:
            problem = "Enter at least one workstation recipient (age1...)."
        elif not self.to_recipients.isChecked() and not self.passphrase.text():
            problem = "Enter a passphrase for the case file."
        elif not self.to_recipients.isChecked() and \
                self.passphrase.text() != self.passphrase_again.text():
            problem = "The two passphrases differ."
        elif not self.credential.text():
            problem = ("Enter your token's PIN (the file is signed on your token)." if self.token
                       else "Enter your signing credential's passphrase (the file is signed by you).")
        elif not self.path.text().strip():
            problem = "Choose where to save the case file."
        self.problem.setText(problem)
        if problem:
            return None
        if self.to_recipients.isChecked():
            return ExportRequest(Path(self.path.text().strip()), self.credential.text(),
                                 recipients=recipients)
        return ExportRequest(Path(self.path.text().strip()), self.credential.text(),
                             passphrase=self.passphrase.text())

    def accept(self) -> None:
        if self.request() is not None:
            super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, case: Case, token: bool = False) -> ExportRequest | None:
        dialog = cls(parent, case, token)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.request()


class CaseFileChooser:
    @classmethod
    def ask(cls, parent: QWidget | None) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, "Import case file", "", CASE_FILE_FILTER)
        return Path(name) if name else None


class DivergedDialog(QDialog):
    """Items whose answers differ between the local case and the received copy; adopt per item."""

    def __init__(self, parent: QWidget | None, ctx: PageContext, local_case: str,
                 copy_case: str, differences: list[ItemDifference]) -> None:
        super().__init__(parent)
        self.ctx, self.local_case, self.copy_case = ctx, local_case, copy_case
        self.setWindowTitle("Both sides changed this case")
        self.setAccessibleName("Diverged case: differing items")
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        intro = QLabel("Nothing was overwritten. The received version is kept beside yours as a "
                       "linked copy. For each item below, keep your answer (do nothing) or adopt "
                       "the incoming one (recorded in the audit trail).", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.items = QListWidget(self)
        self.items.setAccessibleName("Differing items")
        layout.addWidget(self.items)
        self.adopt_button = QPushButton("&Adopt incoming answer", self)
        self.adopt_button.setAccessibleName("Adopt incoming answer for the selected item")
        self.adopt_button.clicked.connect(self.adopt_selected)
        layout.addWidget(self.adopt_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.setAccessibleName("Dialog buttons")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.show_differences(differences)
        fill_accessible_names(self)

    def show_differences(self, differences: list[ItemDifference]) -> None:
        self.items.clear()
        for d in differences:
            parts = [f"{f}: yours {d.local.get(f, '-')!r}, incoming {d.incoming.get(f, '-')!r}"
                     for f in d.fields]
            item = QListWidgetItem(f"{d.item_id} - " + "; ".join(parts))
            item.setData(Qt.ItemDataRole.UserRole, d.item_id)
            self.items.addItem(item)
        if self.items.count():
            self.items.setCurrentRow(0)
        self.adopt_button.setEnabled(self.items.count() > 0)

    def adopt_selected(self) -> None:
        item = self.items.currentItem()
        if item is not None:
            self.adopt(str(item.data(Qt.ItemDataRole.UserRole)))

    def adopt(self, item_id: str) -> None:
        from reviewer_app.services.casefile import adopt_item

        actor, local, copy = self.ctx.actor, self.local_case, self.copy_case
        self.ctx.write(lambda w: adopt_item(w.ws, actor, local, copy, item_id),
                       Changes(case=local, checklist=True, audit=True), self.show_differences,
                       owner=self, name="adopt answer")

    @classmethod
    def present(cls, parent: QWidget | None, ctx: PageContext, result: CaseImportResult) -> None:
        local = result.local_uuid or result.case_uuid
        cls(parent, ctx, local, result.case_uuid, list(result.differing_items)).exec()


# --- the two menu actions ----------------------------------------------------------------


def export_case_file(window: MainWindow) -> None:
    from reviewer_app.services.access import credential_kind

    case = window.current_case()
    if case is None:
        messages.info(window, "Export case file", "Select a case first.")
        return
    ctx, username = window.context, window.actor.username
    ctx.read(lambda w: credential_kind(w.ws, username) == "pkcs11",
             lambda token: _export(window, case, token), owner=window, name="credential kind",
             on_error=window.show_error)


def _export(window: MainWindow, case: Case, token: bool) -> None:
    from reviewer_app.services.casefile import export_case

    request = ExportCaseDialog.ask(window, case, token)
    if request is None:
        return
    ctx, key = window.context, case.uuid
    actor = ctx.actor

    def done(result: ExportResult) -> None:
        messages.info(window, "Case file exported",
                      f"{result.reference} was written to {result.path} ({result.size:,} bytes).")

    job = ctx.write(lambda w: export_case(w.ws, actor, key, request.out_path,
                                          recipients=request.recipients,
                                          case_file_passphrase=request.passphrase,
                                          credential_passphrase=request.credential_passphrase,
                                          progress=w.progress, cancel=w.cancel),
                    Changes(case=key, audit=True), done, owner=window, name="export case file",
                    on_error=window.show_error,
                    on_cancel=lambda: messages.info(window, "Export cancelled",
                                                    "No case file was written."))
    JobProgressDialog(job, f"Exporting {case.reference}", window, unit="bytes")


def import_case_file(window: MainWindow, path: Path | None = None) -> None:
    """Choose the file, read (off the GUI thread) which secret it needs, then ask and import."""
    from reviewer_app.services.casefile import case_file_needs_passphrase

    chosen = path or CaseFileChooser.ask(window)
    if chosen is None:
        return
    window.context.read(lambda _w: case_file_needs_passphrase(chosen),
                        lambda by_passphrase: _import(window, chosen, by_passphrase),
                        owner=window, name="read case file header", on_error=window.show_error)


def _import(window: MainWindow, chosen: Path, by_passphrase: bool) -> None:
    from reviewer_app.services.casefile import import_case

    if by_passphrase:
        secret = SecretDialog.ask(window, "Case file passphrase",
                                  "The passphrase the sender gave for this case file:")
    else:
        secret = SecretDialog.ask(window, "Workstation passphrase",
                                  "The workstation passphrase (unlocks this workstation's key):")
    if secret is None:
        return
    ctx = window.context
    actor = ctx.actor

    def changed(result: CaseImportResult) -> Changes:
        # A case made or brought up to date: its list row and everything shown of it.
        return Changes(cases=True, case=result.case_uuid, checklist=True, determination=True,
                       letters=True, audit=True)

    def done(result: CaseImportResult) -> None:
        from reviewer_app.domain.merge import MergeOutcome

        messages.info(window, "Case file imported", result.message())
        if result.outcome == MergeOutcome.DIVERGED and result.differing_items:
            DivergedDialog.present(window, ctx, result)

    job = ctx.write(lambda w: import_case(w.ws, actor, chosen,
                                          workstation_passphrase=None if by_passphrase else secret,
                                          case_file_passphrase=secret if by_passphrase else None,
                                          progress=w.progress, cancel=w.cancel),
                    changed, done, owner=window, name="import case file",
                    on_error=window.show_error,
                    on_cancel=lambda: messages.info(window, "Import cancelled",
                                                    "Nothing was changed."))
    JobProgressDialog(job, f"Importing {chosen.name}", window, unit="bytes")
