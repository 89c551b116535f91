"""Print on the Determination page: the printed letter keeps its text and its signatures."""

from __future__ import annotations

import io
import stat
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from reviewer_app.domain.determination import REVIEWER_FIELD, parse_condition
from reviewer_app.domain.users import Actor
from reviewer_app.pdf.print_copy import signature_boxes
from reviewer_app.services.cases.reading import get_case
from reviewer_app.services.decision import letters
from reviewer_app.services.decision.determination import decide
from reviewer_app.services.decision.printing import print_copy
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.pages import determination_page as dp
from reviewer_app.ui.pdf_print import print_pdf
from tests.support.cases import (
    CREDENTIAL_PASSPHRASE,
    Office,
    make_case,
    make_office,
    new_workspace,
)
from tests.support.poppler import all_embedded, pdftotext

REF = "FMR-2026-0001"


@pytest.fixture
def issued(tmp_path: Path) -> Iterator[tuple[Workspace, Office]]:
    ws = new_workspace(tmp_path / "ws", demo=True)
    office = make_office(ws)
    make_case(ws)
    decide(ws, office.reviewer, REF, "covered_with_conditions",
           [parse_condition("vetted_partner_access@2027-03-01:Vetted partners only")],
           "The cyber score is over the threshold.")
    letters.sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    letters.countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
    yield ws, office
    ws.close()


def _page(qtbot: Any, make_context: Callable[[Workspace, Actor], PageContext], ws: Workspace,
          actor: Actor) -> dp.DeterminationPage:
    page = dp.DeterminationPage(make_context(ws, actor), get_case(ws, REF))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: "countersigned" in page.preview_kind, timeout=30000)
    return page


def _print_to_file(monkeypatch: pytest.MonkeyPatch, out: Path) -> None:
    """The print dialog answered at its boundary: "Print to File (PDF)", ``out``, Print."""
    def choose(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(QPrintDialog, "exec", choose)


def _written(out: Path) -> bool:
    return out.exists() and out.read_bytes().rstrip().endswith(b"%%EOF")


def test_print_to_pdf_keeps_the_text_and_the_signatures(
        qtbot: Any, make_context: Callable[[Workspace, Actor], PageContext],
        issued: tuple[Workspace, Office], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    ws, office = issued
    out = tmp_path / "printed.pdf"
    _print_to_file(monkeypatch, out)
    page = _page(qtbot, make_context, ws, office.supervisor)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _written(out), timeout=30000)

    words = " ".join(pdftotext(out).split())
    letter = letters.letter_pdf(ws, REF)
    assert REF in words and "Point of contact" in words  # the letter's text layer
    for sig in PdfFileReader(io.BytesIO(letter), strict=False).embedded_signatures:
        name = sig.signer_cert.subject.native["common_name"]
        when = sig.self_reported_timestamp.astimezone(UTC)
        assert f"Digitally signed by {name}" in words
        assert f"Signed {when:%Y-%m-%d %H:%M:%S} UTC" in words
        assert f"serial {sig.signer_cert.serial_number:X}" in words
    assert words.count("Verified when printed") == 2
    assert "by sam: not the record; the signed PDF is." in words
    assert all_embedded(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # CUI: owner-only, as the letter itself


def _render(pdf: bytes, page: int) -> QImage:
    document, buffer = QPdfDocument(), QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    size = document.pagePointSize(page)
    image = document.render(page, QSize(round(size.width()), round(size.height())))
    return image


def _ink(image: QImage, rect: tuple[float, float, float, float]) -> int:
    """Dark pixels inside ``rect`` (PDF points, origin bottom left) of a 72 dpi rendering."""
    x1, y1, x2, y2 = (round(v) for v in rect)
    height = image.height()
    return sum(1 for x in range(x1 + 3, x2 - 3) for y in range(height - y2 + 3, height - y1 - 3)
               if image.pixelColor(x, y).alpha() > 0 and image.pixelColor(x, y).lightness() < 128)


def test_on_paper_the_signature_boxes_are_drawn(issued: tuple[Workspace, Office],
                                                tmp_path: Path) -> None:
    ws, _office = issued
    letter = letters.letter_pdf(ws, REF)
    box = next(b for b in signature_boxes(letter) if b.name == REVIEWER_FIELD)
    # QtPdf, which puts pages on paper, leaves the signed letter's box empty...
    assert _ink(_render(letter, box.page), box.rect) == 0
    # ...and draws the print copy's: the copy goes to the printer page by page.
    copy = print_copy(ws, letter, printed_by="sam")
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "paper.pdf"))
    printer.setFullPage(True)
    document, buffer = QPdfDocument(), QBuffer()
    buffer.setData(QByteArray(copy))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    assert print_pdf(document, printer) == document.pageCount()
    on_paper = (tmp_path / "paper.pdf").read_bytes()
    assert _ink(_render(on_paper, box.page), box.rect) > 200


def test_print_to_a_file_that_cannot_be_written_says_so(
        qtbot: Any, make_context: Callable[[Workspace, Actor], PageContext],
        issued: tuple[Workspace, Office], monkeypatch: pytest.MonkeyPatch, message_log: Any,
        tmp_path: Path) -> None:
    ws, office = issued
    out = tmp_path / "no such folder" / "printed.pdf"
    _print_to_file(monkeypatch, out)
    page = _page(qtbot, make_context, ws, office.reviewer)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(message_log.requests), timeout=30000)
    (request,) = message_log.take()
    assert request.kind == "error" and request.code == "CANNOT_WRITE"
    assert str(out) in request.text
    assert not out.parent.exists()
