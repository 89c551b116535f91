"""Two workstations of one review office, a reviewed case, and case files good and bad.

Everything is real: ``init_workspace`` (age identity), an office PKI made here
with ``crypto.pki`` (PKCS#12 credentials in the workspaces), a package from
``tests/support/packages.py`` imported by the real importer. ``CaseFileSpec``
takes a good case file apart and builds it again with one defect, re-signing
the manifest with the office credential when the defect is in the manifest.
"""

from __future__ import annotations

import copy
import io
import json
import shutil
import sqlite3
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization

from reviewer_app.crypto import age, cms
from reviewer_app.domain import casefile as cf
from reviewer_app.domain.users import SYSTEM, Actor, Role
from reviewer_app.services.access.users import create_user
from reviewer_app.services.intake.package_import import import_package
from reviewer_app.services.setup.workspace_init import init_workspace
from reviewer_app.services.workspace.folder import Workspace, open_workspace
from reviewer_app.services.workspace.keys import workstation_identity
from reviewer_app.storage.audit_adopt import adopt_file
from tests.support import pki
from tests.support.packages import Member, PackageSpec, SubmitterPki, tar_bytes
from tests.support.pki import CertSpec, Issued

PASSPHRASE = "workstation pass"
PASSWORD = "correct horse"
CREDENTIAL = "credential pass"
REVIEWER = Actor("rita", Role.REVIEWER, "Rita Reviewer")
SUPERVISOR = Actor("sam", Role.SUPERVISOR, "Sam Supervisor")
ADMIN = Actor("alice", Role.ADMINISTRATOR, "alice")


@dataclass(frozen=True)
class OfficePki:
    ca: Issued
    reviewer: Issued
    supervisor: Issued
    other_ca: Issued
    stranger: Issued  # an office credential from an office nobody here trusts

    def anchor_pem(self) -> bytes:
        return self.ca.cert.public_bytes(serialization.Encoding.PEM)


def make_office_pki() -> OfficePki:
    ca = pki.make_ca(CertSpec("Test Review Office CA", organization="Review Office"))
    other = pki.make_ca(CertSpec("Other Office CA", organization="Elsewhere"))
    return OfficePki(
        ca=ca,
        reviewer=pki.make_leaf(CertSpec("Rita Reviewer", organization="Review Office"), ca),
        supervisor=pki.make_leaf(CertSpec("Sam Supervisor", organization="Review Office"), ca),
        other_ca=other,
        stranger=pki.make_leaf(CertSpec("Stranger", organization="Elsewhere"), other),
    )


@dataclass(frozen=True)
class Workstation:
    root: Path
    recipient: str
    identity: age.Identity

    def open(self) -> Workspace:
        return open_workspace(self.root)


def fingerprint(issued: Issued) -> str:
    """SHA-256 of a certificate's DER: how a credential record names its certificate."""
    import hashlib

    return hashlib.sha256(issued.cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def make_workstation(root: Path, submitters: SubmitterPki, office: OfficePki, *,
                     post_quantum: bool = False) -> Workstation:
    """An initialised workspace trusting both PKIs, with reviewer rita and supervisor sam."""
    result = init_workspace(root, workstation_passphrase=PASSPHRASE, admin=ADMIN.username,
                            admin_password=PASSWORD, post_quantum=post_quantum)
    with result.workspace as ws:
        ws.paths.trust_submitters.joinpath("submitter-ca.pem").write_bytes(
            submitters.ca.cert.public_bytes(serialization.Encoding.PEM))
        ws.paths.trust_office.joinpath("office-ca.pem").write_bytes(office.anchor_pem())
        with ws.uow() as s:
            for actor, issued in ((REVIEWER, office.reviewer), (SUPERVISOR, office.supervisor)):
                p12 = ws.paths.user_keys / f"{actor.username}.p12"
                p12.write_bytes(pki.to_pkcs12(issued, [office.ca.cert], CREDENTIAL.encode()))
                # The credential record names its certificate: what case files are checked against.
                create_user(s, actor=SYSTEM, username=actor.username, role=actor.role,
                            password=PASSWORD, display_name=actor.display_name,
                            credential={"kind": "pkcs12", "file": f"keys/users/{actor.username}.p12",
                                        "certificate_sha256": fingerprint(issued)})
            for path in (ws.paths.trust_submitters / "submitter-ca.pem",
                         ws.paths.trust_office / "office-ca.pem",
                         *sorted(ws.paths.user_keys.iterdir())):
                adopt_file(s, ws.root, path, actor=SYSTEM.username)
        identity = workstation_identity(ws, PASSPHRASE)
    return Workstation(root, result.recipient, identity)


def import_sample_case(ws: Workspace, submitters: SubmitterPki, recipient: str,
                       identity: age.Identity, tmp: Path) -> str:
    """Import a good package; returns the case reference."""
    package = PackageSpec(submitters, recipient).build(tmp / "sample.subpkg")
    return import_package(ws, REVIEWER, package, identity=identity).case.reference


# --- comparing a workspace before and after ---------------------------------------------


def snapshot(ws: Workspace) -> dict[str, Any]:
    """Every file (path, size) but the database's, and every table but the audit trail."""
    files = sorted((str(p.relative_to(ws.root)), p.stat().st_size if p.is_file() else -1)
                   for p in ws.root.rglob("*") if not p.name.startswith("reviewer.db"))
    con = sqlite3.connect(ws.paths.db)
    try:
        tables = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
        dump = {t: con.execute(f"select * from {t}").fetchall()
                for t in tables if t not in ("audit_log", "settings")}
        dump["settings"] = con.execute(
            "select * from settings where key != 'audit_head'").fetchall()
    finally:
        con.close()
    return {"files": files, "db": dump}


def audit_actions(ws: Workspace) -> list[str]:
    con = sqlite3.connect(ws.paths.db)
    try:
        return [r[0] for r in con.execute("select action from audit_log order by seq")]
    finally:
        con.close()


# --- taking a case file apart and building it again ------------------------------------


def read_members(path: Path, identities: list[age.Identity]) -> list[Member]:
    plain = age.decrypt_bytes(path.read_bytes(), identities)
    out = []
    with tarfile.open(fileobj=io.BytesIO(plain), mode="r") as tar:
        for info in tar:
            handle = tar.extractfile(info)
            out.append(Member(info.name, handle.read() if handle else b""))
    return out


@dataclass
class CaseFileSpec:
    """A good case file taken apart; every knob left alone builds it again as it was."""

    members: list[Member]
    signer: Issued
    chain: list[Any]
    recipients: list[str]
    edit_manifest: Callable[[dict[str, Any]], None] | None = None
    manifest_bytes: bytes | None = None
    signature: bytes | None = None
    edit_members: Callable[[list[Member]], list[Member]] | None = None
    edit_plaintext: Callable[[bytes], bytes] | None = None
    edit_ciphertext: Callable[[bytes], bytes] | None = None
    passphrase: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def manifest(self) -> dict[str, Any]:
        obj: dict[str, Any] = json.loads(self.members[0].data)
        return obj

    def build(self, dest: Path) -> Path:
        members = copy.deepcopy(self.members)
        resign = self.edit_manifest is not None or self.manifest_bytes is not None
        if self.edit_manifest is not None:
            obj = self.manifest()
            self.edit_manifest(obj)
            members[0].data = cf.encode(obj)
        if self.manifest_bytes is not None:
            members[0].data = self.manifest_bytes
        if resign:
            members[1].data = cms.sign_detached(members[0].data, self.signer.key,
                                                self.signer.cert, self.chain)
        if self.signature is not None:
            members[1].data = self.signature
        if self.edit_members:
            members = self.edit_members(members)
        plain = tar_bytes(members)
        if self.edit_plaintext:
            plain = self.edit_plaintext(plain)
        recipients: list[age.Recipient] = (
            [age.ScryptRecipient(self.passphrase, work_factor=10)] if self.passphrase
            else [age.parse_recipient(r) for r in self.recipients])
        cipher = age.encrypt_bytes(plain, recipients)
        if self.edit_ciphertext:
            cipher = self.edit_ciphertext(cipher)
        dest.write_bytes(cipher)
        return dest

    def variant(self, **changes: Any) -> CaseFileSpec:
        clone = copy.copy(self)
        for key, value in changes.items():
            setattr(clone, key, value)
        return clone


def redeclare(members: list[Member], path: str, data: bytes) -> Callable[[dict[str, Any]], None]:
    """A manifest edit that declares ``path`` with ``data``'s size and hash."""
    import hashlib

    def edit(obj: dict[str, Any]) -> None:
        for entry in obj["files"]:
            if entry["path"] == path:
                entry["size"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    return edit


def copy_tree(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest
