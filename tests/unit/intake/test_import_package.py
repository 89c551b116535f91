"""Importing a good package: the case, its files, its audit entry; twice; conflicts; cancel."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from reviewer_app.domain.progress import CancelToken, ProgressEvent
from reviewer_app.errors import CancelledError, NotPermittedError, RejectedError
from reviewer_app.services.intake.package_import import import_package
from reviewer_app.services.workspace.folder import Workspace
from reviewer_app.storage import audit_chain, audit_verify
from reviewer_app.storage.models import CaseRow
from tests.support.packages import DEFAULT_FILES, PackageSpec
from tests.support.workspaces import PASSPHRASE, REVIEWER, WorkspaceTemplate


def _actions(ws: Workspace) -> list[str]:
    with ws.reader() as s:
        return [e.action for e in audit_chain.entries(s)]


def test_a_good_package_becomes_a_received_case(ws: Workspace, spec: PackageSpec, tmp_path: Path) -> None:
    path = spec.build(tmp_path / "good.subpkg")
    events: list[ProgressEvent] = []
    result = import_package(ws, REVIEWER, path, workstation_passphrase=PASSPHRASE, progress=events.append)
    case = result.case
    assert result.status == "imported"
    assert case.status.value == "received"
    assert case.reference.startswith("FMR-") and case.reference.endswith("-0001")
    assert (case.window_end - case.received_at.date()).days == 30
    assert case.organization == "Example AI Labs, Inc." and case.model_name == "Example-7"
    assert {f.path for f in case.files} == set(DEFAULT_FILES)
    store = ws.paths.cases / case.uuid / "submission"
    for name, data in DEFAULT_FILES.items():
        assert (store / "files" / name).read_bytes() == data
    assert hashlib.sha256((store / "manifest.json").read_bytes()).hexdigest() == case.manifest_sha256
    assert list(ws.paths.staging.iterdir()) == []
    assert events and events[-1].done == events[-1].total
    with ws.reader() as s:
        row = s.query(CaseRow).one()
        assert row.checks["organization_match"] is True and row.checks["files_verified"] == 3
        assert row.signer["organization"] == "Example AI Labs, Inc."
        assert "Test Submitter Root CA" in row.signer["anchor"]
        entry = next(e for e in audit_chain.entries(s) if e.action == "package.imported")
        assert entry.subject == audit_chain.case_subject(case.uuid)
        assert audit_verify.verify_chain(s).ok


def test_references_count_up_within_the_year(ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate,
                                             tmp_path: Path) -> None:
    first = import_package(ws, REVIEWER, spec.build(tmp_path / "a.subpkg"), identity=ws_template.identity)
    second = import_package(ws, REVIEWER, spec.variant(package_id="second").build(tmp_path / "b.subpkg"),
                            identity=ws_template.identity)
    assert first.case.reference[-4:] == "0001" and second.case.reference[-4:] == "0002"


def test_the_same_package_twice_is_already_imported_and_creates_nothing(
        ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    spec.package_id = "6f1c2a52-0d4e-4a43-9a8f-3c1f0e0a2b11"
    path = spec.build(tmp_path / "p.subpkg")
    first = import_package(ws, REVIEWER, path, identity=ws_template.identity)
    again = import_package(ws, REVIEWER, path, identity=ws_template.identity)
    assert again.status == "already-imported" and again.case.uuid == first.case.uuid
    with ws.reader() as s:
        assert s.query(CaseRow).count() == 1
    assert [p.name for p in ws.paths.cases.iterdir()] == [first.case.uuid]
    assert list(ws.paths.staging.iterdir()) == []


def test_the_same_package_id_with_other_bytes_is_a_conflict(
        ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    spec.package_id = "6f1c2a52-0d4e-4a43-9a8f-3c1f0e0a2b11"
    import_package(ws, REVIEWER, spec.build(tmp_path / "p1.subpkg"), identity=ws_template.identity)

    def other_version(obj: dict) -> None:  # type: ignore[type-arg]
        obj["model"]["version"] = "2026-11-rc3"

    changed = spec.variant(edit_manifest=other_version).build(tmp_path / "p2.subpkg")
    with pytest.raises(RejectedError) as exc:
        import_package(ws, REVIEWER, changed, identity=ws_template.identity)
    assert exc.value.code == "PKG_CONFLICT"
    assert "6f1c2a52-0d4e-4a43-9a8f-3c1f0e0a2b11" in exc.value.message
    with ws.reader() as s:
        assert s.query(CaseRow).count() == 1
    assert len(list(ws.paths.cases.iterdir())) == 1 and list(ws.paths.staging.iterdir()) == []
    assert _actions(ws)[-1] == "package.rejected"


def test_cancel_leaves_nothing_but_the_audit_entry(
        ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    spec.files = {"big.bin": bytes(9 << 20), "small.txt": b"x"}
    token = CancelToken()

    def cancel_midway(event: ProgressEvent) -> None:
        if event.done > (4 << 20):
            token.cancel()

    with pytest.raises(CancelledError):
        import_package(ws, REVIEWER, spec.build(tmp_path / "c.subpkg"),
                       identity=ws_template.identity, progress=cancel_midway, cancel=token)
    with ws.reader() as s:
        assert s.query(CaseRow).count() == 0
    assert list(ws.paths.staging.iterdir()) == [] and list(ws.paths.cases.iterdir()) == []
    assert _actions(ws)[-1] == "package.cancelled"


def test_a_wrong_passphrase_is_refused_and_audited(ws: Workspace, spec: PackageSpec, tmp_path: Path) -> None:
    with pytest.raises(NotPermittedError):
        import_package(ws, REVIEWER, spec.build(tmp_path / "p.subpkg"), workstation_passphrase="nope")
    assert _actions(ws)[-1] == "package.rejected"


def test_unknown_keys_are_kept(ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate,
                               tmp_path: Path) -> None:
    def add_unknown(obj: dict) -> None:  # type: ignore[type-arg]
        obj["x_future"] = {"a": 1}
        obj["model"]["parameters"] = 7e9

    spec.edit_manifest = add_unknown
    case = import_package(ws, REVIEWER, spec.build(tmp_path / "u.subpkg"),
                          identity=ws_template.identity).case
    with ws.reader() as s:
        row = s.query(CaseRow).one()
        assert row.checks["unknown_keys"] == {"": {"x_future": {"a": 1}}, "model": {"parameters": 7e9}}
    stored = json.loads((ws.paths.cases / case.uuid / "submission" / "manifest.json").read_text())
    assert stored["x_future"] == {"a": 1}


def test_case_show_has_a_checks_section_with_signer_plans_and_unknown_keys(
        ws: Workspace, spec: PackageSpec, ws_template: WorkspaceTemplate, tmp_path: Path) -> None:
    from datetime import date

    from reviewer_app.services.case_view import case_details

    spec.edit_manifest = lambda obj: obj["access_plan"].update(x_note="kept")
    case = import_package(ws, REVIEWER, spec.build(tmp_path / "s.subpkg"),
                          identity=ws_template.identity).case
    section = case_details(ws, case.reference, date.today())["checks"]
    assert "Jordan Lee" in section["signer"]["subject"]
    assert section["checks"]["files_verified"] == 3
    assert section["manifest"]["release_plan"]["proposed_public_release"] == "2026-12-28"
    assert section["manifest"]["access_plan"]["regions"] == ["CN", "RU", "IR", "KP"]
    assert section["manifest"]["unknown_keys"] == {"access_plan": {"x_note": "kept"}}
    json.dumps(section)
