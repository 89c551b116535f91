"""Determination page: record, preview (QPdfView), print through QPrinter, verify."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel

from reviewer_app.domain.determination import parse_condition
from reviewer_app.services.cases.reading import get_case
from reviewer_app.services.decision import letters
from reviewer_app.services.decision.determination import decide, get_determination
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.ui.a11y import unnamed_widgets
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.pages import determination_page as dp
from reviewer_app.ui.pdf_print import print_pdf
from tests.support.cases import (
    CREDENTIAL_PASSPHRASE,
    Office,
    make_case,
    make_office,
    new_workspace,
    office_with_case,
)

REF = "FMR-2026-0001"


@pytest.fixture
def office_ws(tmp_path: Path) -> Iterator[tuple[Workspace, Office]]:
    with office_with_case(tmp_path / "ws", demo=True) as made:
        yield made


@pytest.fixture(autouse=True)
def record_confirmed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Record asks first (tests/ui/test_deciding_safely.py presses its buttons): here it is
    answered Record at its boundary."""
    monkeypatch.setattr(dp.RecordConfirmDialog, "ask", classmethod(lambda cls, *_a: True))


def _decide(ws: Workspace, office: Office) -> None:
    decide(ws, office.reviewer, REF, "covered_with_conditions",
           [parse_condition("vetted_partner_access@2027-03-01:Vetted partners only")],
           "The cyber score is over the threshold.")


def _page(qtbot: Any, ws: Workspace, actor: Any) -> dp.DeterminationPage:
    ctx = PageContext(ws, actor)  # a page on its own: a real job runner, as in the window
    page = dp.DeterminationPage(ctx, get_case(ws, REF))
    ctx.setParent(page)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: bool(page.preview_kind), timeout=20000)
    return page


def _load(data: bytes) -> tuple[QPdfDocument, QBuffer]:
    doc, buffer = QPdfDocument(), QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buffer)
    return doc, buffer


def test_preview_renders_draft_pages(qtbot: Any, office_ws: tuple[Workspace, Office]) -> None:
    ws, office = office_ws
    _decide(ws, office)
    page = _page(qtbot, ws, office.reviewer)
    assert page.preview_kind.startswith("draft")
    qtbot.waitUntil(lambda: page.document.status() == QPdfDocument.Status.Ready)
    assert page.document.pageCount() >= 1
    image = page.document.render(0, page.document.pagePointSize(0).toSize())
    assert not image.isNull()
    assert page.outcome.currentData() == "covered_with_conditions"
    assert page.conditions.count() == 1
    assert not page.countersign_button.isEnabled()
    assert unnamed_widgets(page) == []


def test_record_from_the_form(qtbot: Any, office_ws: tuple[Workspace, Office],
                              message_log: Any) -> None:
    ws, office = office_ws
    page = _page(qtbot, ws, office.reviewer)
    page.outcome.setCurrentIndex(page.outcome.findData("covered_with_conditions"))
    page.kind.setCurrentIndex(page.kind.findData("reporting_duty"))
    qtbot.keyClicks(page.condition_text, "Report incidents within 72 hours")
    page.has_until.setChecked(True)
    page.add_condition_button.click()
    assert page.conditions.count() == 1
    qtbot.keyClicks(page.rationale, "Over the cyber threshold.")
    page.cui.category.setText("PROPIN")
    page.cui.controlled_by.setPlainText("Test Review Office\nFrontier Model Division")
    page.record_button.click()
    qtbot.waitUntil(lambda: bool(message_log.requests), timeout=20000)
    assert [r.text for r in message_log.take()] == ["Determination recorded."]
    stored = get_determination(ws, REF)
    assert stored is not None and stored.conditions[0].until is not None
    assert stored.conditions[0].text == "Report incidents within 72 hours"
    assert stored.cui is not None and stored.cui.category == "PROPIN"
    assert stored.cui.controlled_by == ("Test Review Office", "Frontier Model Division")


def test_blocked_determination_shows_the_code(qtbot: Any, tmp_path: Path,
                                              message_log: Any) -> None:
    ws = new_workspace(tmp_path / "ws2", demo=True)
    office = make_office(ws)
    make_case(ws, items=(("ID-01", "Identity", "Signature", "CAT I", "not_reviewed", ""),))
    try:
        page = _page(qtbot, ws, office.reviewer)
        page.rationale.setPlainText("x")
        page.outcome.setCurrentIndex(page.outcome.findData("not_covered"))
        page.record_button.click()
        qtbot.waitUntil(lambda: bool(message_log.requests), timeout=20000)
        (request,) = message_log.take()
        assert request.kind == "error" and request.code == "DETERMINATION_BLOCKED"
        assert "ID-01" in request.text
    finally:
        ws.close()


def test_print_to_pdf_keeps_page_count(qtbot: Any, office_ws: tuple[Workspace, Office],
                                       tmp_path: Path) -> None:
    ws, office = office_ws
    _decide(ws, office)
    doc, _buffer = _load(letters.render_draft(ws, REF))
    assert doc.pageCount() >= 1
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printer.setFullPage(True)  # the drawn page covers the sheet: its corner is the letter's
    assert print_pdf(doc, printer) == doc.pageCount()
    printed, _b2 = _load(out.read_bytes())
    assert printed.pageCount() == doc.pageCount()
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    pages = [line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")]
    assert pages == [str(doc.pageCount())]
    # Painted on white: the printed page's corner is white, not transparent or black.
    corner = printed.render(0, printed.pagePointSize(0).toSize()).pixelColor(5, 5)
    assert (corner.red(), corner.green(), corner.blue(), corner.alpha()) == (255, 255, 255, 255)


def test_sign_countersign_and_verify(qtbot: Any, office_ws: tuple[Workspace, Office],
                                     message_log: Any, monkeypatch: pytest.MonkeyPatch,
                                     tmp_path: Path) -> None:
    ws, office = office_ws
    _decide(ws, office)
    monkeypatch.setattr(dp.CredentialDialog, "ask",
                        classmethod(lambda cls, *a, **k: CREDENTIAL_PASSPHRASE))
    page = _page(qtbot, ws, office.reviewer)
    page.sign_button.click()
    qtbot.waitUntil(lambda: page.preview_kind.startswith("letter version 1"), timeout=30000)
    assert [r.text for r in message_log.take()] == ["Letter version 1 signed."]
    assert not page.countersign_button.isEnabled()  # a reviewer: a supervisor countersigns

    boss = _page(qtbot, ws, office.supervisor)
    boss.countersign_button.click()
    qtbot.waitUntil(lambda: "countersigned" in boss.preview_kind, timeout=30000)
    message_log.take()
    saved = tmp_path / "issued.pdf"
    # The buttons, pressed: the file dialogs answered at their boundary.
    monkeypatch.setattr(dp.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(saved), "PDF files (*.pdf)")))
    qtbot.mouseClick(boss.save_button, Qt.MouseButton.LeftButton)
    assert saved.read_bytes() == letters.letter_pdf(ws, REF)

    shown: list[dp.VerifyReportDialog] = []
    monkeypatch.setattr(dp.VerifyReportDialog, "show_report",
                        classmethod(lambda cls, parent, report: shown.append(cls(parent, report))))
    monkeypatch.setattr(dp.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a, **_k: (str(saved), "PDF files (*.pdf)")))
    qtbot.mouseClick(boss.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    dialog = shown[0]
    assert dialog.signatures.count() == 2
    assert dialog.bottom.text().startswith("PASS")
    assert "Rita Reviewer" in dialog.signatures.item(0).text()
    assert "Sam Supervisor" in dialog.signatures.item(1).text()
    assert not dialog.signatures.item(0).icon().isNull()


def test_deciding_again_supersedes_the_signed_letter(qtbot: Any,
                                                    office_ws: tuple[Workspace, Office],
                                                    message_log: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    ws, office = office_ws
    _decide(ws, office)
    monkeypatch.setattr(dp.CredentialDialog, "ask",
                        classmethod(lambda cls, *a, **k: CREDENTIAL_PASSPHRASE))
    page = _page(qtbot, ws, office.reviewer)
    page.sign_button.click()
    qtbot.waitUntil(lambda: page.preview_kind == "letter version 1 (signed)", timeout=30000)
    message_log.take()
    page.outcome.setCurrentIndex(page.outcome.findData("not_covered"))
    page.record_button.click()
    qtbot.waitUntil(lambda: "superseded" in page.preview_kind, timeout=30000)
    assert "superseded" in page.preview_label.text()
    assert page.sign_button.isEnabled() and not page.countersign_button.isEnabled()
    boss = _page(qtbot, ws, office.supervisor)
    assert boss.preview_kind == "letter version 1 (superseded)"
    assert not boss.countersign_button.isEnabled()
    assert "Determination recorded." in [r.text for r in message_log.take()]


def test_verify_report_shows_two_certificates(qtbot: Any, office_ws: tuple[Workspace, Office],
                                              tmp_path: Path) -> None:
    ws, office = office_ws
    _decide(ws, office)
    letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    issued = letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
    from reviewer_app.services.access.pdf_trust import verify_pdf

    dialog = dp.VerifyReportDialog(None, verify_pdf(ws, issued.path))
    qtbot.addWidget(dialog)
    assert dialog.two_person.text() == "Two-person rule: each signature by a different certificate."


def test_verify_report_shows_untrusted_letter(qtbot: Any, office_ws: tuple[Workspace, Office],
                                              tmp_path: Path) -> None:
    ws, office = office_ws
    _decide(ws, office)
    letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE, tmp_path / "s.pdf")
    office.ca_pem.unlink()  # the workspace no longer trusts the office that signed
    from reviewer_app.services.access.pdf_trust import verify_pdf

    dialog = dp.VerifyReportDialog(None, verify_pdf(ws, tmp_path / "s.pdf"))
    qtbot.addWidget(dialog)
    assert dialog.bottom.text().startswith("FAIL")
    assert "NOT OK" in dialog.signatures.item(0).text()
    assert "trusted: NO" in dialog.signatures.item(0).text()


def test_in_the_window_case_decide_opens_the_page(qtbot: Any,
                                                  office_ws: tuple[Workspace, Office]) -> None:
    from reviewer_app.ui import wiring
    from reviewer_app.ui.case_pages import PageSpec
    from reviewer_app.ui.main_window import MainWindow

    ws, office = office_ws
    pages = [PageSpec("Summary", lambda _ctx, case: QLabel(case.reference)),
             PageSpec("Determination", wiring.determination_page)]
    window = MainWindow(ws, office.reviewer, pages=pages, idle_minutes=60)
    qtbot.addWidget(window)
    window.show()
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.loaded)
    assert window.select_case(REF)
    qtbot.waitUntil(lambda: window.tabs.count() == 2)
    window.action("case.decide").trigger()
    page = window.tabs.currentWidget()
    assert isinstance(page, dp.DeterminationPage)
    assert page.ctx is window.context
    qtbot.waitUntil(lambda: page.preview_kind == "no determination yet", timeout=20000)
    assert not page.sign_button.isEnabled() and not page.print_button.isEnabled()


def test_a_token_user_is_asked_for_the_pin(qtbot: Any, office_ws: tuple[Workspace, Office],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The prompt follows the user's credential: a passphrase for PKCS#12, a PIN for a token."""
    from sqlalchemy import select

    from reviewer_app.storage.models import UserRow

    ws, office = office_ws
    _decide(ws, office)
    asked: list[bool] = []
    monkeypatch.setattr(dp.CredentialDialog, "ask",
                        classmethod(lambda cls, *a, token=False, **k: asked.append(token)))
    page = _page(qtbot, ws, office.reviewer)
    page.sign_button.click()  # the dialog "cancelled": nothing is signed
    qtbot.waitUntil(lambda: asked == [False])
    with ws.uow() as s:
        row = s.scalar(select(UserRow).where(UserRow.username == office.reviewer.username))
        assert row is not None
        row.credential = {"kind": "pkcs11", "module": "/nonexistent.so", "token": "t",
                          "key_label": "k", "cert_label": "k"}
    page.sign_button.click()
    qtbot.waitUntil(lambda: asked == [False, True])
    assert letters.list_letters(ws, page.case.uuid) == []
