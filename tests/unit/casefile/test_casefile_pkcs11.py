"""Case files signed on a PKCS#11 token (SoftHSM2): export, import, wrong PIN, tamper."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import NotPermittedError, RejectedError
from reviewer_app.services.access.remote_users import add_remote_user
from reviewer_app.services.access.signing_credential import credential_kind
from reviewer_app.services.casefile.exporting import export_case
from reviewer_app.services.casefile.importing import import_case
from reviewer_app.services.intake.package_import import import_package
from reviewer_app.services.workspace.folder import Workspace, open_workspace
from tests.support import casefiles as F
from tests.support import pki
from tests.support.packages import Member, PackageSpec, make_test_pki
from tests.support.pki import CertSpec, Issued
from tests.support.tokens import MODULE, add_token_user, make_token, needs_softhsm, reset_library

pytestmark = needs_softhsm

PIN = "8642-97531"  # distinctive, so that a test can look for it where it must not be


@dataclass
class World:
    root: Path
    a: F.Workstation
    b: F.Workstation
    ws_a: Workspace
    ref: str
    tina: Actor
    leaf: Issued
    ca: Issued


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("token-casefiles")
    submitters, office = make_test_pki(), F.make_office_pki()
    leaf = pki.make_leaf(CertSpec("Tina On Token", organization="Review Office"), office.ca)
    a = F.make_workstation(root / "A", submitters, office)
    b = F.make_workstation(root / "B", submitters, office)
    with pytest.MonkeyPatch.context() as mp:
        token = make_token(root / "hsm", leaf, mp, pin=PIN)
        ws_a = a.open()
        # tina's own case, and B knows her by the certificate its administrator registered.
        tina = add_token_user(ws_a, "tina", token, display_name="Tina Token")
        package = PackageSpec(submitters, a.recipient).build(root / "p.subpkg")
        ref = import_package(ws_a, tina, package, identity=a.identity).case.reference
        (root / "tina.pem").write_bytes(leaf.cert.public_bytes(serialization.Encoding.PEM))
        with b.open() as ws:
            add_remote_user(ws, F.ADMIN, username="tina", role=Role.REVIEWER,
                            certificate_file=root / "tina.pem")
        yield World(root, a, b, ws_a, ref, tina, leaf, office.ca)
        ws_a.close()
    reset_library()


@pytest.fixture
def ws_b(world: World, tmp_path: Path) -> Iterator[Workspace]:
    ws = open_workspace(F.copy_tree(world.b.root, tmp_path / "B"))
    yield ws
    ws.close()


def _export(world: World, out: Path, pin: str = PIN) -> Path:
    return export_case(world.ws_a, world.tina, world.ref, out, recipients=[world.b.recipient],
                       case_file_passphrase=None, credential_passphrase=pin).path


def test_token_signed_case_file_imports_with_the_token_subject(
        world: World, ws_b: Workspace, tmp_path: Path) -> None:
    assert credential_kind(world.ws_a, "tina") == "pkcs11"
    assert credential_kind(world.ws_a, F.REVIEWER.username) == "pkcs12"
    out = _export(world, tmp_path / "token.case")
    members = F.read_members(out, [world.b.identity])
    manifest = json.loads(members[0].data)
    der = world.leaf.cert.public_bytes(serialization.Encoding.DER)
    assert manifest["exporter"]["username"] == "tina"
    assert manifest["exporter"]["certificate_sha256"] == hashlib.sha256(der).hexdigest()
    assert der in members[1].data  # the signer's certificate rides in the CMS
    result = import_case(ws_b, F.REVIEWER, out, workstation_passphrase=F.PASSPHRASE,
                         case_file_passphrase=None)
    assert result.outcome.value == "created"
    assert result.sender == world.leaf.cert.subject.rfc4514_string()
    assert "Tina On Token" in result.sender
    assert F.audit_actions(ws_b)[-2:] == ["case.import", "witness.received"]


def test_the_pin_is_kept_nowhere(world: World, tmp_path: Path) -> None:
    _export(world, tmp_path / "again.case")
    for path in world.ws_a.root.rglob("*"):
        if path.is_file():
            assert PIN.encode() not in path.read_bytes(), path


def test_wrong_pin_is_not_permitted_and_leaves_no_file(world: World, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = F.audit_actions(world.ws_a)
    for wrong in ("0000", "no"):  # a wrong PIN, and one too short for the token
        with pytest.raises(NotPermittedError) as info:
            _export(world, out_dir / "never.case", pin=wrong)
        assert info.value.code == "WRONG_PIN", info.value.message
        assert "tina" in info.value.message and wrong not in info.value.message
    assert list(out_dir.iterdir()) == []
    assert F.audit_actions(world.ws_a) == before


def test_tampered_token_signed_manifest_is_rejected(
        world: World, ws_b: Workspace, tmp_path: Path) -> None:
    good = _export(world, tmp_path / "good.case")
    members = F.read_members(good, [world.b.identity])

    def flip(ms: list[Member]) -> list[Member]:
        data = bytearray(ms[0].data)
        at = data.index(b'"exported_at":"') + len(b'"exported_at":"') + 3  # a digit of the year
        data[at] ^= 1
        ms[0].data = bytes(data)
        return ms

    spec = F.CaseFileSpec(members, world.leaf, [world.ca.cert], [world.b.recipient],
                          edit_members=flip)
    path = spec.build(tmp_path / "tampered.case")
    before = F.snapshot(ws_b)
    with pytest.raises(RejectedError) as info:
        import_case(ws_b, F.REVIEWER, path, workstation_passphrase=F.PASSPHRASE, case_file_passphrase=None)
    assert info.value.code == "CASE_SIGNATURE_INVALID", info.value.message
    assert F.snapshot(ws_b) == before


def test_a_token_record_that_names_nothing_usable(world: World) -> None:
    from reviewer_app.errors import UsageError
    from reviewer_app.services.access.signing_credential import load_credential
    from reviewer_app.storage.models import UserRow

    good = {"kind": "pkcs11", "module": MODULE, "token": "office", "key_label": "signer",
            "cert_label": "signer"}
    for record, code in (({**good, "key_label": ""}, "NO_CREDENTIAL"),
                         ({**good, "key_label": "nobody", "cert_label": "nobody"}, "NO_TOKEN_KEY"),
                         ({"kind": "smartcard"}, "NO_CREDENTIAL")):
        user = UserRow(username="tina", credential=record)
        with pytest.raises(UsageError) as info:
            load_credential(world.ws_a, user, PIN).close()
        assert info.value.code == code, (record, info.value.message)
