"""The one place the window is assembled: its case pages and its menu actions.

Plain code the type checker follows: no registration at import, no module
names in strings. Each page and handler is a small function that imports its
module when first used, so the heavy ones (QtPdf, pyHanko, the evidence
readers) load after the window's first paint, not before it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reviewer_app.domain.case import Case
from reviewer_app.ui.actions import ActionRegistry, default_registry
from reviewer_app.ui.case_pages import PageSpec
from reviewer_app.ui.context import PageContext

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from reviewer_app.ui.main_window import MainWindow

SUBMISSION = "Submission"
CHECKLIST = "Checklist"
EVIDENCE = "Evidence"
RELEASE = "Release and access"
DETERMINATION = "Determination"
AUDIT = "Audit"


# --- case pages (the tabs beside the case list), in their order -------------------------

def summary_page(ctx: PageContext, case: Case) -> QWidget:
    from reviewer_app.ui.pages.summary_page import SummaryPage

    return SummaryPage(ctx, case)


def submission_page(ctx: PageContext, case: Case) -> QWidget:
    from reviewer_app.ui.pages.submission_page import SubmissionPage

    return SubmissionPage(ctx, case)


def checklist_page(ctx: PageContext, case: Case) -> QWidget:
    from reviewer_app.ui.pages.checklist_page import ChecklistPage

    return ChecklistPage(ctx, case)


def evidence_page(ctx: PageContext, case: Case) -> QWidget:
    from reviewer_app.ui.pages.evidence_page import EvidencePage

    return EvidencePage(ctx, case)


def release_page(ctx: PageContext, case: Case) -> QWidget:
    from reviewer_app.ui.pages.release_page import ReleasePage

    return ReleasePage(ctx, case)


def determination_page(ctx: PageContext, case: Case) -> QWidget:
    from reviewer_app.ui.pages.determination_page import DeterminationPage

    return DeterminationPage(ctx, case)


def audit_page(ctx: PageContext, case: Case) -> QWidget:
    from reviewer_app.ui.pages.audit_page import AuditPanel

    return AuditPanel(ctx, case.uuid, f"Audit trail of case {case.reference}")


def case_pages() -> list[PageSpec]:
    return [
        PageSpec("Summary", summary_page),
        PageSpec(SUBMISSION, submission_page),
        PageSpec(CHECKLIST, checklist_page),
        PageSpec(EVIDENCE, evidence_page),
        PageSpec(RELEASE, release_page),
        PageSpec(DETERMINATION, determination_page),
        PageSpec(AUDIT, audit_page),
    ]


# --- menu actions -------------------------------------------------------------------------

def import_package(window: MainWindow) -> None:
    from reviewer_app.ui.import_flow import start_import

    start_import(window)


def import_dropped(window: MainWindow, paths: list[Path]) -> None:
    from reviewer_app.ui.import_flow import start_import

    start_import(window, list(paths))


def import_case_file(window: MainWindow) -> None:
    from reviewer_app.ui import case_file_flow

    case_file_flow.import_case_file(window)


def export_case_file(window: MainWindow) -> None:
    from reviewer_app.ui import case_file_flow

    case_file_flow.export_case_file(window)


def open_checklist(window: MainWindow) -> None:
    """Case > Open checklist: the checklist tab in front, its tree focused, an item chosen."""
    from PySide6.QtCore import Qt

    from reviewer_app.ui.pages.checklist_page import ChecklistPage

    page = window.show_page(CHECKLIST)
    if isinstance(page, ChecklistPage):
        page.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if page.current_id() is None:
            page.next_not_reviewed()


def checklist_command(window: MainWindow, key: str) -> None:
    """A Case menu checklist entry: the checklist tab in front, the command carried out."""
    from reviewer_app.ui.pages.checklist_page import ChecklistPage

    page = window.show_page(CHECKLIST)
    if isinstance(page, ChecklistPage):
        page.run(key)


def open_determination(window: MainWindow) -> None:
    from reviewer_app.ui import messages

    page = window.show_page(DETERMINATION)
    if page is None:
        messages.info(window, "Determination", "Select a case first.")
    else:
        from PySide6.QtCore import Qt

        page.setFocus(Qt.FocusReason.ShortcutFocusReason)


def sign_letter(window: MainWindow) -> None:
    """Case > Sign letter... (Ctrl+Shift+S): the open case's Sign button, pressed."""
    from reviewer_app.ui.letter_keys import press_letter_button

    press_letter_button(window, window.show_page(DETERMINATION), "sign")


def countersign_letter(window: MainWindow) -> None:
    """Case > Countersign letter... (Ctrl+Shift+K): the open case's Countersign button."""
    from reviewer_app.ui.letter_keys import press_letter_button

    press_letter_button(window, window.show_page(DETERMINATION), "countersign")


def show_case_audit(window: MainWindow) -> None:
    window.show_page(AUDIT)


def workspace_audit(window: MainWindow) -> None:
    from reviewer_app.ui.pages.audit_page import AuditDialog

    AuditDialog.open_for(window)


def trust_anchors(window: MainWindow) -> None:
    from reviewer_app.ui.pages.trust_page import TrustDialog

    TrustDialog.ask(window)


def users_dialog(window: MainWindow) -> None:
    from reviewer_app.ui.users_dialog import UsersDialog

    UsersDialog.ask(window)


def lock_window(window: MainWindow) -> None:
    from reviewer_app.ui.sign_out import lock_now

    lock_now(window)


def switch_user(window: MainWindow) -> None:
    from reviewer_app.ui.sign_out import sign_out

    sign_out(window)


def user_guide(window: MainWindow) -> None:
    from reviewer_app.ui.help_viewer import open_from_window

    open_from_window(window)  # at the section of the tab in front


def menu_actions() -> ActionRegistry:
    from reviewer_app.ui.pages import checklist_menu

    reg = default_registry()
    reg.provide("file.import_package", import_package)
    reg.on_drop = import_dropped
    reg.provide("file.import_case", import_case_file)
    reg.provide("file.export_case", export_case_file)
    reg.provide("case.checklist", open_checklist)
    checklist_menu.register(reg, checklist_command)
    reg.provide("case.decide", open_determination)
    reg.provide("case.letter", sign_letter)
    reg.provide("case.countersign", countersign_letter)
    reg.provide("case.audit", show_case_audit)
    reg.register_action("tools.audit", "Tools", "&Audit trail...", workspace_audit, order=10)
    reg.register_action("settings.trust", "Settings", "&Trust anchors...", trust_anchors,
                        order=10)
    reg.register_action("settings.users", "Settings", "&Users...", users_dialog, order=20)
    reg.provide("file.lock", lock_window)
    reg.provide("file.sign_out", switch_user)
    reg.provide("help.guide", user_guide)
    return reg
