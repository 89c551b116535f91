"""The checklist page's detail pane: one item's answer, suggestion, severity
override, evidence links and history.

The pane only shows and collects; ``ChecklistPage`` saves. Text fields report
their edits through ``text_edited`` (the page saves them after a short pause
and before another item is shown); the override and the links report through
their editors' signals (``override.override_requested``, ``links.links_changed``).
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from reviewer_app.domain.checklist import ItemState, Status
from reviewer_app.ui.pages.checklist_links import LinksEditor
from reviewer_app.ui.pages.checklist_override import OverrideEditor

STATUS_ORDER = (Status.NOT_REVIEWED, Status.OPEN, Status.NOT_A_FINDING, Status.NOT_APPLICABLE)


class ItemDetail(QWidget):
    status_chosen = Signal(object)  # Status
    text_edited = Signal()
    accept_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Checklist item detail")
        self.item: ItemState | None = None
        form = QFormLayout(self)
        self.title = self._text_label("Item")
        self.guidance = self._text_label("Guidance")
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        self.status.setToolTip("Status (Ctrl+1 Not reviewed, Ctrl+2 Open, "
                               "Ctrl+3 Not a finding, Ctrl+4 Not applicable)")
        for status in STATUS_ORDER:
            self.status.addItem(status.label, status)
        self.details = self._editor("Finding details")
        self.comments = self._editor("Comments")
        self.suggestion = self._text_label("Suggestion")
        self.accept = QPushButton("&Accept suggestion", self)
        self.accept.setAccessibleName("Accept suggestion")
        self.accept.setToolTip("Make the suggested status the item's status (Ctrl+Return)")
        self.override = OverrideEditor(self)
        self.links = LinksEditor(self)
        self.history = QListWidget(self)
        self.history.setAccessibleName("History of this item")
        self.history.setWordWrap(True)  # an entry wraps rather than being cut at the edge
        for label, widget in (("Item", self.title), ("Guidance", self.guidance),
                              ("Stat&us", self.status), ("Finding &details", self.details),
                              ("Co&mments", self.comments), ("Suggestion", self.suggestion),
                              ("", self.accept), ("History", self.history)):
            name = QLabel(label, self)
            name.setBuddy(widget)
            form.addRow(name, widget)
            if widget is self.accept:  # the editors carry their own labels and buddies
                form.addRow(self.override)
                form.addRow(self.links)
        self.status.activated.connect(
            lambda i: self.status_chosen.emit(Status(self.status.itemData(i))))
        self.details.textChanged.connect(self._edited)
        self.comments.textChanged.connect(self._edited)
        self.accept.clicked.connect(self.accept_requested.emit)
        self._loading = False
        self.show_item(None)

    def _text_label(self, name: str) -> QLabel:
        label = QLabel("", self)
        label.setAccessibleName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        return label

    def _editor(self, name: str) -> QPlainTextEdit:
        editor = QPlainTextEdit(self)
        editor.setAccessibleName(name)
        editor.setTabChangesFocus(True)  # keyboard users leave the field with Tab
        editor.setMaximumHeight(90)
        return editor

    def _edited(self) -> None:
        if not self._loading:
            self.text_edited.emit()

    def show_item(self, item: ItemState | None) -> None:
        """Show ``item`` (None: nothing selected). Does not emit edit signals."""
        self.item = item
        self.override.show_item(item)
        self.links.show_item(item)
        self._loading = True
        try:
            for widget in (self.status, self.details, self.comments, self.accept):
                widget.setEnabled(item is not None)
            if item is None:
                self.title.setText("Select an item in the tree.")
                for label in (self.guidance, self.suggestion):
                    label.setText("")
                self.details.setPlainText("")
                self.comments.setPlainText("")
                self.history.clear()
                return
            self.title.setText(f"{item.item_id}: {item.title} ({severity_text(item)})")
            self.guidance.setText(paragraphs(item.guidance))
            self.status.setCurrentIndex(STATUS_ORDER.index(item.status))
            if self.details.toPlainText() != item.finding_details:
                self.details.setPlainText(item.finding_details)
            if self.comments.toPlainText() != item.comments:
                self.comments.setPlainText(item.comments)
            sug = item.suggestion
            self.suggestion.setText("No suggestion from the auto-checks." if sug is None
                                    else f"{sug.status.label} - {sug.explanation}")
            self.accept.setEnabled(sug is not None)
            self.history.clear()
            for entry in reversed(item.history):
                text = f"{entry.at:%Y-%m-%d %H:%M} {entry.actor}: {history_text(entry.changes)}"
                self.history.addItem(text)
                self.history.item(self.history.count() - 1).setToolTip(text)
        finally:
            self._loading = False
        for label in (self.title, self.guidance, self.suggestion):
            label.setAccessibleDescription(label.text())


def severity_text(item: ItemState) -> str:
    """The effective severity; an override says so in words (not by colour alone)."""
    if item.severity_override is None:
        return item.severity.value
    return f"{item.severity.value} (overridden; template {item.template_severity.value})"


FIELD_NAMES = {"status": "Status", "finding_details": "Finding details", "comments": "Comments",
               "severity_override": "Severity override",
               "override_justification": "Override justification",
               "evidence_links": "Evidence links"}
QUOTE_CHARS = 80  # a changed text is quoted up to this length; the field shows it whole


def paragraphs(text: str) -> str:
    """Template text as paragraphs: the TOML's hard line breaks inside a paragraph
    joined (a label would show them as broken lines); blank lines and list items kept."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        for line in block.splitlines():
            line = line.strip()
            if lines and not re.match(r"^([-*\u2022]|\d+[.)])\s", line):
                lines[-1] = f"{lines[-1]} {line}"
            elif line:
                lines.append(line)
        out.append("\n".join(lines))
    return "\n\n".join(out)


def history_text(changes: dict[str, object]) -> str:
    """One history entry in words: "Status: Not reviewed -> Open; Comments: "..."", never JSON."""
    parts = []
    for key, value in changes.items():
        if key == "note":
            parts.append(_one_line(str(value)))
        elif isinstance(value, list) and len(value) == 2:
            parts.append(f"{FIELD_NAMES.get(key, key.replace('_', ' ').capitalize())}: "
                         f"{_change(key, value[0], value[1])}")
        else:
            parts.append(f"{key}: {_value(key, value)}")
    return "; ".join(parts)


def _change(key: str, old: object, new: object) -> str:
    if key in ("finding_details", "comments", "override_justification"):
        return "cleared" if not new else _value(key, new)
    return f"{_value(key, old)} \u2192 {_value(key, new)}"


def _value(key: str, value: object) -> str:
    if value is None or value == "":
        return "none"
    if key == "status" and isinstance(value, str):
        try:
            return Status(value).label
        except ValueError:
            return value
    if key == "severity_override":
        return str(value)  # a CAT label
    if key == "evidence_links" and isinstance(value, list):
        paths = [str(link.get("path", "")) if isinstance(link, dict) else str(link) for link in value]
        return f"{len(paths)} ({', '.join(paths)})" if paths else "none"
    text = _one_line(str(value))
    short = text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1] + "\u2026"
    return f"\u201c{short}\u201d"


def _one_line(text: str) -> str:
    return " ".join(text.split())
