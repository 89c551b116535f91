"""A case file from workstation A and a fresh workstation B to import it: the rejection tests' world."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.errors import RejectedError
from reviewer_app.services.casefile.exporting import export_case
from reviewer_app.services.casefile.importing import import_case
from reviewer_app.services.workspace.folder import Workspace, open_workspace
from tests.support import casefiles as F
from tests.support.packages import make_test_pki


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("casefiles")
    submitters, office = make_test_pki(), F.make_office_pki()
    a = F.make_workstation(root / "A", submitters, office)
    b = F.make_workstation(root / "B", submitters, office)
    with a.open() as ws:
        ref = F.import_sample_case(ws, submitters, a.recipient, a.identity, root)
        good = export_case(ws, F.REVIEWER, ref, root / "good.case", recipients=[b.recipient],
                           case_file_passphrase=None, credential_passphrase=F.CREDENTIAL).path
    members = F.read_members(good, [b.identity])
    spec = F.CaseFileSpec(members, office.reviewer, [office.ca.cert], [b.recipient])
    return {"b": b, "spec": spec, "office": office, "good": good, "ref": ref}


@pytest.fixture
def ws_b(world: dict[str, object], tmp_path: Path) -> Iterator[Workspace]:
    b = world["b"]
    assert isinstance(b, F.Workstation)
    shutil.copytree(b.root, tmp_path / "B")
    ws = open_workspace(tmp_path / "B")
    yield ws
    ws.close()


def spec_of(world: dict[str, object]) -> F.CaseFileSpec:
    spec = world["spec"]
    assert isinstance(spec, F.CaseFileSpec)
    return spec


def rejected(ws: Workspace, path: Path, code: str, *, passphrase: str | None = None,
             workstation: str | None = F.PASSPHRASE) -> RejectedError:
    before = F.snapshot(ws)
    actions = F.audit_actions(ws)
    with pytest.raises(RejectedError) as info:
        import_case(ws, F.REVIEWER, path, workstation_passphrase=workstation, case_file_passphrase=passphrase)
    assert info.value.code == code, info.value.message
    assert F.snapshot(ws) == before
    assert F.audit_actions(ws) == [*actions, "case.rejected"]
    assert not any(ws.paths.staging.iterdir())
    return info.value
