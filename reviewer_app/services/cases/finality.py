"""What a received case file may never change here, and when a fast-forward is held back.

A fast-forward replaces the local records with the received ones. It is the
right thing only when the received history is the local one plus entries that
explain every change, and the local case is not final (docs/case-file-v1.md,
section 5.2). Otherwise the received version is kept beside the local case
as a linked copy, exactly as when both sides changed it. A case file about
another submission than the local case of its UUID is refused outright.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from reviewer_app.domain import casefile as cf
from reviewer_app.domain.casefile_provenance import (
    SUBMISSION_KEYS,
    RecordDifference,
    countersigning_only,
    is_final,
    superseding_only,
    unexplained,
)
from reviewer_app.domain.merge import changed_answers
from reviewer_app.errors import RejectedError
from reviewer_app.services.cases import records as rec
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage.models import CaseRow

# The one chain entry that is about items without naming one as its subject.
_UPGRADE_LISTS = ("carried", "reset", "added", "retired")


def check_same_submission(local: CaseRow, m: cf.CaseManifest) -> None:
    """``CASE_SUBMISSION_MISMATCH``: the file's case is this UUID, but another submission."""
    for key in SUBMISSION_KEYS:
        if getattr(local, key) != m.case.get(key):
            raise RejectedError("CASE_SUBMISSION_MISMATCH", f"the file names case {m.uuid} "
                                f"({local.reference} here), but its {key} is "
                                f"{m.case.get(key)!r}, not {getattr(local, key)!r}: one case "
                                "is about one submission")


def touched_records(entries: tuple[cf.CaseAuditEntry, ...], case_uuid: str) -> set[str]:
    """The records (``case``, ``determination``, ``letter:N``, ``item:ID``) entries are about."""
    out: set[str] = set()
    for e in entries:
        if e.subject:
            kind, _, key = e.subject.partition(":")
            owner, _, rest = key.partition("/")
            if owner == case_uuid:
                out.add(f"{kind}:{rest}" if rest else kind)
        if e.action == "checklist.upgrade":
            for name in _UPGRADE_LISTS:
                listed = e.details.get(name)
                if isinstance(listed, list):
                    out.update(f"item:{x}" for x in listed if isinstance(x, str))
    return out


def hold_back_reason(ws: Workspace, s: Session, local: CaseRow, m: cf.CaseManifest, common: int,
                     mine: list[dict[str, Any]], records: list[RecordDifference],
                     stage: Path) -> str:
    """Why a fast-forward must not overwrite ``local`` ("" when it may)."""
    if is_final(rec.to_record(local, rec.LOCAL_CASE_COLUMNS),
                [rec.to_record(x) for x in rec.letters_of(s, local)]):
        return f"{local.reference} is issued on this workstation, and an issued case is final"
    changed, missing = changed_answers(mine, list(m.checklist))
    if missing:
        return f"the file lacks item {missing[0]} of {local.reference}"
    touched = touched_records(m.audit[common:], m.uuid)
    for difference in records:
        if difference.record.startswith("letter:") and difference.local and not (
                superseding_only(difference) or (countersigning_only(difference)
                                                 and _extends(ws, s, local, stage, difference))):
            return f"the file replaces {difference.record.replace(':', ' version ')}"
    keys = [f"item:{key}" for key in changed] + [d.record for d in records]
    odd = unexplained(keys, touched)
    if odd:
        return f"the file changes {odd[0].replace(':', ' ')} without an audit entry about it"
    return ""


def _extends(ws: Workspace, s: Session, local: CaseRow, stage: Path,
             difference: RecordDifference) -> bool:
    """The received letter is the local PDF with a countersignature appended, byte for byte."""
    version = int(difference.record.partition(":")[2])
    row = next((x for x in rec.letters_of(s, local) if x.version == version), None)
    if row is None:
        return False
    try:
        mine = (ws.paths.cases / local.store_dir / "letters" / row.stored_name).read_bytes()
        theirs = stage.joinpath("letters", *row.stored_name.split("/")).read_bytes()
    except OSError:
        return False  # not the same stored name, or the local file is gone: not a countersigning
    return len(theirs) > len(mine) and theirs.startswith(mine)
