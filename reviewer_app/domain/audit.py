"""The audit trail's entries and how each one is hashed into the chain.

Each entry's hash covers the previous entry's hash and its own canonical
content, so changing, deleting or reordering any entry breaks every hash after
it. An entry about a subject (a case, a checklist item, ...) also carries a
digest of that subject's row as the action left it; a later edit to the row
that bypasses the audit trail no longer matches the newest entry about it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """Stable JSON: sorted keys, no spaces, UTF-8 characters kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(value: Any) -> str:
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str  # RFC 3339, UTC
    actor: str
    action: str
    case_uuid: str | None
    subject: str | None  # e.g. "case:3f2a...", "item:12"
    subject_digest: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str

    def content(self) -> dict[str, Any]:
        return entry_content(
            self.seq,
            self.at,
            self.actor,
            self.action,
            self.case_uuid,
            self.subject,
            self.subject_digest,
            self.details,
        )


def entry_content(
    seq: int,
    at: str,
    actor: str,
    action: str,
    case_uuid: str | None,
    subject: str | None,
    subject_digest: str | None,
    details: dict[str, Any],
) -> dict[str, Any]:
    return {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "case": case_uuid,
        "subject": subject,
        "subject_digest": subject_digest,
        "details": details,
    }


def chain_hash(prev_hash: str, content: dict[str, Any]) -> str:
    """The entry's own hash: SHA-256 over the previous hash and its content."""
    h = hashlib.sha256()
    h.update(prev_hash.encode("ascii"))
    h.update(b"\n")
    h.update(canonical_json(content).encode("utf-8"))
    return h.hexdigest()


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    reason: str


@dataclass(frozen=True)
class AuditHead:
    """The newest entry of a chain: what checkpoints, letters and case files witness."""

    seq: int
    hash: str


@dataclass(frozen=True)
class Witness:
    """A head kept outside the workstation, and where it was read from."""

    source: str  # the file's name, for messages
    kind: str  # "checkpoint", "letter" or "case file"
    head: AuditHead
    workstation: str  # the age recipient of the workstation whose chain it is


@dataclass(frozen=True)
class AuditReport:
    entries: int
    problems: tuple[AuditProblem, ...]
    head: AuditHead = AuditHead(0, GENESIS_HASH)
    witnesses: tuple[Witness, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad(self) -> AuditProblem | None:
        return self.problems[0] if self.problems else None


@dataclass(frozen=True)
class AuditLine:
    """One line of an audit view, in words: an entry, or a run of one bulk action folded
    (``count`` entries, ``first_seq`` to ``last_seq``: the checklist's items created)."""

    first_seq: int
    last_seq: int
    at: str  # RFC 3339, UTC: the first entry's
    actor: str
    action: str
    sentence: str
    details: tuple[tuple[str, str], ...]  # (Key, value) in words, never JSON
    count: int = 1


@dataclass(frozen=True)
class CaseAuditReport:
    """A case's own entries checked, beside the whole workspace trail they sit in."""

    case_entries: int
    problems: tuple[AuditProblem, ...]  # those about the case's own entries
    workspace: AuditReport

    @property
    def ok(self) -> bool:
        return not self.problems
