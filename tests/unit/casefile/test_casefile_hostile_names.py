"""Case files get the package's rules for names safe on every platform and its
strict tar: a sender (or whoever altered the file) cannot slip a Windows device
name, a spoofing bidi control or data after the tar's end past the importer."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.services.workspace.folder import Workspace
from tests.support.casefile_world import rejected, spec_of


@pytest.mark.parametrize("name", ["letters/nul.txt", "letters/CON", "letters/a.",
                                  "letters/x.pdf:stream", "letters/report\u202efdp.exe",
                                  "letters/line\u2028two.pdf"])
def test_an_unsafe_name_in_the_case_manifest_is_refused(
        name: str, world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    def edit(obj: dict) -> None:  # type: ignore[type-arg]
        obj["files"].append({"path": name, "size": 1, "sha256": "0" * 64})
    error = rejected(ws_b, spec_of(world).variant(edit_manifest=edit).build(tmp_path / "x.case"),
                     "CASE_UNSAFE_PATH")
    assert "unsafe" in error.message


def test_data_after_the_end_of_the_tar_is_not_tar(world: dict[str, object], ws_b: Workspace,
                                                  tmp_path: Path) -> None:
    spec = spec_of(world).variant(edit_plaintext=lambda p: p + b"more members for another reader")
    error = rejected(ws_b, spec.build(tmp_path / "x.case"), "CASE_NOT_TAR")
    assert "follows the end-of-archive marker" in error.message
