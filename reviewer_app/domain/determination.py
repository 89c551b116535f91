"""Determinations: outcomes, structured conditions, CUI markings, and what a letter shows.

Pure data and rules; the services fill ``LetterContent`` from the database and
the policy, and ``pdf.letter`` draws it. Nothing here knows about ReportLab.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from reviewer_app.errors import UsageError


@dataclass(frozen=True)
class Outcome:
    """One outcome the policy allows: a stable key and the words the letter uses."""

    key: str
    label: str


# Used when the policy profile lists no outcomes of its own.
DEFAULT_OUTCOMES: tuple[Outcome, ...] = (
    Outcome("not_covered", "Not a covered frontier model"),
    Outcome("covered_no_objection", "Covered; no objection to release as proposed"),
    Outcome("covered_with_conditions", "Covered; no objection to release subject to conditions"),
    Outcome("covered_deferral_requested", "Covered; release deferral requested pending further review"),
    Outcome("incomplete_returned", "Submission incomplete; returned to the submitter"),
)

# Outcomes that make no sense without at least one condition.
NEEDS_CONDITIONS = frozenset({"covered_with_conditions"})


def find_outcome(outcomes: tuple[Outcome, ...], key: str) -> Outcome:
    for outcome in outcomes:
        if outcome.key == key:
            return outcome
    known = ", ".join(o.key for o in outcomes)
    raise UsageError("BAD_OUTCOME", f"'{key}' is not an outcome of the policy (one of: {known})")


def check_form(outcome: Outcome, conditions: tuple[Condition, ...] | list[Condition],
               rationale: str) -> None:
    """What a determination needs before it is recorded (the service and the form alike)."""
    if not rationale.strip():
        raise UsageError("NO_RATIONALE", "a determination needs a rationale")
    if outcome.key in NEEDS_CONDITIONS and not conditions:
        raise UsageError("CONDITIONS_NEEDED", f"the outcome '{outcome.key}' needs at least one "
                         "--condition KIND:TEXT")


class ConditionKind(enum.StrEnum):
    STAGED_ACCESS = "staged_access"
    VETTED_PARTNER_ACCESS = "vetted_partner_access"
    REGION_RESTRICTION = "region_restriction"
    FOREIGN_NATIONAL_RESTRICTION = "foreign_national_restriction"
    ADDITIONAL_SAFEGUARD = "additional_safeguard"
    REPORTING_DUTY = "reporting_duty"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ConditionKind.STAGED_ACCESS: "Staged access",
    ConditionKind.VETTED_PARTNER_ACCESS: "Access limited to vetted partners",
    ConditionKind.REGION_RESTRICTION: "Region restriction",
    ConditionKind.FOREIGN_NATIONAL_RESTRICTION: "Foreign-national access restriction",
    ConditionKind.ADDITIONAL_SAFEGUARD: "Additional safeguard",
    ConditionKind.REPORTING_DUTY: "Reporting duty",
}


@dataclass(frozen=True)
class Condition:
    """A condition of the determination; ``until`` is when it expires (if it does)."""

    kind: ConditionKind
    text: str
    until: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "text": self.text,
                "until": self.until.isoformat() if self.until else None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Condition:
        until = data.get("until")
        return cls(ConditionKind(data["kind"]), str(data.get("text", "")),
                   date.fromisoformat(until) if until else None)

    def describe(self) -> str:
        suffix = f" (until {self.until.isoformat()})" if self.until else ""
        return f"{self.kind.label}: {self.text}{suffix}"


_CONDITION = re.compile(r"^(?P<kind>[a-z_]+)(?:@(?P<until>\d{4}-\d{2}-\d{2}))?:(?P<text>.+)$", re.S)


def parse_condition(spec: str) -> Condition:
    """``KIND:TEXT`` or ``KIND@YYYY-MM-DD:TEXT`` (the date the condition expires)."""
    match = _CONDITION.match(spec.strip())
    kinds = ", ".join(k.value for k in ConditionKind)
    if not match or not match["text"].strip():
        raise UsageError("BAD_CONDITION",
                         f"'{spec}' is not KIND:TEXT or KIND@YYYY-MM-DD:TEXT (KIND: {kinds})")
    try:
        kind = ConditionKind(match["kind"])
    except ValueError:
        raise UsageError("BAD_CONDITION", f"'{match['kind']}' is not a condition kind ({kinds})") from None
    until = None
    if match["until"]:
        try:
            until = date.fromisoformat(match["until"])
        except ValueError:
            raise UsageError("BAD_CONDITION", f"'{match['until']}' is not a date") from None
    return Condition(kind, match["text"].strip(), until)


@dataclass(frozen=True)
class CuiMarking:
    """The CUI banner and the designation indicator block of the first page."""

    banner: str = "CUI"
    controlled_by: tuple[str, ...] = ()
    category: str = ""
    dissemination: str = ""
    poc: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"banner": self.banner, "controlled_by": list(self.controlled_by),
                "category": self.category, "dissemination": self.dissemination, "poc": self.poc}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> CuiMarking | None:
        if not data:
            return None
        controlled = data.get("controlled_by") or ()
        if isinstance(controlled, str):
            controlled = tuple(line for line in controlled.splitlines() if line.strip())
        return cls(str(data.get("banner") or "CUI"), tuple(str(c) for c in controlled),
                   str(data.get("category", "")), str(data.get("dissemination", "")),
                   str(data.get("poc", "")))


@dataclass(frozen=True)
class Determination:
    case_uuid: str
    outcome: Outcome
    conditions: tuple[Condition, ...]
    rationale: str
    decided_by: str
    decided_at: datetime
    cui: CuiMarking | None = None


def determination_digest(determination: Determination, *, package_id: str,
                         manifest_sha256: str) -> str:
    """SHA-256 (hex) of one act of deciding: what was decided, by whom, when, on which submission.

    A signed letter records it (database and signed PDF); a letter whose digest
    differs from the case's current determination no longer renders it. The
    decision time is part of it, so deciding again, even in the same words, is
    a new decision that supersedes the letter of the old one.
    """
    record = {
        "case_uuid": determination.case_uuid,
        "package_id": package_id,
        "manifest_sha256": manifest_sha256,
        "outcome": determination.outcome.key,
        "outcome_label": determination.outcome.label,
        "conditions": [c.to_json() for c in determination.conditions],
        "rationale": determination.rationale,
        "decided_by": determination.decided_by,
        "decided_at": determination.decided_at.astimezone(UTC).isoformat(timespec="microseconds"),
    }
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- what the letter shows ---------------------------------------------------


@dataclass(frozen=True)
class Finding:
    item_id: str
    title: str
    severity: str
    details: str


@dataclass(frozen=True)
class ChecklistSummaryRow:
    item_id: str
    section: str
    title: str
    severity: str
    status: str


@dataclass(frozen=True)
class EvidenceRow:
    """One benchmark score against the policy's threshold (annex table and chart)."""

    benchmark: str
    metric: str
    score: float | None
    threshold: float | None
    status: str


@dataclass(frozen=True)
class SignatureBlock:
    """Who signs where: ``field_name`` is the PDF signature field drawn in the block."""

    field_name: str
    role_label: str
    name: str
    title: str = ""
    delegated_for: str = ""


@dataclass(frozen=True)
class Addressee:
    organization: str
    attention: str = ""
    address: tuple[str, ...] = ()


@dataclass(frozen=True)
class LetterContent:
    """Everything the determination letter prints, in the order it prints it."""

    office_name: str
    office_address: tuple[str, ...]
    reference: str
    letter_date: date
    addressee: Addressee
    subject: str
    received_at: datetime
    reviewed: tuple[str, ...]
    findings: tuple[Finding, ...]
    outcome_label: str
    conditions: tuple[Condition, ...]
    rationale: str
    rights: str
    poc: str
    signatures: tuple[SignatureBlock, ...]
    checklist: tuple[ChecklistSummaryRow, ...] = ()
    evidence: tuple[EvidenceRow, ...] = ()
    cui: CuiMarking | None = None
    demo: bool = False
    department: str = ""
    enclosures: tuple[str, ...] = field(default_factory=tuple)


REVIEWER_FIELD = "Sig_Reviewer"
# The entry of a signed letter's document information that holds determination_digest.
LETTER_DIGEST_KEY = "FRD_DeterminationSHA256"
SUPERVISOR_FIELD = "Sig_Supervisor"

DEFAULT_RIGHTS = (
    "If you disagree with this determination you may ask for it to be reviewed again: "
    "send a written petition, quoting the reference above, to the office within 30 days "
    "of the date of this letter. The petition should say which findings or conditions "
    "you contest and why, and enclose any new evidence."
)
