"""A case's checklist: create it, read it, answer items, accept suggestions.

Every edit is its own unit of work (committed at once, so it survives a crash
of the app) holding the change, a history row and an audit entry.
Suggestions from auto-checks live beside the status and never replace it:
only ``set_item``/``accept`` (a person) change a status.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError as DbIntegrityError
from sqlalchemy.orm import Session

from reviewer_app.domain.autochecks import CaseFacts, suggest
from reviewer_app.domain.case import Case
from reviewer_app.domain.checklist import (
    ChecklistView,
    EvidenceLink,
    ItemState,
    Severity,
    Status,
    Template,
)
from reviewer_app.domain.permissions import EDIT_CHECKLIST
from reviewer_app.domain.users import SYSTEM, Actor
from reviewer_app.errors import UsageError
from reviewer_app.services.access import require_role
from reviewer_app.services.cases import find_case_row, get_case
from reviewer_app.services.checklist.facts import apply_suggestion, gather_facts
from reviewer_app.services.checklist.rows import (
    add_history,
    audit_item,
    item_row,
    item_rows,
    new_row,
    now,
)
from reviewer_app.services.checklist.templates import default_template
from reviewer_app.services.checklist.view import TemplateLookup, build_view, to_state, view_json
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage.models import CaseRow

EDITORS = EDIT_CHECKLIST.roles  # who may change a checklist (domain/permissions.py)
CLEAR = ""  # pass as severity_override to remove an override


def create_items(session: Session, actor: Actor, case: CaseRow, template: Template,
                 facts: CaseFacts | None = None) -> int:
    """Inside the caller's unit of work: one row, and one audit entry, per item."""
    count = 0
    for position, (section, item) in enumerate(template.items()):
        row = new_row(case, template, section, item, position)
        if facts is not None:
            apply_suggestion(row, suggest(item.auto_check, facts))
        session.add(row)
        session.flush()
        audit_item(session, actor, "checklist.create", case, row,
                   {"template": template.id, "version": template.version})
        count += 1
    return count


def ensure_checklist(ws: Workspace, actor: Actor, case_key: str,
                     template: Template | None = None) -> bool:
    """Give a case its checklist if it has none; True when rows were created."""
    with ws.reader() as s:
        if item_rows(s, find_case_row(s, case_key), retired=True):
            return False
    template = template or default_template(ws)
    facts = gather_facts(ws, case_key)
    try:
        with ws.uow() as s:
            case = find_case_row(s, case_key)
            if item_rows(s, case, retired=True):
                return False
            create_items(s, actor, case, template, facts)
    except DbIntegrityError:
        return False  # another thread made it at the same moment
    return True


def get_checklist(ws: Workspace, case_key: str) -> ChecklistView:
    """The case's checklist, made first when it has none (a write: rows and audit entries)."""
    ensure_checklist(ws, SYSTEM, case_key)
    return read_checklist(ws, case_key)


def read_checklist(ws: Workspace, case_key: str) -> ChecklistView:
    """The case's checklist as stored (a read only: empty when not made yet)."""
    with ws.reader() as s:
        case = find_case_row(s, case_key)
        return build_view(ws, case, item_rows(s, case, retired=True))


def _state(ws: Workspace, row: Any) -> ItemState:
    return to_state(row, TemplateLookup(ws).item(row))


def _status(value: Status | str) -> Status:
    try:
        return value if isinstance(value, Status) else Status.parse(value)
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise UsageError("BAD_STATUS", f"'{value}' is not a status ({allowed})") from None


def _severity(value: Severity | str) -> Severity | None:
    if isinstance(value, Severity):
        return value
    if value.strip() == CLEAR:
        return None
    try:
        return Severity.parse(value)
    except ValueError:
        raise UsageError("BAD_SEVERITY", f"'{value}' is not CAT I, CAT II or CAT III") from None


def set_item(
    ws: Workspace,
    actor: Actor,
    case_key: str,
    item_id: str,
    *,
    status: Status | str | None = None,
    details: str | None = None,
    comments: str | None = None,
    severity_override: Severity | str | None = None,
    justification: str | None = None,
    evidence_links: Sequence[EvidenceLink] | None = None,
    note: str | None = None,
) -> ItemState:
    """Change what a person says about one item; None leaves a field as it is.

    ``severity_override`` needs a ``justification``; pass ``CLEAR`` ("") to remove it.
    """
    require_role(ws, actor, *EDITORS, action="changing a checklist item")
    ensure_checklist(ws, actor, case_key)
    wanted: dict[str, Any] = {}
    if status is not None:
        wanted["status"] = _status(status).value
    if details is not None:
        wanted["finding_details"] = details
    if comments is not None:
        wanted["comments"] = comments
    if severity_override is not None:
        override = _severity(severity_override)
        if override is not None and not (justification or "").strip():
            raise UsageError("JUSTIFICATION_REQUIRED",
                             "a severity override needs a justification")
        wanted["severity_override"] = override.value if override else None
        wanted["override_justification"] = (justification or "").strip() if override else ""
    elif justification is not None:
        wanted["override_justification"] = justification.strip()
    if evidence_links is not None:
        wanted["evidence_links"] = [link.to_json() for link in evidence_links] or None
    return _apply(ws, actor, case_key, item_id, wanted, "checklist.set", note)


def _apply(ws: Workspace, actor: Actor, case_key: str, item_id: str, wanted: dict[str, Any],
           action: str, note: str | None = None) -> ItemState:
    with ws.uow() as s:
        case = find_case_row(s, case_key)
        row = item_row(s, case, item_id)
        if "override_justification" in wanted and "severity_override" not in wanted \
                and row.severity_override and not wanted["override_justification"]:
            raise UsageError("JUSTIFICATION_REQUIRED", "a severity override needs a justification")
        changes: dict[str, Any] = {
            k: [getattr(row, k), v] for k, v in wanted.items() if getattr(row, k) != v
        }
        if changes:
            for key, (_old, new) in list(changes.items()):
                setattr(row, key, new)
            stamp = now()
            row.updated_at, row.updated_by = stamp, actor.username
            s.flush()
            if note:
                changes["note"] = note
            add_history(s, row, actor, changes, stamp)
            audit_item(s, actor, action, case, row, {"changes": changes})
        return _state(ws, row)


def accept(ws: Workspace, actor: Actor, case_key: str, item_id: str) -> ItemState:
    """Make the auto-check's suggestion the item's status (a person's decision)."""
    require_role(ws, actor, *EDITORS, action="accepting a checklist suggestion")
    ensure_checklist(ws, actor, case_key)
    with ws.reader() as s:
        row = item_row(s, find_case_row(s, case_key), item_id)
        suggested, why = row.suggested_status, row.suggestion_explanation
    if suggested is None:
        raise UsageError("NO_SUGGESTION", f"item {item_id} has no auto-check suggestion to accept")
    return _apply(ws, actor, case_key, item_id, {"status": suggested}, "checklist.accept",
                  f"accepted the suggestion: {why}")


def accept_all(ws: Workspace, actor: Actor, case_key: str) -> list[str]:
    """Accept every suggestion of an item still not reviewed, in one unit of work."""
    require_role(ws, actor, *EDITORS, action="accepting a checklist suggestion")
    ensure_checklist(ws, actor, case_key)
    accepted: list[str] = []
    with ws.uow() as s:
        case = find_case_row(s, case_key)
        for row in item_rows(s, case):
            if row.status != Status.NOT_REVIEWED.value or row.suggested_status is None:
                continue
            changes: dict[str, Any] = {
                "status": [row.status, row.suggested_status],
                "note": f"accepted the suggestion: {row.suggestion_explanation}",
            }
            row.status = row.suggested_status
            stamp = now()
            row.updated_at, row.updated_by = stamp, actor.username
            s.flush()
            add_history(s, row, actor, changes, stamp)
            audit_item(s, actor, "checklist.accept", case, row, {"changes": changes})
            accepted.append(row.item_id)
    return accepted


def cat1_not_reviewed(ws: Workspace, case_key: str) -> list[str]:
    """CAT I items (override applied) still Not reviewed: a determination waits for them."""
    view = get_checklist(ws, case_key)
    return [i.item_id for i in view.items()
            if i.severity is Severity.CAT_I and i.status is Status.NOT_REVIEWED]


def export_cklb(ws: Workspace, case_key: str, path: Path) -> Path:
    """Write the checklist as CKLB-style JSON (STIG Viewer 3 vocabulary)."""
    import json

    from reviewer_app.formats.cklb import to_cklb

    view = get_checklist(ws, case_key)
    case = get_case(ws, case_key)
    document = to_cklb(view, asset_name=f"{case.model_name} {case.model_version}",
                       marking=_marking(ws, case_key))
    try:
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError("CANNOT_WRITE", f"cannot write {path}: {exc.strerror}") from exc
    return path


def _marking(ws: Workspace, case_key: str) -> str:
    with ws.reader() as s:
        cui = find_case_row(s, case_key).cui
    return str(cui.get("banner", "CUI")) if isinstance(cui, dict) else "CUI"


def checklist_section(ws: Workspace, case: Case) -> dict[str, Any]:
    """The ``checklist`` section of ``case show --json``."""
    return view_json(get_checklist(ws, case.uuid))
