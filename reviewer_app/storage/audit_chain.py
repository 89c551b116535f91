"""Append-only, hash-chained audit trail, and its verification.

``append`` is called inside the same unit of work as the change it records, so
the change and its entry commit together or not at all. The chain's head (seq
and hash) is also kept in ``settings`` in that transaction, so removing the
newest entries is detected, not only edits in the middle.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from reviewer_app.domain.audit import (
    GENESIS_HASH,
    AuditEntry,
    AuditProblem,
    AuditReport,
    canonical_json,
    chain_hash,
    digest,
    entry_content,
)
from reviewer_app.errors import IntegrityError
from reviewer_app.storage.models import (
    DIGEST_NEUTRAL,
    AuditRow,
    Base,
    CaseRow,
    ChecklistItemRow,
    DeterminationRow,
    LetterRow,
    RemoteUserRow,
    SettingRow,
    UserRow,
)

HEAD_KEY = "audit_head"
# Set on an entry whose subject row had been changed outside the application
# before this entry was written; verify keeps reporting it, so a later
# legitimate change cannot launder the tampering.
INTEGRITY_WARNING = "integrity_warning"


# --- subjects: stable names for the rows an entry covers -------------------


def case_subject(case_uuid: str) -> str:
    return f"case:{case_uuid}"


def item_subject(case_uuid: str, item_id: str) -> str:
    return f"item:{case_uuid}/{item_id}"


def determination_subject(case_uuid: str) -> str:
    return f"determination:{case_uuid}"


def letter_subject(case_uuid: str, version: int) -> str:
    return f"letter:{case_uuid}/{version}"


def user_subject(username: str) -> str:
    return f"user:{username}"


def remote_user_subject(username: str) -> str:
    return f"remote_user:{username}"


def row_digest(row: Base) -> str:
    """Digest of a row's own columns (not its local integer keys).

    A column added by a later migration is left out while it holds the value
    that migration gave existing rows (``Column.info[DIGEST_NEUTRAL]``): the
    digests recorded before an upgrade still match the upgraded rows, and a row
    digests the same on workstations with older and newer schemas. It stays
    tamper-evident: the column is left out exactly when it holds that value, so
    any other value (or a change back to it) changes the digest.
    """
    mapper = inspect(type(row))
    values: dict[str, Any] = {}
    for column in mapper.columns:
        if column.primary_key and column.key in ("id", "seq"):
            continue
        if column.foreign_keys:
            continue
        value = getattr(row, column.key)
        if DIGEST_NEUTRAL in column.info and value == column.info[DIGEST_NEUTRAL]:
            continue
        values[column.key] = value.isoformat() if hasattr(value, "isoformat") else value
    return digest(values)


def _resolve(session: Session, subject: str) -> Base | None:
    kind, _, key = subject.partition(":")
    if kind == "case":
        return session.scalar(select(CaseRow).where(CaseRow.uuid == key))
    if kind == "user":
        return session.scalar(select(UserRow).where(UserRow.username == key))
    if kind == "remote_user":
        return session.scalar(select(RemoteUserRow).where(RemoteUserRow.username == key))
    case_uuid, _, rest = key.partition("/")
    case = session.scalar(select(CaseRow).where(CaseRow.uuid == case_uuid))
    if case is None:
        return None
    if kind == "item":
        return session.scalar(
            select(ChecklistItemRow).where(
                ChecklistItemRow.case_id == case.id, ChecklistItemRow.item_id == rest
            )
        )
    if kind == "determination":
        return session.scalar(select(DeterminationRow).where(DeterminationRow.case_id == case.id))
    if kind == "letter":
        return session.scalar(
            select(LetterRow).where(LetterRow.case_id == case.id, LetterRow.version == int(rest))
        )
    return None


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
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry to the chain. ``subject_row`` None with a subject means: deleted."""
    details = dict(details or {})
    if subject and subject_row is not None:
        warning = _tamper_warning(session, subject, subject_row)
        if warning:
            details[INTEGRITY_WARNING] = warning
    session.flush()
    head = session.get(SettingRow, HEAD_KEY)
    prev_seq, prev_hash = (head.value["seq"], head.value["hash"]) if head else (0, GENESIS_HASH)
    seq = prev_seq + 1
    stamp = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")
    subj_digest = row_digest(subject_row) if (subject and subject_row is not None) else None
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
    if last is None:
        return None
    # A separate session reads the committed state, before this unit of work.
    with Session(session.get_bind()) as other:
        committed = other.get(type(row), state.identity)
        if committed is None:  # created in this very unit of work: nothing to compare
            return None
        committed_digest = row_digest(committed)
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


def verify(session: Session) -> AuditReport:
    problems: list[AuditProblem] = []
    prev_hash = GENESIS_HASH
    expected_seq = 1
    case_heads: dict[str, str] = {}
    latest_by_subject: dict[str, AuditRow] = {}
    count = 0
    for row in session.scalars(select(AuditRow).order_by(AuditRow.seq)):
        count += 1
        problems.extend(_check_row(row, expected_seq, prev_hash, case_heads))
        if row.subject:
            latest_by_subject[row.subject] = row
        prev_hash = row.hash
        expected_seq = row.seq + 1
    head = session.get(SettingRow, HEAD_KEY)
    if head is not None and (
        head.value.get("seq") != expected_seq - 1 or head.value.get("hash") != prev_hash
    ):
        problems.append(
            AuditProblem(
                expected_seq,
                f"the chain ends early: entries after #{expected_seq - 1} were removed",
            )
        )
    problems.extend(_check_subjects(session, latest_by_subject))
    problems.sort(key=lambda p: p.seq)
    return AuditReport(entries=count, problems=tuple(problems))


def _check_row(
    row: AuditRow, expected_seq: int, prev_hash: str, case_heads: dict[str, str]
) -> list[AuditProblem]:
    out: list[AuditProblem] = []
    if row.seq != expected_seq:
        out.append(
            AuditProblem(expected_seq, f"entry #{expected_seq} is missing (next is #{row.seq})")
        )
    if row.prev_hash != prev_hash:
        out.append(AuditProblem(row.seq, f"entry #{row.seq} does not follow the entry before it"))
    try:
        details = json.loads(row.details)
    except ValueError:
        out.append(AuditProblem(row.seq, f"entry #{row.seq} has unreadable details"))
        return out
    content = entry_content(
        row.seq,
        row.at,
        row.actor,
        row.action,
        row.case_uuid,
        row.subject,
        row.subject_digest,
        details,
    )
    if chain_hash(row.prev_hash, content) != row.hash:
        out.append(AuditProblem(row.seq, f"entry #{row.seq} was changed after it was written"))
    if isinstance(details, dict) and INTEGRITY_WARNING in details:
        out.append(AuditProblem(row.seq, f"entry #{row.seq}: {details[INTEGRITY_WARNING]}"))
    if row.case_uuid is not None:
        case_prev = case_heads.get(row.case_uuid, GENESIS_HASH)
        expected = chain_hash(
            case_prev,
            _case_content(row.at, row.actor, row.action, row.case_uuid, row.subject, details),
        )
        if row.case_prev_hash != case_prev or row.case_hash != expected:
            out.append(AuditProblem(row.seq, f"entry #{row.seq} breaks the case's own history"))
        case_heads[row.case_uuid] = row.case_hash or ""
    return out


def _check_subjects(session: Session, latest: dict[str, AuditRow]) -> list[AuditProblem]:
    out: list[AuditProblem] = []
    for subject, row in latest.items():
        current = _resolve(session, subject)
        if row.subject_digest is None:
            if current is not None:
                out.append(
                    AuditProblem(
                        row.seq, f"{subject} exists but entry #{row.seq} recorded its removal"
                    )
                )
            continue
        if current is None:
            out.append(
                AuditProblem(
                    row.seq, f"{subject} was removed without an audit entry (last: #{row.seq})"
                )
            )
        elif row_digest(current) != row.subject_digest:
            out.append(
                AuditProblem(
                    row.seq,
                    f"{subject} was changed outside the application (last entry: #{row.seq})",
                )
            )
    out.extend(_uncovered_rows(session, latest))
    return out


def _uncovered_rows(session: Session, latest: dict[str, AuditRow]) -> list[AuditProblem]:
    """Rows that no entry covers were added behind the application's back."""
    out: list[AuditProblem] = []
    for uuid in session.scalars(select(CaseRow.uuid)):
        if case_subject(uuid) not in latest:
            out.append(AuditProblem(0, f"case {uuid} has no audit entry"))
    return out
