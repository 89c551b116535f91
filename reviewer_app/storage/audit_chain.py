"""Append-only, hash-chained audit trail, and its verification.

``append`` is called inside the same unit of work as the change it records, so
the change and its entry commit together or not at all. The chain's head (seq
and hash) is also kept in ``settings`` in that transaction, so removing the
newest entries is detected, not only edits in the middle.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from reviewer_app.domain.audit import (
    GENESIS_HASH,
    AuditEntry,
    canonical_json,
    chain_hash,
    entry_content,
)
from reviewer_app.errors import IntegrityError
from reviewer_app.storage import audit_subjects
from reviewer_app.storage.audit_subjects import HEAD_KEY as HEAD_KEY
from reviewer_app.storage.models import AuditRow, Base, SettingRow

# Set on an entry whose subject row had been changed outside the application
# before this entry was written; verify keeps reporting it, so a later
# legitimate change cannot launder the tampering.
INTEGRITY_WARNING = "integrity_warning"


# Subject names and digests live in ``audit_subjects``; re-exported for the services.
case_subject = audit_subjects.case_subject
item_subject = audit_subjects.item_subject
determination_subject = audit_subjects.determination_subject
letter_subject = audit_subjects.letter_subject
user_subject = audit_subjects.user_subject
setting_subject = audit_subjects.setting_subject
file_subject = audit_subjects.file_subject
row_digest = audit_subjects.row_digest
remote_user_subject = audit_subjects.remote_user_subject


# --- writing ---------------------------------------------------------------


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    details: dict[str, Any] | None = None,
    case_uuid: str | None = None,
    subject: str | None = None,
    subject_row: Base | None = None,
    subject_file: Path | None = None,
    at: datetime | None = None,
    adopting: bool = False,
) -> AuditEntry:
    """Add one entry to the chain.

    A ``subject`` is covered by ``subject_row`` (a row) or ``subject_file`` (a
    workspace file, ``file_subject``); neither means: the subject was removed.
    ``adopting``: the row predates the trail's coverage of its kind (see
    ``audit_adopt``), so its lack of an earlier entry is not reported.
    """
    details = dict(details or {})
    if subject and subject_row is not None and not adopting:
        warning = _tamper_warning(session, subject, subject_row)
        if warning:
            details[INTEGRITY_WARNING] = warning
    session.flush()
    head = session.get(SettingRow, HEAD_KEY)
    prev_seq, prev_hash = (head.value["seq"], head.value["hash"]) if head else (0, GENESIS_HASH)
    seq = prev_seq + 1
    stamp = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")
    subj_digest = None
    if subject and subject_row is not None:
        subj_digest = row_digest(subject_row)
    elif subject and subject_file is not None:
        subj_digest = audit_subjects.file_digest(subject_file)
    content = entry_content(seq, stamp, actor, action, case_uuid, subject, subj_digest, details)
    entry_hash = chain_hash(prev_hash, content)
    case_prev = case_hash = None
    if case_uuid is not None:
        case_prev = _case_head(session, case_uuid)
        case_hash = chain_hash(
            case_prev, _case_content(stamp, actor, action, case_uuid, subject, details)
        )
    session.add(
        AuditRow(
            seq=seq,
            at=stamp,
            actor=actor,
            action=action,
            case_uuid=case_uuid,
            subject=subject,
            subject_digest=subj_digest,
            details=canonical_json(details),
            prev_hash=prev_hash,
            hash=entry_hash,
            case_prev_hash=case_prev,
            case_hash=case_hash,
        )
    )
    if head is None:
        session.add(SettingRow(key=HEAD_KEY, value={"seq": seq, "hash": entry_hash}))
    else:
        head.value = {"seq": seq, "hash": entry_hash}
    session.flush()
    return AuditEntry(
        seq, stamp, actor, action, case_uuid, subject, subj_digest, details, prev_hash, entry_hash
    )


def append_imported(
    session: Session,
    *,
    at: str,
    actor: str,
    action: str,
    case_uuid: str,
    subject: str | None,
    subject_digest: str | None,
    details: dict[str, Any],
    case_prev_hash: str,
    case_hash: str,
) -> AuditEntry:
    """Add an entry received in a case file, its per-case hashes preserved.

    It gets this workstation's next sequence number and chain hash; its case
    hashes must continue this workstation's chain for the case, so that both
    workstations keep comparable histories. ``subject_digest`` is the digest of
    the row here (the caller computes it after the merge).
    """
    expected = chain_hash(case_prev_hash, _case_content(at, actor, action, case_uuid, subject, details))
    if case_prev_hash != _case_head(session, case_uuid) or case_hash != expected:
        raise IntegrityError(
            "CASE_CHAIN_BROKEN", f"a received entry does not continue case {case_uuid}'s history"
        )
    session.flush()
    head = session.get(SettingRow, HEAD_KEY)
    prev_seq, prev_hash = (head.value["seq"], head.value["hash"]) if head else (0, GENESIS_HASH)
    seq = prev_seq + 1
    content = entry_content(seq, at, actor, action, case_uuid, subject, subject_digest, details)
    entry_hash = chain_hash(prev_hash, content)
    session.add(
        AuditRow(seq=seq, at=at, actor=actor, action=action, case_uuid=case_uuid, subject=subject,
                 subject_digest=subject_digest, details=canonical_json(details),
                 prev_hash=prev_hash, hash=entry_hash, case_prev_hash=case_prev_hash,
                 case_hash=case_hash)
    )
    if head is None:
        session.add(SettingRow(key=HEAD_KEY, value={"seq": seq, "hash": entry_hash}))
    else:
        head.value = {"seq": seq, "hash": entry_hash}
    session.flush()
    return AuditEntry(
        seq, at, actor, action, case_uuid, subject, subject_digest, details, prev_hash, entry_hash
    )


def _tamper_warning(session: Session, subject: str, row: Base) -> str | None:
    """Compare the row as last committed with the newest entry about it."""
    state = inspect(row)
    if state.identity is None:
        return None
    last = session.scalar(
        select(AuditRow.subject_digest)
        .where(AuditRow.subject == subject)
        .order_by(AuditRow.seq.desc())
        .limit(1)
    )
    # A separate session reads the committed state, before this unit of work.
    with Session(session.get_bind()) as other:
        committed = other.get(type(row), state.identity)
        if committed is None:  # created in this very unit of work: nothing to compare
            return None
        committed_digest = row_digest(committed)
    if last is None:
        # The row was there before any entry about it: it was added behind the
        # application's back, and this entry must not make it look accounted for.
        return f"{subject} had been added outside the application before this entry"
    if committed_digest == last:
        return None
    return f"{subject} had been changed outside the application before this entry"


def _case_content(
    at: str, actor: str, action: str, case_uuid: str, subject: str | None, details: dict[str, Any]
) -> dict[str, Any]:
    return {
        "at": at,
        "actor": actor,
        "action": action,
        "case": case_uuid,
        "subject": subject,
        "details": details,
    }


def _case_head(session: Session, case_uuid: str) -> str:
    last = session.scalar(
        select(AuditRow.case_hash)
        .where(AuditRow.case_uuid == case_uuid)
        .order_by(AuditRow.seq.desc())
        .limit(1)
    )
    return last or GENESIS_HASH


# --- reading and verifying -------------------------------------------------


def to_entry(row: AuditRow) -> AuditEntry:
    try:
        details = json.loads(row.details)
    except ValueError:
        details = {"unreadable": row.details}
    return AuditEntry(
        row.seq,
        row.at,
        row.actor,
        row.action,
        row.case_uuid,
        row.subject,
        row.subject_digest,
        details,
        row.prev_hash,
        row.hash,
    )


def entries(
    session: Session, *, case_uuid: str | None = None, limit: int | None = None
) -> list[AuditEntry]:
    query = select(AuditRow).order_by(AuditRow.seq)
    if case_uuid is not None:
        query = query.where(AuditRow.case_uuid == case_uuid)
    if limit is not None:
        query = query.limit(limit)
    return [to_entry(r) for r in session.scalars(query)]

