"""Record a case's determination: outcome, conditions, rationale, CUI marking.

A determination may be recorded only when no CAT I checklist item is still
``not_reviewed`` (an item's effective severity: its override if it has one).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.domain.case import Case, CaseStatus
from reviewer_app.domain.determination import (
    DEFAULT_OUTCOMES,
    Condition,
    CuiMarking,
    Determination,
    Outcome,
    check_form,
    determination_digest,
    find_outcome,
)
from reviewer_app.domain.permissions import DECIDE
from reviewer_app.domain.users import Actor
from reviewer_app.errors import RejectedError
from reviewer_app.services.access import require_role
from reviewer_app.services.cases import find_case_row
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import CaseRow, ChecklistItemRow, DeterminationRow, LetterRow


@dataclass(frozen=True)
class PolicyFacts:
    """The parts of the policy profile a determination and its letter use."""

    outcomes: tuple[Outcome, ...]
    office_name: str
    office_address: tuple[str, ...]
    department: str
    point_of_contact: str
    rights: str
    raw: dict[str, Any]


def policy_facts(ws: Workspace) -> PolicyFacts:
    """Read the workspace policy; the policy loader's outcome list wins when present."""
    try:
        raw = tomllib.loads(ws.paths.policy.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = {}
    outcomes = _outcomes_from_loader(ws) or _outcomes_from(raw.get("outcomes")) or DEFAULT_OUTCOMES
    address = raw.get("office_address", ())
    return PolicyFacts(
        outcomes=outcomes,
        office_name=str(raw.get("office_name", "Review Office")),
        office_address=tuple(str(a) for a in address) if isinstance(address, list) else (),
        department=str(raw.get("department", "")),
        point_of_contact=str(raw.get("point_of_contact", "")),
        rights=str(raw.get("rights_text", "")),
        raw=raw,
    )


def _outcomes_from_loader(ws: Workspace) -> tuple[Outcome, ...]:
    from reviewer_app.formats.policy import load_policy

    try:
        policy = load_policy(ws.paths.policy)
    except Exception:  # noqa: BLE001 - a broken policy is reported by the policy pages
        return ()
    return policy.outcomes


def _outcomes_from(items: Any) -> tuple[Outcome, ...]:
    out = []
    for item in items or ():
        key = item.get("key") if isinstance(item, dict) else getattr(item, "key", None)
        label = item.get("label") if isinstance(item, dict) else getattr(item, "label", None)
        if key:
            out.append(Outcome(str(key), str(label or key)))
    return tuple(out)


def _effective_severity(item: ChecklistItemRow) -> str:
    return item.severity_override or item.severity


def blocking_items(items: list[ChecklistItemRow]) -> list[ChecklistItemRow]:
    """CAT I items not reviewed yet (retired items, position < 0, no longer count)."""
    return [i for i in items if i.position >= 0 and _effective_severity(i) == "CAT I"
            and i.status == "not_reviewed"]


def decide(
    ws: Workspace,
    actor: Actor,
    case_key: str,
    outcome: str,
    conditions: list[Condition] | tuple[Condition, ...],
    rationale: str,
    cui: CuiMarking | None = None,
) -> Determination:
    """Record (or replace, until the letter is issued) the case's determination.

    A letter signed for the previous determination is superseded: it stays in
    the case's history, marked ``superseded``, and can no longer be countersigned.
    """
    require_role(ws, actor, *DECIDE.roles, action=DECIDE.doing)
    chosen = find_outcome(policy_facts(ws).outcomes, outcome)
    check_form(chosen, conditions, rationale)
    now = datetime.now(UTC)
    with ws.uow() as s:
        case = find_case_row(s, case_key)
        if case.status == CaseStatus.ISSUED.value:
            raise RejectedError("ALREADY_ISSUED", f"{case.reference} has an issued letter; "
                                "its determination can no longer change")
        items = list(s.scalars(select(ChecklistItemRow).where(ChecklistItemRow.case_id == case.id)
                               .order_by(ChecklistItemRow.position, ChecklistItemRow.item_id)))
        blocked = blocking_items(items)
        if blocked:
            names = ", ".join(i.item_id for i in blocked)
            raise RejectedError("DETERMINATION_BLOCKED",
                                f"{len(blocked)} CAT I item(s) are not reviewed yet: {names}")
        row = s.scalar(select(DeterminationRow).where(DeterminationRow.case_id == case.id))
        if row is None:
            row = DeterminationRow(case_id=case.id)
            s.add(row)
        row.outcome = chosen.key
        row.conditions = [c.to_json() for c in conditions]
        row.rationale = rationale.strip()
        row.decided_by = actor.username
        row.decided_at = now
        row.extra = {"outcome_label": chosen.label}
        audit_chain.append(s, actor=actor.username, action="determination.record",
                           case_uuid=case.uuid, subject=audit_chain.determination_subject(case.uuid),
                           subject_row=row, details={"outcome": chosen.key,
                                                     "conditions": len(conditions)})
        _supersede_letters(s, actor, case)
        previous = case.status
        case.status = CaseStatus.DECIDED.value
        if cui is not None:
            case.cui = cui.to_json()
        audit_chain.append(s, actor=actor.username, action="case.status", case_uuid=case.uuid,
                           subject=audit_chain.case_subject(case.uuid), subject_row=case,
                           details={"from": previous, "to": case.status,
                                    "cui_changed": cui is not None})
        return _to_domain(case, row, chosen)


def _supersede_letters(s: Session, actor: Actor, case: CaseRow) -> None:
    """A new decision retires every signed letter of the old one (kept, marked superseded)."""
    for letter in s.scalars(select(LetterRow).where(LetterRow.case_id == case.id,
                                                    LetterRow.state == "signed")):
        letter.state = "superseded"
        audit_chain.append(s, actor=actor.username, action="letter.supersede",
                           case_uuid=case.uuid,
                           subject=audit_chain.letter_subject(case.uuid, letter.version),
                           subject_row=letter, details={"version": letter.version})


def digest_of(case: CaseRow, row: DeterminationRow) -> str:
    """The digest a letter of this determination records (the outcome's words as decided)."""
    label = str((row.extra or {}).get("outcome_label") or row.outcome)
    return determination_digest(_to_domain(case, row, Outcome(row.outcome, label)),
                                package_id=case.package_id,
                                manifest_sha256=case.manifest_sha256)


def current_digest(s: Session, case: CaseRow) -> str | None:
    """The digest of the case's determination now (None: not decided)."""
    row = s.scalar(select(DeterminationRow).where(DeterminationRow.case_id == case.id))
    return digest_of(case, row) if row is not None else None


def _to_domain(case: CaseRow, row: DeterminationRow, outcome: Outcome) -> Determination:
    return Determination(
        case_uuid=case.uuid, outcome=outcome,
        conditions=tuple(Condition.from_json(c) for c in row.conditions or ()),
        rationale=row.rationale, decided_by=row.decided_by, decided_at=row.decided_at,
        cui=CuiMarking.from_json(case.cui),
    )


def get_determination(ws: Workspace, case_key: str) -> Determination | None:
    outcomes = policy_facts(ws).outcomes
    with ws.reader() as s:
        case = find_case_row(s, case_key)
        row = s.scalar(select(DeterminationRow).where(DeterminationRow.case_id == case.id))
        if row is None:
            return None
        label = (row.extra or {}).get("outcome_label")
        known = {o.key: o for o in outcomes}
        outcome = known.get(row.outcome) or Outcome(row.outcome, str(label or row.outcome))
        return _to_domain(case, row, outcome)


def determination_section(ws: Workspace, case: Case) -> dict[str, Any] | None:
    """The ``determination`` section of ``case show --json``."""
    d = get_determination(ws, case.uuid)
    if d is None:
        return None
    return {"outcome": d.outcome.key, "outcome_label": d.outcome.label,
            "conditions": [c.to_json() for c in d.conditions], "rationale": d.rationale,
            "decided_by": d.decided_by, "decided_at": d.decided_at.isoformat(),
            "cui": d.cui.to_json() if d.cui else None}
