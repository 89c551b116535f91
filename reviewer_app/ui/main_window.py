"""The main window: menus, case table with its filter, case pages, status bar.

Its pages and menu actions come from ``ui.wiring`` (tests pass their own). Every
service call goes through ``self.context`` (``ui.context.PageContext``), and
the window answers the context's ``changed`` broadcast by reloading its case
list when cases changed; the pages reload themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reviewer_app import __version__
from reviewer_app.domain.case import Case
from reviewer_app.domain.changes import Changes
from reviewer_app.domain.users import Actor
from reviewer_app.ui import close_guard, messages, wiring
from reviewer_app.ui.a11y import fill_accessible_names
from reviewer_app.ui.actions import ActionRegistry, Handler
from reviewer_app.ui.alt_keys import AltLetterGuard
from reviewer_app.ui.case_pages import PageSpec
from reviewer_app.ui.case_table import CaseTable
from reviewer_app.ui.case_table_model import DEADLINE, CaseFilterProxy, CaseTableModel
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.empty_state import EmptyState
from reviewer_app.ui.idle_lock import (
    PROVISIONAL_MINUTES,
    IdleWatcher,
    LockScreen,
    WindowLock,
    policy_idle_minutes,
)
from reviewer_app.ui.jobs import JobRunner
from reviewer_app.ui.window_drop import DropTarget

if TYPE_CHECKING:  # loads SQLAlchemy: not before the first paint
    from reviewer_app.services.workspace import Workspace
    from reviewer_app.ui.env_sign_in import PendingLogin

APP_NAME = "Frontier Review Desk"


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace, actor: Actor, *, pages: Sequence[PageSpec] | None = None,
                 actions: ActionRegistry | None = None, jobs: JobRunner | None = None,
                 idle_minutes: float | None = None) -> None:
        super().__init__()
        self.context = PageContext(ws, actor, jobs if jobs is not None else JobRunner(self), self)
        self.jobs = self.context.jobs  # for shutting down and waiting; work goes through context
        self.actor = actor
        self.pages = list(pages) if pages is not None else wiring.case_pages()
        self.action_registry = actions if actions is not None else wiring.menu_actions()
        self.loaded = False  # True once the first case list has arrived
        self._reveal: tuple[str, str] | None = None  # (reference, page) once the list has it
        self._shown_case: str | None = None  # the uuid of the case the pages show
        self.audit_window: QWidget | None = None  # Tools > Audit trail, while open
        self.import_progress: QWidget | None = None  # the import's progress dialog
        self.pending_login: PendingLogin | None = None  # set by ``launch.start``
        self.setWindowTitle(window_title(ws))
        self.setAccessibleName(APP_NAME)
        self.resize(1200, 760)
        self._qactions: dict[str, QAction] = {}
        self._build_central()
        self._build_menus()
        self._build_status_bar()
        self.drop = DropTarget(self, self.on_packages_dropped)
        self._build_lock(ws, idle_minutes)
        self.context.changed.connect(self._on_changed)
        fill_accessible_names(self)

    # --- layout ------------------------------------------------------------
    def _build_central(self) -> None:
        self.stack = QStackedWidget(self)
        self.stack.setAccessibleName("Cases")
        self.loading = QLabel("Loading cases...", self.stack)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setAccessibleName("Loading cases")
        self.empty_state = EmptyState(self.stack)
        self.empty_state.import_button.clicked.connect(lambda: self.trigger("file.import_package"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self.stack)
        self.splitter.setAccessibleName("Case list and case details")
        left = QWidget(self.splitter)
        left.setAccessibleName("Case list")
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.filter_box = QLineEdit(left)
        self.filter_box.setPlaceholderText("Filter by reference, model or organisation (Ctrl+F)")
        self.filter_box.setAccessibleName("Filter cases")
        self.filter_box.setClearButtonEnabled(True)
        column.addWidget(self.filter_box)
        self.model = CaseTableModel(parent=self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = CaseTable(left)
        self.table.setModel(self.proxy)
        self.table.fit_columns()  # the list fits its columns: no sideways scrolling
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DEADLINE, Qt.SortOrder.AscendingOrder)
        column.addWidget(self.table)
        # The case pages' minimum widths must not squeeze the list below what it needs.
        left.setMinimumWidth(self.table.fitting_width())
        self.filter_box.textChanged.connect(self.proxy.set_filter_text)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.tabs = QTabWidget(self.splitter)
        self.tabs.setAccessibleName("Case details")
        self.no_selection = QLabel("Select a case in the table to see it here.", self.tabs)
        self.no_selection.setAccessibleName("No case selected")
        self.tabs.addTab(self.no_selection, "Case")
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([left.minimumWidth(), self.width() - left.minimumWidth()])
        for widget in (self.loading, self.empty_state, self.splitter):
            self.stack.addWidget(widget)
        self.setCentralWidget(self.stack)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.focus_filter)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setAccessibleName("Main menu")
        for title in ("File", "Case", "Settings", "Tools", "Help"):
            menu = bar.addMenu(f"&{title}")
            menu.setAccessibleName(f"{title} menu")
            menu.setToolTipsVisible(True)  # a disabled entry says why (the user's role)
            for spec in self.action_registry.in_menu(title):
                action = QAction(spec.text, self)
                if spec.shortcut:
                    action.setShortcut(QKeySequence(spec.shortcut))
                action.triggered.connect(lambda _=False, key=spec.key: self.trigger(key))
                menu.addAction(action)
                self._qactions[spec.key] = action
            if title == "File":
                menu.addSeparator()
                self._add(menu, "app.quit", "&Quit", lambda w: w.close(), "Ctrl+Q")
            if title == "Help":
                self._add(menu, "help.guide", "&User guide", lambda w: w._user_guide(), "F1")
                self._add(menu, "help.about", "&About", lambda w: w._about())
        self.refresh_actions()

    def _add(self, menu: QMenu, key: str, text: str, slot: Handler,
             shortcut: str | None = None) -> None:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot(self))
        menu.addAction(action)
        self._qactions[key] = action

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setAccessibleName("Status bar")
        bar.setSizeGripEnabled(False)
        demo = " (DEMO)" if self.context.is_demo else ""
        self.status_workspace = QLabel(f"Workspace: {self.context.root}{demo}", bar)
        self.status_user = QLabel(f"User: {self.actor.label} ({self.actor.role.value})", bar)
        self.status_count = QLabel("Cases: loading", bar)
        for label in (self.status_workspace, self.status_user, self.status_count):
            label.setAccessibleName(label.text())
            bar.addPermanentWidget(label)

    def _build_lock(self, ws: Workspace, idle_minutes: float | None) -> None:
        self.lock_screen = LockScreen(self.actor, self._reauthenticate, self)
        self.lock = WindowLock(self, self.lock_screen)
        self.lock_screen.switch_requested.connect(self._switch_user)
        minutes = PROVISIONAL_MINUTES if idle_minutes is None else idle_minutes
        self.idle = IdleWatcher(int(minutes * 60_000), self)
        if idle_minutes is None:  # the policy profile's, read off the GUI thread (not at start-up)
            self.context.read(policy_idle_minutes,
                              lambda read: self.idle.set_timeout(int(read * 60_000)),
                              owner=self, name="idle lock minutes", on_error=lambda _exc: None)
        self.idle.idle.connect(self.lock_now)
        self.lock.locked_changed.connect(lambda locked: None if locked else self.idle.start())
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self.idle)
        self.alt_guard = AltLetterGuard(self)
        app.installEventFilter(self.alt_guard)
        self.idle.start()

    # --- cases ---------------------------------------------------------------
    def refresh_cases(self) -> None:
        """Reload the case list off the GUI thread."""
        from reviewer_app.services.cases import list_cases

        self.context.read(lambda w: list_cases(w.ws), self.set_cases, owner=self,
                          name="list cases", on_error=self.show_error)

    def _on_changed(self, changes: Changes, _owner: object) -> None:
        if changes.cases:
            self.refresh_cases()

    def reveal_case(self, reference: str, page: str) -> None:
        """Select ``reference`` with its ``page`` in front, now or once the list shows it."""
        self._reveal = (reference, page)
        self._do_reveal()

    def _do_reveal(self) -> None:
        if self._reveal is not None and self.select_case(self._reveal[0]):
            self.show_page(self._reveal[1])
            self._reveal = None

    def set_cases(self, cases: list[Case]) -> None:
        current = self.current_case()
        self.model.set_cases(cases)
        self.table.sortByColumn(self.table.horizontalHeader().sortIndicatorSection(),
                                self.table.horizontalHeader().sortIndicatorOrder())
        self.stack.setCurrentWidget(self.splitter if cases else self.empty_state)
        self.status_count.setText(f"Cases: {len(cases)}")
        self.status_count.setAccessibleName(self.status_count.text())
        self.loaded = True
        if current is not None:
            self.select_case(current.reference)
        self._do_reveal()

    def current_case(self) -> Case | None:
        index = self.table.currentIndex()
        return self.proxy.case_at(index.row()) if index.isValid() else None

    def select_case(self, reference: str) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.case_at(row).reference == reference:
                self.table.selectRow(row)
                self.table.setCurrentIndex(self.proxy.index(row, 0))
                return True
        return False

    def show_page(self, title: str) -> QWidget | None:
        """Bring the selected case's page ``title`` (its ``PageSpec`` title) forward."""
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index).replace("&", "") == title:
                self.tabs.setCurrentIndex(index)
                return self.tabs.widget(index)
        return None

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        case = self.proxy.case_at(current.row()) if current.isValid() else None
        self._update_case_actions(case)
        if case is not None and case.uuid == self._shown_case:
            return  # the list was read again: the pages stay (they refresh themselves)
        self._shown_case = case.uuid if case is not None else None
        self._show_pages(case)

    def _show_pages(self, case: Case | None) -> None:
        keep = self.tabs.tabText(self.tabs.currentIndex()) if self.tabs.count() else ""
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if page is not None and page is not self.no_selection:
                page.deleteLater()
        if case is None:
            self.tabs.addTab(self.no_selection, "Case")
            return
        for spec in self.pages:
            try:
                page = spec.factory(self.context, case)
            except Exception as exc:  # noqa: BLE001 - one broken page must not take the window down
                page = QLabel(f"This page could not be shown: {exc}")
                messages.write_crash_report(exc, self.context.logs)
            if not page.accessibleName():
                page.setAccessibleName(f"{spec.title} of case {case.reference}")
            index = self.tabs.addTab(page, spec.title)
            if spec.title == keep:
                self.tabs.setCurrentIndex(index)
        fill_accessible_names(self.tabs)

    def _update_case_actions(self, case: Case | None) -> None:
        """Enable what this case and the user's role allow; a refused entry says why."""
        for spec in self.action_registry.specs:
            action = self._qactions.get(spec.key)
            if action is None:
                continue
            why = spec.permission.why_not(self.actor.role) if spec.permission else ""
            if why or action.statusTip():  # set, or cleared for a user who may
                action.setToolTip(why)
                action.setStatusTip(why)
            action.setEnabled(not why and (case is not None or not spec.needs_case))

    def refresh_actions(self) -> None:
        """Enable the menu entries again for the open case and ``self.actor`` (after a
        change of user)."""
        self._update_case_actions(self.current_case())

    # --- actions -----------------------------------------------------------------
    def trigger(self, key: str) -> None:
        handler = self.action_registry.handler(key)
        spec = next((s for s in self.action_registry.specs if s.key == key), None)
        label = spec.text.replace("&", "").rstrip(".") if spec else key
        if handler is None:
            messages.not_available(self, label)
            return
        try:
            handler(self)
        except Exception as exc:  # noqa: BLE001 - a feature bug becomes a message, not a crash
            self.show_error(exc)

    def on_packages_dropped(self, paths: list[Path]) -> None:
        handler = self.action_registry.on_drop
        if handler is None:
            messages.not_available(self, "Importing dropped packages")
            return
        handler(self, paths)

    def focus_filter(self) -> None:
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_box.selectAll()

    def show_error(self, exc: BaseException) -> None:
        self.context.show_error(exc, self)

    def action(self, key: str) -> QAction:
        return self._qactions[key]

    def _user_guide(self) -> None:
        handler = self.action_registry.handler("help.guide")  # ui.wiring provides it
        if handler is not None:
            handler(self)
            return
        messages.info(self, "User guide", "The user guide is not written yet. Until then, "
                      "README.md and 'reviewer-app --help' describe the application.")

    def _about(self) -> None:
        messages.info(self, f"About {APP_NAME}",
                      f"{APP_NAME} {__version__}\nOffline review of frontier AI model submissions.")

    # --- lock ------------------------------------------------------------------
    def lock_now(self, reason: str = "idle") -> None:
        """Cover the window until the password is typed again ("asked": File > Lock now)."""
        if self.lock.locked:
            return
        self.lock_screen.set_actor(self.actor, reason)
        self.lock.lock()
        from reviewer_app.services.access import record_lock

        actor = self.actor
        self.context.write(lambda w: record_lock(w.ws, actor, reason), Changes(audit=True),
                           owner=self, name="record lock", on_error=self.show_error)

    def set_actor(self, actor: Actor) -> None:
        """Another user signed in (``ui.sign_out``): the pages stay, the actor changes."""
        self.actor = actor
        self.lock_screen.set_actor(actor)
        self.status_user.setText(f"User: {actor.label} ({actor.role.value})")
        self.status_user.setAccessibleName(self.status_user.text())
        self.context.set_actor(actor)
        self.refresh_actions()  # what the new user's role may do

    def _switch_user(self) -> None:
        from reviewer_app.ui.sign_out import sign_out

        sign_out(self)

    def _reauthenticate(self, password: str, on_ok: Callable[[Actor], None],
                        on_fail: Callable[[BaseException], None]) -> None:
        from reviewer_app.services.access import authenticate

        name = self.actor.username
        self.context.write(lambda w: authenticate(w.ws, name, password), Changes(audit=True),
                           on_ok, owner=self, name="unlock", on_error=on_fail)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if hasattr(self, "lock"):
            self.lock.resize_to(self.rect())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not close_guard.may_close(self):  # a write is running and the user chose Wait
            event.ignore()
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
            app.removeEventFilter(self.alt_guard)
        self.idle.stop()
        self.jobs.shutdown()
        super().closeEvent(event)


def window_title(ws: Workspace) -> str:
    demo = "DEMO - " if ws.is_demo else ""
    return f"{demo}{APP_NAME} - {ws.root}"
