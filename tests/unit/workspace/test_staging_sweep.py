"""A killed import or case-file import leaves a staging folder; opening the workspace sweeps
the folders of processes that are gone, never those of a live process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reviewer_app.services.workspace.folder import create_layout, open_workspace


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_dead_processes_are_swept(tmp_path: Path) -> None:
    ws = create_layout(tmp_path / "ws")
    (ws.paths.marker).write_text('{"format": 1}')
    staging = ws.paths.staging
    dead = staging / f"import-{_dead_pid()}-0011223344556677"
    (dead / "files").mkdir(parents=True)
    (dead / "files" / "evidence.eval").write_bytes(b"half written")
    live = staging / f"case-{os.getpid()}-8899aabbccddeeff"
    live.mkdir()
    foreign = staging / "notes.txt"  # not ours by name: left alone
    foreign.write_text("x")
    ws.close()
    with open_workspace(tmp_path / "ws") as reopened:
        assert sorted(p.name for p in reopened.paths.staging.iterdir()) == sorted(
            [live.name, foreign.name])
