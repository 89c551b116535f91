"""Menu actions: the window's menus are built from this list of specs.

Features plug in their code by key, without editing the window::

    from reviewer_app.ui import actions
    actions.provide("file.import_package", lambda window: ImportDialog.run(window))
    actions.register_action("case.decide", "Case", "&Decide...", handler, shortcut="Ctrl+D",
                            needs_case=True)

A handler gets the ``MainWindow`` (``window.workspace``, ``window.actor``,
``window.current_case()``, ``window.jobs``, ``window.refresh_cases()``). An
action whose key has no handler yet tells the user "not available yet".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Handler = Callable[[Any], None]  # Any: the MainWindow (no import cycle)
# Hook for dropped package files: handler(window, paths: list[Path]).
PACKAGES_DROPPED = "file.packages_dropped"


@dataclass(frozen=True)
class ActionSpec:
    key: str
    menu: str
    text: str
    shortcut: str = ""
    needs_case: bool = False
    order: int = 100


@dataclass
class ActionRegistry:
    specs: list[ActionSpec] = field(default_factory=list)
    handlers: dict[str, Callable[..., None]] = field(default_factory=dict)

    def register_action(self, key: str, menu: str, text: str, handler: Handler | None = None,
                        *, shortcut: str = "", needs_case: bool = False, order: int = 100) -> None:
        self.specs = [s for s in self.specs if s.key != key]
        self.specs.append(ActionSpec(key, menu, text, shortcut, needs_case, order))
        self.specs.sort(key=lambda s: s.order)
        if handler is not None:
            self.handlers[key] = handler

    def provide(self, key: str, handler: Callable[..., None]) -> None:
        self.handlers[key] = handler

    def handler(self, key: str) -> Callable[..., None] | None:
        return self.handlers.get(key)

    def in_menu(self, menu: str) -> list[ActionSpec]:
        return [s for s in self.specs if s.menu == menu]


def default_registry() -> ActionRegistry:
    reg = ActionRegistry()
    add = reg.register_action
    add("file.import_package", "File", "&Import package...", shortcut="Ctrl+I", order=10)
    add("file.import_case", "File", "Import &case file...", order=20)
    add("file.export_case", "File", "&Export case file...", needs_case=True, order=30)
    add("case.checklist", "Case", "Open &checklist", needs_case=True, order=10)
    add("case.decide", "Case", "Record &determination...", needs_case=True, order=20)
    add("case.letter", "Case", "Sign &letter...", needs_case=True, order=30)
    add("case.audit", "Case", "Show &audit trail", needs_case=True, order=40)
    return reg


# The application's registry; feature modules call ``provide``/``register_action`` at import.
DEFAULT_ACTIONS = default_registry()
register_action = DEFAULT_ACTIONS.register_action
provide = DEFAULT_ACTIONS.provide
