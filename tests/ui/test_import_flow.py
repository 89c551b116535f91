"""File > Import package... on a real package: real age, real CMS, real SQLite."""

from __future__ import annotations

from reviewer_app.services.cases.reading import list_cases
from reviewer_app.ui import import_flow
from tests.support.import_fixtures import spec, test_pki, ws, ws_template  # noqa: F401
from tests.support.package_window import (
    answer_prompts,
    drop_files,
    import_through_menu,
    open_window,
)
from tests.support.workspaces import REVIEWER


def test_import_selects_the_new_case_on_its_submission_page(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                            monkeypatch):
    package = spec.build(tmp_path / "good.subpkg")
    asked = answer_prompts(monkeypatch, [package])
    window = open_window(qtbot, ws, REVIEWER)
    assert window.stack.currentWidget() is window.empty_state
    import_through_menu(qtbot, window)
    [case] = list_cases(ws)
    assert asked == [1]
    qtbot.waitUntil(lambda: window.current_case() is not None)
    assert window.current_case().reference == case.reference
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Submission"
    assert window.status_count.text() == "Cases: 1"


def test_rejection_shows_code_and_message(qtbot, ws, spec, tmp_path, monkeypatch,  # noqa: F811
                                          message_log):
    bad = spec.variant(edit_ciphertext=lambda c: c[:-40]).build(tmp_path / "cut.subpkg")
    answer_prompts(monkeypatch, [bad])
    window = open_window(qtbot, ws)
    import_through_menu(qtbot, window)
    [shown] = message_log.take()
    assert shown.kind == "error"
    assert shown.code == "PKG_CORRUPT"
    assert "cut.subpkg" in shown.text
    assert list_cases(ws) == []


def test_wrong_passphrase_is_refused_without_importing(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                       monkeypatch, message_log):
    package = spec.build(tmp_path / "good.subpkg")
    answer_prompts(monkeypatch, [package], passphrase="not it")
    window = open_window(qtbot, ws)
    import_through_menu(qtbot, window)
    [shown] = message_log.take()
    assert shown.kind == "error" and shown.code == "WRONG_PASSPHRASE"
    assert list_cases(ws) == []


def test_dropped_batch_unlocks_once_and_names_the_already_imported_case(
        qtbot, ws, spec, tmp_path, monkeypatch, message_log):  # noqa: F811
    first = spec.build(tmp_path / "a.subpkg")
    again = spec.build(tmp_path / "a-again.subpkg")  # the same package_id and manifest
    other_id = "00000000-0000-4000-8000-000000000002"
    other = spec.variant(package_id=other_id).build(tmp_path / "b.subpkg")
    asked = answer_prompts(monkeypatch, [])
    window = open_window(qtbot, ws)
    drop_files(window, [first, again, other])
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=30000)
    assert asked == [3]
    cases = list_cases(ws)
    assert len(cases) == 2
    [shown] = message_log.take()
    assert shown.kind == "info"
    first_case = next(c for c in cases if c.package_id == spec.package_id)
    assert first_case.reference in shown.text
    qtbot.waitUntil(lambda: window.current_case() is not None)
    assert window.current_case().package_id == other_id  # the last new case


def test_cancelled_prompt_does_nothing(qtbot, ws, monkeypatch):  # noqa: F811
    answer_prompts(monkeypatch, [])
    window = open_window(qtbot, ws)
    window.action("file.import_package").trigger()  # the chooser cancelled
    assert window.jobs.active == 0 and window.import_progress is None


def test_progress_reaches_the_dialog_in_bytes(qtbot, ws, spec, tmp_path, monkeypatch):  # noqa: F811
    package = spec.build(tmp_path / "good.subpkg")
    answer_prompts(monkeypatch, [package])
    window = open_window(qtbot, ws)
    events = []
    window.action("file.import_package").trigger()
    job = window.import_progress.job
    job.signals.progress.connect(events.append)  # the unlock (scrypt) runs first
    labels = []
    window.import_progress.job.signals.progress.connect(
        lambda _e: labels.append(window.import_progress.labelText()))
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=20000)
    assert events and events[-1].done == events[-1].total == package.stat().st_size
    assert any("bytes" in text or "KB" in text for text in labels)
    assert all("good.subpkg" in event.detail for event in events)


def test_cancel_before_start_keeps_nothing_and_says_nothing(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                            monkeypatch):
    import threading

    answer_prompts(monkeypatch, [spec.build(tmp_path / "good.subpkg")])
    window = open_window(qtbot, ws)
    gate = threading.Event()
    window.jobs.submit(lambda _p, _c: gate.wait(10), write=True)  # holds the one write thread
    window.action("file.import_package").trigger()
    job = window.import_progress.job
    job.cancel()
    gate.set()
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=20000)
    assert list_cases(ws) == []


def test_passphrase_dialog_is_keyboard_operable(qtbot):
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QLineEdit

    from reviewer_app.ui.a11y import unnamed_widgets

    seen = []

    def type_and_enter():
        dialog = QApplication.activeModalWidget()
        seen.append(unnamed_widgets(dialog))
        field = dialog.findChild(QLineEdit)
        assert field.echoMode() == QLineEdit.EchoMode.Password
        qtbot.keyClicks(field, "s3cret")
        qtbot.keyClick(field, Qt.Key.Key_Return)

    QTimer.singleShot(100, type_and_enter)
    assert import_flow.PassphraseDialog.ask(None, 2) == "s3cret"
    assert seen == [[]]
