"""A package built with standard tools alone (GNU tar, openssl cms, age), as the spec shows."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from reviewer_app.services.intake.package_import import import_package
from reviewer_app.services.workspace.folder import Workspace
from tests.support.import_fixtures import test_pki, ws, ws_template
from tests.support.packages import DEFAULT_FILES, SubmitterPki, good_manifest
from tests.support.workspaces import PASSPHRASE, REVIEWER, WorkspaceTemplate

__all__ = ["test_pki", "ws", "ws_template"]

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("age", "openssl", "tar")), reason="needs age, openssl, GNU tar")


def _run(cmd: list[str], cwd: Path) -> None:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"{cmd}: {done.stderr}"


def test_a_package_made_with_tar_openssl_and_age_imports(
        ws: Workspace, ws_template: WorkspaceTemplate, test_pki: SubmitterPki, tmp_path: Path) -> None:
    src = tmp_path / "src"
    for rel, data in DEFAULT_FILES.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(data)
    (src / "manifest.json").write_text(json.dumps(good_manifest(DEFAULT_FILES), indent=2))
    (tmp_path / "submitter.crt").write_bytes(test_pki.submitter.cert_pem())
    (tmp_path / "submitter.key").write_bytes(test_pki.submitter.key_pem())
    (tmp_path / "intermediate.crt").write_bytes(test_pki.intermediate.cert_pem())

    _run(["openssl", "cms", "-sign", "-binary", "-in", "manifest.json",
          "-signer", str(tmp_path / "submitter.crt"), "-inkey", str(tmp_path / "submitter.key"),
          "-certfile", str(tmp_path / "intermediate.crt"), "-outform", "DER",
          "-out", "manifest.json.p7s"], src)
    _run(["tar", "--format=pax", "-cf", str(tmp_path / "package.tar"), "manifest.json",
          "manifest.json.p7s", "evidence/", "documents/"], src)
    _run(["age", "-r", ws_template.recipient, "-o", str(tmp_path / "model-x.subpkg"),
          str(tmp_path / "package.tar")], tmp_path)

    result = import_package(ws, REVIEWER, tmp_path / "model-x.subpkg", workstation_passphrase=PASSPHRASE)

    assert result.status == "imported"
    assert {f.path for f in result.case.files} == set(DEFAULT_FILES)
    stored = ws.paths.cases / result.case.uuid / "submission"
    assert (stored / "manifest.json").read_bytes() == (src / "manifest.json").read_bytes()
