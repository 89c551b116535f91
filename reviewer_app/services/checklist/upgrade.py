"""Moving a case's checklist to a newer template version without losing answers.

An answer carries forward only when its item's text (title, guidance,
severity: ``text_hash``) is unchanged. A changed item goes back to Not
reviewed; its previous answer stays in its history with a note naming what
changed. New items are added. An item the new version no longer has is
*retired*: its row stays, with its answers and history, out of the checklist
(negative position), so the record of what was decided is never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reviewer_app.domain.autochecks import suggest
from reviewer_app.domain.checklist import Item, Status, Template, text_hash
from reviewer_app.domain.users import Actor
from reviewer_app.errors import UsageError
from reviewer_app.services.access import require_role
from reviewer_app.services.cases import find_case_row
from reviewer_app.services.checklist.facts import apply_suggestion, gather_facts
from reviewer_app.services.checklist.rows import (
    RETIRED_POSITION,
    add_history,
    audit_item,
    item_rows,
    new_row,
    now,
)
from reviewer_app.services.checklist.templates import find_template, version_key
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import ChecklistItemRow

ANSWER_FIELDS = ("status", "finding_details", "comments", "severity_override",
                 "override_justification")


@dataclass(frozen=True)
class UpgradeReport:
    from_version: str
    to_version: str
    carried: tuple[str, ...]  # unchanged: answers kept
    reset: tuple[str, ...]  # text changed: back to Not reviewed
    added: tuple[str, ...]
    retired: tuple[str, ...]


def _what_changed(old: Item | None, new: Item) -> list[str]:
    if old is None:
        return ["text"]
    parts = [name for name, a, b in (("title", old.title, new.title),
                                     ("guidance", old.guidance, new.guidance),
                                     ("severity", old.severity, new.severity)) if a != b]
    return parts or ["text"]


def upgrade_template(ws: Workspace, actor: Actor, case_key: str, new_template: Template) -> UpgradeReport:
    from reviewer_app.services.checklist.items import EDITORS, ensure_checklist

    require_role(ws, actor, *EDITORS, action="upgrading a checklist")
    ensure_checklist(ws, actor, case_key)
    facts = gather_facts(ws, case_key)
    carried: list[str] = []
    reset: list[str] = []
    added: list[str] = []
    retired: list[str] = []
    with ws.uow() as s:
        case = find_case_row(s, case_key)
        rows = {r.item_id: r for r in item_rows(s, case, retired=True)}
        current = [r for r in rows.values() if r.position >= 0]
        old_id = current[0].template_id if current else ""
        old_version = current[0].template_version if current else ""
        if old_id == new_template.id and old_version and \
                version_key(new_template.version) <= version_key(old_version):
            raise UsageError("TEMPLATE_NOT_NEWER",
                             f"the case already uses {old_id} {old_version}; "
                             f"{new_template.version} is not newer")
        old_template = find_template(ws, old_id, old_version) if old_id else None
        label = f"{new_template.id} {new_template.version}"
        stamp = now()

        def record(row: ChecklistItemRow, changes: dict[str, Any]) -> None:
            s.flush()
            add_history(s, row, actor, changes, stamp)
            audit_item(s, actor, "checklist.upgrade", case, row,
                       {"template": new_template.id, "version": new_template.version,
                        "note": changes.get("note", "")})

        for position, (section, item) in enumerate(new_template.items()):
            row = rows.pop(item.id, None)
            if row is None:
                row = new_row(case, new_template, section, item, position)
                apply_suggestion(row, suggest(item.auto_check, facts))
                s.add(row)
                record(row, {"note": f"added by {label}"})
                added.append(item.id)
                continue
            changes: dict[str, Any] = {"template_version": [row.template_version,
                                                            new_template.version]}
            if row.text_hash == text_hash(item):
                note = f"carried forward to {label} (unchanged)"
                carried.append(item.id)
            else:
                previous = old_template.item(item.id) if old_template else None
                what = ", ".join(_what_changed(previous, item))
                note = (f"{label} changed this item ({what}); the previous answer is kept "
                        "in this history and the item is back to Not reviewed")
                blank = {"status": Status.NOT_REVIEWED.value, "severity_override": None}
                for name in ANSWER_FIELDS:
                    new_value = blank.get(name, "")
                    if getattr(row, name) != new_value:
                        changes[name] = [getattr(row, name), new_value]
                        setattr(row, name, new_value)
                changes["text_hash"] = [row.text_hash, text_hash(item)]
                changes["title"] = [row.title, item.title]
                changes["severity"] = [row.severity, item.severity.value]
                row.text_hash, row.title, row.severity = text_hash(item), item.title, item.severity.value
                reset.append(item.id)
            if row.position < 0:
                note += "; restored after an earlier removal"
            row.template_id, row.template_version = new_template.id, new_template.version
            row.section, row.position = section.title, position
            apply_suggestion(row, suggest(item.auto_check, facts))
            changes["note"] = note
            record(row, changes)
        for row in rows.values():
            if row.position < 0:
                continue
            row.position = RETIRED_POSITION
            row.suggested_status, row.suggestion_explanation = None, ""
            record(row, {"note": f"removed in {label}; kept with its answers for the record"})
            retired.append(row.item_id)
        audit_chain.append(s, actor=actor.username, action="checklist.upgrade", case_uuid=case.uuid,
                           details={"from": f"{old_id} {old_version}".strip(), "to": label,
                                    "carried": len(carried), "reset": reset, "added": added,
                                    "retired": retired})
    return UpgradeReport(old_version, new_template.version, tuple(carried), tuple(reset),
                         tuple(added), tuple(retired))
