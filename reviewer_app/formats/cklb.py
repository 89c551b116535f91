"""A case's checklist as a CKLB-style JSON document (STIG Viewer 3's vocabulary).

DISA publishes no schema for ``.cklb``; this follows the shape STIG Viewer 3
writes: a checklist with ``target_data`` (the asset) and ``stigs[]``, each
with ``rules[]`` whose fields are ``group_id``, ``rule_id``, ``rule_version``,
``rule_title``, ``severity`` (high/medium/low), ``discussion``,
``check_content``, ``fix_text``, ``status`` (not_reviewed, open,
not_a_finding, not_applicable), ``finding_details``, ``comments`` and
``overrides``. Fields STIG Viewer does not know (our suggestions, evidence
links, history) travel under ``frd_*`` keys, so a round trip loses nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from reviewer_app.domain.checklist import ChecklistView, ItemState

CKLB_NAMESPACE = uuid.UUID("6d0f6a8e-5c1b-4f0e-9a57-2f1c3b7e9d41")


def _stable_uuid(*parts: str) -> str:
    """The same case and item always get the same UUID, so re-exports line up."""
    return str(uuid.uuid5(CKLB_NAMESPACE, "/".join(parts)))


def _rule(view: ChecklistView, item: ItemState, stig_uuid: str) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    if item.severity_override is not None:
        overrides["severity"] = {
            "severity": item.severity_override.cklb,
            "reason": item.override_justification,
        }
    return {
        "uuid": _stable_uuid(view.case_uuid, item.item_id),
        "stig_uuid": stig_uuid,
        "group_id": item.item_id,
        "group_title": item.section,
        "rule_id": item.item_id,
        "rule_id_src": item.item_id,
        "rule_version": f"{view.template_id}-{view.template_version}",
        "rule_title": item.title,
        "severity": item.template_severity.cklb,
        "discussion": item.guidance,
        "check_content": item.guidance,
        "fix_text": item.fix,
        "reference_identifier": "; ".join(item.references),
        "status": item.status.value,
        "finding_details": item.finding_details,
        "comments": item.comments,
        "overrides": overrides,
        "frd_suggestion": None if item.suggestion is None else {
            "status": item.suggestion.status.value,
            "explanation": item.suggestion.explanation,
        },
        "frd_evidence_links": [link.to_json() for link in item.evidence_links],
        "frd_updated_by": item.updated_by,
        "frd_updated_at": item.updated_at.isoformat() if item.updated_at else None,
    }


def to_cklb(view: ChecklistView, *, asset_name: str = "", marking: str = "CUI") -> dict[str, Any]:
    stig_uuid = _stable_uuid(view.case_uuid, view.template_id, view.template_version)
    return {
        "title": f"{view.case_reference}: {view.template_title}",
        "id": _stable_uuid(view.case_uuid),
        "cklb_version": "1.0",
        "active": True,
        "mode": 1,
        "has_path": False,
        "target_data": {
            "target_type": "Non-Computing",
            "host_name": asset_name or view.case_reference,
            "comments": f"Case {view.case_reference}",
            "role": "None",
            "is_web_database": False,
            "technology_area": "",
            "marking": marking,
        },
        "stigs": [{
            "stig_name": view.template_title,
            "display_name": view.template_title,
            "stig_id": view.template_id,
            "version": view.template_version,
            "release_info": f"{view.template_id} version {view.template_version}",
            "uuid": stig_uuid,
            "reference_identifier": view.template_id,
            "size": len(view.items()),
            "rules": [_rule(view, item, stig_uuid) for item in view.items()],
        }],
    }
