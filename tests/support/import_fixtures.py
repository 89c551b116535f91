"""Fixtures for package tests: a session PKI and workspace template, a fresh copy per test.

Import the fixtures into a ``conftest.py`` (or a test module) to use them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import SettingRow
from tests.support.packages import PackageSpec, SubmitterPki, make_test_pki
from tests.support.workspaces import WorkspaceTemplate, copy_workspace, make_template


@pytest.fixture(scope="session")
def test_pki() -> SubmitterPki:
    return make_test_pki()


@pytest.fixture(scope="session")
def ws_template(tmp_path_factory: pytest.TempPathFactory, test_pki: SubmitterPki) -> WorkspaceTemplate:
    return make_template(tmp_path_factory.mktemp("template") / "ws", test_pki.anchors())


@pytest.fixture
def ws(ws_template: WorkspaceTemplate, tmp_path: Path) -> Iterator[Workspace]:
    workspace = copy_workspace(ws_template, tmp_path / "ws")
    yield workspace
    workspace.close()


@pytest.fixture
def spec(test_pki: SubmitterPki, ws_template: WorkspaceTemplate) -> PackageSpec:
    return PackageSpec(test_pki, ws_template.recipient)


def set_limits(ws: Workspace, **limits: int) -> None:
    with ws.uow() as s:
        row = s.merge(SettingRow(key="limits", value=limits))
        audit_chain.append(s, actor="system", action="setting.change",
                           subject=audit_chain.setting_subject("limits"), subject_row=row)
