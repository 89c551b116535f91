"""The Submission page: what the package says and what the import checked.

Read-only. Model, submitter, signer certificate, the organisation check (in
words and an icon, never colour alone), the verified file table, the release
and access plans as the manifest states them, and any keys the format does not
know (kept and shown, never dropped). Read through the page context (off the
GUI thread); the page says "Reading..." until the submission has arrived.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import Case
from reviewer_app.errors import ReviewerError
from reviewer_app.ui.a11y import fill_accessible_names
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.document_viewer import DocumentViewer, norm_path, open_stored_document

if TYPE_CHECKING:
    from reviewer_app.services.intake import SubmissionView

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
VERIFIED = "Verified"


def _size(n: int) -> str:
    return f"{n:,} bytes"


class SubmissionPage(QScrollArea):
    def __init__(self, ctx: PageContext, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from reviewer_app.services.intake import load_submission

        self.setAccessibleName(f"Submission of case {case.reference}")
        self.setWidgetResizable(True)
        body = QWidget(self)
        body.setAccessibleName(f"Submission of case {case.reference}")
        self.column = QVBoxLayout(body)
        self.setWidget(body)
        self.ctx, self.case_uuid = ctx, case.uuid
        self.viewer: DocumentViewer | None = None  # the last document window opened
        self.view: SubmissionView | None = None  # once read
        self._focus_when_read = ""  # a file asked for before the submission was read
        self.labels: dict[str, QLabel] = {}
        self.state = QLabel("Reading the submission...", body)
        self.state.setAccessibleName("Submission loading state")
        self.state.setWordWrap(True)
        self.column.addWidget(self.state)
        key = case.uuid
        ctx.read(lambda w: load_submission(w.ws, key), self.show_view, owner=self,
                 name="read submission", on_error=self.show_failure)

    def show_failure(self, exc: BaseException) -> None:
        message = f"{exc.code}: {exc.message}" if isinstance(exc, ReviewerError) else str(exc)
        self.state.setText(f"This page could not be shown: {message}")
        self.state.setAccessibleName(self.state.text())

    def show_view(self, view: SubmissionView) -> None:
        self.view = view
        self.state.hide()
        m, signer = view.manifest, view.signer
        self._form("Model", [
            ("Name", m.model.name), ("Version", m.model.version), ("Developer", m.model.developer),
            ("Description", m.model.description), ("Modalities", ", ".join(m.model.modalities)),
            ("Package id", m.package_id), ("Created", m.created_at.isoformat())])
        self._form("Submitter", [
            ("Organisation", m.submitter.organization), ("Contact", m.submitter.contact_name),
            ("Email", m.submitter.contact_email)])
        self._form("Signer certificate", [
            ("Subject", str(signer.get("subject", ""))), ("Issuer", str(signer.get("issuer", ""))),
            ("Valid from", str(signer.get("not_before", ""))),
            ("Valid until", str(signer.get("not_after", ""))),
            ("Fingerprint (SHA-256)", str(signer.get("fingerprint_sha256", ""))),
            ("Trust anchor", str(signer.get("anchor", "")))])
        self._organisation_check(view)
        self._file_table(view)
        self._plans(view)
        self.column.addStretch(1)
        fill_accessible_names(self)  # Qt's inner parts of the widgets just made
        if self._focus_when_read:
            self.focus_file(self._focus_when_read)

    def _form(self, title: str, rows: list[tuple[str, str]]) -> QGroupBox:
        box = QGroupBox(title, self.widget())
        box.setAccessibleName(title)
        form = QFormLayout(box)
        for label, value in rows:
            name = QLabel(f"{label}:", box)
            name.setAccessibleName(label)
            shown = QLabel(value or "(not given)", box)
            shown.setWordWrap(True)
            shown.setAccessibleName(f"{title} {label}: {value or 'not given'}")
            shown.setTextInteractionFlags(SELECTABLE)
            name.setBuddy(shown)
            form.addRow(name, shown)
            self.labels[f"{title}/{label}"] = shown
        self.column.addWidget(box)
        return box

    def _organisation_check(self, view: SubmissionView) -> None:
        checks = view.checks
        ok = view.organization_match
        signer_org = checks.get("signer_organization", view.signer.get("organization", ""))
        manifest_org = checks.get("manifest_organization", view.manifest.submitter.organization)
        text = (f"Match: the certificate's organisation ({signer_org}) is the submitter ({manifest_org})"
                if ok else f"Mismatch: the certificate's organisation ({signer_org}) is not the "
                f"submitter named in the manifest ({manifest_org}); check before relying on it")
        row = QWidget(self.widget())
        row.setAccessibleName("Organisation check")
        line = QVBoxLayout(row)
        icon = QLabel(row)
        pixmap = QStyle.StandardPixmap.SP_DialogApplyButton if ok else QStyle.StandardPixmap.SP_MessageBoxWarning
        icon.setPixmap(self.style().standardIcon(pixmap).pixmap(16))
        icon.setAccessibleName("Match" if ok else "Warning: mismatch")
        line.addWidget(icon)
        self.org_check = QLabel(text, row)
        self.org_check.setWordWrap(True)
        self.org_check.setAccessibleName(f"Organisation check: {text}")
        self.org_check.setTextInteractionFlags(SELECTABLE)
        line.addWidget(self.org_check)
        self.column.addWidget(row)

    def _file_table(self, view: SubmissionView) -> None:
        files = view.manifest.files
        verified = int(view.checks.get("files_verified", 0))
        all_ok = verified == len(files)
        box = QGroupBox(f"Files ({len(files)})", self.widget())
        box.setAccessibleName("Files")
        layout = QVBoxLayout(box)
        self.files = QTableWidget(len(files), 4, box)
        self.files.setAccessibleName("File table")
        self.files.setHorizontalHeaderLabels(["Path", "Size", "SHA-256", "Check"])
        self.files.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.files.setTabKeyNavigation(False)
        self.files.verticalHeader().hide()
        ok_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        bad_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for r, entry in enumerate(files):
            cells = [entry.path, _size(entry.size), entry.sha256,
                     VERIFIED if all_ok else "Not verified"]
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if c == 3:
                    item.setIcon(ok_icon if all_ok else bad_icon)
                item.setToolTip(value)
                self.files.setItem(r, c, item)
        self.files.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.files.setMinimumHeight(min(400, 60 + 30 * len(files)))
        self.files.itemActivated.connect(lambda item: self.open_file(self._path_at(item.row())))
        layout.addWidget(self.files)
        row = QHBoxLayout()
        self.open_button = QPushButton("&Open file", box)
        self.open_button.setAccessibleName("Open the selected file (Enter or double-click)")
        self.open_button.clicked.connect(lambda: self.open_file(self.selected_path()))
        self.open_state = QLabel("Select a file and press Enter to read it here.", box)
        self.open_state.setAccessibleName(self.open_state.text())
        self.open_state.setWordWrap(True)
        row.addWidget(self.open_button)
        row.addWidget(self.open_state, 1)
        layout.addLayout(row)
        self.column.addWidget(box)

    # --- files ---------------------------------------------------------------------
    def _path_at(self, row: int) -> str:
        item = self.files.item(row, 0)
        return item.text() if item is not None else ""

    def selected_path(self) -> str:
        rows = self.files.selectionModel().selectedRows()
        return self._path_at(rows[0].row()) if rows else ""

    def focus_file(self, path: str) -> None:
        """Select ``path``'s row in the file table, scroll to it and give the table focus."""
        if self.view is None:
            self._focus_when_read = path
            return
        self._focus_when_read = ""
        wanted = norm_path(path)
        for r in range(self.files.rowCount()):
            if norm_path(self._path_at(r)) == wanted:
                self.files.selectRow(r)
                self.files.scrollTo(self.files.model().index(r, 0))
                self.ensureWidgetVisible(self.files)
                self.files.setFocus(Qt.FocusReason.OtherFocusReason)
                self._say(f"{self._path_at(r)} selected; press Enter to open it.")
                return
        self._say(f"Not found: the submission has no file '{path}'.")

    def open_file(self, path: str) -> None:
        """Show the stored file in a document window (read in a job in a window)."""
        if not path:
            self._say("Select a file first.")
            return
        open_stored_document(self, self.ctx, self.case_uuid, path, self._say, self._opened)

    def _opened(self, viewer: DocumentViewer) -> None:
        self.viewer = viewer

    def _say(self, text: str) -> None:
        self.open_state.setText(text)
        self.open_state.setAccessibleName(text)

    def _plans(self, view: SubmissionView) -> None:
        m = view.manifest
        release = [("Proposed public release", m.release_plan.proposed_public_release.isoformat())]
        for i, stage in enumerate(m.release_plan.stages, 1):
            when = stage.start.isoformat() if stage.start else "no date"
            release.append((f"Stage {i}", f"{stage.name} from {when}: {stage.audience} "
                            f"in {', '.join(stage.regions) or 'no regions'}. {stage.description}"))
        self._form("Release plan", release)
        a = m.access_plan
        self._form("Access plan", [
            ("Region policy", a.region_policy), ("Regions", ", ".join(a.regions)),
            ("Foreign national access", a.foreign_national_access), ("KYC", a.kyc), ("Notes", a.notes)])
        unknown = m.unknown_keys()
        box = QGroupBox("Keys this version does not know", self.widget())
        box.setAccessibleName("Unknown manifest keys")
        layout = QVBoxLayout(box)
        if unknown:
            self.unknown = QPlainTextEdit(box)
            self.unknown.setReadOnly(True)
            self.unknown.setPlainText(json.dumps(unknown, indent=2, default=str, sort_keys=True))
            self.unknown.setAccessibleName("Unknown manifest keys (as read)")
            layout.addWidget(self.unknown)
        else:
            none = QLabel("None: every key of the manifest is known.", box)
            none.setAccessibleName("No unknown manifest keys")
            layout.addWidget(none)
        self.column.addWidget(box)
