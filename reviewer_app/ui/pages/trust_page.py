"""Settings > Trust anchors...: the submitter and office anchors and the CRLs, Add... and Remove...

Adding and removing are for administrators (the same services as ``trust add``
and ``trust remove``); the service checks the role and a refusal is shown as
its code and message. Removing asks first. The list is read, and a file added, through
the window's page context (off the GUI thread). The file chooser is an
``ask`` function so tests replace it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.changes import Changes
from reviewer_app.errors import ReviewerError
from reviewer_app.ui import messages
from reviewer_app.ui.a11y import fill_accessible_names

if TYPE_CHECKING:
    from reviewer_app.services.access import TrustAdded, TrustListing, TrustRemoved
    from reviewer_app.ui.main_window import MainWindow

COLUMNS = ["Kind", "File", "Subject / issuer", "Organisation", "Valid until / next update",
           "SHA-256 fingerprint"]


def ask_trust_file(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Add trust anchor or CRL", "",
        "Certificates and CRLs (*.pem *.crt *.cer *.der *.crl);;All files (*)")
    return Path(name) if name else None


ask_file = ask_trust_file  # replaceable in tests
KIND_KEYS = {"Submitter anchor": "submitter", "Office anchor": "office", "CRL": "crl"}


def trust_rows(listing: TrustListing) -> list[list[str]]:
    rows = []
    for kind, anchors in (("Submitter anchor", listing.submitters), ("Office anchor", listing.office)):
        for a in anchors:
            rows.append([kind, a.file, a.subject, a.organization, a.not_after.date().isoformat(),
                         a.fingerprint_sha256])
    for crl in listing.crls:
        update = crl.next_update.date().isoformat() if crl.next_update else "not stated"
        rows.append(["CRL", crl.file, crl.issuer, f"{crl.revoked} revoked", update, ""])
    return rows


class TrustDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.ctx = window.context
        self.loads = 0  # lists shown so far (tests wait for the next one)
        self.setWindowTitle("Trust anchors")
        self.setAccessibleName("Trust anchors")
        self.resize(1000, 420)
        layout = QVBoxLayout(self)
        intro = QLabel("Packages are accepted only when signed under a submitter anchor; "
                       "letters are signed under an office anchor.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName("Trust anchors and CRLs")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.office_box = QCheckBox("Add as an &office anchor (letter signing)", self)
        self.office_box.setAccessibleName("Add as an office anchor")
        row.addWidget(self.office_box)
        self.add_button = QPushButton("&Add...", self)
        self.add_button.setAccessibleName("Add trust anchor or CRL")
        self.add_button.clicked.connect(self.add)
        row.addWidget(self.add_button)
        self.remove_button = QPushButton("&Remove...", self)
        self.remove_button.setAccessibleName("Remove the selected trust anchor or CRL")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setAccessibleName("Dialog buttons")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()
        fill_accessible_names(self)  # Qt's inner parts and the standard buttons

    def reload(self) -> None:
        from reviewer_app.services.access import list_trust

        self.ctx.read(lambda w: list_trust(w.ws), self.show_listing, owner=self,
                      name="list trust anchors")

    def show_listing(self, listing: TrustListing) -> None:
        rows = trust_rows(listing)
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(r, c, item)
        self.loads += 1
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.selected() is not None)

    def selected(self) -> tuple[str, str, str] | None:
        """(kind key, file, subject) of the selected row."""
        row = self.table.currentRow()
        if row < 0 or not self.table.selectionModel().isRowSelected(row):
            return None
        kind, file, subject = (self.table.item(row, c) for c in range(3))
        if kind is None or file is None or subject is None:
            return None
        return KIND_KEYS[kind.text()], file.text(), subject.text()

    def remove(self) -> None:
        from reviewer_app.services.access import remove_trust_file

        chosen = self.selected()
        if chosen is None:
            return
        kind, name, subject = chosen
        after = ("letters and case files signed under it will be refused" if kind == "office"
                 else "its revocations will no longer be checked" if kind == "crl"
                 else "packages signed under it will be refused")
        if not messages.confirm(self, "Remove from the trust store",
                                f"Remove {subject} ({name})? From then on {after}."):
            return
        actor = self.ctx.actor
        self.remove_button.setEnabled(False)
        self.ctx.write(lambda w: remove_trust_file(w.ws, actor, name, kind=kind),
                       Changes(trust=True, audit=True), self._removed, owner=self,
                       name="remove trust anchor", on_error=self._not_removed)

    def _not_removed(self, exc: BaseException) -> None:
        self._selection_changed()
        if isinstance(exc, ReviewerError):
            messages.error(self, "Not removed", exc.code, exc.message)
        else:
            self.ctx.show_error(exc, self)

    def _removed(self, removed: TrustRemoved) -> None:
        self.reload()
        what = ", ".join(removed.subjects) or removed.file
        messages.info(self, "Removed", f"Removed {removed.kind}: {what} ({removed.file}).")

    def add(self) -> None:
        from reviewer_app.services.access import add_trust_file

        path = ask_file(self)
        if path is None:
            return
        actor, office = self.ctx.actor, self.office_box.isChecked()
        self.add_button.setEnabled(False)
        self.ctx.write(lambda w: add_trust_file(w.ws, actor, path, office=office),
                       Changes(trust=True, audit=True), self._added, owner=self,
                       name="add trust anchor", on_error=self._refused)

    def _refused(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        if isinstance(exc, ReviewerError):
            messages.error(self, "Trust anchor not added", exc.code, exc.message)
        else:
            self.ctx.show_error(exc, self)

    def _added(self, added: TrustAdded) -> None:
        self.add_button.setEnabled(True)
        self.reload()
        what = ", ".join(added.subjects) or added.file
        if added.already_present:
            messages.info(self, "Already trusted", f"{what} is already in the trust store ({added.file}).")
        else:
            messages.info(self, "Trust anchor added", f"Added {added.kind}: {what} ({added.file}).")

    @classmethod
    def ask(cls, window: MainWindow) -> None:
        cls(window).exec()
