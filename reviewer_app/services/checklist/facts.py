"""The facts auto-checks read, gathered from one case, and refreshing suggestions.

Sources: the case row (import checks and signer), the stored, verified
manifest (``<store>/submission/manifest.json``), the workspace policy
(countries of concern) and, when it is installed, the evidence assessment
(``services.evidence.evaluation.evaluate_case``). Suggestions fill ``suggested_status``
and ``suggestion_explanation`` only: a status a person set is never touched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from reviewer_app.domain import autochecks
from reviewer_app.domain.autochecks import CaseFacts, Stage
from reviewer_app.domain.checklist import Suggestion
from reviewer_app.domain.users import Actor
from reviewer_app.errors import RejectedError, ReviewerError
from reviewer_app.formats.policy import load_policy
from reviewer_app.services.cases import find_case_row
from reviewer_app.services.checklist.rows import audit_item, item_rows
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage.models import CaseRow, ChecklistItemRow


def manifest_path_of(ws: Workspace, case: CaseRow) -> Any:
    return ws.paths.cases / case.store_dir / "submission" / "manifest.json"


def _read_manifest(ws: Workspace, case: CaseRow) -> dict[str, Any]:
    path = manifest_path_of(ws, case)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _countries_of_concern(ws: Workspace) -> tuple[str, ...]:
    try:
        return tuple(c.upper() for c in load_policy(ws.paths.policy).countries_of_concern)
    except RejectedError:
        return ()  # a broken policy is reported where it is edited; no suggestion here


def _flag(value: Any, *keys: str) -> bool | None:
    """A check's verdict, whether stored as a bool or as {"valid": bool, ...}."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Mapping):
        for key in keys:
            if isinstance(value.get(key), bool):
                return bool(value[key])
        status = value.get("status")
        if isinstance(status, str):
            return status.lower() in ("valid", "trusted", "ok", "passed")
    return None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def case_facts(ws: Workspace, case: CaseRow, evidence: Mapping[str, Any] | None) -> CaseFacts:
    checks = _table(case.checks)
    signer = _table(case.signer)
    manifest = _read_manifest(ws, case)
    submitter = _table(manifest.get("submitter"))
    release = _table(manifest.get("release_plan"))
    access = _table(manifest.get("access_plan"))
    evaluations: dict[str, list[str]] = {}
    for ev in manifest.get("evaluations") or []:
        if isinstance(ev, dict):
            name = str(ev.get("benchmark") or ev.get("id") or "unnamed")
            evaluations.setdefault(str(ev.get("domain", "other")), []).append(name)
    stages = tuple(
        Stage(str(s.get("name", "")), _date(s.get("start")), str(s.get("audience", "")),
              _strings(s.get("regions")))
        for s in release.get("stages") or [] if isinstance(s, dict)
    )
    safeguards = tuple(str(_table(s).get("name") or s) for s in manifest.get("safeguards") or [])
    files = manifest.get("files")
    verified = checks.get("files_verified")
    ev = dict(evidence or {})
    return CaseFacts(
        signature_valid=_flag(checks.get("signature"), "valid", "ok", "verified"),
        trusted=_flag(checks.get("trust"), "trusted", "valid", "ok"),
        trust_reason=str(_table(checks.get("trust")).get("reason", "")),
        signer_org=str(signer.get("organization") or ""),
        submitter_org=str(submitter.get("organization") or case.organization or ""),
        organization_match=checks.get("organization_match")
        if isinstance(checks.get("organization_match"), bool) else None,
        files_verified=verified if isinstance(verified, int) else None,
        files_total=len(files) if isinstance(files, list) else len(case.files),
        evaluations={k: tuple(v) for k, v in evaluations.items()},
        assessed=evidence is not None,
        assessment=ev.get("assessment", {}),
        assessment_reasons=ev.get("assessment_reasons", {}),
        overall_covered=ev.get("overall_covered"),
        assessment_complete=bool(ev.get("assessment_complete", True)),
        overall_reasons=tuple(ev.get("overall_reasons", ())),
        discrepancies=tuple(ev.get("discrepancies", ())),
        sample_issues=tuple(ev.get("sample_issues", ())),
        log_issues=tuple(ev.get("log_issues", ())),
        safeguards=safeguards,
        received_at=case.received_at,
        window_end=case.window_end,
        proposed_public_release=_date(release.get("proposed_public_release")),
        stages=stages,
        region_policy=str(access.get("region_policy", "")),
        regions=_strings(access.get("regions")),
        foreign_national_access=str(access.get("foreign_national_access") or ""),
        countries_of_concern=_countries_of_concern(ws),
    )


def evidence_facts(ws: Workspace, case_key: str) -> dict[str, Any] | None:
    """The evidence assessment's facts; None when it cannot run for this case."""
    # Imported here: the evidence readers load when a checklist is first made, not before.
    from reviewer_app.services.checklist.from_evidence import adapt_assessment
    from reviewer_app.services.evidence import evaluate_case

    try:
        result = evaluate_case(ws, case_key)
    except ReviewerError:
        return None  # the evidence page shows why; the checklist just makes no suggestion
    return adapt_assessment(result)


def gather_facts(ws: Workspace, case_key: str) -> CaseFacts:
    evidence = evidence_facts(ws, case_key)
    with ws.reader() as s:
        return case_facts(ws, find_case_row(s, case_key), evidence)


def suggestions_for(rows: list[ChecklistItemRow], auto_keys: Mapping[str, str | None],
                    facts: CaseFacts) -> dict[str, Suggestion | None]:
    return {r.item_id: autochecks.suggest(auto_keys.get(r.item_id), facts) for r in rows}


def apply_suggestion(row: ChecklistItemRow, suggestion: Suggestion | None) -> bool:
    """Store a suggestion beside the status (never in it); True when it changed."""
    status = None if suggestion is None else suggestion.status.value
    text = "" if suggestion is None else suggestion.explanation
    if row.suggested_status == status and row.suggestion_explanation == text:
        return False
    row.suggested_status = status
    row.suggestion_explanation = text
    return True


def refresh_suggestions(ws: Workspace, actor: Actor, case_key: str) -> int:
    """Recompute every auto-check of a case; returns how many suggestions changed."""
    from reviewer_app.services.checklist.templates import find_template

    facts = gather_facts(ws, case_key)
    changed = 0
    with ws.uow() as s:
        case = find_case_row(s, case_key)
        rows = item_rows(s, case)
        keys: dict[str, str | None] = {}
        for row in rows:
            template = find_template(ws, row.template_id, row.template_version)
            item = template.item(row.item_id) if template else None
            keys[row.item_id] = item.auto_check if item else None
        for row in rows:
            suggestion = autochecks.suggest(keys[row.item_id], facts)
            if apply_suggestion(row, suggestion):
                changed += 1
                audit_item(s, actor, "checklist.suggest", case, row,
                           {"suggested_status": row.suggested_status})
    return changed
