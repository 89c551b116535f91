"""UI tests press buttons: no test calls a method the window wires to a button, key or menu.

A test that calls ``page.save_as()`` passes while the button that calls it
crashes (issue #18: ``clicked(bool)`` reached ``save_as(path=False)``). The
slots are read from ``reviewer_app/ui`` with ``ast``: every method of ours
referenced inside a signal's ``connect(...)`` (directly or in a lambda), the
methods in the tables of (widget, slot) pairs a ``connect`` loop walks, the
handlers given to the action registry (``provide``/``register_action``), and
``MainWindow.trigger`` (what every menu QAction calls), the methods handed to
our functions and classes as a signal's target or an ``on_*`` callback
(``DropTarget(self, self.on_packages_dropped)``), and what a key's dispatcher
(``ChecklistPage.run``) calls. Then every call in tests/ui, tests/support and
tests/e2e whose method has one of those names fails this
test, unless its receiver is a module other than ours (``letters.countersign``
is a service, not a slot) or the name is in ``NOT_PRESSES`` with the reason.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "reviewer_app" / "ui"
SCANNED = (ROOT / "tests" / "ui", ROOT / "tests" / "support", ROOT / "tests" / "e2e")

# Names of slots that are also the names of other things tests call, each with why
# (an entry no call needs any more fails ``test_every_exception_is_still_needed``).
NOT_PRESSES = {
    "add": "SQLAlchemy's Session.add in the test factories",
    "check": "pytest-qt's qtmodeltester.check",
    "sign": "cryptography's CertificateBuilder.sign in the test PKI",
    "record": "the PKCS#11 token recorder in tests/support/tokens.py",
    "selected_path": "a getter the tests read to check which file row is selected",
    "show_overview": "the Summary panel's renderer: a read's result given to a panel with no window",
}


def _methods(trees: list[ast.Module]) -> set[str]:
    return {node.name for tree in trees for cls in ast.walk(tree) if isinstance(cls, ast.ClassDef)
            for node in cls.body if isinstance(node, ast.FunctionDef)}


def _self_attributes(node: ast.AST) -> Iterator[str]:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) \
                and sub.value.id == "self":
            yield sub.attr


def _method_call(node: ast.AST, names: tuple[str, ...]) -> ast.Call | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr in names:
        return node
    return None


def _dispatched(fn: ast.FunctionDef) -> set[str]:
    """A key's slot whose body is one if/elif chain (``run(key)``) dispatches: the methods
    its branches call are pressed through it."""
    body = [s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if len(body) != 1 or not isinstance(body[0], ast.If):
        return set()
    return {c.func.attr for c in ast.walk(body[0]) if isinstance(c, ast.Call)
            and isinstance(c.func, ast.Attribute) and isinstance(c.func.value, ast.Name)
            and c.func.value.id == "self"}


def _callback_params(trees: list[ast.Module]) -> dict[str, list[str | None]]:
    """Our functions and classes by name, with their parameters (in order) that take a
    callback: the ones connected to a signal (``page_actions(page, run)``) or named ``on_*``
    (``DropTarget(widget, on_drop)``); None for the others."""
    found: dict[str, list[str | None]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            fn = node if isinstance(node, ast.FunctionDef) else next(
                (b for b in node.body if isinstance(b, ast.FunctionDef) and b.name == "__init__"),
                None) if isinstance(node, ast.ClassDef) else None
            if fn is None:
                continue
            params = [a.arg for a in fn.args.args if a.arg != "self"]
            connected = {x.id for n in ast.walk(fn) if (c := _method_call(n, ("connect",)))
                         and c.args for x in ast.walk(c.args[0]) if isinstance(x, ast.Name)}
            takes = [p if p in connected or p.startswith("on_") else None for p in params]
            if any(takes):
                found[node.name] = takes
    return found


def wired_slots() -> set[str]:
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in sorted(UI.rglob("*.py"))]
    methods, callbacks = _methods(trees), _callback_params(trees)
    slots = {"trigger"}  # MainWindow.trigger(key): what each menu QAction's triggered calls
    dispatchers: set[str] = set()
    for tree in trees:
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            for node in ast.walk(fn):
                if (call := _method_call(node, ("connect",))) and call.args:
                    named = set(_self_attributes(call.args[0])) & methods
                    slots |= named
                    if not named:  # a loop variable: the (widget, slot) table it walks
                        slots |= {a for t in ast.walk(fn) if isinstance(t, ast.Tuple)
                                  for a in _self_attributes(t)} & methods
                elif call := _method_call(node, ("provide", "register_action")):
                    slots |= {a.id for a in call.args if isinstance(a, ast.Name)}
                elif isinstance(node, ast.Call) and _name(node.func) in callbacks:
                    takes = callbacks[_name(node.func)]  # page_actions(self, self.run)
                    handed = {a for arg, param in zip(node.args, takes, strict=False) if param
                              for a in _self_attributes(arg)} & methods
                    slots |= handed
                    dispatchers |= handed
    for tree in trees:
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef) and fn.name in dispatchers:
                slots |= _dispatched(fn)
    return slots


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else \
        func.attr if isinstance(func, ast.Attribute) else ""


def _ours(tree: ast.Module) -> set[str]:
    """Names imported from ``reviewer_app.ui`` (a wiring handler called by name)."""
    return {a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("reviewer_app.ui") for a in node.names}


def _foreign_modules(tree: ast.Module) -> set[str]:
    """Names bound by imports of anything but ``reviewer_app.ui`` (services, Qt, stdlib)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names
                      if not a.name.startswith("reviewer_app.ui")}
        elif isinstance(node, ast.ImportFrom) and node.module \
                and not node.module.startswith("reviewer_app.ui"):
            names |= {a.asname or a.name for a in node.names}
    return names


# The signals a user's press, key or choice sends: a test emitting one skips the widget.
INPUT_SIGNALS = {"clicked", "pressed", "released", "toggled", "triggered", "activated",
                 "returnPressed", "editingFinished", "textEdited", "accepted", "rejected",
                 "itemActivated", "doubleClicked"}


def _pressed_by_hand(call: ast.Call, slots: set[str], foreign: set[str], ours: set[str]) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "emit" \
            and isinstance(func.value, ast.Attribute) and func.value.attr in INPUT_SIGNALS:
        return True  # e.g. combo.activated.emit(index) instead of choosing with the keys
    if isinstance(func, ast.Name):  # a wiring handler imported by name
        return func.id in slots and func.id in ours
    if not isinstance(func, ast.Attribute) or func.attr not in slots:
        return False
    if func.attr == "trigger" and not call.args:  # QAction.trigger(): the menu entry chosen
        return False
    return not (isinstance(func.value, ast.Name) and func.value.id in foreign)


def slot_calls(path: Path, slots: set[str],
               allowed: Mapping[str, str] = NOT_PRESSES) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    foreign, ours, wanted = _foreign_modules(tree), _ours(tree), slots - allowed.keys()
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):
        if _pressed_by_hand(node, wanted, foreign, ours):
            yield f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:" \
                  f"{node.lineno}: {ast.unparse(node)[:90]}"


def test_the_wired_slots_are_found() -> None:
    """The scan sees the slots the issue was about (else the check below proves nothing)."""
    slots = wired_slots()
    assert {"save_as", "verify_letter", "print_letter", "sign", "countersign", "record",
            "apply_filter", "open_evidence_file", "trigger", "import_package",
            "export_case_file"} <= slots


def _scan(slots: set[str], allowed: Mapping[str, str] = NOT_PRESSES) -> list[str]:
    return [hit for folder in SCANNED for path in sorted(folder.glob("*.py"))
            if path.name != Path(__file__).name for hit in slot_calls(path, slots, allowed)]


def test_no_ui_test_calls_a_wired_slot() -> None:
    found = _scan(wired_slots())
    assert found == [], "press the button, key or QAction instead:\n" + "\n".join(found)


def test_every_exception_is_still_needed() -> None:
    slots = wired_slots()
    for name in NOT_PRESSES:  # a slot's name that some scanned call uses
        assert name in slots and _scan({name}, allowed={}), f"NOT_PRESSES[{name!r}] is stale"


def test_a_direct_call_is_caught(tmp_path: Path) -> None:
    written = tmp_path / "test_example.py"
    written.write_text("from reviewer_app.services.decision import letters\n"
                       "def test_x(page, window, ws):\n"
                       "    page.save_as(None)\n"  # caught: the Save as... button's slot
                       "    window.trigger('case.decide')\n"  # caught: the menu action's
                       "    page.next_not_reviewed()\n"  # caught: the N key's (through run)
                       "    page.detail.status.activated.emit(2)\n"  # caught: a choice faked
                       "    window.action('case.decide').trigger()\n"  # fine: the QAction
                       "    letters.countersign(ws, None, 'x', 'y')\n")  # fine: a service
    hits = list(slot_calls(written, wired_slots()))
    assert [h.split(": ", 1)[1] for h in hits] == [
        "page.save_as(None)", "window.trigger('case.decide')", "page.next_not_reviewed()",
        "page.detail.status.activated.emit(2)"]
