"""Every CASE_* rejection, each from a case file built with that one defect.

Each test imports into a fresh copy of workstation B and checks that the
workspace is exactly as it was (files and every table but the audit trail),
and that the one new audit entry is ``case.rejected`` with the code.
"""

from __future__ import annotations

import hashlib
import tarfile
from pathlib import Path

import pytest

from reviewer_app.crypto import age
from reviewer_app.domain.progress import CancelToken
from reviewer_app.errors import CancelledError
from reviewer_app.services.casefile.importing import import_case
from reviewer_app.services.workspace.folder import Workspace
from tests.support import casefiles as F
from tests.support.casefile_world import rejected, spec_of
from tests.support.packages import Member


def test_the_good_file_imports(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    path = spec_of(world).build(tmp_path / "rebuilt.case")
    result = import_case(ws_b, F.REVIEWER, path, workstation_passphrase=F.PASSPHRASE, case_file_passphrase=None)
    assert result.outcome.value == "created"


def test_not_age(ws_b: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "x.case"
    path.write_bytes(b"PK\x03\x04 this is a zip, not an age file\n" * 10)
    rejected(ws_b, path, "CASE_NOT_AGE")


def test_no_matching_identity(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    stranger = str(age.X25519Identity.generate().recipient())
    path = spec_of(world).variant(recipients=[stranger]).build(tmp_path / "x.case")
    rejected(ws_b, path, "CASE_NO_MATCHING_IDENTITY")


def test_wrong_passphrase_is_no_matching_identity(world: dict[str, object], ws_b: Workspace,
                                                  tmp_path: Path) -> None:
    path = spec_of(world).variant(passphrase="the right one").build(tmp_path / "x.case")
    rejected(ws_b, path, "CASE_NO_MATCHING_IDENTITY", passphrase="a wrong one", workstation=None)


def test_corrupt_payload(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    def flip(data: bytes) -> bytes:
        return data[:-40] + bytes([data[-40] ^ 1]) + data[-39:]
    path = spec_of(world).variant(edit_ciphertext=flip).build(tmp_path / "x.case")
    rejected(ws_b, path, "CASE_CORRUPT")


def test_truncated_is_corrupt(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    path = spec_of(world).variant(edit_ciphertext=lambda d: d[:-300]).build(tmp_path / "x.case")
    rejected(ws_b, path, "CASE_CORRUPT")


def test_not_tar(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    path = spec_of(world).variant(edit_plaintext=lambda _p: b"plain text " * 400).build(
        tmp_path / "x.case")
    rejected(ws_b, path, "CASE_NOT_TAR")


def test_manifest_missing(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    path = spec_of(world).variant(edit_members=lambda m: [m[1], m[0], *m[2:]]).build(
        tmp_path / "x.case")
    rejected(ws_b, path, "CASE_MANIFEST_MISSING")


def test_manifest_not_json(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    path = spec_of(world).variant(manifest_bytes=b'{"format": "frontier-case/v1",').build(
        tmp_path / "x.case")
    rejected(ws_b, path, "CASE_MANIFEST_INVALID")


def test_manifest_schema(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    def edit(obj: dict) -> None:  # type: ignore[type-arg]
        obj["checklist"] = [{"item_id": "x", "status": "maybe"}]
    error = rejected(ws_b, spec_of(world).variant(edit_manifest=edit).build(tmp_path / "x.case"),
                     "CASE_MANIFEST_INVALID")
    assert "checklist[0]" in error.message


def test_broken_case_chain(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    def edit(obj: dict) -> None:  # type: ignore[type-arg]
        obj["audit"][0]["actor"] = "mallory"
    error = rejected(ws_b, spec_of(world).variant(edit_manifest=edit).build(tmp_path / "x.case"),
                     "CASE_MANIFEST_INVALID")
    assert "chain" in error.message


def test_signature_invalid(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    def tamper(members: list[Member]) -> list[Member]:
        members[0].data = members[0].data.replace(b'"status":"received"', b'"status":"issued"')
        return members
    path = spec_of(world).variant(edit_members=tamper).build(tmp_path / "x.case")
    rejected(ws_b, path, "CASE_SIGNATURE_INVALID")


def test_sender_untrusted(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    office = world["office"]
    assert isinstance(office, F.OfficePki)
    spec = spec_of(world).variant(signer=office.stranger, chain=[office.other_ca.cert],
                                  edit_manifest=lambda obj: obj["exporter"].pop("certificate_sha256"))
    rejected(ws_b, spec.build(tmp_path / "x.case"), "CASE_SENDER_UNTRUSTED")


def test_unsafe_path_in_manifest(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    def edit(obj: dict) -> None:  # type: ignore[type-arg]
        obj["files"].append({"path": "letters/../../keys/x", "size": 1, "sha256": "0" * 64})
    rejected(ws_b, spec_of(world).variant(edit_manifest=edit).build(tmp_path / "x.case"),
             "CASE_UNSAFE_PATH")


def test_link_member_is_unsafe(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    def add_link(members: list[Member]) -> list[Member]:
        return [*members, Member("letters/evil", kind=tarfile.SYMTYPE, linkname="/etc/passwd")]
    path = spec_of(world).variant(edit_members=add_link).build(tmp_path / "x.case")
    rejected(ws_b, path, "CASE_UNSAFE_PATH")


def test_undeclared_member(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    path = spec_of(world).variant(
        edit_members=lambda m: [*m, Member("letters/extra.pdf", b"%PDF")]).build(tmp_path / "x.case")
    rejected(ws_b, path, "CASE_FILE_UNDECLARED")


def test_missing_member(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    path = spec_of(world).variant(edit_members=lambda m: m[:-1]).build(tmp_path / "x.case")
    rejected(ws_b, path, "CASE_FILE_MISSING")


def test_mismatching_member(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    def change(members: list[Member]) -> list[Member]:
        members[-1].data = bytes([members[-1].data[0] ^ 1]) + members[-1].data[1:]
        return members
    path = spec_of(world).variant(edit_members=change).build(tmp_path / "x.case")
    rejected(ws_b, path, "CASE_FILE_MISMATCH")


def test_submission_file_changed_and_redeclared(world: dict[str, object], ws_b: Workspace,
                                                tmp_path: Path) -> None:
    """A sender with a valid credential cannot change what the developer signed."""
    spec = spec_of(world)
    last = spec.members[-1]
    forged = b"forged evidence"

    def change(members: list[Member]) -> list[Member]:
        members[-1].data = forged
        return members
    variant = spec.variant(edit_manifest=F.redeclare(spec.members, last.name, forged),
                           edit_members=change)
    rejected(ws_b, variant.build(tmp_path / "x.case"), "CASE_SUBMISSION_INVALID")


def test_submitter_no_longer_trusted(world: dict[str, object], ws_b: Workspace,
                                     tmp_path: Path) -> None:
    for anchor in ws_b.paths.trust_submitters.iterdir():
        anchor.unlink()
    path = spec_of(world).build(tmp_path / "x.case")
    error = rejected(ws_b, path, "CASE_SUBMISSION_INVALID")
    assert "developer's signature" in error.message


def test_format_unsupported(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    def edit(obj: dict) -> None:  # type: ignore[type-arg]
        obj["format"] = "frontier-case/v9"
    rejected(ws_b, spec_of(world).variant(edit_manifest=edit).build(tmp_path / "x.case"),
             "CASE_FORMAT_UNSUPPORTED")


def test_cancel_leaves_nothing(world: dict[str, object], ws_b: Workspace, tmp_path: Path) -> None:
    path = spec_of(world).build(tmp_path / "x.case")
    before = F.snapshot(ws_b)
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        import_case(ws_b, F.REVIEWER, path, workstation_passphrase=F.PASSPHRASE, case_file_passphrase=None,
                    cancel=token)
    assert F.snapshot(ws_b) == before
    assert F.audit_actions(ws_b)[-1] == "case.import_cancelled"


def test_declared_hash_is_sha256(world: dict[str, object]) -> None:
    manifest = spec_of(world).manifest()
    first = spec_of(world).members[2]
    assert manifest["files"][0] == {"path": first.name, "size": len(first.data),
                                    "sha256": hashlib.sha256(first.data).hexdigest()}
