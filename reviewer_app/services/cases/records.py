"""A case's rows as the JSON records of a case file, and back.

Column by column through the mapper, so a column added by a later migration
travels without a change here. Workspace-local columns never travel: integer
keys, foreign keys, and the ones named in ``LOCAL_CASE_COLUMNS``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import Session

from reviewer_app.domain.casefile import CaseAuditEntry
from reviewer_app.domain.manifest import FileEntry
from reviewer_app.errors import RejectedError
from reviewer_app.storage.models import (
    AuditRow,
    Base,
    CaseFileRow,
    CaseRow,
    ChecklistHistoryRow,
    ChecklistItemRow,
    DeterminationRow,
    LetterRow,
    NoteRow,
)
from reviewer_app.storage.types import ISODate, UTCDateTime

_FILE_BATCH = 2_000

# store_dir: this workstation's folder name; origin: how the case came here.
LOCAL_CASE_COLUMNS = frozenset({"store_dir", "origin"})


def _local(column: Any) -> bool:
    return bool(column.primary_key and column.key in ("id", "seq")) or bool(column.foreign_keys)


def to_record(row: Base, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in inspect(type(row)).columns:
        if _local(column) or column.key in exclude:
            continue
        value = getattr(row, column.key)
        out[column.key] = value.isoformat() if isinstance(value, date | datetime) else value
    return out


def apply_record(row: Base, record: dict[str, Any], exclude: frozenset[str] = frozenset()) -> None:
    """Set ``row``'s portable columns from ``record`` (absent keys keep the column default)."""
    for column in inspect(type(row)).columns:
        if _local(column) or column.key in exclude or column.key not in record:
            continue
        value = record[column.key]
        try:
            if value is not None and isinstance(column.type, UTCDateTime):
                value = datetime.fromisoformat(value)
                if value.tzinfo is None:
                    raise ValueError("no offset")
            elif value is not None and isinstance(column.type, ISODate):
                value = date.fromisoformat(value)
        except (TypeError, ValueError):
            raise RejectedError("CASE_MANIFEST_INVALID", f"{column.key}: {value!r} is not a "
                                "valid date or instant") from None
        setattr(row, column.key, value)


def items_of(session: Session, case: CaseRow) -> list[ChecklistItemRow]:
    return list(session.scalars(select(ChecklistItemRow).where(ChecklistItemRow.case_id == case.id)
                                .order_by(ChecklistItemRow.position, ChecklistItemRow.id)))


def item_record(row: ChecklistItemRow) -> dict[str, Any]:
    record = to_record(row)
    record["history"] = [{"at": h.at.isoformat(), "actor": h.actor, "changes": h.changes}
                         for h in row.history]
    return record


def notes_of(session: Session, case: CaseRow) -> list[NoteRow]:
    return list(session.scalars(select(NoteRow).where(NoteRow.case_id == case.id)
                                .order_by(NoteRow.at, NoteRow.id)))


def determination_of(session: Session, case: CaseRow) -> DeterminationRow | None:
    return session.scalar(select(DeterminationRow).where(DeterminationRow.case_id == case.id))


def letters_of(session: Session, case: CaseRow) -> list[LetterRow]:
    return list(session.scalars(select(LetterRow).where(LetterRow.case_id == case.id)
                                .order_by(LetterRow.version)))


def audit_of(session: Session, case_uuid: str) -> list[CaseAuditEntry]:
    import json

    rows = session.scalars(select(AuditRow).where(AuditRow.case_uuid == case_uuid)
                           .order_by(AuditRow.seq))
    return [CaseAuditEntry(r.at, r.actor, r.action, r.subject, r.subject_digest,
                           json.loads(r.details), r.case_prev_hash or "", r.case_hash or "")
            for r in rows]


def chain_of(session: Session, case_uuid: str) -> list[str]:
    return [h or "" for h in session.scalars(
        select(AuditRow.case_hash).where(AuditRow.case_uuid == case_uuid).order_by(AuditRow.seq))]


def records(session: Session, case: CaseRow) -> dict[str, Any]:
    """The case's portable state: the manifest sections other than files and audit."""
    determination = determination_of(session, case)
    return {
        "case": to_record(case, LOCAL_CASE_COLUMNS),
        "checklist": [item_record(r) for r in items_of(session, case)],
        "notes": [to_record(n) for n in notes_of(session, case)],
        "determination": to_record(determination) if determination is not None else None,
        "letters": [to_record(x) for x in letters_of(session, case)],
    }


def write_items(session: Session, case: CaseRow, items: list[dict[str, Any]]) -> None:
    """Make the case's items and their histories exactly ``items`` (by item_id)."""
    existing = {r.item_id: r for r in items_of(session, case)}
    for record in items:
        row = existing.get(record["item_id"])
        if row is None:
            row = ChecklistItemRow(case_id=case.id)
            session.add(row)
        apply_record(row, record)
        row.history.clear()
        session.flush()
        for h in record.get("history", []):
            row.history.append(ChecklistHistoryRow(
                item_row_id=row.id, at=datetime.fromisoformat(h["at"]), actor=h["actor"],
                changes=h["changes"]))
    session.flush()


def write_notes(session: Session, case: CaseRow, notes: list[dict[str, Any]]) -> None:
    for row in notes_of(session, case):
        session.delete(row)
    for record in notes:
        note = NoteRow(case_id=case.id)
        apply_record(note, record)
        session.add(note)


def write_determination(session: Session, case: CaseRow, record: dict[str, Any] | None) -> None:
    row = determination_of(session, case)
    if record is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = DeterminationRow(case_id=case.id)
        session.add(row)
    apply_record(row, record)


def write_letters(session: Session, case: CaseRow, letters: list[dict[str, Any]]) -> None:
    existing = {r.version: r for r in letters_of(session, case)}
    for record in letters:
        row = existing.get(record["version"])
        if row is None:
            row = LetterRow(case_id=case.id)
            session.add(row)
        apply_record(row, record)
    session.flush()


def insert_files(s: Session, case_id: int, entries: Sequence[FileEntry]) -> None:
    """A case's file rows, as plain inserts in batches: an ORM object per file took
    about 3.7 KB (a 100,000-file package peaked at 540 MiB); a batch stays small."""
    for start in range(0, len(entries), _FILE_BATCH):
        s.execute(insert(CaseFileRow), [
            {"case_id": case_id, "path": f.path, "size": f.size, "sha256": f.sha256,
             "media_type": f.media_type, "role": f.role}
            for f in entries[start:start + _FILE_BATCH]])
