"""File > Export case file... and File > Import case file...: dialogs, jobs, results.

Both run their service as a job behind a progress dialog with Cancel (a
cancelled export leaves no file; a cancelled import leaves the workspace as
it was). Dialogs expose ``ask()`` classmethods that tests replace.

The export dialog asks for the secret of the user's signing credential: the
passphrase of a PKCS#12 file, or the PIN of a PKCS#11 token. It is asked at
the moment of use, passed to the export job, and kept nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
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
from reviewer_app.ui import actions, messages
from reviewer_app.ui.a11y import fill_accessible_names
from reviewer_app.ui.progress_dialog import JobProgressDialog
from reviewer_app.ui.secret_dialog import SecretDialog

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


def _buttons(dialog: QDialog, layout: Any) -> QDialogButtonBox:
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

    def __init__(self, parent: QWidget | None, ws: Any, actor: Any, local_case: str,
                 copy_case: str, differences: list[Any], jobs: Any = None) -> None:
        super().__init__(parent)
        self.ws, self.actor, self.local_case, self.copy_case = ws, actor, local_case, copy_case
        self.jobs = jobs
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

    def show_differences(self, differences: list[Any]) -> None:
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
        from reviewer_app.services.case_merge import adopt_item

        ws, actor, local, copy = self.ws, self.actor, self.local_case, self.copy_case

        def run(_p: Any, _c: Any) -> list[Any]:
            return adopt_item(ws, actor, local, copy, item_id)

        if self.jobs is None:
            try:
                self.show_differences(run(None, None))
            except Exception as exc:  # noqa: BLE001 - shown as a message
                messages.show_exception(self, exc, logs=ws.paths.logs)
            return
        self.jobs.submit(run, write=True, name="adopt answer", on_success=self.show_differences,
                         on_failure=lambda e: messages.show_exception(self, e, logs=ws.paths.logs))

    @classmethod
    def present(cls, parent: QWidget | None, ws: Any, actor: Any, result: Any,
                jobs: Any = None) -> None:
        cls(parent, ws, actor, result.local_uuid, result.case_uuid,
            list(result.differing_items), jobs).exec()


# --- the two menu actions ----------------------------------------------------------------


def export_case_file(window: Any) -> Any:
    from reviewer_app.services.export_case import export_case
    from reviewer_app.services.export_credential import credential_kind

    case = window.current_case()
    if case is None:
        messages.info(window, "Export case file", "Select a case first.")
        return None
    token = credential_kind(window.workspace, window.actor.username) == "pkcs11"
    request = ExportCaseDialog.ask(window, case, token)
    if request is None:
        return None
    ws, actor, key = window.workspace, window.actor, case.uuid

    def run(progress: Any, cancel: Any) -> Any:
        return export_case(ws, actor, key, request.out_path, recipients=request.recipients,
                           passphrase=request.passphrase,
                           credential_passphrase=request.credential_passphrase,
                           progress=progress, cancel=cancel)

    def done(result: Any) -> None:
        messages.info(window, "Case file exported",
                      f"{result.reference} was written to {result.path} ({result.size:,} bytes).")

    job = window.jobs.submit(run, write=True, name="export case file", on_success=done,
                             on_failure=window.show_error,
                             on_cancel=lambda: messages.info(window, "Export cancelled",
                                                             "No case file was written."))
    JobProgressDialog(job, f"Exporting {case.reference}", window, unit="bytes")
    return job


def import_case_file(window: Any, path: Path | None = None) -> Any:
    from reviewer_app.services.import_case import case_file_needs_passphrase, import_case

    path = path or CaseFileChooser.ask(window)
    if path is None:
        return None
    by_passphrase = case_file_needs_passphrase(path)
    if by_passphrase:
        secret = SecretDialog.ask(window, "Case file passphrase",
                                  "The passphrase the sender gave for this case file:")
    else:
        secret = SecretDialog.ask(window, "Workstation passphrase",
                                  "The workstation passphrase (unlocks this workstation's key):")
    if secret is None:
        return None
    ws, actor = window.workspace, window.actor

    def run(progress: Any, cancel: Any) -> Any:
        return import_case(ws, actor, path, workstation_passphrase=None if by_passphrase else secret,
                           passphrase=secret if by_passphrase else None,
                           progress=progress, cancel=cancel)

    def done(result: Any) -> None:
        from reviewer_app.domain.merge import MergeOutcome

        window.refresh_cases()
        messages.info(window, "Case file imported", result.message())
        if result.outcome == MergeOutcome.DIVERGED and result.differing_items:
            DivergedDialog.present(window, ws, actor, result, window.jobs)

    job = window.jobs.submit(run, write=True, name="import case file", on_success=done,
                             on_failure=window.show_error,
                             on_cancel=lambda: messages.info(window, "Import cancelled",
                                                             "Nothing was changed."))
    JobProgressDialog(job, f"Importing {path.name}", window, unit="bytes")
    return job


actions.provide("file.export_case", export_case_file)
actions.provide("file.import_case", import_case_file)
