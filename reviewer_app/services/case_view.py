"""The JSON-ready view of cases used by ``cases --json`` and ``case show --json``.

Other services add their sections to ``case_details`` (checks, evaluations,
checklist, determination, letters) through ``SECTIONS``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from reviewer_app.domain.case import Case
from reviewer_app.services.cases import get_case
from reviewer_app.services.workspace import Workspace


def case_summary(case: Case, today: date) -> dict[str, Any]:
    return {
        "id": case.reference,
        "reference": case.reference,
        "uuid": case.uuid,
        "package_id": case.package_id,
        "status": case.status.value,
        "model_name": case.model_name,
        "model_version": case.model_version,
        "organization": case.organization,
        "received_at": case.received_at.isoformat(),
        "window_end": case.window_end.isoformat(),
        "days_left": case.days_left(today),
        "linked_to": case.linked_to,
    }


# name -> function(workspace, case) returning that section of ``case show --json``.
SECTIONS: dict[str, Callable[[Workspace, Case], Any]] = {}


# Modules that register a section when imported (each adds itself to SECTIONS).
SECTION_MODULES = (
    "reviewer_app.services.submission_view",
    "reviewer_app.services.evidence",
    "reviewer_app.services.checklist",
    "reviewer_app.services.determination",
    "reviewer_app.services.letters",
)


def _load_sections() -> None:
    import importlib

    for name in SECTION_MODULES:
        importlib.import_module(name)


def case_details(ws: Workspace, key: str, today: date) -> dict[str, Any]:
    _load_sections()
    case = get_case(ws, key)
    details = case_summary(case, today)
    details["files"] = [
        {
            "path": f.path,
            "size": f.size,
            "sha256": f.sha256,
            "media_type": f.media_type,
            "role": f.role,
        }
        for f in case.files
    ]
    for name, section in SECTIONS.items():
        details[name] = section(ws, case)
    return details
