"""Importing as a user does it: the chooser at the inbox, a counter that moves, Escape that
says what it cancelled, and a window that asks before a quit cuts an import short.

Real packages (age, CMS, tar), a real workspace; the menu action is triggered, keys are
pressed on the real dialogs, and the quit question is answered at the message boundary.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from reviewer_app.services.audit import audit_entries
from reviewer_app.services.cases.reading import list_cases
from tests.support.import_fixtures import spec, test_pki, ws, ws_template  # noqa: F401
from tests.support.package_window import answer_prompts, open_window

HUGE = 64 << 20  # a package long enough to press Escape while it is under way


def _labels_of(window) -> list[str]:
    """Every label the import's progress dialog shows from now on."""
    dialog, labels = window.import_progress, []
    dialog.job.signals.progress.connect(lambda _e: labels.append(dialog.labelText()))
    return labels


def test_file_chooser_opens_at_the_workspace_inbox(qtbot, ws, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.chdir(tmp_path)  # the folder the application was started from
    window = open_window(qtbot, ws)
    seen: list[str] = []

    def look_and_escape() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, look_and_escape)
            return
        seen.append(os.path.realpath(dialog.directory().absolutePath()))
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(50, look_and_escape)
    window.action("file.import_package").trigger()
    assert seen == [os.path.realpath(ws.paths.inbox)]
    assert window.jobs.active == 0  # Escape on the chooser: nothing started


def test_the_counter_moves_per_package(qtbot, ws, spec, tmp_path, monkeypatch):  # noqa: F811
    """Each package's end is a final event (never dropped by the job's 50 ms throttle);
    the file counter inside a package: tests/unit/intake/test_import_file_counter.py."""
    first = spec.build(tmp_path / "a.subpkg")
    second = spec.variant(package_id="00000000-0000-4000-8000-000000000002").build(
        tmp_path / "b.subpkg")
    answer_prompts(monkeypatch, [first, second])
    window = open_window(qtbot, ws)
    window.action("file.import_package").trigger()
    labels = _labels_of(window)
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=60000)
    assert len(list_cases(ws)) == 2
    packages = [text.split(":")[0] for text in labels if text.startswith("Package")]
    assert packages == sorted(packages) and {"Package 1 of 2", "Package 2 of 2"} <= set(packages)
    assert any(t.startswith("Package 1 of 2") and t.endswith("\na.subpkg · done") for t in labels)
    assert not any("0 files" in text for text in labels)


def test_escape_cancels_and_says_how_many_were_imported(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                        monkeypatch, message_log):
    files = dict(spec.files, **{"evidence/big.bin": os.urandom(HUGE)})
    paths = [spec.build(tmp_path / "a.subpkg"),
             spec.variant(package_id="00000000-0000-4000-8000-000000000002",
                          files=files).build(tmp_path / "b.subpkg"),
             spec.variant(package_id="00000000-0000-4000-8000-000000000003").build(
                 tmp_path / "c.subpkg")]
    answer_prompts(monkeypatch, paths)
    window = open_window(qtbot, ws)
    window.action("file.import_package").trigger()
    dialog = window.import_progress
    pressed: list[str] = []

    def escape_in_the_second(event) -> None:
        if not pressed and event.stage == "Package 2 of 3" and event.done < event.total:
            pressed.append(dialog.labelText())
            qtbot.waitUntil(dialog.isVisible)  # shown after its short delay, as a user sees it
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    dialog.job.signals.progress.connect(escape_in_the_second)
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=60000)
    assert pressed
    [shown] = message_log.take()
    assert (shown.kind, shown.title) == ("info", "Import cancelled")
    assert shown.text == "Import cancelled: 1 of 3 packages imported, nothing half-imported."
    [case] = list_cases(ws)  # a.subpkg kept; b rolled back whole; c never started
    assert case.package_id == spec.package_id
    assert list(ws.paths.staging.iterdir()) == []
    assert "package.cancelled" in [e.action for e in audit_entries(ws)]
    qtbot.waitUntil(lambda: window.current_case() is not None)  # the kept case is listed


def test_closing_during_an_import_asks_and_wait_keeps_working(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                              monkeypatch, message_log):
    answer_prompts(monkeypatch, [spec.build(tmp_path / "a.subpkg")])
    window = open_window(qtbot, ws)
    window.action("file.import_package").trigger()  # the key's unlock takes about a second
    message_log.confirm_answer = False  # "Wait"
    window.close()
    [asked] = message_log.take()
    assert asked.kind == "confirm" and asked.text.startswith("An import is running")
    assert (asked.yes, asked.no) == ("&Cancel it and quit", "&Wait")
    assert window.isVisible()
    qtbot.waitUntil(lambda: window.jobs.active == 0, timeout=20000)
    assert len(list_cases(ws)) == 1  # the import went on to the end


def test_closing_during_an_import_can_cancel_it_and_quit(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                         monkeypatch, message_log):
    answer_prompts(monkeypatch, [spec.build(tmp_path / "a.subpkg")])
    window = open_window(qtbot, ws)
    window.action("file.import_package").trigger()
    message_log.confirm_answer = True  # "Cancel it and quit"
    window.close()
    [asked] = message_log.take()
    assert asked.text.startswith("An import is running")
    assert not window.isVisible()
    qtbot.waitUntil(lambda: window.jobs.active == 0)  # the close waited for the write
    assert list_cases(ws) == []  # cancelled while the key was unlocked: nothing imported
    assert list(ws.paths.staging.iterdir()) == []
    qtbot.wait(100)  # the job's last signals: no "Import cancelled" box after a quit
    assert message_log.take() == []


def test_closing_with_nothing_running_asks_nothing(qtbot, ws, message_log):  # noqa: F811
    window = open_window(qtbot, ws)
    window.close()
    assert not window.isVisible()
    assert message_log.take() == []
