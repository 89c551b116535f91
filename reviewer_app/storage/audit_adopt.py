"""Bringing subjects under the audit trail's coverage that were there before it.

Two cases, each written down in the chain as its own entries:

- An upgrade to the schema that began to cover settings and files (revision
  ``0003_audit``) adopts every row and file present and not yet covered, one
  ``audit.adopt`` entry each, as ``system``. What was there before the upgrade
  is taken as it was found (SECURITY.md says so).
- An administrator who edits the policy profile or drops an office checklist
  template into the workspace vouches for the file afterwards
  (``reviewer-app audit adopt FILE``): one ``file.adopt`` entry each.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.storage import audit_chain, audit_subjects
from reviewer_app.storage.models import AuditRow

ADOPTED_AT_UPGRADE = "present when the audit trail began to cover it (upgrade)"


def adopt_uncovered(session: Session, root: Path | None, *, actor: str) -> list[str]:
    """One ``audit.adopt`` entry per subject present and named by no entry; their names."""
    covered = set(session.scalars(select(AuditRow.subject).where(AuditRow.subject.is_not(None))))
    adopted: list[str] = []
    for subject in list(audit_subjects.present_subjects(session, root)):
        if subject in covered:
            continue
        if subject.startswith("file:"):
            assert root is not None
            path = root / subject.removeprefix("file:")
            audit_chain.append(session, actor=actor, action="audit.adopt", subject=subject,
                               subject_file=path, details={"reason": ADOPTED_AT_UPGRADE})
        else:
            row = audit_subjects.resolve_row(session, subject)
            audit_chain.append(session, actor=actor, action="audit.adopt", subject=subject,
                               subject_row=row, adopting=True,
                               details={"reason": ADOPTED_AT_UPGRADE})
        adopted.append(subject)
    return adopted


RECOVERED_SCHEME = ("the digest of a case now covers its stored-file list and notes, and an "
                    "item's its history; this entry records the same row under that rule")


def recover_changed_scheme(session: Session, *, actor: str) -> list[str]:
    """Re-cover cases and items whose newest entry holds their digest under the old rule
    (own columns only): one ``audit.rehash`` entry each. A row whose newest entry matches
    neither rule was changed outside the application and is left for ``audit verify``."""
    recovered: list[str] = []
    for subject in list(audit_subjects.present_subjects(session, None)):
        if not subject.startswith(("case:", "item:")):
            continue
        row = audit_subjects.resolve_row(session, subject)
        if row is None:
            continue
        newest = session.scalar(select(AuditRow.subject_digest).where(AuditRow.subject == subject)
                                .order_by(AuditRow.seq.desc()).limit(1))
        now = audit_subjects.row_digest(row)
        if newest is not None and newest != now and newest == audit_subjects.columns_digest(row):
            # adopting: the newest entry matched the row under the old rule, so this is
            # no edit behind the application's back.
            audit_chain.append(session, actor=actor, action="audit.rehash", subject=subject,
                               subject_row=row, adopting=True,
                               details={"reason": RECOVERED_SCHEME})
            recovered.append(subject)
    return recovered


def adopt_file(session: Session, root: Path, path: Path, *, actor: str) -> str | None:
    """Cover a workspace file as it is now; None when the newest entry already matches it."""
    name = audit_subjects.relative_name(root, path)
    subject = audit_subjects.file_subject(name)
    previous = session.scalar(select(AuditRow.subject_digest).where(AuditRow.subject == subject)
                              .order_by(AuditRow.seq.desc()).limit(1))
    now = audit_subjects.file_digest(path)
    if previous == now:
        return None
    audit_chain.append(session, actor=actor, action="file.adopt", subject=subject,
                       subject_file=path, details={"file": name, "sha256": now,
                                                   "previous_sha256": previous})
    return subject
