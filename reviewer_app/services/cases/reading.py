"""Reading cases: the case table and one case. Returns domain dataclasses.

The case table is read through ``storage.fast_read`` (stdlib ``sqlite3``), so
the window's first list does not wait for SQLAlchemy to load; one case with
its files is read through the ORM.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.domain.case import Case, CaseStatus, StoredFile
from reviewer_app.errors import UsageError
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import fast_read

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from reviewer_app.storage.models import CaseRow


def to_case(row: CaseRow, *, with_files: bool = False) -> Case:
    files = (
        tuple(StoredFile(f.path, f.size, f.sha256, f.media_type, f.role) for f in row.files)
        if with_files
        else ()
    )
    return Case(
        id=row.id,
        uuid=row.uuid,
        reference=row.reference,
        package_id=row.package_id,
        status=CaseStatus(row.status),
        received_at=row.received_at,
        window_end=row.window_end,
        model_name=row.model_name,
        model_version=row.model_version,
        organization=row.organization,
        manifest_sha256=row.manifest_sha256,
        linked_to=row.linked_to,
        files=files,
    )


def list_cases(ws: Workspace) -> list[Case]:
    """Every case, newest first, without its files (the same ``Case`` values as ``to_case``)."""
    return fast_read.cases(ws.paths.db)


def find_case_row(session: Session, key: str) -> CaseRow:
    """A case by reference (``FMR-2026-0007``), UUID, or local number."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from reviewer_app.storage.models import CaseRow

    query = select(CaseRow).options(selectinload(CaseRow.files))
    row = session.scalar(query.where(CaseRow.reference == key))
    if row is None:
        row = session.scalar(query.where(CaseRow.uuid == key))
    if row is None and key.isdigit():
        row = session.scalar(query.where(CaseRow.id == int(key)))
    if row is None:
        raise UsageError("NO_SUCH_CASE", f"there is no case '{key}'")
    return row


def get_case(ws: Workspace, key: str) -> Case:
    with ws.reader() as s:
        return to_case(find_case_row(s, key), with_files=True)
