"""Verifying the audit trail: the chain, the subjects it covers, and outside witnesses.

Three questions, each answered from what the database (and the workspace
folder) holds now:

- Is the chain whole? Every entry's hash, its link to the one before, the
  per-case chains, and the stored head.
- Does it account for everything that grants trust? Every covered subject
  present now (``audit_subjects.present_subjects``) matches the newest entry
  about it, and none exists without one (a planted administrator, a dropped-in
  trust anchor).
- Does it still hold what left the workstation? A chain recomputed by someone
  with write access passes the first two; a *witness* (a signed checkpoint,
  letter or case file kept elsewhere) names an entry by sequence number and
  hash, and the chain must still have exactly that entry there.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.domain.audit import (
    GENESIS_HASH,
    AuditHead,
    AuditProblem,
    AuditReport,
    Witness,
    chain_hash,
    entry_content,
)
from reviewer_app.storage import audit_subjects
from reviewer_app.storage.audit_chain import HEAD_KEY, INTEGRITY_WARNING, _case_content
from reviewer_app.storage.models import AuditRow, SettingRow


def verify_chain(
    session: Session, root: Path | None = None, witnesses: Sequence[Witness] = ()
) -> AuditReport:
    """The whole chain, every covered subject, and (with ``root``) the covered files."""
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
    # The first bad entry named is the chain's own, then a witness's, then a subject's.
    problems.sort(key=lambda p: p.seq)
    problems.extend(sorted(_check_witnesses(session, witnesses, expected_seq - 1),
                           key=lambda p: p.seq))
    problems.extend(_check_subjects(session, root, latest_by_subject))
    return AuditReport(
        entries=count,
        problems=tuple(problems),
        head=AuditHead(expected_seq - 1, prev_hash),
        witnesses=tuple(witnesses),
    )


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


def _check_subjects(
    session: Session, root: Path | None, latest: dict[str, AuditRow]
) -> list[AuditProblem]:
    out: list[AuditProblem] = []
    for subject, row in sorted(latest.items(), key=lambda item: item[1].seq):
        if subject.startswith("file:") and root is None:
            continue
        current = audit_subjects.current_digest(session, root, subject)
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
        elif current != row.subject_digest:
            out.append(
                AuditProblem(
                    row.seq,
                    f"{subject} was changed outside the application (last entry: #{row.seq})",
                )
            )
    # Rows and files that no entry covers were added behind the application's back.
    for subject in audit_subjects.present_subjects(session, root):
        if subject not in latest:
            out.append(AuditProblem(0, f"{subject} has no audit entry (added outside the application)"))
    return out


def _check_witnesses(
    session: Session, witnesses: Sequence[Witness], last_seq: int
) -> list[AuditProblem]:
    """Each witnessed head must still be in the chain, at its place, unchanged.

    The chain check above proves every later entry links back to it, so the
    chain since the witness is an extension of what the witness saw.
    """
    out: list[AuditProblem] = []
    for w in witnesses:
        name = f"{w.kind} {w.source}"
        if w.head.seq == 0 and w.head.hash == GENESIS_HASH:
            continue  # witnessed an empty chain: anything extends it
        entry_hash = session.scalar(select(AuditRow.hash).where(AuditRow.seq == w.head.seq))
        if entry_hash is None:
            out.append(
                AuditProblem(
                    w.head.seq,
                    f"the {name} witnessed entry #{w.head.seq}, but the chain ends at "
                    f"#{last_seq}: entries were removed",
                )
            )
        elif entry_hash != w.head.hash:
            out.append(
                AuditProblem(
                    w.head.seq,
                    f"entry #{w.head.seq} is not the one the {name} witnessed: the chain "
                    "was rewritten at or before it",
                )
            )
    return out
