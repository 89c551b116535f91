"""The case store against its rows: files without rows and rows without files.

``audit verify`` runs this beside the chain check. Opening the workspace has
already swept what a crash leaves (``workspace.sweep_case_store``), so what
is found here was made by hand or lost:

- *missing*: a case row without its folder, a ``case_files`` row without its
  file, a letter row without its PDF. The record names something that is not
  there: ``audit verify`` exits 4.
- *unreferenced*: a case folder no row names (other than one a live process
  is still importing), a file under a case's ``submission/files`` or
  ``letters`` that no row names. Reported, and it fails the check as well:
  nothing the application writes is left that way once a workspace was
  opened, so it is somebody's doing. A letter written by a signing killed
  before its commit is the one exception (reported as ``unfinished``, not a
  failure: the next signing of that version replaces it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from reviewer_app.services.workspace import PENDING_MARK, Workspace, process_alive
from reviewer_app.storage.models import CaseFileRow, CaseRow, LetterRow


@dataclass(frozen=True)
class StoreProblem:
    kind: str  # "missing", "unreferenced" or "unfinished"
    path: str  # relative to the workspace
    reason: str

    @property
    def fails(self) -> bool:
        return self.kind != "unfinished"


def check_store(ws: Workspace) -> list[StoreProblem]:
    """Every disagreement between ``store/cases`` and the rows, in path order."""
    store = ws.paths.cases
    with ws.reader() as s:
        folders: dict[int, str] = {i: d for i, d in s.execute(
            select(CaseRow.id, CaseRow.store_dir))}
        files: dict[int, set[str]] = {i: set() for i in folders}
        for case_id, path in s.execute(select(CaseFileRow.case_id, CaseFileRow.path)):
            files[case_id].add(path)
        letters: dict[int, set[str]] = {i: set() for i in folders}
        for case_id, name in s.execute(select(LetterRow.case_id, LetterRow.stored_name)):
            letters[case_id].add(name)
    problems: list[StoreProblem] = []
    names = set(folders.values())
    for entry in sorted(os.scandir(store) if store.is_dir() else [], key=lambda e: e.name):
        _, pending, pid = entry.name.partition(PENDING_MARK)
        if entry.name not in names and not (pending and pid.isdigit() and process_alive(int(pid))):
            problems.append(_problem(ws, "unreferenced", store / entry.name,
                                     "no case row names this folder"))
    for case_id, store_dir in sorted(folders.items(), key=lambda kv: kv[1]):
        folder = store / store_dir
        if not folder.is_dir():
            if not any(store.glob(f"{store_dir}{PENDING_MARK}*")):  # else: being named now
                problems.append(_problem(ws, "missing", folder, "the case row's folder is missing"))
            continue
        problems += _compare(ws, folder / "submission" / "files", files[case_id],
                             "case_files", "unreferenced")
        problems += _compare(ws, folder / "letters", letters[case_id], "letters", "unfinished")
    return problems


def _compare(ws: Workspace, root: Path, expected: set[str], table: str,
             extra_kind: str) -> list[StoreProblem]:
    found = set(_files_below(root))
    out = [_problem(ws, "missing", root / p, f"its {table} row names a file that is missing")
           for p in sorted(expected - found)]
    out += [_problem(ws, extra_kind, root / p, f"no {table} row names this file")
            for p in sorted(found - expected)]
    return out


def _files_below(root: Path) -> list[str]:
    """Relative POSIX paths of the files below ``root`` (links count as files, never followed)."""
    out: list[str] = []
    if not root.is_dir():
        return out
    for folder, dirs, names in os.walk(root):
        base = Path(folder).relative_to(root)
        out += [(base / n).as_posix() for n in names]
        out += [(base / d).as_posix() for d in dirs if Path(folder, d).is_symlink()]
    return out


def _problem(ws: Workspace, kind: str, path: Path, reason: str) -> StoreProblem:
    return StoreProblem(kind, path.relative_to(ws.root).as_posix(), reason)
