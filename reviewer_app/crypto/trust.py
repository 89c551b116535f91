"""Trust anchors and CRLs kept as files in the workspace's trust folders.

A file may be PEM (one or several blocks) or DER. Unreadable files are reported
by name rather than silently skipped: a reviewer must know which anchor is
not in force.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID


class TrustFileError(Exception):
    """A file that holds neither a certificate nor a CRL."""


@dataclass(frozen=True)
class AnchorInfo:
    file: str
    subject: str
    organization: str
    not_after: datetime
    fingerprint_sha256: str
    is_ca: bool


@dataclass(frozen=True)
class CrlInfo:
    file: str
    issuer: str
    next_update: datetime | None
    revoked: int


def _pem_blocks(data: bytes, label: bytes) -> list[bytes]:
    begin, end = b"-----BEGIN " + label + b"-----", b"-----END " + label + b"-----"
    blocks, pos = [], 0
    while (start := data.find(begin, pos)) >= 0:
        stop = data.find(end, start)
        if stop < 0:
            break
        blocks.append(data[start:stop + len(end)] + b"\n")
        pos = stop + len(end)
    return blocks


def parse_certificates(data: bytes) -> list[x509.Certificate]:
    try:
        if b"-----BEGIN" in data:
            return [x509.load_pem_x509_certificate(b) for b in _pem_blocks(data, b"CERTIFICATE")]
        return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise TrustFileError(f"not a readable certificate ({exc})") from None


def parse_crls(data: bytes) -> list[x509.CertificateRevocationList]:
    try:
        if b"-----BEGIN" in data:
            return [x509.load_pem_x509_crl(b) for b in _pem_blocks(data, b"X509 CRL")]
        return [x509.load_der_x509_crl(data)]
    except ValueError as exc:
        raise TrustFileError(f"not a readable CRL ({exc})") from None


def classify(data: bytes) -> str:
    """"certificate" or "crl"; ``TrustFileError`` for anything else."""
    for kind, parse in (("certificate", parse_certificates), ("crl", parse_crls)):
        try:
            if parse(data):
                return kind
        except TrustFileError:
            continue
    raise TrustFileError("the file holds neither a certificate nor a CRL (PEM or DER)")


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def load_anchors(folder: Path) -> list[x509.Certificate]:
    certs: list[x509.Certificate] = []
    for path in _files(folder):
        try:
            certs.extend(parse_certificates(path.read_bytes()))
        except TrustFileError:
            continue  # listed as unreadable by ``describe_anchors``
    return certs


def load_crls(folder: Path) -> list[bytes]:
    """Every CRL in ``folder`` as DER."""
    crls: list[bytes] = []
    for path in _files(folder):
        try:
            crls.extend(c.public_bytes(Encoding.DER) for c in parse_crls(path.read_bytes()))
        except TrustFileError:
            continue
    return crls


def _attr(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def describe_certificate(cert: x509.Certificate, file: str = "") -> AnchorInfo:
    try:
        is_ca = bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        is_ca = False
    return AnchorInfo(file, cert.subject.rfc4514_string(),
                      _attr(cert.subject, NameOID.ORGANIZATION_NAME), cert.not_valid_after_utc,
                      hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest(), is_ca)


def describe_anchors(folder: Path) -> list[AnchorInfo]:
    out: list[AnchorInfo] = []
    for path in _files(folder):
        try:
            out.extend(describe_certificate(c, path.name) for c in parse_certificates(path.read_bytes()))
        except TrustFileError:
            continue
    return out


def describe_crls(folder: Path) -> list[CrlInfo]:
    out: list[CrlInfo] = []
    for path in _files(folder):
        try:
            out.extend(CrlInfo(path.name, c.issuer.rfc4514_string(), c.next_update_utc, len(c))
                       for c in parse_crls(path.read_bytes()))
        except TrustFileError:
            continue
    return out
