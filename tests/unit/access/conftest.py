"""The access tests' workspace: one made per module, copied fresh for each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.services.workspace.folder import Workspace
from tests.support.workspaces import WorkspaceTemplate, copy_workspace, make_template


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> WorkspaceTemplate:
    return make_template(tmp_path_factory.mktemp("template") / "ws")


@pytest.fixture
def ws(template: WorkspaceTemplate, tmp_path: Path) -> Iterator[Workspace]:
    with copy_workspace(template, tmp_path / "ws") as ws:
        yield ws
