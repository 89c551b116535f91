"""The JSON-ready view of cases used by ``cases --json`` and ``case show --json``.

``case_details`` adds the sections of other services (checks, evaluations,
assessment, checklist, determination, letters), listed in ``sections()``.
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


def sections() -> dict[str, Callable[[Workspace, Case], Any]]:
    """name -> function(workspace, case) giving that section of ``case show --json``.

    Imported here, not at the top: the evidence readers and the letter code load
    only when a case's details are asked for."""
    from reviewer_app.services.checklist import checklist_section
    from reviewer_app.services.decision import determination_section, letters_section
    from reviewer_app.services.evidence import assessment_section, evaluations_section
    from reviewer_app.services.intake import checks_section

    return {
        "checks": checks_section,
        "evaluations": evaluations_section,
        "assessment": assessment_section,
        "checklist": checklist_section,
        "determination": determination_section,
        "letters": letters_section,
    }


def case_details(ws: Workspace, key: str, today: date) -> dict[str, Any]:
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
    for name, section in sections().items():
        details[name] = section(ws, case)
    return details
