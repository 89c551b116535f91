"""The import's progress counts the package's files as they are stored (it said "0 files")."""

from __future__ import annotations

import os
import re
from pathlib import Path

from reviewer_app.domain.progress import ProgressEvent
from reviewer_app.services.intake.package_import import import_package
from reviewer_app.services.workspace.folder import Workspace
from tests.support.packages import PackageSpec
from tests.support.workspaces import REVIEWER, WorkspaceTemplate

PART = 5 << 20  # more than one progress step (4 MiB) per file


def test_progress_counts_files_one_by_one(ws: Workspace, spec: PackageSpec,
                                          ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    files = {f"evidence/part{n}.bin": os.urandom(PART) for n in (1, 2, 3)}
    path = spec.variant(files=files).build(tmp_path / "parts.subpkg")
    events: list[ProgressEvent] = []
    import_package(ws, REVIEWER, path, identity=ws_template.identity, progress=events.append)
    counted = [re.match(r"file (\d+) of (\d+) · (.*)", e.detail) for e in events]
    seen = [(int(m[1]), int(m[2]), m[3]) for m in counted if m]
    assert {total for _n, total, _path in seen} == {3}
    numbers = [n for n, _total, _path in seen]
    assert numbers == sorted(numbers) and numbers[0] == 1 and numbers[-1] == 3
    assert all(f"part{n}.bin" in where for n, _total, where in seen)  # the counter names its file
    assert events[-1].detail == "3 files verified"
    assert not any(e.detail.startswith("0 files") for e in events)
