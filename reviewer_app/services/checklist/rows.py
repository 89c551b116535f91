"""Checklist rows inside a unit of work: create, record history, audit.

Every change to a ``ChecklistItemRow`` is followed, in the same unit of work,
by a history row (who, when, ``{"field": [old, new]}``) and an audit entry
whose ``subject_row`` is the item row, so ``audit verify`` can tell an edit made
by the application from one made behind its back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reviewer_app.domain.checklist import Item, Section, Status, Template, text_hash
from reviewer_app.domain.users import Actor
from reviewer_app.errors import UsageError
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import CaseRow, ChecklistHistoryRow, ChecklistItemRow

# A row whose item a template upgrade removed keeps its answers and history
# for the record; it is marked by a negative position and leaves the checklist.
RETIRED_POSITION = -1


def now() -> datetime:
    return datetime.now(UTC)


def item_rows(session: Session, case: CaseRow, *, retired: bool = False) -> list[ChecklistItemRow]:
    query = (select(ChecklistItemRow)
             .where(ChecklistItemRow.case_id == case.id)
             .options(selectinload(ChecklistItemRow.history))
             .order_by(ChecklistItemRow.position, ChecklistItemRow.id))
    rows = list(session.scalars(query))
    return rows if retired else [r for r in rows if r.position >= 0]


def item_row(session: Session, case: CaseRow, item_id: str) -> ChecklistItemRow:
    row = session.scalar(select(ChecklistItemRow).where(
        ChecklistItemRow.case_id == case.id, ChecklistItemRow.item_id == item_id))
    if row is None or row.position < 0:
        raise UsageError("NO_SUCH_ITEM", f"case {case.reference} has no checklist item '{item_id}'")
    return row


def new_row(case: CaseRow, template: Template, section: Section, item: Item,
            position: int) -> ChecklistItemRow:
    return ChecklistItemRow(
        case_id=case.id, item_id=item.id, template_id=template.id,
        template_version=template.version, text_hash=text_hash(item), section=section.title,
        title=item.title, severity=item.severity.value, position=position,
        status=Status.NOT_REVIEWED.value, severity_override=None, override_justification="",
        finding_details="", comments="", evidence_links=None, suggested_status=None,
        suggestion_explanation="", updated_at=None, updated_by=None,
    )


def add_history(session: Session, row: ChecklistItemRow, actor: Actor,
                changes: dict[str, Any], at: datetime | None = None) -> None:
    # Through the relationship only: adding the row to the session as well
    # would load it twice into ``row.history``.
    row.history.append(ChecklistHistoryRow(at=at or now(), actor=actor.username, changes=changes))
    session.flush()


def audit_item(session: Session, actor: Actor, action: str, case: CaseRow, row: ChecklistItemRow,
               details: dict[str, Any]) -> None:
    audit_chain.append(
        session, actor=actor.username, action=action, case_uuid=case.uuid,
        subject=audit_chain.item_subject(case.uuid, row.item_id), subject_row=row,
        details={"item": row.item_id, **details},
    )
