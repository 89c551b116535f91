"""Validate a signed letter against the workspace's office anchors and its CRLs.

``verify_letter_bytes(ws, data, name)`` is the one service-level check of a
letter PDF against a workspace (``verify-pdf``, and letters arriving inside
case files): every signature intact, trusted, not revoked according to the
workspace's CRLs, nothing changed or appended after the last one, and the
signatures of a two-signature letter made with two different certificates.
"""

from __future__ import annotations

from pathlib import Path

from reviewer_app.errors import RejectedError, UsageError
from reviewer_app.pdf.revocation import OfficeTrust
from reviewer_app.pdf.verify import SignatureCheck, VerifyReport, load_roots, verify_pdf_bytes
from reviewer_app.services.workspace import Workspace

__all__ = ["SignatureCheck", "VerifyReport", "office_anchors", "office_trust", "verify_letter_bytes",
           "verify_pdf"]

_CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}


def office_anchors(ws: Workspace) -> tuple[list[bytes], list[bytes]]:
    """The office trust anchors and the CRLs brought in by hand, as raw bytes."""
    roots = [p.read_bytes() for p in sorted(ws.paths.trust_office.glob("*"))
             if p.is_file() and p.suffix.lower() in _CERT_SUFFIXES]
    crls = [p.read_bytes() for p in sorted(ws.paths.trust_crl.glob("*")) if p.is_file()]
    return roots, [_der_crl(c) for c in crls]


def _der_crl(data: bytes) -> bytes:
    if b"-----BEGIN" not in data:
        return data
    import base64

    body = b"".join(line for line in data.splitlines() if line and not line.startswith(b"-----"))
    try:
        return base64.b64decode(body)
    except ValueError as exc:
        raise RejectedError("BAD_CRL", "a CRL in trust/crl cannot be read") from exc


def office_trust(ws: Workspace) -> OfficeTrust:
    """The office anchors and CRLs parsed for pyHanko (signing checks its signer with them)."""
    roots, crls = office_anchors(ws)
    try:
        anchors = load_roots(roots)
    except ValueError as exc:
        raise RejectedError("BAD_ANCHOR", f"an office trust anchor cannot be read: {exc}") from exc
    return OfficeTrust.load(anchors, crls)


def verify_letter_bytes(ws: Workspace, data: bytes, name: str = "") -> VerifyReport:
    """Every signature of the letter ``data`` against ``ws``'s office anchors and CRLs.

    Never fetches; never raises on a broken signature (the report says it); a
    file that is not a PDF is RejectedError PDF_INVALID (exit 3).
    """
    roots, crls = office_anchors(ws)
    return verify_pdf_bytes(data, roots=roots, crls=crls, name=name)


def verify_pdf(ws: Workspace, path: Path) -> VerifyReport:
    """``verify_letter_bytes`` of the file at ``path``."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError("CANNOT_READ", f"cannot read {path}: {exc.strerror}") from exc
    return verify_letter_bytes(ws, data, str(path))
