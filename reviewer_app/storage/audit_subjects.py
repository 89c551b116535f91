"""What the audit trail covers: the subjects it names, and each subject's current digest.

Everything that grants or records trust is a *subject*: users (roles,
password hashes, credential bindings), workspace settings, cases and the
checklist items, determinations and letters under them (rows), and the files
that decide whom the workstation trusts and by which rules (trust anchors,
CRLs, signing credentials, the policy profile, the office's checklist
templates). Each entry about a subject carries the subject's digest as the
action left it; ``audit verify`` compares every subject present now with the
newest entry about it, and reports a subject that no entry accounts for.

Subject names use stable keys (case UUIDs, item ids, user names, paths
relative to the workspace), never local integer ids.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, object_session

from reviewer_app.domain.audit import digest
from reviewer_app.storage.models import (
    DIGEST_NEUTRAL,
    Base,
    CaseFileRow,
    CaseRow,
    ChecklistItemRow,
    DeterminationRow,
    LetterRow,
    NoteRow,
    RemoteUserRow,
    SettingRow,
    UserRow,
)

# The chain's own head is kept in settings; it is checked against the chain itself.
HEAD_KEY = "audit_head"

# Workspace files that grant trust, by folder (every file in it) and by name.
COVERED_FOLDERS = ("trust/submitters", "trust/office", "trust/crl", "keys/users", "checklists")
COVERED_FILES = ("policy.toml", "keys/workstation.age")


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
    """A person of another workstation whose signatures this one accepts (docs/case-file-v1.md)."""
    return f"remote_user:{username}"


def setting_subject(key: str) -> str:
    return f"setting:{key}"


def file_subject(relative: str) -> str:
    """A workspace file, by its path relative to the workspace (forward slashes)."""
    return f"file:{relative}"


def row_digest(row: Base) -> str:
    """Digest of a row as the audit trail covers it: its own columns and, for a case
    and a checklist item, the rows that hang under it and have no entries of their own.

    A case's digest also covers its stored-file list (path, size, SHA-256: what
    every document is hashed against again when opened) and its notes; an item's
    covers its history. Those rows are written in bulk (up to 100,000 files per
    case) or with every save, so one entry per row would swamp the trail; folding
    them into the row they belong to means an edit to any of them shows as an
    edit of that case or item. Entries written before this rule are re-covered
    once by migration 0005 (``audit_adopt.recover_changed_scheme``).
    """
    base = columns_digest(row)
    extra = _owned_rows_digest(row)
    return base if extra is None else digest({"row": base, "owned": extra})


def columns_digest(row: Base) -> str:
    """Digest of a row's own columns (not its local integer keys).

    A column added by a later migration is left out while it holds the value
    that migration gave existing rows (``Column.info[DIGEST_NEUTRAL]``): the
    digests recorded before an upgrade still match the upgraded rows, and a row
    digests the same on workstations with older and newer schemas. It stays
    tamper-evident: the column is left out exactly when it holds that value, so
    any other value (or a change back to it) changes the digest.
    ``storage.fast_read.user_row_digest`` computes the same for a ``users`` row
    without SQLAlchemy (sign-in); ``tests/unit/storage/test_fast_read.py`` keeps them equal.
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


def _owned_rows_digest(row: Base) -> str | None:
    """The rows under a case (files, notes) or an item (history), or None for other rows."""
    session = object_session(row)
    if isinstance(row, ChecklistItemRow):
        return digest([columns_digest(h) for h in row.history])
    if not isinstance(row, CaseRow) or session is None or row.id is None:
        return None
    files = hashlib.sha256()
    for path, size, sha256, media_type, role in session.execute(
            select(CaseFileRow.path, CaseFileRow.size, CaseFileRow.sha256,
                   CaseFileRow.media_type, CaseFileRow.role)
            .where(CaseFileRow.case_id == row.id).order_by(CaseFileRow.path)):
        files.update(json.dumps([path, size, sha256, media_type, role]).encode() + b"\n")
    notes = [columns_digest(n) for n in session.scalars(
        select(NoteRow).where(NoteRow.case_id == row.id).order_by(NoteRow.at, NoteRow.id))]
    return digest({"files": files.hexdigest(), "notes": notes})


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (what ``sha256sum`` prints)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def relative_name(root: Path, path: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def resolve_row(session: Session, subject: str) -> Base | None:
    """The row a row subject names now; None when it is gone (or names no row)."""
    kind, _, key = subject.partition(":")
    if kind == "case":
        return session.scalar(select(CaseRow).where(CaseRow.uuid == key))
    if kind == "user":
        return session.scalar(select(UserRow).where(UserRow.username == key))
    if kind == "remote_user":
        return session.scalar(select(RemoteUserRow).where(RemoteUserRow.username == key))
    if kind == "setting":
        return session.get(SettingRow, key)
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
    if kind == "letter" and rest.isdigit():
        return session.scalar(
            select(LetterRow).where(LetterRow.case_id == case.id, LetterRow.version == int(rest))
        )
    return None


def current_digest(session: Session, root: Path | None, subject: str) -> str | None:
    """The subject's digest as it is now; None when it does not exist.

    File subjects are only looked at with a workspace ``root``; without one
    they count as unchanged (``missing`` is never claimed for them).
    """
    if subject.startswith("file:"):
        if root is None:
            raise LookupError(subject)
        path = (root / subject.removeprefix("file:")).resolve()
        if root.resolve() not in path.parents:  # a subject naming a file elsewhere: never read
            return None
        return file_digest(path) if path.is_file() else None
    row = resolve_row(session, subject)
    return None if row is None else row_digest(row)


def present_subjects(session: Session, root: Path | None) -> Iterator[str]:
    """Every subject that exists now: each covered row, and each covered file under ``root``."""
    yield from (case_subject(u) for u in session.scalars(select(CaseRow.uuid)))
    yield from (user_subject(n) for n in session.scalars(select(UserRow.username)))
    yield from (remote_user_subject(n) for n in session.scalars(select(RemoteUserRow.username)))
    for key in session.scalars(select(SettingRow.key).where(SettingRow.key != HEAD_KEY)):
        yield setting_subject(key)
    for case_uuid, item_id in session.execute(
        select(CaseRow.uuid, ChecklistItemRow.item_id).join(
            CaseRow, CaseRow.id == ChecklistItemRow.case_id
        )
    ):
        yield item_subject(case_uuid, item_id)
    for (case_uuid,) in session.execute(
        select(CaseRow.uuid).join(DeterminationRow, DeterminationRow.case_id == CaseRow.id)
    ):
        yield determination_subject(case_uuid)
    for case_uuid, version in session.execute(
        select(CaseRow.uuid, LetterRow.version).join(LetterRow, LetterRow.case_id == CaseRow.id)
    ):
        yield letter_subject(case_uuid, version)
    if root is not None:
        yield from (file_subject(name) for name in covered_files(root))


def covered_files(root: Path) -> list[str]:
    """The covered files that exist under ``root``, relative to it."""
    out = [name for name in COVERED_FILES if (root / name).is_file()]
    for folder in COVERED_FOLDERS:
        path = root / folder
        if path.is_dir():
            out.extend(f"{folder}/{p.name}" for p in sorted(path.iterdir()) if p.is_file())
    return out
