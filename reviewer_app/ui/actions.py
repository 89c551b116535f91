"""Menu actions: the window's menus are built from an ``ActionRegistry``.

``ui.wiring.menu_actions()`` fills the application's registry in plain code
(no registration at import); tests build a registry with what they need::

    registry = ActionRegistry()
    registry.register_action("case.decide", "Case", "&Decide...", handler, needs_case=True)

An action may name the ``Permission`` (``domain/permissions.py``) its service
checks: the window disables it, with the reason as its tooltip, for a user whose
role may not (the service still checks).

A handler gets the ``MainWindow`` (``window.context``, ``window.current_case()``,
``window.show_page()``). An action whose key has no handler tells the user
"not available yet".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer_app.domain import permissions
from reviewer_app.domain.permissions import Permission

if TYPE_CHECKING:  # the window imports this module
    from reviewer_app.ui.main_window import MainWindow

Handler = Callable[["MainWindow"], object]
DropHandler = Callable[["MainWindow", list[Path]], object]


@dataclass(frozen=True)
class ActionSpec:
    key: str
    menu: str
    text: str
    shortcut: str = ""
    needs_case: bool = False
    order: int = 100
    permission: Permission | None = None


@dataclass
class ActionRegistry:
    specs: list[ActionSpec] = field(default_factory=list)
    handlers: dict[str, Handler] = field(default_factory=dict)
    on_drop: DropHandler | None = None  # package files dropped on the window

    def register_action(self, key: str, menu: str, text: str, handler: Handler | None = None,
                        *, shortcut: str = "", needs_case: bool = False, order: int = 100,
                        permission: Permission | None = None) -> None:
        self.specs = [s for s in self.specs if s.key != key]
        self.specs.append(ActionSpec(key, menu, text, shortcut, needs_case, order, permission))
        self.specs.sort(key=lambda s: s.order)
        if handler is not None:
            self.handlers[key] = handler

    def provide(self, key: str, handler: Handler) -> None:
        self.handlers[key] = handler

    def handler(self, key: str) -> Handler | None:
        return self.handlers.get(key)

    def in_menu(self, menu: str) -> list[ActionSpec]:
        return [s for s in self.specs if s.menu == menu]


def default_registry() -> ActionRegistry:
    """The menu entries every window has (their handlers come from ``ui.wiring``)."""
    reg = ActionRegistry()
    add = reg.register_action
    add("file.import_package", "File", "&Import package...", shortcut="Ctrl+I", order=10,
        permission=permissions.IMPORT_PACKAGE)
    add("file.import_case", "File", "Import &case file...", order=20,
        permission=permissions.IMPORT_CASE_FILE)
    add("file.export_case", "File", "&Export case file...", needs_case=True, order=30,
        permission=permissions.EXPORT_CASE_FILE)
    add("file.lock", "File", "&Lock now", shortcut="Ctrl+L", order=40)
    add("file.sign_out", "File", "Sign &out / switch user...", shortcut="Ctrl+Shift+L", order=50)
    add("case.checklist", "Case", "Open &checklist", needs_case=True, order=10)
    add("case.decide", "Case", "Record &determination...", needs_case=True, order=20,
        permission=permissions.DECIDE)
    # Sign and Countersign act on the open case as its Determination page's buttons do.
    add("case.letter", "Case", "Sign &letter...", shortcut="Ctrl+Shift+S", needs_case=True,
        order=30, permission=permissions.SIGN)
    add("case.countersign", "Case", "Co&untersign letter...", shortcut="Ctrl+Shift+K",
        needs_case=True, order=31, permission=permissions.COUNTERSIGN)
    add("case.audit", "Case", "Show &audit trail", needs_case=True, order=40)
    return reg
