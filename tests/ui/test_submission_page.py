"""The Submission page of a really imported case: signer, checks, files, plans, unknown keys."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import hashes
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from reviewer_app.ui.a11y import unnamed_widgets
from reviewer_app.ui.pages.submission_page import VERIFIED, SubmissionPage
from tests.support.import_fixtures import spec, test_pki, ws, ws_template  # noqa: F401
from tests.support.package_window import answer_prompts, import_through_menu, open_window
from tests.support.packages import ORG
from tests.support.workspaces import ADMIN, REVIEWER


def imported(qtbot, ws, spec, tmp_path, monkeypatch, name="good.subpkg"):  # noqa: F811
    answer_prompts(monkeypatch, [spec.build(tmp_path / name)])
    window = open_window(qtbot, ws, REVIEWER)
    import_through_menu(qtbot, window)
    qtbot.waitUntil(lambda: window.tabs.tabText(window.tabs.currentIndex()) == "Submission")
    page = window.tabs.currentWidget()
    assert isinstance(page, SubmissionPage)
    qtbot.waitUntil(lambda: page.view is not None)  # read off the GUI thread
    return window, page


def test_page_shows_signer_checks_and_verified_files(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                     monkeypatch, test_pki):  # noqa: F811
    window, page = imported(qtbot, ws, spec, tmp_path, monkeypatch)
    cert = test_pki.submitter.cert
    assert page.labels["Signer certificate/Subject"].text() == cert.subject.rfc4514_string()
    assert page.labels["Signer certificate/Issuer"].text() == cert.issuer.rfc4514_string()
    fingerprint = page.labels["Signer certificate/Fingerprint (SHA-256)"].text()
    assert fingerprint == cert.fingerprint(hashes.SHA256()).hex()
    assert page.labels["Signer certificate/Trust anchor"].text() != "(not given)"
    assert page.labels["Submitter/Organisation"].text() == ORG
    assert page.org_check.text().startswith("Match")
    paths = {page.files.item(r, 0).text() for r in range(page.files.rowCount())}
    assert paths == set(spec.files)
    for r in range(page.files.rowCount()):
        assert page.files.item(r, 3).text() == VERIFIED
        assert not page.files.item(r, 3).icon().isNull()  # status by text and icon
        assert len(page.files.item(r, 2).text()) == 64
    assert page.labels["Release plan/Proposed public release"].text()
    assert page.labels["Access plan/Region policy"].text() in ("allowlist", "denylist")
    assert unnamed_widgets(window) == []


def test_unknown_keys_and_organisation_mismatch_are_shown(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                          monkeypatch):
    def edit(obj):
        obj["submitter"]["organization"] = "Someone Else Ltd"
        obj["x_future_field"] = {"kept": True}

    _window, page = imported(qtbot, ws, spec.variant(edit_manifest=edit), tmp_path, monkeypatch)
    assert page.org_check.text().startswith("Mismatch")
    assert "Someone Else Ltd" in page.org_check.text()
    assert "x_future_field" in page.unknown.toPlainText()


def test_admin_sees_the_same_page(qtbot, ws, spec, tmp_path, monkeypatch):  # noqa: F811
    answer_prompts(monkeypatch, [spec.build(tmp_path / "good.subpkg")])
    window = open_window(qtbot, ws, ADMIN)
    import_through_menu(qtbot, window)
    qtbot.waitUntil(lambda: isinstance(window.tabs.currentWidget(), SubmissionPage))


# --- package documents open inside the app ------------------------------------------------

README = b"# Safety case\n\nThe **model** was tested.\n\n![chart](http://example.com/c.png)\n"
BLOB = bytes(range(256)) * 8


def _pdf(pages: int) -> bytes:
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    for n in range(1, pages + 1):
        c.drawString(72, 720, f"System card, page {n}")
        c.showPage()
    c.save()
    return out.getvalue()


def _with_documents(spec):  # noqa: F811
    from tests.support.packages import DEFAULT_FILES

    return spec.variant(files={**DEFAULT_FILES, "documents/card.pdf": _pdf(3),
                               "documents/README.md": README,
                               "documents/notes.txt": b"line\n" * 2000,
                               "documents/minified.json": b"[" + b"1," * 30000 + b"1]",
                               "documents/weights.bin": BLOB})


def _open(qtbot, page, path):
    page.viewer = None
    page.focus_file(path)  # the row selected, as a checklist link does
    qtbot.keyClick(page.files, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.viewer is not None, timeout=10000)
    qtbot.addWidget(page.viewer)
    return page.viewer


def test_pdf_opens_from_the_file_table_with_keyboard_pages_and_zoom(
        qtbot, ws, spec, tmp_path, monkeypatch):  # noqa: F811
    window, page = imported(qtbot, ws, _with_documents(spec), tmp_path, monkeypatch)
    page.focus_file("./documents/card.pdf")
    assert page.selected_path() == "documents/card.pdf"
    assert page.files.hasFocus() or window.focusWidget() is page.files
    qtbot.keyClick(page.files, Qt.Key.Key_Return)  # Enter opens the selected row
    qtbot.waitUntil(lambda: page.viewer is not None, timeout=10000)
    viewer = page.viewer
    qtbot.addWidget(viewer)
    assert viewer.pdf.pageCount() == 3 and viewer.current_page() == 0
    assert "matches the manifest" in viewer.info.text()
    viewer.activateWindow()
    viewer.pdf_view.setFocus()
    qtbot.waitUntil(lambda: viewer.pdf_view.hasFocus())
    qtbot.keyClick(viewer.pdf_view, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: viewer.current_page() == 1)
    assert viewer.page_box.value() == 2
    qtbot.keyClick(viewer.pdf_view, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: viewer.current_page() == 2)
    before = viewer.pdf_view.zoomFactor()
    qtbot.keyClick(viewer.pdf_view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.pdf_view.zoomFactor() > before
    viewer.grab()  # renders a page without error
    assert unnamed_widgets(viewer) == []


def test_markdown_text_and_other_files_open_bounded(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                    monkeypatch):
    from reviewer_app.services.evidence import documents

    _window, page = imported(qtbot, ws, _with_documents(spec), tmp_path, monkeypatch)
    md = _open(qtbot, page, "documents/README.md")
    shown = md.text_view.toPlainText()
    assert "Safety case" in shown and "#" not in shown  # rendered, not the source
    assert "http://example.com/c.png" in md.text_view.refused  # asked for, never fetched
    assert unnamed_widgets(md) == []

    wide = _open(qtbot, page, "documents/minified.json")  # one 60,000-character line
    assert wide.text_view.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap
    assert "not wrapped" in wide.info.text()

    monkeypatch.setattr(documents, "TEXT_LIMIT", 1000)
    text = _open(qtbot, page, "documents/notes.txt")
    assert len(text.text_view.toPlainText()) == 1000
    assert "Showing the first 1,000 bytes only" in text.info.text()

    other = _open(qtbot, page, "documents/weights.bin")
    message = other.message.text()
    assert "cannot be shown here" in message and f"{len(BLOB):,} bytes" in message
    assert hashlib.sha256(BLOB).hexdigest() in message

    fake = _open(qtbot, page, "documents/system-card.pdf")  # "%PDF" bytes, not a PDF
    assert "not a PDF this viewer can read" in fake.message.text()


def test_changed_store_copy_is_flagged_and_focus_file_reports_unknown_paths(
        qtbot, ws, spec, tmp_path, monkeypatch):  # noqa: F811
    from reviewer_app.services.evidence.evaluation import case_file

    _window, page = imported(qtbot, ws, _with_documents(spec), tmp_path, monkeypatch)
    case_file(ws, page.case_uuid, "documents/README.md").write_bytes(b"# Changed\n")
    viewer = _open(qtbot, page, "documents/README.md")
    assert "Warning: the stored copy no longer matches" in viewer.info.text()
    page.focus_file("documents/nothing.pdf")
    assert page.open_state.text().startswith("Not found")
    page.files.clearSelection()
    page.open_button.click()
    assert page.open_state.text() == "Select a file first."
