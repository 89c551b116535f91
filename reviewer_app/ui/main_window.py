"""The main window: menus, case table with its filter, case pages, status bar.

Features add pages through ``ui.case_pages.register_page`` and menu entries
through ``ui.actions`` (``provide``/``register_action``); the window builds
itself from those registries. All service calls run through ``self.jobs``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reviewer_app import __version__
from reviewer_app.domain.case import Case
from reviewer_app.domain.users import Actor
from reviewer_app.ui import messages
from reviewer_app.ui.a11y import fill_accessible_names
from reviewer_app.ui.actions import DEFAULT_ACTIONS, PACKAGES_DROPPED, ActionRegistry
from reviewer_app.ui.case_pages import DEFAULT_PAGES, PageRegistry
from reviewer_app.ui.case_table_model import DEADLINE, CaseFilterProxy, CaseTableModel
from reviewer_app.ui.empty_state import EmptyState
from reviewer_app.ui.idle_lock import (
    DEFAULT_IDLE_MINUTES,
    IDLE_SETTING,
    IdleWatcher,
    LockScreen,
    WindowLock,
)
from reviewer_app.ui.jobs import JobRunner
from reviewer_app.ui.window_drop import DropTarget

APP_NAME = "Frontier Review Desk"


class MainWindow(QMainWindow):
    def __init__(self, ws: Any, actor: Actor, *, pages: PageRegistry = DEFAULT_PAGES,
                 actions: ActionRegistry = DEFAULT_ACTIONS, jobs: JobRunner | None = None,
                 idle_minutes: float | None = None) -> None:
        super().__init__()
        self.workspace = ws
        self.actor = actor
        self.page_registry = pages
        self.action_registry = actions
        self.jobs = jobs or JobRunner(self)
        self.loaded = False  # True once the first case list has arrived
        self.setWindowTitle(window_title(ws))
        self.setAccessibleName(APP_NAME)
        self.resize(1200, 760)
        self._qactions: dict[str, QAction] = {}
        self._build_central()
        self._build_menus()
        self._build_status_bar()
        self.drop = DropTarget(self, self.on_packages_dropped)
        self._build_lock(idle_minutes)
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
        self.table = QTableView(left)
        self.table.setAccessibleName("Case table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DEADLINE, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (keyboard users)
        # The reference is how reviewers name a case: never elide it. Measured on the
        # font, not by ResizeToContents (which reads every row of a 10,000-case list).
        sample = self.table.fontMetrics().horizontalAdvance("FMR-2026-00000")
        self.table.setColumnWidth(0, sample + 24)
        column.addWidget(self.table)
        # The case pages' minimum widths must not squeeze the list to a sliver.
        left.setMinimumWidth(2 * sample + 48)
        self.filter_box.textChanged.connect(self.proxy.set_filter_text)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.tabs = QTabWidget(self.splitter)
        self.tabs.setAccessibleName("Case details")
        self.no_selection = QLabel("Select a case in the table to see it here.", self.tabs)
        self.no_selection.setAccessibleName("No case selected")
        self.tabs.addTab(self.no_selection, "Case")
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([int(self.width() * 0.35), int(self.width() * 0.65)])
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
            for spec in self.action_registry.in_menu(title):
                action = QAction(spec.text, self)
                if spec.shortcut:
                    action.setShortcut(QKeySequence(spec.shortcut))
                action.triggered.connect(lambda _=False, key=spec.key: self.trigger(key))
                menu.addAction(action)
                self._qactions[spec.key] = action
            if title == "File":
                menu.addSeparator()
                self._add(menu, "app.quit", "&Quit", self.close, "Ctrl+Q")
            if title == "Help":
                self._add(menu, "help.guide", "&User guide", self._user_guide, "F1")
                self._add(menu, "help.about", "&About", self._about)
        self._update_case_actions(None)

    def _add(self, menu: Any, key: str, text: str, slot: Any, shortcut: Any = None) -> None:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        self._qactions[key] = action

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setAccessibleName("Status bar")
        bar.setSizeGripEnabled(False)
        demo = " (DEMO)" if getattr(self.workspace, "is_demo", False) else ""
        self.status_workspace = QLabel(f"Workspace: {self.workspace.root}{demo}", bar)
        self.status_user = QLabel(f"User: {self.actor.label} ({self.actor.role.value})", bar)
        self.status_count = QLabel("Cases: loading", bar)
        for label in (self.status_workspace, self.status_user, self.status_count):
            label.setAccessibleName(label.text())
            bar.addPermanentWidget(label)

    def _build_lock(self, idle_minutes: float | None) -> None:
        if idle_minutes is None:
            idle_minutes = float(self.workspace.setting(IDLE_SETTING, DEFAULT_IDLE_MINUTES))
        self.lock_screen = LockScreen(self.actor, self._reauthenticate, self)
        self.lock = WindowLock(self, self.lock_screen)
        self.idle = IdleWatcher(int(idle_minutes * 60_000), self)
        self.idle.idle.connect(self.lock_now)
        self.lock.locked_changed.connect(lambda locked: None if locked else self.idle.start())
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self.idle)
        self.idle.start()

    # --- cases ---------------------------------------------------------------
    def refresh_cases(self) -> None:
        """Reload the case list off the GUI thread."""
        from reviewer_app.services.cases import list_cases

        ws = self.workspace
        self.jobs.submit(lambda _p, _c: list_cases(ws), name="list cases",
                         on_success=self.set_cases, on_failure=self.show_error)

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
        """Bring the selected case's page ``title`` (its ``register_page`` title) forward."""
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index).replace("&", "") == title:
                self.tabs.setCurrentIndex(index)
                return self.tabs.widget(index)
        return None

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        case = self.proxy.case_at(current.row()) if current.isValid() else None
        self._update_case_actions(case)
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
        for spec in self.page_registry.pages:
            try:
                page = spec.factory(self.workspace, self.actor, case)
            except Exception as exc:  # noqa: BLE001 - one broken page must not take the window down
                page = QLabel(f"This page could not be shown: {exc}")
                messages.write_crash_report(exc, self.workspace.paths.logs)
            if not page.accessibleName():
                page.setAccessibleName(f"{spec.title} of case {case.reference}")
            index = self.tabs.addTab(page, spec.title)
            if spec.title == keep:
                self.tabs.setCurrentIndex(index)
        fill_accessible_names(self.tabs)

    def _update_case_actions(self, case: Case | None) -> None:
        for spec in self.action_registry.specs:
            if spec.needs_case and spec.key in self._qactions:
                self._qactions[spec.key].setEnabled(case is not None)

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
        handler = self.action_registry.handler(PACKAGES_DROPPED)
        if handler is None:
            messages.not_available(self, "Importing dropped packages")
            return
        handler(self, paths)

    def focus_filter(self) -> None:
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_box.selectAll()

    def show_error(self, exc: BaseException) -> None:
        messages.show_exception(self, exc, logs=self.workspace.paths.logs)

    def action(self, key: str) -> QAction:
        return self._qactions[key]

    def _user_guide(self) -> None:
        handler = self.action_registry.handler("help.guide")  # ui.help_viewer provides it
        if handler is not None:
            handler(self)
            return
        messages.info(self, "User guide", "The user guide is not written yet. Until then, "
                      "README.md and 'reviewer-app --help' describe the application.")

    def _about(self) -> None:
        messages.info(self, f"About {APP_NAME}",
                      f"{APP_NAME} {__version__}\nOffline review of frontier AI model submissions.")

    # --- lock ------------------------------------------------------------------
    def lock_now(self) -> None:
        if self.lock.locked:
            return
        self.lock.lock()
        from reviewer_app.services.users import record_lock

        ws, actor = self.workspace, self.actor
        self.jobs.submit(lambda _p, _c: record_lock(ws, actor), write=True, name="record lock",
                         on_failure=self.show_error)

    def _reauthenticate(self, password: str, on_ok: Any, on_fail: Any) -> None:
        from reviewer_app.services.users import authenticate

        ws, name = self.workspace, self.actor.username
        self.jobs.submit(lambda _p, _c: authenticate(ws, name, password), write=True,
                         name="unlock", on_success=on_ok, on_failure=on_fail)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if hasattr(self, "lock"):
            self.lock.resize_to(self.rect())

    def closeEvent(self, event: QCloseEvent) -> None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.idle.stop()
        self.jobs.shutdown()
        super().closeEvent(event)


def window_title(ws: Any) -> str:
    demo = "DEMO - " if getattr(ws, "is_demo", False) else ""
    return f"{demo}{APP_NAME} - {ws.root}"
