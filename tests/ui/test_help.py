"""Help > User guide: the real guide from docs/, opened by F1, anchors for every
error code of the two file specs, and the "Help on CODE" button of error dialogs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from reviewer_app.ui import help_viewer, messages, wiring
from reviewer_app.ui.help_viewer import GuideDialog, guide_anchors, guide_path, show_guide
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.messages import ErrorDialog, MessageRequest

REPO = Path(__file__).resolve().parents[2]
OTHER_DOCUMENTED = ["DETERMINATION_BLOCKED", "NOT_PERMITTED", "WRONG_PASSPHRASE", "LOGIN_FAILED",
                    "PDF_INVALID", "AUDIT_BROKEN", "POLICY_INVALID", "TEMPLATE_INVALID",
                    "EVIDENCE_UNREADABLE", "EVIDENCE_UNSUPPORTED_FORMAT"]


def spec_codes(name: str, prefix: str) -> set[str]:
    """The codes in the first column of a spec's error table: | `PKG_X` | meaning |."""
    text = (REPO / "docs" / name).read_text(encoding="utf-8")
    codes = set(re.findall(rf"^\|\s*`({prefix}_[A-Z_]+)`\s*\|", text, re.MULTILINE))
    assert len(codes) >= 10, f"could not parse the error table of {name}"
    return codes


@pytest.fixture(autouse=True)
def _close_guides():
    yield
    for dialog in list(help_viewer._open):
        dialog.close()
        dialog.deleteLater()
    help_viewer._open.clear()


def test_the_guide_is_the_repository_file_and_has_pictures():
    assert guide_path() == REPO / "docs" / "user-guide.md"
    text = guide_path().read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\((images/[^)]+)\)", text)
    assert images
    missing = [i for i in images if not (guide_path().parent / i).is_file()]
    assert not missing, f"pictures the guide shows but docs/images lacks: {missing}"


@pytest.mark.parametrize(("spec", "prefix"), [("submission-package-v1.md", "PKG"),
                                                ("case-file-v1.md", "CASE")])
def test_every_spec_error_code_has_a_guide_entry(spec, prefix):
    missing = {c for c in spec_codes(spec, prefix) if c.lower() not in guide_anchors()}
    assert not missing, f"codes of {spec} the guide does not explain: {sorted(missing)}"


def test_the_other_documented_codes_have_entries():
    assert {c for c in OTHER_DOCUMENTED if not help_viewer.has_entry(c)} == set()
    assert not help_viewer.has_entry("NO_SUCH_CODE")
    assert not help_viewer.has_entry("")


def test_f1_opens_the_guide_with_its_text(qtbot, workspace, alice):
    window = MainWindow(workspace, alice, actions=wiring.menu_actions(), idle_minutes=60)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.action("help.guide").shortcut().toString() == "F1"
    window.action("help.guide").trigger()
    assert len(help_viewer._open) == 1
    dialog = help_viewer._open[0]
    qtbot.waitExposed(dialog)
    text = dialog.browser.toPlainText()
    assert "Importing a package" in text and "Error codes" in text
    assert "error-codes" in dialog.anchors and "pkg_file_mismatch" in dialog.anchors
    # A picture resolved next to the guide, not a broken-image placeholder.
    image = dialog.browser.loadResource(2, "images/login.png")  # 2: QTextDocument.ImageResource
    assert image is not None and not image.isNull()
    window.close()


def test_show_guide_scrolls_to_the_code_section(qtbot):
    top = GuideDialog()
    qtbot.addWidget(top)
    top.show()
    qtbot.waitExposed(top)
    assert top.browser.verticalScrollBar().value() == 0

    dialog = show_guide(None, anchor="pkg_file_mismatch")
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.browser.verticalScrollBar().value() > 0)
    # The caret is on the heading, and the heading is in view.
    cursor = dialog.browser.textCursor()
    assert cursor.block().text() == "PKG_FILE_MISMATCH"
    assert dialog.browser.cursorRect(cursor).top() >= 0
    assert dialog.browser.cursorRect(cursor).bottom() <= dialog.browser.viewport().height()
    assert dialog.go_to("no-such-section") is False


def test_internal_links_jump_inside_the_guide(qtbot):
    dialog = GuideDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.browser.openExternalLinks()
    # Clicking [Error codes](#error-codes) in the contents is setSource of the fragment.
    dialog.browser.setSource(QUrl("#error-codes"))
    qtbot.waitUntil(lambda: dialog.browser.verticalScrollBar().value() > 0)


def test_error_dialog_for_a_package_code_offers_help(qtbot):
    dialog = ErrorDialog(None, MessageRequest("error", "Package rejected", "a file differs",
                                              code="PKG_FILE_MISMATCH"))
    qtbot.addWidget(dialog)
    button = dialog.help_button
    assert button is not None
    assert button.text() == "Help on PKG_FILE_MISMATCH"
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.HelpRole
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(help_viewer._open) == 1
    guide = help_viewer._open[0]
    assert guide.browser.textCursor().block().text() == "PKG_FILE_MISMATCH"


def test_error_dialog_without_a_guide_entry_has_no_help_button(qtbot):
    dialog = ErrorDialog(None, MessageRequest("error", "Could not finish", "boom", code="INTERNAL"))
    qtbot.addWidget(dialog)
    assert dialog.help_button is None


def test_case_file_rejection_offers_help_through_the_message_log(qtbot, message_log):
    # The flows call messages.error; the request carries the code the dialog links to.
    messages.error(None, "Case file rejected", "CASE_SENDER_UNTRUSTED", "not an office anchor")
    (request,) = message_log.take()
    assert request.code == "CASE_SENDER_UNTRUSTED"
    dialog = ErrorDialog(None, request)
    qtbot.addWidget(dialog)
    assert dialog.help_button is not None
    assert QApplication.instance() is not None


def test_an_installed_wheel_reads_the_guide_from_its_resources(tmp_path, monkeypatch):
    # setup.py copies docs/user-guide.md to reviewer_app/_resources/docs/ in a wheel.
    bundled = tmp_path / "_resources"
    (bundled / "docs").mkdir(parents=True)
    (bundled / "docs" / "user-guide.md").write_text("# Guide\n\n### PKG_CORRUPT\n\nx\n",
                                                    encoding="utf-8")
    monkeypatch.setattr(help_viewer, "resources_dir", lambda: bundled)
    assert guide_path() == bundled / "docs" / "user-guide.md"
    assert help_viewer.has_entry("PKG_CORRUPT") and not help_viewer.has_entry("PKG_NOT_AGE")
