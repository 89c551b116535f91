"""Small pieces of the package import: identity, policy values, references, audit, rename."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer_app.domain.users import Actor
from reviewer_app.errors import ReviewerError
from reviewer_app.formats.policy import load_policy
from reviewer_app.services.workspace import PENDING_MARK, Workspace
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import CaseRow


@dataclass(frozen=True)
class PolicyValues:
    office_prefix: str = "FMR"
    review_window_days: int = 30


def policy_values(ws: Workspace) -> PolicyValues:
    """The two policy values an import needs (office prefix, review window)."""
    policy = load_policy(ws.paths.policy)
    return PolicyValues(str(policy.office_prefix), int(policy.review_window_days))


def next_reference_sequence(s: Session, prefix: str, year: int) -> int:
    stem = f"{prefix}-{year}-"
    refs = s.scalars(select(CaseRow.reference).where(CaseRow.reference.startswith(stem)))
    numbers = [int(r[len(stem):]) for r in refs if r[len(stem):].isdigit()]
    return max(numbers, default=0) + 1


def record_rejection(ws: Workspace, actor: Actor, path: Path, error: ReviewerError) -> None:
    """The rejection's audit entry, in its own unit of work (nothing else survives)."""
    action = "package.cancelled" if error.code == "CANCELLED" else "package.rejected"
    with ws.uow() as s:
        audit_chain.append(s, actor=actor.username, action=action,
                           details={"package": path.name, "code": error.code,
                                    "message": error.message})


def pending_case_folder(ws: Workspace, store_dir: str) -> Path:
    """Where a new case's folder waits for its rows' commit: ``<store_dir>.pending-<pid>``.

    Named after this process, so that the sweep at opening
    (``workspace.sweep_case_store``) tells the leftover of a killed process
    (removed, or finished when its rows did commit) from work still under way.
    """
    return ws.paths.cases / f"{store_dir}{PENDING_MARK}{os.getpid()}"


def commit_case_folder(stage: Path, pending: Path) -> None:
    """Rename the staged folder to its pending name in the case store, just before the commit.

    Same file system (both under ``store/``), so the folder appears whole or not
    at all; if the commit then fails the caller removes it again, and once it
    succeeded ``place_case_folder`` gives it its final name.
    """
    final = final_name(pending)
    if final.exists() or pending.exists():
        raise ReviewerError("IMPORT_IO", f"the case folder {final.name} already exists")
    stage.replace(pending)


def final_name(pending: Path) -> Path:
    return pending.with_name(pending.name.split(PENDING_MARK)[0])


def place_case_folder(pending: Path) -> None:
    """After the commit: the pending folder takes the name its row gives. Should this
    process die first (or the rename fail), the next opening of the workspace does it."""
    with contextlib.suppress(OSError):
        pending.replace(final_name(pending))


def remove_case_folder(final: Path) -> None:
    remove_tree(final)


def remove_tree(root: Path) -> None:
    """Delete ``root`` and everything below it, quietly, in constant memory.

    ``shutil.rmtree`` lists a whole folder before deleting it: for a staging
    folder of 100,000 files that list alone added about 15 MiB to the import's peak.
    Links are removed, never followed.
    """
    with contextlib.suppress(OSError):
        _remove_below(root)
        root.rmdir()


def _remove_below(folder: Path) -> None:
    for _ in range(3):  # a file system may skip entries deleted while it lists: look again
        with os.scandir(folder) as entries:
            found = False
            for entry in entries:
                found = True
                path = Path(entry.path)
                if entry.is_dir(follow_symlinks=False):
                    _remove_below(path)
                    path.rmdir()
                else:
                    path.unlink()
        if not found:
            return
