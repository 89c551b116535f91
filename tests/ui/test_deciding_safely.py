"""Deciding safely (#18 items 4 and 6), pressed as a reviewer would: the outcome comes
pre-selected from the assessment and says so, Record asks with a summary (the dialog
answered by pressing its button), an issued case is read-only under a banner, and the
buttons a role may not press are disabled with the reason as their tooltip."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from reviewer_app.domain.determination import parse_condition
from reviewer_app.domain.permissions import COUNTERSIGN, DECIDE, SIGN, may
from reviewer_app.domain.users import Actor, Role
from reviewer_app.services.audit import audit_entries
from reviewer_app.services.cases import get_case, list_cases
from reviewer_app.services.decision import countersign, decide, get_determination, sign_letter
from reviewer_app.services.demo import ensure_demo
from reviewer_app.services.workspace import Workspace, open_workspace
from reviewer_app.ui.a11y import unnamed_widgets
from reviewer_app.ui.context import PageContext
from reviewer_app.ui.pages import determination_page as dp
from reviewer_app.ui.pages.record_confirm import RecordConfirmDialog
from tests.support.cases import CREDENTIAL_PASSPHRASE, Office, office_with_case

REF = "FMR-2026-0001"


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ensure_demo(tmp_path_factory.mktemp("demo") / "demo").root


@pytest.fixture
def office_ws(tmp_path: Path) -> Iterator[tuple[Workspace, Office]]:
    with office_with_case(tmp_path / "ws", demo=True) as made:
        yield made


def open_page(qtbot: Any, ws: Workspace, ctx: PageContext,
              case_key: str) -> dp.DeterminationPage:
    page = dp.DeterminationPage(ctx, get_case(ws, case_key))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.loads > 0, timeout=30000)
    return page


def answer_confirmation(qtbot: Any, press: Callable[[RecordConfirmDialog], QAbstractButton],
                        seen: list[str]) -> None:
    """When the confirmation opens, keep its summary and press one of its buttons."""
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RecordConfirmDialog):
            QTimer.singleShot(20, answer)
            return
        assert unnamed_widgets(dialog) == []
        assert dialog.cancel_button.isDefault()  # Enter does not record by accident
        seen.append(dialog.summary.toPlainText())
        qtbot.mouseClick(press(dialog), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)


def recorded_entries(ws: Workspace) -> list[str]:
    return [e.action for e in audit_entries(ws) if e.action == "determination.record"]


@pytest.mark.parametrize(("model", "outcome", "says"), [
    ("Aurora-3", "covered_no_objection",
     "Pre-selected from the assessment: Covered frontier model: a threshold is reached."),
    ("Mariner-1", "not_covered",
     "Pre-selected from the assessment: Not a covered frontier model on the evidence given."),
    ("Helix-2", "incomplete_returned",
     "Pre-selected from the assessment: Not shown to be covered, but the evidence is "
     "incomplete."),
])
def test_the_outcome_is_preselected_from_the_assessment_and_says_so(
        qtbot: Any, demo_root: Path, make_context: Any, model: str, outcome: str,
        says: str) -> None:
    with open_workspace(demo_root) as ws:
        key = next(c.uuid for c in list_cases(ws) if c.model_name == model)
        page = open_page(qtbot, ws, make_context(ws, Actor("reviewer", Role.REVIEWER)), key)
        assert page.outcome.currentData() == outcome
        assert page.outcome_note.text().startswith(says)
        assert page.outcome_note.isVisible()
        # Choosing another finding is allowed and named.
        page.outcome.setCurrentIndex(page.outcome.findData(
            "not_covered" if outcome != "not_covered" else "covered_no_objection"))
        assert page.outcome_note.text().endswith("The outcome chosen states otherwise.")
        page.close()


def fill_form(qtbot: Any, page: dp.DeterminationPage, rationale: str) -> None:
    qtbot.keyClicks(page.rationale, rationale)


def test_cancel_on_the_confirmation_records_nothing(
        qtbot: Any, office_ws: tuple[Workspace, Office], make_context: Any) -> None:
    ws, office = office_ws
    page = open_page(qtbot, ws, make_context(ws, office.reviewer), REF)
    assert page.outcome.currentData() == "incomplete_returned"  # the factory case's evidence
    fill_form(qtbot, page, "The cyber evaluation sends no readable score.")
    seen: list[str] = []
    answer_confirmation(qtbot, lambda d: d.cancel_button, seen)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert "Outcome: Submission incomplete; returned to the submitter" in seen[0]
    assert "The cyber evaluation sends no readable score." in seen[0]
    assert get_determination(ws, REF) is None
    assert recorded_entries(ws) == []


def test_record_on_the_confirmation_records(
        qtbot: Any, office_ws: tuple[Workspace, Office], make_context: Any,
        message_log: Any) -> None:
    ws, office = office_ws
    page = open_page(qtbot, ws, make_context(ws, office.reviewer), REF)
    page.outcome.setCurrentIndex(page.outcome.findData("covered_with_conditions"))
    qtbot.keyClicks(page.condition_text, "Report incidents within 72 hours")
    qtbot.mouseClick(page.add_condition_button, Qt.MouseButton.LeftButton)
    fill_form(qtbot, page, "Declared over the cyber threshold.")
    seen: list[str] = []
    answer_confirmation(qtbot, lambda d: d.record_button, seen)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(message_log.requests), timeout=30000)
    assert [r.text for r in message_log.take()] == ["Determination recorded."]
    summary = seen[0]
    assert "Outcome: Covered; no objection to release subject to conditions" in summary
    assert "Note: the assessment finds otherwise (incomplete)." in summary
    assert "  - Staged access: Report incidents within 72 hours" in summary
    assert "Nothing is signed by recording" in summary
    stored = get_determination(ws, REF)
    assert stored is not None and stored.outcome.key == "covered_with_conditions"
    assert recorded_entries(ws) == ["determination.record"]


def test_the_summary_names_the_signed_letter_a_new_decision_supersedes(
        qtbot: Any, office_ws: tuple[Workspace, Office], make_context: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ws, office = office_ws
    decide(ws, office.reviewer, REF, "not_covered", [], "Below every threshold.")
    sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    asked: list[list[str]] = []
    monkeypatch.setattr(RecordConfirmDialog, "ask",
                        classmethod(lambda cls, _parent, lines: asked.append(lines) or False))
    page = open_page(qtbot, ws, make_context(ws, office.reviewer), REF)
    assert page.outcome.currentData() == "not_covered"  # the recorded one, not the suggestion
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    (lines,) = asked
    assert any(line.startswith("This replaces the determination recorded by rita") for line in lines)
    assert ("Letter version 1, signed by rita, will be superseded: it can no longer be "
            "countersigned and a new letter must be signed.") in lines


def test_a_form_missing_its_rationale_is_refused_before_asking(
        qtbot: Any, office_ws: tuple[Workspace, Office], make_context: Any,
        message_log: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ws, office = office_ws
    monkeypatch.setattr(RecordConfirmDialog, "ask",
                        classmethod(lambda *_a: pytest.fail("asked with no rationale")))
    page = open_page(qtbot, ws, make_context(ws, office.reviewer), REF)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(message_log.requests))
    (request,) = message_log.take()
    assert (request.kind, request.code) == ("error", "NO_RATIONALE")
    assert get_determination(ws, REF) is None


def form_inputs(page: dp.DeterminationPage) -> list[QWidget]:
    box = page.record_button.parentWidget()
    assert box is not None
    kinds = (QLineEdit, QPlainTextEdit, QComboBox, QDateEdit, QAbstractButton)
    return [w for w in box.findChildren(QWidget) if isinstance(w, kinds)]


def test_an_issued_case_is_read_only_under_a_banner(
        qtbot: Any, office_ws: tuple[Workspace, Office], make_context: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ws, office = office_ws
    decide(ws, office.reviewer, REF, "covered_with_conditions",
           [parse_condition("staged_access:Staged")], "Over the threshold.")
    sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    countersign(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
    monkeypatch.setattr(RecordConfirmDialog, "ask",
                        classmethod(lambda *_a: pytest.fail("an issued case asked to record")))
    page = open_page(qtbot, ws, make_context(ws, office.supervisor2), REF)
    assert page.banner.isVisible()
    assert page.banner.text().startswith("Issued: letter version 1 was countersigned by sam on ")
    assert page.banner.accessibleName() == page.banner.text()
    inputs = form_inputs(page)
    assert len(inputs) >= 12  # outcome, condition fields and buttons, rationale, CUI, Record
    editable = [w.accessibleName() for w in inputs
                if w.isEnabled() and not (isinstance(w, (QLineEdit, QPlainTextEdit))
                                          and w.isReadOnly())]
    assert editable == []
    assert page.conditions.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    for button in (page.record_button, page.sign_button, page.countersign_button):
        assert not button.isEnabled()
        assert button.toolTip().startswith("The letter is issued")
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)  # disabled: nothing happens
    qtbot.keyClicks(page.rationale, "changed")
    assert page.rationale.toPlainText() == "Over the threshold."
    assert page.save_button.isEnabled() and page.print_button.isEnabled()


def test_already_issued_has_a_help_button(qtbot: Any) -> None:
    from reviewer_app.ui.messages import ErrorDialog, MessageRequest

    dialog = ErrorDialog(None, MessageRequest("error", "Could not finish", "issued",
                                              code="ALREADY_ISSUED"))
    qtbot.addWidget(dialog)
    assert dialog.help_button is not None
    assert dialog.help_button.text() == "Help on ALREADY_ISSUED"


def test_buttons_a_role_may_not_press_are_disabled_with_the_reason(
        qtbot: Any, office_ws: tuple[Workspace, Office], make_context: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ws, office = office_ws
    decide(ws, office.reviewer, REF, "not_covered", [], "Below every threshold.")
    sign_letter(ws, office.reviewer, REF, CREDENTIAL_PASSPHRASE)
    asked: list[str] = []
    monkeypatch.setattr(dp.CredentialDialog, "ask",
                        classmethod(lambda cls, _parent, title, **_k: asked.append(title)))

    reviewer = open_page(qtbot, ws, make_context(ws, office.reviewer), REF)
    assert not reviewer.countersign_button.isEnabled()
    assert reviewer.countersign_button.toolTip() == may(Role.REVIEWER,
                                                        COUNTERSIGN)
    assert reviewer.countersign_button.toolTip() == (
        "Countersigning a letter needs the supervisor role; you are signed in as a reviewer.")
    assert reviewer.sign_button.isEnabled() and reviewer.record_button.isEnabled()
    qtbot.mouseClick(reviewer.countersign_button, Qt.MouseButton.LeftButton)

    admin = open_page(qtbot, ws, make_context(ws, Actor("alice", Role.ADMINISTRATOR)), REF)
    for button, action in ((admin.record_button, DECIDE),
                           (admin.sign_button, SIGN),
                           (admin.countersign_button, COUNTERSIGN)):
        assert not button.isEnabled()
        assert button.toolTip() == may(Role.ADMINISTRATOR, action)
        assert "you are signed in as an administrator" in button.toolTip()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    # A supervisor who signed may not countersign their own letter (the two-person rule).
    sign_letter(ws, office.supervisor, REF, CREDENTIAL_PASSPHRASE)
    signer = open_page(qtbot, ws, make_context(ws, office.supervisor), REF)
    assert not signer.countersign_button.isEnabled()
    assert "two-person rule" in signer.countersign_button.toolTip()
    qtbot.mouseClick(signer.countersign_button, Qt.MouseButton.LeftButton)
    assert asked == []  # no passphrase was asked for a refusal

    other = open_page(qtbot, ws, make_context(ws, office.supervisor2), REF)
    assert other.countersign_button.isEnabled()
    qtbot.mouseClick(other.countersign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: asked == ["Countersign the letter"], timeout=10000)


def test_without_a_suggestion_no_outcome_is_chosen(
        qtbot: Any, office_ws: tuple[Workspace, Office], make_context: Any,
        message_log: Any) -> None:
    """A broken policy: the assessment cannot be made; the page says so and chooses nothing
    (the list's first outcome would be a choice nobody made)."""
    ws, office = office_ws
    ws.paths.policy.write_text("this is not toml [", encoding="utf-8")
    page = open_page(qtbot, ws, make_context(ws, office.reviewer), REF)
    assert page.outcome.currentIndex() == -1
    assert page.outcome_note.text().startswith("The assessment could not be made (")
    fill_form(qtbot, page, "x")
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert [r.text for r in message_log.take()] == ["Choose the outcome first."]
