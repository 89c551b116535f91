"""Gather what a determination letter shows (``LetterContent``) from one case.

Sources: the case row and its files, the stored manifest (addressee), the
checklist rows (findings and annex A), the evidence service when present
(annex B; else the manifest's declared scores), the policy profile
(letterhead, outcomes, rights, point of contact) and the signing user.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.domain.determination import (
    DEFAULT_RIGHTS,
    REVIEWER_FIELD,
    SUPERVISOR_FIELD,
    Addressee,
    ChecklistSummaryRow,
    Condition,
    CuiMarking,
    EvidenceRow,
    Finding,
    LetterContent,
    SignatureBlock,
)
from reviewer_app.errors import RejectedError, ReviewerError
from reviewer_app.services.decision.determination import (
    PolicyFacts,
    get_determination,
    policy_facts,
)
from reviewer_app.services.evidence import evaluate_case
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage.models import CaseRow, ChecklistItemRow, UserRow

_SEVERITY_ORDER = {"CAT I": 0, "CAT II": 1, "CAT III": 2}


def letter_content(ws: Workspace, session: Session, case: CaseRow, signer: UserRow | None,
                   *, letter_date: date) -> LetterContent:
    """The letter of a decided case; ``signer`` fills the reviewer's signature block."""
    determination = get_determination(ws, case.uuid)
    if determination is None:
        raise RejectedError("NOT_DECIDED", f"{case.reference} has no determination yet "
                            "(reviewer-app decide CASE --outcome KEY ...)")
    policy = policy_facts(ws)
    items = [i for i in session.scalars(
        select(ChecklistItemRow).where(ChecklistItemRow.case_id == case.id)
        .order_by(ChecklistItemRow.position, ChecklistItemRow.item_id)) if i.position >= 0]
    signer_name = (signer.display_name or signer.username) if signer else ""
    poc = policy.point_of_contact or ", ".join(
        x for x in (signer_name, signer.title if signer else "", policy.office_name) if x)
    return LetterContent(
        office_name=policy.office_name,
        office_address=policy.office_address,
        department=policy.department,
        reference=case.reference,
        letter_date=letter_date,
        addressee=_addressee(ws, case),
        subject=f"Determination on {case.model_name} {case.model_version} ({case.organization})",
        received_at=case.received_at,
        reviewed=_reviewed(case),
        findings=_findings(items),
        outcome_label=determination.outcome.label,
        conditions=tuple(Condition.from_json(c) for c in _conditions(ws, case)),
        rationale=determination.rationale,
        rights=policy.rights or DEFAULT_RIGHTS,
        poc=poc,
        signatures=(
            SignatureBlock(REVIEWER_FIELD, "Reviewer", signer_name,
                           signer.title if signer else ""),
            SignatureBlock(SUPERVISOR_FIELD, "Countersigned (supervisory reviewer)", "",
                           "Supervisory Reviewer"),
        ),
        checklist=tuple(ChecklistSummaryRow(i.item_id, i.section, i.title,
                                            i.severity_override or i.severity, i.status)
                        for i in items),
        evidence=_evidence(ws, case),
        cui=CuiMarking.from_json(case.cui) or _default_cui(policy, poc),
        demo=ws.is_demo,
        enclosures=("Annex A: checklist summary", "Annex B: benchmark evidence"),
    )


def _conditions(ws: Workspace, case: CaseRow) -> list[dict[str, Any]]:
    d = get_determination(ws, case.uuid)
    return [c.to_json() for c in d.conditions] if d else []


def _default_cui(policy: PolicyFacts, poc: str) -> CuiMarking:
    cui = policy.raw.get("cui") if isinstance(policy.raw.get("cui"), dict) else None
    return CuiMarking.from_json(cui) or CuiMarking(
        banner="CUI", controlled_by=tuple(x for x in (policy.department, policy.office_name) if x),
        category="PROPIN", dissemination="FEDCON", poc=poc)


def _manifest(ws: Workspace, case: CaseRow) -> dict[str, Any]:
    path = ws.paths.cases / case.store_dir / "submission" / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _addressee(ws: Workspace, case: CaseRow) -> Addressee:
    submitter = _manifest(ws, case).get("submitter") or {}
    if not isinstance(submitter, dict):
        submitter = {}
    address = submitter.get("address") or ()
    if isinstance(address, str):
        address = address.splitlines()
    contact = str(submitter.get("contact_name") or "")
    email = str(submitter.get("contact_email") or "")
    lines = tuple(str(a) for a in address) + ((email,) if email else ())
    return Addressee(str(submitter.get("organization") or case.organization), contact, lines)


def _reviewed(case: CaseRow) -> tuple[str, ...]:
    head = (f"Submission package {case.package_id} for {case.model_name} {case.model_version}, "
            f"manifest SHA-256 {case.manifest_sha256}")
    files = tuple(f"{f.path}" + (f" ({f.role})" if f.role else "") + f", SHA-256 {f.sha256}"
                  for f in case.files)
    return (head, *files)


def _findings(items: list[ChecklistItemRow]) -> tuple[Finding, ...]:
    open_items = [i for i in items if i.status == "open"]
    open_items.sort(key=lambda i: _SEVERITY_ORDER.get(i.severity_override or i.severity, 9))
    return tuple(Finding(i.item_id, i.title, i.severity_override or i.severity,
                         i.finding_details) for i in open_items)


def _evidence(ws: Workspace, case: CaseRow) -> tuple[EvidenceRow, ...]:
    assessed = _assessed_evidence(ws, case)
    if assessed is not None:
        return assessed
    rows = []
    for ev in _manifest(ws, case).get("evaluations") or ():
        if isinstance(ev, dict):
            score = ev.get("declared_score")
            rows.append(EvidenceRow(str(ev.get("benchmark") or ev.get("id") or "?"),
                                    str(ev.get("metric") or ""), _number(score), None,
                                    "declared; not assessed"))
    return tuple(rows)


def _assessed_evidence(ws: Workspace, case: CaseRow) -> tuple[EvidenceRow, ...] | None:
    """The evidence service's rows: each score as judged against its threshold (the
    log's, else recomputed: ``EvaluationRow.score``, as the Evidence page shows it).
    None when the evidence cannot be assessed (a broken policy): the declared scores then."""
    try:
        result = evaluate_case(ws, case.uuid)
    except ReviewerError:
        return None
    return tuple(
        EvidenceRow(r.benchmark or r.evaluation, r.metric, r.score, r.threshold, r.status.value)
        for r in result.rows)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
