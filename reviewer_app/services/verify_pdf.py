"""Validate a signed letter against the workspace's office anchors (and its CRLs)."""

from __future__ import annotations

from pathlib import Path

from reviewer_app.errors import RejectedError, UsageError
from reviewer_app.pdf.verify import SignatureCheck, VerifyReport, verify_pdf_bytes
from reviewer_app.services.workspace import Workspace

__all__ = ["SignatureCheck", "VerifyReport", "office_anchors", "verify_pdf"]

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


def verify_pdf(ws: Workspace, path: Path) -> VerifyReport:
    """Every signature of ``path``: intact? trusted? what changed after? (never raises on a
    broken signature; a file that is not a PDF is RejectedError PDF_INVALID, exit 3)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError("CANNOT_READ", f"cannot read {path}: {exc.strerror}") from exc
    roots, crls = office_anchors(ws)
    return verify_pdf_bytes(data, roots=roots, crls=crls, name=str(path))
