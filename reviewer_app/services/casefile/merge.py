"""Merging a verified, staged case file into the workspace, and adopting answers.

Runs inside one unit of work: rows, the received audit entries (their case
hashes preserved) and the folder rename commit together or not at all. What
the two case chains say decides the outcome (``domain.merge``); nothing local
is ever overwritten unless the local history is a prefix of the incoming one,
the local case is not final and new entries explain every change
(``case_finality``); the file's people were checked first (``case_provenance``).
"""

from __future__ import annotations

import secrets
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.domain import casefile as cf
from reviewer_app.domain.casefile_provenance import RecordDifference, record_differences
from reviewer_app.domain.manifest import Manifest
from reviewer_app.domain.merge import (
    ANSWER_FIELDS,
    ItemDifference,
    MergeOutcome,
    decide,
    item_differences,
    next_copy_reference,
)
from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import IntegrityError, UsageError
from reviewer_app.formats.private_files import make_dirs
from reviewer_app.services.access import require_role
from reviewer_app.services.casefile.provenance import Provenance, check_actors
from reviewer_app.services.cases import check_same_submission, find_case_row, hold_back_reason
from reviewer_app.services.cases import records as rec
from reviewer_app.services.intake import pending_case_folder, place_case_folder
from reviewer_app.services.workspace import PENDING_MARK, Workspace
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import AuditRow, Base, CaseRow


@dataclass
class MergeDone:
    outcome: MergeOutcome
    case_uuid: str  # the case the received version now lives in (a copy when diverged)
    reference: str
    local_uuid: str | None = None  # the local case a diverged copy is linked to
    new_entries: int = 0
    differences: list[ItemDifference] = field(default_factory=list)
    already_kept: bool = False  # diverged, and this very version was kept before
    records: list[RecordDifference] = field(default_factory=list)  # case, determination, letters
    held_back: str = ""  # why a fast-forward was kept beside instead (issued here, ...)


class _FileMoves:
    """Renames done before the commit, undone if it fails."""

    def __init__(self) -> None:
        self.done: list[tuple[Path, Path]] = []  # (now at, came from)

    def move(self, src: Path, dst: Path) -> None:
        make_dirs(dst.parent)
        if dst.exists():
            backup = dst.with_name(f".{dst.name}.{secrets.token_hex(4)}.old")
            dst.replace(backup)
            self.done.append((backup, dst))
        src.replace(dst)
        self.done.append((dst, src))

    def undo(self) -> None:
        for now_at, came_from in reversed(self.done):
            if now_at.exists():
                now_at.replace(came_from)

    def forget_backups(self) -> None:
        for now_at, _ in self.done:
            if not now_at.name.endswith(".old"):
                continue
            if now_at.is_dir():
                shutil.rmtree(now_at, ignore_errors=True)
            else:
                now_at.unlink(missing_ok=True)


def merge(ws: Workspace, actor: Actor, m: cf.CaseManifest, submission: Manifest, stage: Path,
          origin: dict[str, Any], provenance: Provenance) -> MergeDone:
    moves = _FileMoves()
    committed = False
    try:
        with ws.uow() as s:
            done = _merge(ws, actor, s, m, submission, stage, origin, moves, provenance)
            # Outside the case's own chain: receiving a case is this workstation's business.
            audit_chain.append(s, actor=actor.username, action="case.import", details={
                **origin, "case": m.uuid, "outcome": done.outcome.value,
                "into": done.case_uuid, "reference": done.reference,
                "new_entries": done.new_entries,
                "differing_items": [d.item_id for d in done.differences],
                "differing_records": [d.record for d in done.records],
                "held_back": done.held_back or None})
        committed = True
    finally:
        if not committed:
            moves.undo()
    moves.forget_backups()
    for now_at, _ in moves.done:  # a new case's folder: its final name, once its rows are in
        if PENDING_MARK in now_at.name:
            place_case_folder(now_at)
    return done


def _merge(ws: Workspace, actor: Actor, s: Session, m: cf.CaseManifest, submission: Manifest,
           stage: Path, origin: dict[str, Any], moves: _FileMoves,
           provenance: Provenance) -> MergeDone:
    local = s.scalar(select(CaseRow).where(CaseRow.uuid == m.uuid))
    if local is not None:
        check_same_submission(local, m)  # a case file cannot move a case to another submission
    plan = decide(rec.chain_of(s, m.uuid) if local is not None else None, m.chain)
    check_actors(m, plan.common, provenance)  # nothing new that the file cannot speak for
    if local is None:
        row = _new_case(ws, s, m, submission, m.uuid, origin)
        _write_state(s, row, m)
        _append_received(s, row, m.audit)
        _cover(s, actor, row, case_uuid=None)
        moves.move(stage, pending_case_folder(ws, row.store_dir))
        return MergeDone(plan.outcome, row.uuid, row.reference, new_entries=len(m.audit))
    mine = [rec.item_record(r) for r in rec.items_of(s, local)]
    records = record_differences(rec.records(s, local), m.raw)
    outcome, held_back = plan.outcome, ""
    if outcome is MergeOutcome.FAST_FORWARD:
        held_back = hold_back_reason(ws, s, local, m, plan.common, mine, records, stage)
        if held_back:
            outcome = MergeOutcome.DIVERGED  # kept beside, never overwritten
    if outcome is MergeOutcome.FAST_FORWARD:
        _check_untampered(s, local)
        rec.apply_record(local, m.case, rec.LOCAL_CASE_COLUMNS | {"reference", "uuid"})
        _write_state(s, local, m)
        _append_received(s, local, m.audit[plan.common:])
        _cover(s, actor, local, case_uuid=None)
        for letter in m.letters:
            name = str(letter["stored_name"])
            moves.move(stage.joinpath("letters", *name.split("/")),
                       ws.paths.cases / local.store_dir / "letters" / name)
        return MergeDone(outcome, local.uuid, local.reference, new_entries=plan.new_entries)
    if outcome is not MergeOutcome.DIVERGED:
        return MergeDone(outcome, local.uuid, local.reference)
    differences = item_differences(mine, m.checklist)
    kept = _kept_copy(s, local, m.chain[-1])
    if kept is not None:
        return MergeDone(outcome, kept.uuid, kept.reference, local.uuid, 0, differences, True,
                         records, held_back)
    copy = _new_case(ws, s, m, submission, str(uuid.uuid4()), {
        **origin, "kind": "diverged-copy", "of": local.uuid, "incoming_head": m.chain[-1],
        "common_entries": plan.common, "incoming_audit": [e.to_json() for e in m.audit]},
        base_reference=local.reference)
    copy.linked_to = local.uuid
    _write_state(s, copy, m)
    _cover(s, actor, copy, case_uuid=copy.uuid)
    moves.move(stage, pending_case_folder(ws, copy.store_dir))
    return MergeDone(outcome, copy.uuid, copy.reference, local.uuid, plan.new_entries, differences,
                     False, records, held_back)


def _kept_copy(s: Session, local: CaseRow, head: str) -> CaseRow | None:
    for row in s.scalars(select(CaseRow).where(CaseRow.linked_to == local.uuid)):
        if isinstance(row.origin, dict) and row.origin.get("incoming_head") == head:
            return row
    return None


def _new_case(ws: Workspace, s: Session, m: cf.CaseManifest, submission: Manifest, case_uuid: str,
              origin: dict[str, Any], base_reference: str | None = None) -> CaseRow:
    row = CaseRow()
    rec.apply_record(row, m.case, rec.LOCAL_CASE_COLUMNS | {"linked_to"})
    row.uuid = case_uuid
    taken = set(s.scalars(select(CaseRow.reference)))
    if base_reference is not None or row.reference in taken:
        row.reference = next_copy_reference(base_reference or row.reference, taken)
    store_dir = case_uuid
    while (ws.paths.cases / store_dir).exists():
        store_dir = f"{case_uuid}-{secrets.token_hex(3)}"
    row.store_dir = store_dir
    row.origin = {**origin, "imported_at": datetime.now(UTC).isoformat(timespec="seconds")}
    s.add(row)
    s.flush()
    rec.insert_files(s, row.id, submission.files)
    return row


def _write_state(s: Session, case: CaseRow, m: cf.CaseManifest) -> None:
    rec.write_items(s, case, list(m.checklist))
    rec.write_notes(s, case, list(m.notes))
    rec.write_determination(s, case, m.determination)
    rec.write_letters(s, case, list(m.letters))
    s.flush()


def _subjects(s: Session, case: CaseRow) -> dict[str, Base]:
    out: dict[str, Base] = {audit_chain.case_subject(case.uuid): case}
    for item in rec.items_of(s, case):
        out[audit_chain.item_subject(case.uuid, item.item_id)] = item
    determination = rec.determination_of(s, case)
    if determination is not None:
        out[audit_chain.determination_subject(case.uuid)] = determination
    for letter in rec.letters_of(s, case):
        out[audit_chain.letter_subject(case.uuid, letter.version)] = letter
    return out


def _check_untampered(s: Session, case: CaseRow) -> None:
    """Refuse to build on rows changed behind the application's back (it would launder them)."""
    for subject, row in _subjects(s, case).items():
        latest = s.scalar(select(AuditRow.subject_digest).where(AuditRow.subject == subject)
                          .order_by(AuditRow.seq.desc()).limit(1))
        if latest is not None and latest != audit_chain.row_digest(row):
            raise IntegrityError("CASE_LOCAL_CHANGED", f"{subject} was changed outside the "
                                 "application; nothing was merged (see reviewer-app audit verify)")


def _append_received(s: Session, case: CaseRow, entries: tuple[cf.CaseAuditEntry, ...]) -> None:
    """The received entries, in order; the newest about each row carries its digest here."""
    rows = _subjects(s, case)
    last: dict[str, int] = {e.subject: i for i, e in enumerate(entries) if e.subject}
    for i, e in enumerate(entries):
        digest = e.subject_digest
        if e.subject and last[e.subject] == i and e.subject in rows and digest is not None:
            digest = audit_chain.row_digest(rows[e.subject])
        audit_chain.append_imported(
            s, at=e.at, actor=e.actor, action=e.action, case_uuid=case.uuid, subject=e.subject,
            subject_digest=digest, details=e.details, case_prev_hash=e.case_prev_hash,
            case_hash=e.case_hash)


def _cover(s: Session, actor: Actor, case: CaseRow, *, case_uuid: str | None) -> None:
    """An entry for every row the merge changed that no entry describes as it now is."""
    for subject, row in _subjects(s, case).items():
        latest = s.scalar(select(AuditRow.subject_digest).where(AuditRow.subject == subject)
                          .order_by(AuditRow.seq.desc()).limit(1))
        if latest != audit_chain.row_digest(row):
            audit_chain.append(s, actor=actor.username, action="case.merge_row", case_uuid=case_uuid,
                               subject=subject, subject_row=row, details={"case": case.uuid})


# --- after a divergence: compare and adopt -----------------------------------------


def _linked(s: Session, local_case: str, copy_case: str) -> tuple[CaseRow, CaseRow]:
    local, copy = find_case_row(s, local_case), find_case_row(s, copy_case)
    if copy.linked_to != local.uuid:
        raise UsageError("NOT_LINKED", f"{copy.reference} is not a received copy of {local.reference}")
    return local, copy


def case_differences(ws: Workspace, local_case: str, copy_case: str) -> list[ItemDifference]:
    """Items whose answers differ between a case and its linked (diverged) copy."""
    with ws.reader() as s:
        local, copy = _linked(s, local_case, copy_case)
        return item_differences([rec.item_record(r) for r in rec.items_of(s, local)],
                                [rec.item_record(r) for r in rec.items_of(s, copy)])


def adopt_item(ws: Workspace, actor: Actor, local_case: str, copy_case: str,
               item_id: str) -> list[ItemDifference]:
    """Make the copy's answer to ``item_id`` the local case's, as an audited change.

    Returns the differences that remain. Keeping the local answer needs no action.
    """
    from reviewer_app.services.checklist import add_history, audit_item, item_row

    require_role(ws, actor, Role.REVIEWER, Role.SUPERVISOR, action="adopting a received answer")
    with ws.uow() as s:
        local, copy = _linked(s, local_case, copy_case)
        source, target = item_row(s, copy, item_id), item_row(s, local, item_id)
        changes: dict[str, Any] = {f: [getattr(target, f), getattr(source, f)]
                                   for f in ANSWER_FIELDS if getattr(target, f) != getattr(source, f)}
        if changes:
            for key, (_old, new) in changes.items():
                setattr(target, key, new)
            stamp = datetime.now(UTC)
            target.updated_at, target.updated_by = stamp, actor.username
            s.flush()
            changes["note"] = f"adopted the answer received in {copy.reference}"
            add_history(s, target, actor, changes, stamp)
            audit_item(s, actor, "checklist.adopt", local, target,
                       {"changes": changes, "from": copy.uuid})
    return case_differences(ws, local_case, copy_case)
