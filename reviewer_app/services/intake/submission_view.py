"""What a case's submission says and what the import checked (Submission page, ``case show``).

Registers the ``checks`` section of ``case show --json``: signer certificate,
import checks, and the manifest as read (release plan, access plan,
evaluations, unknown keys kept rather than dropped).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from reviewer_app.domain.case import Case
from reviewer_app.domain.manifest import Manifest, parse_json, validate
from reviewer_app.errors import IntegrityError, ReviewerError
from reviewer_app.services.cases import find_case_row
from reviewer_app.services.workspace import Workspace


@dataclass(frozen=True)
class SubmissionView:
    case_uuid: str
    manifest: Manifest
    signer: dict[str, Any]
    checks: dict[str, Any]

    @property
    def organization_match(self) -> bool:
        return bool(self.checks.get("organization_match"))


def load_submission(ws: Workspace, key: str) -> SubmissionView:
    """The stored manifest (re-read and re-validated) with the import's findings."""
    with ws.reader() as s:
        row = find_case_row(s, key)
        uuid, store_dir = row.uuid, row.store_dir
        signer, checks = dict(row.signer or {}), dict(row.checks or {})
    path = ws.paths.cases / store_dir / "submission" / "manifest.json"
    try:
        manifest = validate(parse_json(path.read_bytes()))
    except OSError as exc:
        raise IntegrityError("STORE_MISSING", f"{path} cannot be read: {exc.strerror}") from None
    except ReviewerError as exc:
        raise IntegrityError("STORE_CHANGED", f"the stored manifest no longer validates: {exc.message}") from None
    return SubmissionView(uuid, manifest, signer, checks)


def _plan_json(manifest: Manifest) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        return value.isoformat() if hasattr(value, "isoformat") else value

    release = asdict(manifest.release_plan)
    release["proposed_public_release"] = plain(manifest.release_plan.proposed_public_release)
    for stage in release["stages"]:
        stage["start"] = plain(stage["start"])
    return {
        "submitter": asdict(manifest.submitter),
        "model": asdict(manifest.model),
        "created_at": manifest.created_at.isoformat(),
        "release_plan": release,
        "access_plan": asdict(manifest.access_plan),
        "safeguards": [asdict(s) for s in manifest.safeguards],
        "evaluations": [asdict(e) for e in manifest.evaluations],
        "unknown_keys": manifest.unknown_keys(),
    }


def checks_section(ws: Workspace, case: Case) -> dict[str, Any]:
    view = load_submission(ws, case.uuid)
    doc = {"signer": view.signer, "checks": view.checks, "manifest": _plan_json(view.manifest)}
    # Tuples become lists, as the JSON printed by ``case show --json`` has them.
    result: dict[str, Any] = json.loads(json.dumps(doc, default=str))
    return result
