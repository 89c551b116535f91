"""Checklist rows -> the domain view the UI, the CLI and the CKLB export share."""

from __future__ import annotations

from typing import Any

from reviewer_app.domain.checklist import (
    ChecklistView,
    EvidenceLink,
    HistoryEntry,
    Item,
    ItemState,
    SectionView,
    Severity,
    Status,
    Suggestion,
    Template,
)
from reviewer_app.services.checklist.templates import find_template
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage.models import CaseRow, ChecklistItemRow


class TemplateLookup:
    """Templates by (id, version), looked up once per view."""

    def __init__(self, ws: Workspace | None) -> None:
        self.ws = ws
        self._found: dict[tuple[str, str], Template | None] = {}

    def template(self, template_id: str, version: str) -> Template | None:
        key = (template_id, version)
        if key not in self._found:
            self._found[key] = find_template(self.ws, template_id, version)
        return self._found[key]

    def item(self, row: ChecklistItemRow) -> Item | None:
        template = self.template(row.template_id, row.template_version)
        return template.item(row.item_id) if template else None


def _links(value: Any) -> tuple[EvidenceLink, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(EvidenceLink.from_json(v) for v in value if isinstance(v, dict) and "path" in v)


def to_state(row: ChecklistItemRow, item: Item | None) -> ItemState:
    base = Severity(row.severity)
    override = Severity(row.severity_override) if row.severity_override else None
    suggestion = (Suggestion(Status(row.suggested_status), row.suggestion_explanation)
                  if row.suggested_status else None)
    return ItemState(
        item_id=row.item_id, section=row.section, title=row.title, position=row.position,
        status=Status(row.status), severity=override or base, template_severity=base,
        severity_override=override, override_justification=row.override_justification,
        finding_details=row.finding_details, comments=row.comments,
        evidence_links=_links(row.evidence_links), suggestion=suggestion,
        guidance=item.guidance if item else "", references=item.references if item else (),
        auto_check=item.auto_check if item else None, fix=item.fix if item else "",
        updated_at=row.updated_at, updated_by=row.updated_by,
        history=tuple(HistoryEntry(h.at, h.actor, dict(h.changes)) for h in row.history),
        retired=row.position < 0,
    )


def build_view(ws: Workspace | None, case: CaseRow, rows: list[ChecklistItemRow]) -> ChecklistView:
    lookup = TemplateLookup(ws)
    current = [r for r in rows if r.position >= 0]
    retired = [r for r in rows if r.position < 0]
    sections: dict[str, list[ItemState]] = {}
    for row in sorted(current, key=lambda r: r.position):
        sections.setdefault(row.section, []).append(to_state(row, lookup.item(row)))
    first = current[0] if current else None
    template = lookup.template(first.template_id, first.template_version) if first else None
    return ChecklistView(
        case_uuid=case.uuid, case_reference=case.reference,
        template_id=first.template_id if first else "",
        template_version=first.template_version if first else "",
        template_title=template.title if template else "",
        sections=tuple(SectionView(title, tuple(items)) for title, items in sections.items()),
        retired=tuple(to_state(r, lookup.item(r)) for r in retired),
    )


def item_json(state: ItemState) -> dict[str, Any]:
    return {
        "id": state.item_id,
        "section": state.section,
        "title": state.title,
        "status": state.status.value,
        "status_label": state.status.label,
        "severity": state.severity.value,
        "template_severity": state.template_severity.value,
        "severity_override": state.severity_override.value if state.severity_override else None,
        "override_justification": state.override_justification,
        "finding_details": state.finding_details,
        "comments": state.comments,
        "evidence_links": [link.to_json() for link in state.evidence_links],
        "suggestion": None if state.suggestion is None else {
            "status": state.suggestion.status.value,
            "explanation": state.suggestion.explanation,
        },
        "updated_at": state.updated_at.isoformat() if state.updated_at else None,
        "updated_by": state.updated_by,
    }


def view_json(view: ChecklistView) -> dict[str, Any]:
    progress = view.progress
    return {
        "case": view.case_reference,
        "template": {"id": view.template_id, "version": view.template_version,
                     "title": view.template_title},
        "progress": {"total": progress.total, "reviewed": progress.reviewed,
                     **{s.value: n for s, n in progress.by_status.items()}},
        "items": [item_json(i) for i in view.items()],
        "retired_items": [item_json(i) for i in view.retired],
    }
