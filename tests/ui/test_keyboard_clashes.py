"""The keyboard without clashes: no two keys alike on any page (menu bar included),
every step of the cycle under a key, Sign and Countersign from the Case menu acting
on the open case, and the entries a user's role may not use disabled with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from reviewer_app.domain.determination import parse_condition
from reviewer_app.domain.users import Actor
from reviewer_app.services.decision import letters
from reviewer_app.services.decision.determination import decide
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.ui import wiring
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.pages import determination_page as dp
from tests.support.cases import CREDENTIAL_PASSPHRASE, Office, office_with_case
from tests.support.keyboard import clashes, keys_in_scope, menu_mnemonic_clashes, mnemonic
from tests.support.tabs import click_tab

REF = "FMR-2026-0001"


@pytest.fixture
def office_ws(tmp_path: Path) -> Iterator[tuple[Workspace, Office]]:
    with office_with_case(tmp_path / "ws", demo=True) as made:
        yield made


def _decide(ws: Workspace, office: Office) -> None:
    decide(ws, office.reviewer, REF, "covered_with_conditions",
           [parse_condition("vetted_partner_access@2027-03-01:Vetted partners only")],
           "The cyber score is over the threshold.")


def _window(qtbot: Any, ws: Workspace, actor: Actor) -> MainWindow:
    """The application's window (all its pages and menu actions) with the case open."""
    window = MainWindow(ws, actor, idle_minutes=60)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.loaded)
    assert window.select_case(REF)
    qtbot.waitUntil(lambda: window.tabs.count() == len(wiring.case_pages()))
    return window


def _settle(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=20000)
    QApplication.processEvents()


def _determination(qtbot: Any, window: MainWindow) -> dp.DeterminationPage:
    page = click_tab(qtbot, window, wiring.DETERMINATION)
    assert isinstance(page, dp.DeterminationPage)
    return page


def test_no_two_keys_alike_on_any_page(qtbot: Any, office_ws: tuple[Workspace, Office]) -> None:
    ws, office = office_ws
    _decide(ws, office)
    window = _window(qtbot, ws, office.reviewer)
    found: dict[str, dict[str, list[str]]] = {}
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        _settle(qtbot, window)
        keys = keys_in_scope(window)
        assert "Alt+F" in [k.keys for k in keys]  # the menu bar counts on every page
        if clash := clashes(keys):
            found[window.tabs.tabText(index)] = clash
    assert not found, "\n".join(f"{page}: {clash}" for page, clash in found.items())
    assert menu_mnemonic_clashes(window.menuBar()) == {}
    _determination(qtbot, window)  # its Countersign is Alt+U too
    window.lock.lock()  # the lock screen hides the page: Alt+U is Unlock alone
    unlock = [k.owner for k in keys_in_scope(window) if k.keys == "Alt+U"]
    assert unlock == ["QPushButton '&Unlock'"]
    assert clashes(keys_in_scope(window)) == {}


def test_every_step_of_the_cycle_has_a_key(qtbot: Any,
                                           office_ws: tuple[Workspace, Office]) -> None:
    ws, office = office_ws
    window = _window(qtbot, ws, office.supervisor)
    # Menu entries: a shortcut, or the menu's letter then the entry's.
    for key in ("file.import_package", "file.import_case", "file.export_case", "case.checklist",
                "case.decide", "case.letter", "case.countersign", "case.audit",
                "checklist.next", "checklist.status.open", "checklist.accept", "app.quit",
                "help.guide"):
        action = window.action(key)
        assert not action.shortcut().isEmpty() or mnemonic(action.text()), key
    assert window.action("case.letter").shortcut() == QKeySequence("Ctrl+Shift+S")
    assert window.action("case.countersign").shortcut() == QKeySequence("Ctrl+Shift+K")
    page = _determination(qtbot, window)
    for button in (page.record_button, page.sign_button, page.countersign_button,
                   page.save_button, page.print_button, page.verify_button,
                   page.add_condition_button):
        assert mnemonic(button.text()), button.text()


def test_ctrl_shift_s_signs_the_open_case_from_any_page(qtbot: Any,
                                                        office_ws: tuple[Workspace, Office],
                                                        message_log: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    ws, office = office_ws
    _decide(ws, office)
    asked: list[str] = []

    def answer(_cls: Any, _parent: Any, title: str, **_k: Any) -> str:
        asked.append(title)
        return CREDENTIAL_PASSPHRASE

    monkeypatch.setattr(dp.CredentialDialog, "ask", classmethod(answer))
    window = _window(qtbot, ws, office.reviewer)
    click_tab(qtbot, window, wiring.SUBMISSION)
    _settle(qtbot, window)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    page = window.tabs.currentWidget()
    assert isinstance(page, dp.DeterminationPage)  # the page in front, as if Tabbed to
    qtbot.waitUntil(lambda: page.preview_kind.startswith("letter version 1"), timeout=30000)
    assert asked == ["Sign the letter"]
    assert [r.text for r in message_log.take()] == ["Letter version 1 signed."]
    assert [info.state for info in letters.list_letters(ws, REF)] == ["signed"]


def test_case_menu_countersign_acts_on_the_open_case(qtbot: Any,
                                                     office_ws: tuple[Workspace, Office],
                                                     message_log: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    ws, office = office_ws
    _decide(ws, office)
    letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    monkeypatch.setattr(dp.CredentialDialog, "ask",
                        classmethod(lambda cls, *a, **k: CREDENTIAL_PASSPHRASE))
    window = _window(qtbot, ws, office.supervisor)
    window.action("case.countersign").trigger()
    page = window.tabs.currentWidget()
    assert isinstance(page, dp.DeterminationPage)
    qtbot.waitUntil(lambda: "countersigned" in page.preview_kind, timeout=30000)
    assert "countersigned; the case is issued." in message_log.take()[0].text


def test_case_menu_sign_says_why_when_the_button_cannot(qtbot: Any,
                                                        office_ws: tuple[Workspace, Office],
                                                        message_log: Any) -> None:
    ws, office = office_ws  # nothing decided: no letter to sign yet
    window = _window(qtbot, ws, office.reviewer)
    window.action("case.letter").trigger()
    page = window.tabs.currentWidget()
    assert isinstance(page, dp.DeterminationPage)
    qtbot.waitUntil(lambda: bool(message_log.requests), timeout=20000)
    [said] = message_log.take()
    assert "Record the determination first" in said.text


def test_role_aware_menu_entries(qtbot: Any, office_ws: tuple[Workspace, Office]) -> None:
    ws, office = office_ws
    reviewer = _window(qtbot, ws, office.reviewer)
    countersign = reviewer.action("case.countersign")
    assert not countersign.isEnabled()
    assert countersign.toolTip() == ("Countersigning a letter needs the supervisor role; "
                                     "you are signed in as a reviewer.")
    assert reviewer.action("case.letter").isEnabled()
    reviewer.close()
    boss = _window(qtbot, ws, office.supervisor)
    assert boss.action("case.countersign").isEnabled()
    boss.close()
    admin = Actor("alice", office.reviewer.role.ADMINISTRATOR)
    window = _window(qtbot, ws, admin)
    for key in ("case.letter", "case.countersign", "case.decide", "file.export_case",
                "checklist.accept"):
        action = window.action(key)
        assert not action.isEnabled(), key
        assert "you are signed in as an administrator." in action.toolTip(), key
    assert window.action("file.import_package").isEnabled()  # administrators may import
    assert window.action("case.audit").isEnabled()


def test_alt_letter_nobody_answers_types_nothing(qtbot: Any,
                                                office_ws: tuple[Workspace, Office]) -> None:
    ws, office = office_ws
    window = _window(qtbot, ws, office.reviewer)
    page = _determination(qtbot, window)
    _settle(qtbot, window)
    page.condition_text.setFocus()
    qtbot.keyClicks(page.condition_text, "vetted")
    assert "Alt+Q" not in [k.keys for k in keys_in_scope(window)]
    qtbot.keyClick(page.condition_text, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(page.condition_text, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert page.condition_text.text() == "vetted"


def test_condition_text_has_its_own_letter(qtbot: Any,
                                           office_ws: tuple[Workspace, Office]) -> None:
    """Alt+T was both Condition text and the Tools menu; the field's letter is now X."""
    ws, office = office_ws
    window = _window(qtbot, ws, office.reviewer)
    page = _determination(qtbot, window)
    _settle(qtbot, window)
    owners = [k.owner for k in keys_in_scope(window) if k.keys in ("Alt+X", "Alt+T")]
    assert sorted(owners) == ["QLabel 'Condition te&xt:'", "QMenuBar '&Tools'"]
    page.rationale.setFocus()
    qtbot.keyClick(page.rationale, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.condition_text.hasFocus())
    qtbot.keyClicks(page.condition_text, "Vetted partners only")
    assert page.condition_text.text() == "Vetted partners only"
    assert window.audit_window is None


def test_no_two_keys_alike_in_the_dialogs_of_the_cycle(qtbot: Any, tmp_path: Path,
                                                       office_ws: tuple[Workspace, Office]
                                                       ) -> None:
    from reviewer_app.services.cases.reading import get_case
    from reviewer_app.ui.case_file_flow import ExportCaseDialog
    from reviewer_app.ui.first_run_dialog import CreateWorkspaceDialog, FirstRunDialog
    from reviewer_app.ui.import_flow import PassphraseDialog
    from reviewer_app.ui.login_dialog import LoginDialog
    from reviewer_app.ui.pages.trust_page import TrustDialog
    from reviewer_app.ui.secret_dialog import CredentialDialog

    ws, office = office_ws
    window = _window(qtbot, ws, office.reviewer)
    case = get_case(ws, REF)
    export, export_token = ExportCaseDialog(None, case), ExportCaseDialog(None, case, token=True)
    dialogs = [export, export_token, LoginDialog(window.context), FirstRunDialog(tmp_path),
               CreateWorkspaceDialog(tmp_path), TrustDialog(window),
               CredentialDialog(None, "Sign the letter", "Passphrase of your signing credential:"),
               PassphraseDialog(None, 2)]
    found: dict[str, dict[str, list[str]]] = {}
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        if clash := clashes(keys_in_scope(dialog)):
            found[dialog.windowTitle()] = clash
        if dialog in (export, export_token):  # the passphrase fields show when chosen
            assert "Alt+W" in [k.keys for k in keys_in_scope(dialog)]  # what the check sees
            dialog.to_passphrase.setChecked(True)
            if clash := clashes(keys_in_scope(dialog)):
                found[f"{dialog.windowTitle()} (passphrase)"] = clash
        dialog.close()
    _settle(qtbot, window)
    assert not found, "\n".join(f"{title}: {clash}" for title, clash in found.items())
