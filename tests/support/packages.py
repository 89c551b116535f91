"""Submission packages for tests: real age, real CMS from a test PKI, real tar.

``PackageSpec`` builds a good package by default; each knob introduces one
defect (see ``tests/unit/intake/test_import_rejections.py`` for one package per code).
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import tarfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from reviewer_app.crypto import age, cms
from tests.support import pki
from tests.support.pki import CertSpec, Issued

ORG = "Example AI Labs, Inc."


@dataclass(frozen=True)
class SubmitterPki:
    ca: Issued
    intermediate: Issued
    submitter: Issued  # issued by the intermediate
    other_ca: Issued  # not trusted by the workspace
    stranger: Issued  # issued by other_ca
    expired: Issued
    non_repudiation_only: Issued
    rsa_1024: Issued

    def anchors(self) -> dict[str, bytes]:
        return {"test-submitter-ca.pem": self.ca.cert_pem()}


def _small_rsa_leaf(issuer: Issued) -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    now = datetime.now(UTC) - timedelta(days=1)
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Weak RSA signer")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(issuer.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + timedelta(days=30))
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False,
                                         False), critical=True)
            .sign(issuer.key, hashes.SHA256()))
    return Issued(cert, key)


def make_test_pki() -> SubmitterPki:
    ca = pki.make_ca(CertSpec("Test Submitter Root CA", organization="Test PKI"))
    inter = pki.make_ca(CertSpec("Test Submitter Issuing CA", organization="Test PKI"), ca)
    other = pki.make_ca(CertSpec("Untrusted Root CA", organization="Elsewhere"))
    past = datetime.now(UTC) - timedelta(days=400)
    return SubmitterPki(
        ca=ca, intermediate=inter,
        submitter=pki.make_leaf(CertSpec("Jordan Lee", organization=ORG, non_repudiation=False), inter),
        other_ca=other,
        stranger=pki.make_leaf(CertSpec("Stranger", organization=ORG), other),
        expired=pki.make_leaf(CertSpec("Expired Signer", organization=ORG, not_before=past,
                                       days=30), inter),
        non_repudiation_only=pki.make_leaf(CertSpec("NR Signer", organization=ORG,
                                                    digital_signature=False), inter),
        rsa_1024=_small_rsa_leaf(inter),
    )


DEFAULT_FILES: dict[str, bytes] = {
    "evidence/cybench.eval": b"PK\x03\x04 not really a zip, but bytes to hash " * 50,
    "evidence/wmdp_results.json": b'{"results": {"wmdp_bio": {"acc,none": 0.62}}}\n',
    "documents/system-card.pdf": b"%PDF-1.7\n% test system card\n" * 20,
}


def file_entries(files: dict[str, bytes]) -> list[dict[str, Any]]:
    return [{"path": p, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d),
             "media_type": "application/octet-stream", "role": "evidence"}
            for p, d in files.items()]


def good_manifest(files: dict[str, bytes], package_id: str | None = None) -> dict[str, Any]:
    obj = {
        "format": "frontier-submission/v1",
        "package_id": package_id or str(uuid.uuid4()),
        "created_at": "2026-11-20T14:03:00Z",
        "submitter": {"organization": ORG, "contact_name": "Jordan Lee",
                      "contact_email": "policy@example-ai.test"},
        "model": {"name": "Example-7", "version": "2026-11-rc2", "developer": ORG,
                  "modalities": ["text"], "training_compute_flop": 3.1e26, "open_weights": False},
        "release_plan": {"proposed_public_release": "2026-12-28",
                         "stages": [{"name": "Partners", "start": "2026-12-05",
                                     "audience": "vetted_partners", "regions": ["US", "GB"]},
                                    {"name": "GA", "start": "2026-12-28", "audience": "public",
                                     "regions": ["*"]}]},
        "access_plan": {"region_policy": "denylist", "regions": ["CN", "RU", "IR", "KP"]},
        "safeguards": [{"name": "Classifier", "description": "Blocks exploit requests."}],
        "evaluations": [
            {"id": "cyber-ctf", "domain": "cyber", "benchmark": "Cybench", "metric": "accuracy",
             "declared_score": 0.41, "format": "inspect-eval",
             "evidence": ["evidence/cybench.eval"]},
            {"id": "bio-wmdp", "domain": "cbrn", "benchmark": "WMDP-Bio", "metric": "acc",
             "declared_score": 0.62, "format": "lm-eval-results",
             "evidence": ["evidence/wmdp_results.json"]}],
        "files": file_entries(files),
    }
    obj["evaluations"] = [e for e in obj["evaluations"] if set(e["evidence"]) <= set(files)]
    return obj


@dataclass
class Member:
    name: str
    data: bytes = b""
    kind: bytes = tarfile.REGTYPE
    linkname: str = ""


def tar_bytes(members: list[Member]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for m in members:
            info = tarfile.TarInfo(m.name)
            info.type, info.linkname, info.mode = m.kind, m.linkname, 0o644
            info.size = len(m.data) if m.kind == tarfile.REGTYPE else 0
            tar.addfile(info, io.BytesIO(m.data) if m.kind == tarfile.REGTYPE else None)
    return out.getvalue()


Edit = Callable[[Any], Any]


@dataclass
class PackageSpec:
    """A package; every knob left alone gives a good one."""

    pki: SubmitterPki
    recipient: str
    files: dict[str, bytes] = field(default_factory=lambda: dict(DEFAULT_FILES))
    package_id: str | None = None
    edit_manifest: Callable[[dict[str, Any]], None] | None = None  # mutate the JSON object
    manifest_bytes: bytes | None = None  # raw bytes instead of the JSON object
    signer: Issued | None = None
    chain: list[x509.Certificate] | None = None
    sign_over: bytes | None = None  # sign these bytes instead of the manifest
    signature: bytes | None = None  # raw signature instead of signing
    edit_members: Callable[[list[Member]], list[Member]] | None = None
    edit_plaintext: Callable[[bytes], bytes] | None = None
    edit_ciphertext: Callable[[bytes], bytes] | None = None
    recipients: list[str] | None = None

    def __post_init__(self) -> None:
        # Fixed once, so that signing and building see the same manifest bytes.
        self.package_id = self.package_id or str(uuid.uuid4())

    def manifest(self) -> bytes:
        if self.manifest_bytes is not None:
            return self.manifest_bytes
        obj = good_manifest(self.files, self.package_id)
        if self.edit_manifest:
            self.edit_manifest(obj)
        return json.dumps(obj, indent=2).encode()

    def build(self, dest: Path) -> Path:
        manifest = self.manifest()
        signer = self.signer or self.pki.submitter
        chain = self.chain if self.chain is not None else [self.pki.intermediate.cert]
        signature = self.signature if self.signature is not None else cms.sign_detached(
            self.sign_over if self.sign_over is not None else manifest, signer.key, signer.cert, chain)
        members = [Member("manifest.json", manifest), Member("manifest.json.p7s", signature)]
        members += [Member(p, d) for p, d in self.files.items()]
        if self.edit_members:
            members = self.edit_members(members)
        plain = tar_bytes(members)
        if self.edit_plaintext:
            plain = self.edit_plaintext(plain)
        recipients = [age.parse_recipient(r) for r in (self.recipients or [self.recipient])]
        cipher = age.encrypt_bytes(plain, recipients)
        if self.edit_ciphertext:
            cipher = self.edit_ciphertext(cipher)
        dest.write_bytes(cipher)
        return dest

    def variant(self, **changes: Any) -> PackageSpec:
        """A copy with some knobs changed (the same package_id unless given)."""
        clone = copy.copy(self)
        for key, value in changes.items():
            setattr(clone, key, value)
        return clone


def cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)
