"""Checklist page: sections and items in a tree, filters, progress, and the item's detail.

Keyboard-first: N goes to the next item not reviewed, Ctrl+1..4 set the
status, Ctrl+Return accepts the suggestion (shown in tooltips, in the page's
context menu and in the Case menu; see ``checklist_menu``). The detail pane
also sets a severity override (with its justification) and the item's
evidence links; activating a link switches the window to the Evidence or
Submission tab at that place (``ui.evidence_links``). Every edit is saved at
once through ``services.checklist.items`` (one unit of work per edit, so it
survives a crash), on the write thread (``checklist_saves``); typed text is
saved after a short pause, before another item is shown, when the page is
hidden and when the window closes. The checklist is made (when the case has
none yet) on the write thread, read off the GUI thread, and read again when
another view changes it (the page context's ``changed`` broadcast).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer_app.domain.case import Case
from reviewer_app.domain.changes import NOTHING, Changes
from reviewer_app.domain.checklist import ChecklistView, EvidenceLink, ItemState, Severity, Status
from reviewer_app.domain.users import SYSTEM
from reviewer_app.ui import evidence_links, messages
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.pages import checklist_menu
from reviewer_app.ui.pages.checklist_detail import STATUS_ORDER, ItemDetail, severity_text
from reviewer_app.ui.pages.checklist_saves import ItemSaver

COLUMNS = ("ID", "Title", "Status", "Severity", "Suggestion")
STATUS_COL = 2
SEVERITY_COL = 3
INSPECT_FORMATS = ("inspect-eval", "inspect-json", "inspect")  # as the Evidence page reads
STATUS_ICONS = {
    Status.NOT_REVIEWED: QStyle.StandardPixmap.SP_MessageBoxQuestion,
    Status.OPEN: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Status.NOT_A_FINDING: QStyle.StandardPixmap.SP_DialogApplyButton,
    Status.NOT_APPLICABLE: QStyle.StandardPixmap.SP_DialogCancelButton,
}
SAVE_PAUSE_MS = 600
ID_ROLE = Qt.ItemDataRole.UserRole
E = TypeVar("E")

if TYPE_CHECKING:
    from reviewer_app.services.intake import SubmissionView
    from reviewer_app.services.workspace import Workspace


class ChecklistPage(QWidget):
    def __init__(self, ctx: PageContext, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case = ctx, case
        self.loads = 0  # checklists shown so far (tests wait for the next one)
        self.states: dict[str, ItemState] = {}
        self.rows: dict[str, QTreeWidgetItem] = {}
        self.setAccessibleName(f"Checklist of case {case.reference}")
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_PAUSE_MS)
        self._save_timer.timeout.connect(self.save_text)
        self._sent: dict[str, tuple[str, str]] = {}  # item -> (details, comments) last sent
        self.saver = ItemSaver(self, ctx, case.uuid)
        self.saver.saved.connect(self._saved)
        self.saver.failed.connect(self._save_failed)
        self._host: QWidget | None = None  # the window the page was placed in
        self._build()
        self.shortcut_actions: dict[str, QAction] = checklist_menu.page_actions(self, self.run)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._load_link_targets()
        self._first_load()
        ctx.changed.connect(self._on_changed)

    # --- layout ------------------------------------------------------------------
    def _build(self) -> None:
        column = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Checklist progress")
        self.progress.setFormat("%v of %m reviewed")
        bar.addWidget(self.progress, 2)
        self.status_filter = self._filter("Status filter", "All statuses",
                                          [(s.label, s) for s in STATUS_ORDER])
        self.severity_filter = self._filter("Severity filter", "All severities",
                                            [(s.value, s) for s in Severity])
        for label, combo in (("Show &by status:", self.status_filter), ("Se&verity:", self.severity_filter)):
            name = QLabel(label, self)
            name.setBuddy(combo)
            bar.addWidget(name)
            bar.addWidget(combo)
        column.addLayout(bar)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setAccessibleName("Checklist items and item detail")
        self.tree = QTreeWidget(split)
        self.tree.setAccessibleName("Checklist items")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setToolTip("N: next item not reviewed; Ctrl+1..4: set status; "
                             "Ctrl+Return: accept suggestion")
        scroll = QScrollArea(split)  # the pane is taller than a small window
        scroll.setAccessibleName("Checklist item detail")
        scroll.setWidgetResizable(True)
        self.detail = ItemDetail(scroll)
        scroll.setWidget(self.detail)
        split.addWidget(self.tree)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        column.addWidget(split, 1)
        self.tree.currentItemChanged.connect(self._on_current)
        self.detail.status_chosen.connect(self.set_status)
        self.detail.text_edited.connect(self._save_timer.start)
        self.detail.accept_requested.connect(self.accept_suggestion)
        self.detail.override.override_requested.connect(self.set_override)
        self.detail.links.links_changed.connect(self.set_links)
        self.detail.links.link_activated.connect(self.open_link)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.severity_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())

    def _filter(self, name: str, everything: str, choices: list[tuple[str, E]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.addItem(everything, None)
        for text, value in choices:
            combo.addItem(text, value)
        return combo

    def run(self, key: str) -> None:
        """Carry out one of ``checklist_menu.COMMANDS`` (a key press or a menu entry)."""
        if key == checklist_menu.NEXT:
            self.next_not_reviewed()
        elif key == checklist_menu.ACCEPT:
            self.accept_suggestion()
        else:
            command = next(c for c in checklist_menu.COMMANDS if c.key == key)
            if command.status is not None:
                self.set_status(command.status)

    def event(self, event: QEvent) -> bool:
        # Placed in a main window (a tab is added): use its menu actions for the keys,
        # and hear of its closing (queued saves must finish first).
        placed = event.type() == QEvent.Type.ParentChange and hasattr(self, "shortcut_actions")
        if placed and self.window() is not self._host:  # (not while __init__ runs)
            self._host = self.window()
            if self._host is not self:
                self._host.installEventFilter(self)
            adopted = checklist_menu.adopt_window_actions(self, self.shortcut_actions, self._host)
            if adopted is not None:
                self.shortcut_actions = adopted
        return super().event(event)

    def _load_link_targets(self) -> None:
        """Offer the package's files (and its Inspect logs) for new evidence links."""
        from reviewer_app.services.intake import load_submission

        key = self.case.uuid
        # A failure is said by the Submission page; links can still be shown without targets.
        self.ctx.read(lambda w: load_submission(w.ws, key), self._set_link_targets, owner=self,
                      name="read link targets", on_error=lambda _exc: None)

    def _set_link_targets(self, view: SubmissionView) -> None:
        manifest = view.manifest
        logs = sorted({path.removeprefix("./") for e in manifest.evaluations
                       if e.format in INSPECT_FORMATS for path in e.evidence})
        self.detail.links.set_targets([f.path for f in manifest.files], logs)

    # --- data ----------------------------------------------------------------------
    def _first_load(self) -> None:
        """A case without a checklist gets one (a write: rows and audit entries), then it is shown."""
        from reviewer_app.services.checklist import ensure_checklist, read_checklist

        key = self.case.uuid

        def made(created: bool) -> Changes:
            return Changes(case=key, checklist=True, audit=True) if created else NOTHING

        def ensure_then_read(ws: Workspace) -> tuple[bool, ChecklistView]:
            created = ensure_checklist(ws, SYSTEM, key)
            return created, read_checklist(ws, key)

        self.ctx.write(lambda w: ensure_then_read(w.ws), lambda result: made(result[0]),
                       lambda result: self.show_checklist(result[1]), owner=self,
                       name="open checklist", on_error=self._fail)

    def reload(self) -> None:
        """Read the checklist again (off the GUI thread) and show it."""
        from reviewer_app.services.checklist import read_checklist

        key = self.case.uuid
        self.ctx.read(lambda w: read_checklist(w.ws, key), self.show_checklist, owner=self,
                      name="read checklist", on_error=self._fail)

    def _on_changed(self, changes: Changes, owner: object) -> None:
        # Our own edits are shown as they are saved; another view's (a case file's
        # adopted answer, another window) make the page read the checklist again.
        if changes.checklist and changes.about(self.case.uuid) and owner not in (self, self.saver):
            self.reload()

    def show_checklist(self, view: ChecklistView) -> None:
        current = self.current_id()
        self.tree.blockSignals(True)
        self.tree.clear()
        self.rows, self.states = {}, {}
        for section in view.sections:
            top = QTreeWidgetItem(self.tree, [section.title])
            top.setFirstColumnSpanned(True)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for state in section.items:
                row = QTreeWidgetItem(top)
                row.setData(0, ID_ROLE, state.item_id)
                self.rows[state.item_id] = row
                self._show_state(state)
            top.setExpanded(True)
        self.tree.blockSignals(False)
        for col in (0, 2, 3):
            self.tree.resizeColumnToContents(col)
        self.apply_filters()
        self.select(current or "")
        self.loads += 1

    def _show_state(self, state: ItemState) -> None:
        self.states[state.item_id] = state
        row = self.rows[state.item_id]
        sug = state.suggestion
        values = (state.item_id, state.title, state.status.label, severity_text(state),
                  "-" if sug is None else f"{sug.status.label}: {sug.explanation}")
        for col, text in enumerate(values):
            row.setText(col, text)
            row.setData(col, Qt.ItemDataRole.AccessibleTextRole, f"{COLUMNS[col]}: {text}")
        row.setIcon(STATUS_COL, self.style().standardIcon(STATUS_ICONS[state.status]))
        if sug is not None:
            row.setToolTip(4, sug.explanation)
        row.setToolTip(SEVERITY_COL, f"Override justification: {state.override_justification}"
                       if state.severity_override is not None else "Severity from the template")
        self._update_progress()

    def _update_progress(self) -> None:
        total = len(self.states)
        done = sum(1 for s in self.states.values() if s.status is not Status.NOT_REVIEWED)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setAccessibleDescription(f"{done} of {total} items reviewed")

    def apply_filters(self) -> None:
        # Qt hands the enums back as plain strings (StrEnum compares equal to them).
        status = self.status_filter.currentData()
        severity = self.severity_filter.currentData()
        for item_id, row in self.rows.items():
            state = self.states[item_id]
            row.setHidden((status is not None and state.status != status)
                          or (severity is not None and state.severity != severity))
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            children = (top.child(j) for j in range(top.childCount()))
            top.setHidden(all(child is None or child.isHidden() for child in children))

    # --- selection -------------------------------------------------------------------
    def current_id(self) -> str | None:
        item = self.tree.currentItem()
        value = item.data(0, ID_ROLE) if item is not None else None
        return str(value) if value else None

    def select(self, item_id: str) -> bool:
        row = self.rows.get(item_id)
        if row is None or row.isHidden():
            self.detail.show_item(None)
            return False
        self.tree.setCurrentItem(row)
        self.tree.scrollToItem(row)
        return True

    def _on_current(self, _now: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        if previous is not None and self._save_timer.isActive():
            self.save_text(str(previous.data(0, ID_ROLE) or ""))
        item_id = self.current_id()
        self.detail.show_item(self.states.get(item_id) if item_id else None)

    def next_not_reviewed(self) -> None:
        """Select the next visible item not reviewed after the current one (wrapping)."""
        order = [i for i, row in self.rows.items() if not row.isHidden()]
        if not order:
            return
        current = self.current_id()
        start = order.index(current) + 1 if current in order else 0
        for item_id in order[start:] + order[:start]:
            if self.states[item_id].status is Status.NOT_REVIEWED:
                self.select(item_id)
                self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return

    # --- saving ------------------------------------------------------------------------
    def set_status(self, status: Status) -> None:
        item_id = self._before_save()
        if item_id is not None:
            self.saver.set_item(item_id, status=status)

    def accept_suggestion(self) -> None:
        item_id = self.current_id()
        if item_id is None or self.states[item_id].suggestion is None:
            return
        if self._before_save() is not None:
            self.saver.accept(item_id)

    def set_override(self, severity: str, justification: str) -> None:
        """Severity override of the shown item ("" clears it); the service needs a reason."""
        item_id = self._before_save()
        if item_id is not None:
            self.saver.set_item(item_id, severity_override=severity, justification=justification)

    def set_links(self, links: tuple[EvidenceLink, ...]) -> None:
        item_id = self._before_save()
        if item_id is not None:
            self.saver.set_item(item_id, evidence_links=links)

    def open_link(self, link: EvidenceLink) -> None:
        if not evidence_links.open_link(self.window(), link):
            messages.info(self, "Evidence link", f"There is no {evidence_links.target_tab(link)} "
                          "tab in this window to show the link.")

    def save_text(self, item_id: str = "") -> None:
        """Save the typed details and comments (of ``item_id``, default the shown item)."""
        self._save_timer.stop()
        shown = self.detail.item
        target = item_id or (shown.item_id if shown else "")
        if not target or shown is None or shown.item_id != target:
            return
        details, comments = self.detail.details.toPlainText(), self.detail.comments.toPlainText()
        # Compare with what was last sent: the shown state lags while saves are queued.
        if (details, comments) == self._sent.get(target, (shown.finding_details, shown.comments)):
            return
        self._sent[target] = (details, comments)
        self.saver.set_item(target, details=details, comments=comments)

    def _before_save(self) -> str | None:
        """The shown item, with its typed text queued first (edits stay in the order made)."""
        item_id = self.current_id()
        if item_id is not None and self._save_timer.isActive():
            self.save_text()
        return item_id

    def _settled(self) -> bool:
        """No other save queued and nothing typed since: the pane may show the database's state."""
        return self.saver.in_flight <= 1 and not self._save_timer.isActive()

    def _saved(self, state: ItemState) -> None:
        self._show_state(state)
        if state.item_id == self.current_id() and self._settled():
            self._sent.pop(state.item_id, None)
            self.detail.show_item(state)
        self.apply_filters()

    def _save_failed(self, exc: BaseException) -> None:
        self._fail(exc)
        item_id = self.current_id()
        if self._settled():  # put the refused choice back; nothing was sent after all
            self._sent.clear()
            if item_id is not None:
                self.detail.show_item(self.states.get(item_id))

    def _fail(self, exc: BaseException) -> None:
        self.ctx.show_error(exc, self)

    def hideEvent(self, event: QHideEvent) -> None:
        # Another tab or another case: typed text is saved now, not after the pause.
        if self._save_timer.isActive():
            self.save_text()
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The window is closing: save typed text and let queued saves finish before its
        # job runner shuts down (shutting down cancels jobs that have not started).
        if event.type() == QEvent.Type.Close and watched is self._host:
            if self._save_timer.isActive():
                self.save_text()
            self.saver.wait()
        return False
