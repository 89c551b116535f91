"""The detail pane's evidence links: where the evidence for an answer lies.

A link names a file of the submission package, or one Inspect sample (log
path, sample id, optional epoch). The editor only collects and shows;
``ChecklistPage`` saves the whole new list (``links_changed``) and routes an
activated link to the page that shows it (``link_activated``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QWidget,
)

from reviewer_app.domain.checklist import EvidenceLink, ItemState
from reviewer_app.ui import messages

LINK_ROLE = Qt.ItemDataRole.UserRole


def link_text(link: EvidenceLink) -> str:
    """How a link reads in the list (and to a screen reader)."""
    if link.sample_id is None:
        text = f"File: {link.path}"
    else:
        epoch = "" if link.epoch is None else f", epoch {link.epoch}"
        text = f"Sample {link.sample_id}{epoch} in {link.path}"
    return f"{text} - {link.note}" if link.note else text


class LinksEditor(QWidget):
    links_changed = Signal(object)  # tuple[EvidenceLink, ...]: the item's new list
    link_activated = Signal(object)  # EvidenceLink

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Evidence links")
        self.item: ItemState | None = None
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Evidence links of this item")
        self.list.setToolTip("Enter or double-click: show the linked file or sample")
        self.list.setMaximumHeight(110)
        self.open = self._button("Sho&w linked evidence", "Show linked evidence",
                                 "Switch to the Evidence or Submission tab at this link (Enter)")
        self.remove = self._button("Remove lin&k", "Remove evidence link",
                                   "Remove the selected link from this item")
        self.file = QComboBox(self)
        self.file.setAccessibleName("Package file to link")
        self.add_file = self._button("Add fi&le link", "Add file link",
                                     "Link the chosen package file to this item")
        self.log = QComboBox(self)
        self.log.setAccessibleName("Inspect log of the sample")
        self.sample = QLineEdit(self)
        self.sample.setAccessibleName("Sample id")
        self.sample.setPlaceholderText("The sample's id in the log")
        self.epoch = QSpinBox(self)
        self.epoch.setAccessibleName("Epoch")
        self.epoch.setRange(0, 100000)
        self.epoch.setSpecialValueText("Any epoch")  # 0 stands for "no epoch given"
        self.add_sample = self._button("Add sample li&nk", "Add sample link",
                                       "Link the sample (log, id and epoch) to this item")
        form.addRow(self._label("&Evidence links", self.list), self.list)
        form.addRow("", self._row(self.open, self.remove))
        form.addRow(self._label("&Package file", self.file), self._row(self.file, self.add_file))
        form.addRow(self._label("Lo&g", self.log), self.log)
        form.addRow(self._label("Sample &id", self.sample), self.sample)
        form.addRow(self._label("Ep&och", self.epoch), self._row(self.epoch, self.add_sample))
        self.list.itemActivated.connect(lambda _item: self.activate())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.open.clicked.connect(self.activate)
        self.remove.clicked.connect(self.remove_current)
        self.add_file.clicked.connect(self.add_file_link)
        self.add_sample.clicked.connect(self.add_sample_link)
        self.sample.returnPressed.connect(self.add_sample_link)
        self.show_item(None)

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        return button

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _row(self, *widgets: QWidget) -> QWidget:
        row = QWidget(self)
        row.setAccessibleName(" and ".join(w.accessibleName() for w in widgets))
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            line.addWidget(widget)
        return row

    def set_targets(self, files: Sequence[str], logs: Sequence[str]) -> None:
        """The package's files, and the Inspect logs among them, offered for new links."""
        for combo, paths in ((self.file, files), (self.log, logs)):
            combo.clear()
            combo.addItems(list(paths))
        self._update_buttons()

    def show_item(self, item: ItemState | None) -> None:
        self.item = item
        self.list.clear()
        for link in item.evidence_links if item is not None else ():
            row = QListWidgetItem(link_text(link), self.list)
            row.setData(LINK_ROLE, link)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        shown = self.item is not None
        chosen = shown and self.list.currentItem() is not None
        self.list.setEnabled(shown)
        self.open.setEnabled(chosen)
        self.remove.setEnabled(chosen)
        for widget, choices in ((self.file, self.file), (self.add_file, self.file),
                                (self.log, self.log), (self.sample, self.log),
                                (self.epoch, self.log), (self.add_sample, self.log)):
            widget.setEnabled(shown and choices.count() > 0)

    def links(self) -> tuple[EvidenceLink, ...]:
        return tuple(self.list.item(i).data(LINK_ROLE) for i in range(self.list.count()))

    def current_link(self) -> EvidenceLink | None:
        row = self.list.currentItem()
        link = None if row is None else row.data(LINK_ROLE)
        return link if isinstance(link, EvidenceLink) else None

    def activate(self) -> None:
        link = self.current_link()
        if link is not None:
            self.link_activated.emit(link)

    def remove_current(self) -> None:
        link = self.current_link()
        if link is not None and self.item is not None:
            self.links_changed.emit(tuple(x for x in self.links() if x != link))

    def add_file_link(self) -> None:
        if self.file.currentText():
            self._add(EvidenceLink(self.file.currentText()))

    def add_sample_link(self) -> None:
        log, sample = self.log.currentText(), self.sample.text().strip()
        if not log:
            return
        if not sample:
            messages.error(self, "Sample id needed", "SAMPLE_ID_REQUIRED",
                           "Type the id of the sample to link (as the Evidence page shows it). "
                           "Nothing was saved.")
            self.sample.setFocus()
            return
        self._add(EvidenceLink(log, sample_id=sample, epoch=self.epoch.value() or None))
        self.sample.clear()

    def _add(self, link: EvidenceLink) -> None:
        if self.item is None:
            return
        links = self.links()
        if link in links:  # already there: show it rather than save a duplicate
            self.list.setCurrentRow(links.index(link))
            return
        self.links_changed.emit((*links, link))
