"""The whole review cycle, pressed through the window as a reviewer and a supervisor do it.

One real window on a real workstation (age identity, office PKI with PKCS#12
credentials, SQLite): File > Import package, the checklist by keyboard, the
determination recorded, signed, saved, verified and printed; the supervisor
countersigns and exports; a second workstation imports the case file. Every
step is a menu action triggered, a key pressed or a button clicked; the
dialogs are answered on screen (``tests/support/dialogs.py``), the file
choosers and the print dialog at their boundary. Each step is checked in the
window; the end is checked through the services and poppler's ``pdfsig``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QDialogButtonBox

from reviewer_app.domain.checklist import Status
from reviewer_app.domain.users import Actor
from reviewer_app.services.audit import verify_audit
from reviewer_app.services.cases.reading import list_cases
from reviewer_app.services.decision import letters
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.ui import case_file_flow, import_flow
from reviewer_app.ui.login_dialog import LoginDialog
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.pages import determination_page as dp
from reviewer_app.ui.pages.checklist_page import ChecklistPage
from reviewer_app.ui.pages.record_confirm import RecordConfirmDialog
from reviewer_app.ui.pages.verify_report import VerifyReportDialog
from tests.support import casefiles as F
from tests.support.dialogs import DialogAnswers, press
from tests.support.nss import nss_db, pdfsig
from tests.support.packages import PackageSpec, make_test_pki
from tests.support.poppler import pdftotext

pytestmark = pytest.mark.slow  # two workstations, every checklist item saved: about a minute


# --- the window, as a user sees it ---------------------------------------------------------


def open_window(qtbot: Any, ws: Workspace, actor: Actor) -> MainWindow:
    """The application's window (every page, every menu action), shown and active."""
    window = MainWindow(ws, actor, idle_minutes=60)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    window.refresh_cases()
    qtbot.waitUntil(lambda: window.loaded)
    return window


def activate(qtbot: Any, window: MainWindow) -> None:
    """The window active again, as the window manager makes it after a dialog closes
    (the offscreen platform has none): shortcuts only reach the active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def tab_title(window: MainWindow) -> str:
    return window.tabs.tabText(window.tabs.currentIndex())


def said(qtbot: Any, log: Any, wanted: str) -> list[Any]:
    """Wait for a message containing ``wanted``; no error may come with it."""
    def seen() -> bool:
        return any(wanted in f"{r.title} {r.text}" or r.kind == "error" for r in log.requests)

    qtbot.waitUntil(seen, timeout=60000)
    taken = log.take()
    assert [r for r in taken if r.kind == "error"] == [], taken
    return taken


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(qtbot: Any, box: QComboBox, data: str) -> None:
    """Choose the entry whose data is ``data`` with the arrow keys (focus on the box)."""
    box.setFocus()
    step = Qt.Key.Key_Down if box.findData(data) > box.currentIndex() else Qt.Key.Key_Up
    for _ in range(box.count()):
        if box.currentData() == data:
            return
        qtbot.keyClick(box, step)
    assert box.currentData() == data


def click_case_row(qtbot: Any, window: MainWindow, reference: str) -> None:
    """Click the case's row in the case list, as a mouse user picks a case."""
    model = window.table.model()
    row = next(r for r in range(model.rowCount())
               if reference in {str(model.index(r, c).data()) for c in range(model.columnCount())})
    rect = window.table.visualRect(model.index(row, 0))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.current_case() is not None
                    and window.current_case().reference == reference)


# --- the steps -------------------------------------------------------------------------------


def review_checklist(qtbot: Any, window: MainWindow) -> ChecklistPage:
    """Case > Open checklist, then Ctrl+3 (Not a finding) and N (next item not reviewed)
    until every item is reviewed."""
    activate(qtbot, window)
    window.action("case.checklist").trigger()
    page = window.tabs.currentWidget()
    assert isinstance(page, ChecklistPage) and tab_title(window) == "Checklist"
    qtbot.waitUntil(lambda: page.loads > 0, timeout=20000)
    total = page.progress.maximum()
    assert total > 0 and page.progress.value() == 0
    if page.current_id() is None:  # the entry came before the checklist was read
        qtbot.keyClick(page.tree, Qt.Key.Key_N)
    assert page.current_id() is not None
    for done in range(1, total + 1):
        qtbot.keyClick(page.tree, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: page.saver.in_flight == 0, timeout=20000)  # the row says so
        assert page.progress.value() == done
        if done < total:
            qtbot.keyClick(page.tree, Qt.Key.Key_N)
    assert {state.status for state in page.states.values()} == {Status.NOT_A_FINDING}
    return page


def determination(qtbot: Any, window: MainWindow, action: str) -> dp.DeterminationPage:
    window.action(action).trigger()
    page = window.tabs.currentWidget()
    assert isinstance(page, dp.DeterminationPage) and tab_title(window) == "Determination"
    qtbot.waitUntil(lambda: page.loads > 0, timeout=30000)
    return page


def print_to(monkeypatch: pytest.MonkeyPatch, out: Path) -> None:
    """The print dialog answered at its boundary: "Print to File (PDF)", ``out``, Print."""
    def choose_file(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(QPrintDialog, "exec", choose_file)


def test_the_whole_cycle_pressed_through_the_window(qtbot: Any, tmp_path: Path,
                                                    message_log: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    submitters, office = make_test_pki(), F.make_office_pki()
    a = F.make_workstation(tmp_path / "A", submitters, office)
    b = F.make_workstation(tmp_path / "B", submitters, office)
    ws_a, ws_b = a.open(), b.open()
    answers = DialogAnswers(qtbot)
    try:
        # 1. File > Import package: the file chooser answered at its ask(), the workstation
        #    passphrase typed into its dialog.
        package = PackageSpec(submitters, a.recipient).build(tmp_path / "northwind.subpkg")
        monkeypatch.setattr(import_flow, "ask_files", lambda _parent: [package])
        window = open_window(qtbot, ws_a, F.REVIEWER)
        assert window.status_count.text() == "Cases: 0"
        answers.secret(F.PASSPHRASE)
        window.action("file.import_package").trigger()
        answers.wait()
        qtbot.waitUntil(lambda: window.current_case() is not None, timeout=60000)
        message_log.take()  # an import may say how it went; errors are checked below
        case = window.current_case()
        assert case is not None
        ref = case.reference
        assert tab_title(window) == "Submission" and window.status_count.text() == "Cases: 1"

        # 2. The checklist, by keyboard.
        review_checklist(qtbot, window)

        # 3. Determination: the outcome chosen, the rationale typed, Record pressed.
        page = determination(qtbot, window, "case.decide")
        assert page.preview_kind == "no determination yet" and not page.sign_button.isEnabled()
        choose(qtbot, page.outcome, "not_covered")
        qtbot.keyClicks(page.rationale, "Every evaluation is below its threshold.")
        def confirm_record(dialog: RecordConfirmDialog) -> None:
            assert ref in dialog.summary.toPlainText()  # the summary names the case
            click(qtbot, dialog.record_button)

        answers.expect(RecordConfirmDialog, confirm_record)
        click(qtbot, page.record_button)
        answers.wait()
        said(qtbot, message_log, "Determination recorded.")
        qtbot.waitUntil(lambda: page.sign_button.isEnabled(), timeout=30000)
        assert page.status.text().startswith("Decided by rita")

        # 4. Sign: the credential passphrase typed into its dialog.
        answers.secret(F.CREDENTIAL)
        click(qtbot, page.sign_button)
        answers.wait()
        said(qtbot, message_log, "Letter version 1 signed.")
        qtbot.waitUntil(lambda: page.preview_kind == "letter version 1 (signed)", timeout=30000)
        assert page.preview_label.text() == "Letter preview: letter version 1 (signed)"

        # 5. Save as...: the save dialog answered at its boundary.
        saved = tmp_path / "signed-letter.pdf"
        monkeypatch.setattr(dp.QFileDialog, "getSaveFileName",
                            staticmethod(lambda *_a, **_k: (str(saved), "PDF files (*.pdf)")))
        click(qtbot, page.save_button)
        assert saved.read_bytes() == letters.letter_pdf(ws_a, ref)

        # 6. Verify letter...: the open dialog answered at its boundary, the report read on
        #    screen and closed with its Close button.
        monkeypatch.setattr(dp.QFileDialog, "getOpenFileName",
                            staticmethod(lambda *_a, **_k: (str(saved), "PDF files (*.pdf)")))
        report: list[str] = []

        def read_report(dialog: VerifyReportDialog) -> None:
            report.append(dialog.bottom.text())
            report.extend(dialog.signatures.item(i).text()
                          for i in range(dialog.signatures.count()))
            press(qtbot, dialog, QDialogButtonBox.StandardButton.Close)

        answers.expect(VerifyReportDialog, read_report)
        click(qtbot, page.verify_button)
        answers.wait()
        assert report[0].startswith("PASS") and len(report) == 2
        assert "Rita Reviewer" in report[1]

        # 7. Print...: "Print to File (PDF)".
        printed = tmp_path / "printed.pdf"
        print_to(monkeypatch, printed)
        click(qtbot, page.print_button)
        qtbot.waitUntil(lambda: printed.exists()
                        and printed.read_bytes().rstrip().endswith(b"%%EOF"), timeout=30000)
        assert ref in " ".join(pdftotext(printed).split())

        # 8. Sign out, and sign in as the supervisor.
        # File > Sign out / switch user: the supervisor signs in at the same window.
        def sign_in_as_supervisor(dialog: LoginDialog) -> None:
            dialog.username.clear()
            qtbot.keyClicks(dialog.username, F.SUPERVISOR.username)
            qtbot.keyClicks(dialog.password, F.PASSWORD)
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

        answers.expect(LoginDialog, sign_in_as_supervisor)
        window.action("file.sign_out").trigger()
        answers.wait()
        qtbot.waitUntil(lambda: "Sam Supervisor" in window.status_user.text(), timeout=30000)
        boss = window
        click_case_row(qtbot, boss, ref)

        # 9. Countersign, with its shortcut (Case > Countersign letter...) from the case list.
        answers.secret(F.CREDENTIAL)
        qtbot.waitUntil(boss.isActiveWindow, timeout=5000)  # given back after the sign-in
        qtbot.keyClick(boss.table, Qt.Key.Key_K,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        answers.wait()
        page = boss.tabs.currentWidget()
        assert isinstance(page, dp.DeterminationPage) and tab_title(boss) == "Determination"
        said(qtbot, message_log, "countersigned; the case is issued.")
        qtbot.waitUntil(lambda: "countersigned" in page.preview_kind, timeout=30000)
        assert not page.countersign_button.isEnabled()

        # 10. File > Export case file...: the export dialog filled on screen, to workstation B.
        out = tmp_path / f"{ref}.case"

        def fill_export(dialog: case_file_flow.ExportCaseDialog) -> None:
            qtbot.keyClicks(dialog.recipients, b.recipient)
            qtbot.keyClicks(dialog.credential, F.CREDENTIAL)
            dialog.path.clear()
            qtbot.keyClicks(dialog.path, str(out))
            press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)

        answers.expect(case_file_flow.ExportCaseDialog, fill_export)
        boss.action("file.export_case").trigger()
        answers.wait()
        said(qtbot, message_log, "Case file exported")
        assert out.is_file()
        boss.close()

        # 11. On workstation B, File > Import case file...: the chooser answered at its ask(),
        #     the workstation passphrase typed into its dialog.
        monkeypatch.setattr(case_file_flow.CaseFileChooser, "ask",
                            classmethod(lambda cls, _parent: out))
        other = open_window(qtbot, ws_b, F.REVIEWER)
        assert other.status_count.text() == "Cases: 0"
        answers.secret(F.PASSPHRASE)
        other.action("file.import_case").trigger()
        answers.wait()
        done = said(qtbot, message_log, "Case file imported")
        assert f"{ref}: created as received" in [r.text for r in done]
        qtbot.waitUntil(lambda: other.status_count.text() == "Cases: 1", timeout=30000)
        click_case_row(qtbot, other, ref)
        page = determination(qtbot, other, "case.decide")
        qtbot.waitUntil(lambda: "countersigned" in page.preview_kind, timeout=30000)
        other.close()

        # The end, through the services: both trails intact, the issued letter valid and
        # trusted by pdfsig on both workstations, the case on B as on A.
        for ws in (ws_a, ws_b):
            trail = verify_audit(ws)
            assert trail.ok, trail.problems
        (tmp_path / "office-ca.pem").write_bytes(office.anchor_pem())
        nss = nss_db(tmp_path / "nss", tmp_path / "office-ca.pem")
        issued = tmp_path / "issued.pdf"
        issued.write_bytes(letters.letter_pdf(ws_a, ref))
        assert letters.letter_pdf(ws_b, ref) == issued.read_bytes()
        signatures = pdfsig(issued, nss)
        by_signer = {s.signer: s for s in signatures}  # (pdfsig lists the newest first)
        assert sorted(by_signer) == ["Rita Reviewer", "Sam Supervisor"]
        assert all(s.valid and s.trusted for s in signatures)
        assert by_signer["Sam Supervisor"].total  # the countersignature covers the whole file
        assert [c.reference for c in list_cases(ws_b)] == [ref]
        assert answers.unexpected == []
    finally:
        answers.stop()
        ws_a.close()
        ws_b.close()
