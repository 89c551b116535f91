"""File > Export case file... and Import case file... through the window, dialogs replaced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from reviewer_app.services.cases.reading import list_cases
from reviewer_app.services.checklist import items as checklist
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.ui import case_file_flow as flow
from reviewer_app.ui.a11y import unnamed_widgets
from reviewer_app.ui.main_window import MainWindow
from tests.support import casefiles as F
from tests.support.case_file_world import (
    World,
    case_window,
    export_through_window,
    one_message,
)
from tests.support.tokens import PIN as TOKEN_PIN
from tests.support.tokens import add_token_user, make_token, needs_softhsm, reset_library


def _import(qtbot: Any, log: Any, monkeypatch: pytest.MonkeyPatch, ws: Workspace, path: Path,
            secret: str, asked: list[str]) -> tuple[MainWindow, Any]:
    window = case_window(qtbot, ws)
    monkeypatch.setattr(flow.CaseFileChooser, "ask", classmethod(lambda cls, *a: path))

    def answer(cls: Any, parent: Any, title: str, prompt: str) -> str:
        asked.append(title)
        return secret

    monkeypatch.setattr(flow.SecretDialog, "ask", classmethod(answer))
    window.action("file.import_case").trigger()
    return window, one_message(qtbot, log, "Case file imported")


def test_export_to_workstation_then_import(qtbot: Any, world: World, message_log: Any,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    out = world.root / "a-to-b.case"
    export_through_window(qtbot, message_log, monkeypatch, world.ws_a, world.ref,
            flow.ExportRequest(out, F.CREDENTIAL, recipients=[world.b.recipient]))
    assert out.is_file() and not [p for p in world.root.iterdir() if p.name.endswith(".partial")]
    asked: list[str] = []
    window, done = _import(qtbot, message_log, monkeypatch, world.ws_b, out, F.PASSPHRASE, asked)
    assert asked == ["Workstation passphrase"]
    assert done.text == f"{world.ref}: created as received"
    qtbot.waitUntil(lambda: window.select_case(world.ref), timeout=20000)
    assert [c.reference for c in list_cases(world.ws_b)] == [world.ref]


def test_passphrase_file_asks_the_case_passphrase(qtbot: Any, world: World, message_log: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = world.root / "by-passphrase.case"
    export_through_window(qtbot, message_log, monkeypatch, world.ws_a, world.ref,
            flow.ExportRequest(out, F.CREDENTIAL, passphrase="hand it over in person"))
    asked: list[str] = []
    _window_b, done = _import(qtbot, message_log, monkeypatch, world.ws_b, out,
                              "hand it over in person", asked)
    assert asked == ["Case file passphrase"]
    assert "created as received" in done.text


def test_failed_export_shows_the_error_and_leaves_no_file(
        qtbot: Any, world: World, message_log: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    out = world.root / "never.case"
    window = case_window(qtbot, world.ws_a)
    assert window.select_case(world.ref)
    request = flow.ExportRequest(out, "wrong credential passphrase",
                                 recipients=[world.b.recipient])
    monkeypatch.setattr(flow.ExportCaseDialog, "ask", classmethod(lambda cls, *a: request))
    window.action("file.export_case").trigger()
    qtbot.waitUntil(lambda: bool(message_log.requests), timeout=60000)
    (error,) = message_log.take()
    assert error.kind == "error" and error.code
    assert not out.exists()


def test_diverged_import_lists_items_and_adopts(qtbot: Any, world: World, message_log: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    first = world.root / "first.case"
    export_through_window(qtbot, message_log, monkeypatch, world.ws_a, world.ref,
            flow.ExportRequest(first, F.CREDENTIAL, recipients=[world.b.recipient]))
    _import(qtbot, message_log, monkeypatch, world.ws_b, first, F.PASSPHRASE, [])
    item = checklist.get_checklist(world.ws_a, world.ref).items()[0].item_id
    checklist.set_item(world.ws_a, F.REVIEWER, world.ref, item, status="open", details="A: open")
    checklist.set_item(world.ws_b, F.REVIEWER, world.ref, item, status="not_applicable",
                       comments="B: n/a")
    second = world.root / "second.case"
    export_through_window(qtbot, message_log, monkeypatch, world.ws_a, world.ref,
            flow.ExportRequest(second, F.CREDENTIAL, recipients=[world.b.recipient]))
    shown: list[flow.DivergedDialog] = []

    def present(cls: Any, parent: Any, ctx: Any, result: Any) -> None:
        shown.append(cls(parent, ctx, result.local_uuid, result.case_uuid,
                         list(result.differing_items)))

    monkeypatch.setattr(flow.DivergedDialog, "present", classmethod(present))
    _window_b, done = _import(qtbot, message_log, monkeypatch, world.ws_b, second,
                              F.PASSPHRASE, [])
    assert "both sides changed the case" in done.text
    qtbot.waitUntil(lambda: bool(shown))
    dialog = shown[0]
    qtbot.addWidget(dialog)
    assert dialog.items.count() == 1 and dialog.items.item(0).text().startswith(item)
    assert unnamed_widgets(dialog) == []
    dialog.adopt_button.click()
    qtbot.waitUntil(lambda: dialog.items.count() == 0, timeout=20000)
    assert dialog.items.count() == 0 and not dialog.adopt_button.isEnabled()
    local = {i.item_id: i for i in checklist.get_checklist(world.ws_b, world.ref).items()}
    assert local[item].status.value == "open"


# --- a PKCS#11 token as the exporting user's credential (SoftHSM2) ---------------------


@needs_softhsm
def test_token_user_is_asked_the_pin_and_the_file_imports(
        qtbot: Any, world: World, message_log: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from cryptography.hazmat.primitives import serialization

    from reviewer_app.domain.users import Role
    from reviewer_app.services.access.remote_users import add_remote_user
    from reviewer_app.services.cases.reading import get_case
    from reviewer_app.services.intake.package_import import import_package
    from tests.support import pki
    from tests.support.packages import PackageSpec
    from tests.support.pki import CertSpec

    office = F.make_office_pki()  # a second office CA, trusted by both workstations below
    for ws in (world.ws_a, world.ws_b):
        ws.paths.trust_office.joinpath("token-ca.pem").write_bytes(office.anchor_pem())
    leaf = pki.make_leaf(CertSpec("Tina On Token", organization="Review Office"), office.ca)
    tina = add_token_user(world.ws_a, "tina", make_token(world.root / "hsm", leaf, monkeypatch))
    # tina's own case; B knows her by the certificate its administrator registered.
    package = PackageSpec(world.submitters, world.a.recipient).build(world.root / "tina.subpkg")
    tina_ref = import_package(world.ws_a, tina, package,
                              identity=world.a.identity).case.reference
    (world.root / "tina.pem").write_bytes(leaf.cert.public_bytes(serialization.Encoding.PEM))
    add_remote_user(world.ws_b, F.ADMIN, username="tina", role=Role.REVIEWER,
                    certificate_file=world.root / "tina.pem")
    try:
        # The dialog itself: the credential field asks for the PIN, and says so when empty.
        dialog = flow.ExportCaseDialog(None, get_case(world.ws_a, world.ref), True)
        qtbot.addWidget(dialog)
        assert dialog.credential.accessibleName() == "Your signing token PIN"
        dialog.recipients.setPlainText(world.b.recipient)
        dialog.show()
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # OK with no PIN: the dialog stays
        assert dialog.isVisible() and "PIN" in dialog.problem.text()
        assert unnamed_widgets(dialog) == []
        # The flow: a token user gets the PIN dialog; a wrong PIN is an error and no file.
        window = MainWindow(world.ws_a, tina, idle_minutes=60)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.refresh_cases()
        qtbot.waitUntil(lambda: window.loaded)
        assert window.select_case(tina_ref)
        out = world.root / "token.case"
        asked: list[bool] = []
        pin = ["0000"]

        def ask(cls: Any, parent: Any, case: Any, token: bool = False) -> flow.ExportRequest:
            asked.append(token)
            return flow.ExportRequest(out, pin[0], recipients=[world.b.recipient])

        monkeypatch.setattr(flow.ExportCaseDialog, "ask", classmethod(ask))
        window.action("file.export_case").trigger()
        qtbot.waitUntil(lambda: bool(message_log.requests), timeout=60000)
        (error,) = message_log.take()
        assert error.kind == "error" and error.code == "WRONG_PIN", error
        assert asked == [True] and not out.exists()
        pin[0] = TOKEN_PIN
        window.action("file.export_case").trigger()
        one_message(qtbot, message_log, "Case file exported")
        window.close()
        _window_b, done = _import(qtbot, message_log, monkeypatch, world.ws_b, out,
                                  F.PASSPHRASE, [])
        assert done.text == f"{tina_ref}: created as received"
    finally:
        reset_library()
