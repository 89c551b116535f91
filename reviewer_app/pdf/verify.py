"""Validate every signature of a PDF offline with pyHanko, and say it in plain words.

The trust roots are the caller's (the workspace's office anchors), nothing is
fetched, and revocation is soft-fail against the CRLs handed in. A file that
is not a PDF at all is rejected; a PDF whose signatures cannot be parsed gets
a report entry per broken signature, never a traceback.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from reviewer_app.errors import RejectedError

# pyHanko logs stack traces as warnings for untrusted chains: the report says it instead.
logging.getLogger("pyhanko").setLevel(logging.ERROR)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.ERROR)

T = TypeVar("T")

_CHANGES = {
    ModificationLevel.NONE: "nothing was changed after this signature",
    ModificationLevel.LTA_UPDATES: "only validation data was added after this signature",
    ModificationLevel.FORM_FILLING: "later revisions only filled in fields or added signatures",
    ModificationLevel.ANNOTATIONS: "later revisions added or changed annotations",
    ModificationLevel.OTHER: "the document was changed after this signature in ways no "
                             "signature allows",
}


@dataclass(frozen=True)
class SignatureCheck:
    """One signature's verdict; ``ok`` is the bottom line for it."""

    field_name: str
    signer: str
    signing_time: datetime | None
    intact: bool
    valid: bool
    trusted: bool
    coverage: str
    changes_after: str
    docmdp_ok: bool | None
    certification: bool
    ok: bool
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerifyReport:
    path: str
    signatures: tuple[SignatureCheck, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """Every signature intact and trusted, and there is at least one."""
        return bool(self.signatures) and all(s.ok for s in self.signatures)

    @property
    def bottom_line(self) -> str:
        if not self.signatures:
            return "The file holds no signatures."
        if self.ok:
            return f"All {len(self.signatures)} signature(s) are intact and trusted."
        bad = sum(1 for s in self.signatures if not s.ok)
        return f"{bad} of {len(self.signatures)} signature(s) failed: do not rely on this file."


def load_roots(pem_or_der: Sequence[bytes]) -> list[asn1_x509.Certificate]:
    """Trust anchors from PEM or DER bytes (a PEM file may hold several)."""
    from asn1crypto import pem

    roots = []
    for data in pem_or_der:
        if pem.detect(data):
            roots += [asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(data, True)]
        else:
            roots.append(asn1_x509.Certificate.load(data))
    return roots


def verify_pdf_bytes(data: bytes, *, roots: Sequence[bytes], crls: Sequence[bytes] = (),
                     name: str = "") -> VerifyReport:
    if b"%PDF-" not in data[:1024]:
        raise RejectedError("PDF_INVALID", f"{name or 'the file'} is not a PDF")
    try:
        anchors = load_roots(roots)
        crl_list = [asn1_crl.CertificateList.load(c) for c in crls]
    except ValueError as exc:
        raise RejectedError("BAD_ANCHOR", f"a trust anchor or CRL cannot be read: {exc}") from exc
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, RecursionError) as exc:
        raise RejectedError("PDF_INVALID", f"{name or 'the file'} is not a readable PDF: "
                            f"{exc}") from exc
    checks = []
    for sig in embedded:
        context = ValidationContext(trust_roots=anchors, crls=crl_list, allow_fetching=False,
                                    revocation_mode="soft-fail")
        checks.append(_check(sig, context))
    return VerifyReport(name, tuple(checks))


def _check(sig: EmbeddedPdfSignature, context: ValidationContext) -> SignatureCheck:
    name = _safe(lambda: str(sig.field_name), "?")
    certification = _safe(lambda: _is_certification(sig), False)
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"},
                                match_all_key_usages=False)
    try:
        status = validate_pdf_signature(sig, context, key_usage_settings=usage)
    except Exception as exc:  # noqa: BLE001 - a hostile file may make the parser raise anything
        return SignatureCheck(name, _safe(lambda: _signer_of(sig), "unknown"), None, False,
                              False, False, "unknown", "could not be analysed", None,
                              certification, False, (f"{type(exc).__name__}: {exc}",))
    problems = []
    if not status.intact:
        problems.append("the signed bytes were changed (digest mismatch)")
    if not status.valid:
        problems.append("the signature value does not verify")
    if not status.trusted:
        problems.append("the signer's certificate does not chain to a trusted office anchor"
                        + (f" ({status.trust_problem_indic})" if status.trust_problem_indic else ""))
    if status.docmdp_ok is False:
        problems.append("changes after signing break the document's modification policy")
    coverage = status.coverage.name if status.coverage else "unknown"
    if status.coverage not in (SignatureCoverageLevel.ENTIRE_FILE,
                               SignatureCoverageLevel.ENTIRE_REVISION):
        problems.append("the signature does not cover a whole revision")
    level = status.modification_level
    changes = _CHANGES.get(level, "unknown") if level is not None else "not analysed"
    ok = bool(status.bottom_line) and not problems
    return SignatureCheck(
        field_name=name, signer=_cn(status.signing_cert),
        signing_time=status.signer_reported_dt, intact=bool(status.intact),
        valid=bool(status.valid), trusted=bool(status.trusted), coverage=coverage,
        changes_after=changes, docmdp_ok=status.docmdp_ok, certification=certification,
        ok=ok, problems=tuple(problems),
    )


def _is_certification(sig: EmbeddedPdfSignature) -> bool:
    refs = sig.sig_object.get("/Reference") or ()
    return any(str(r.get_object().get("/TransformMethod")) == "/DocMDP" for r in refs)


def _signer_of(sig: EmbeddedPdfSignature) -> str:
    return _cn(sig.signer_cert)


def _cn(cert: asn1_x509.Certificate | None) -> str:
    if cert is None:
        return "unknown"
    try:
        return str(cert.subject.native.get("common_name") or cert.subject.human_friendly)
    except (ValueError, KeyError, TypeError):
        return "unknown"


def _safe(fn: Callable[[], T], default: T) -> T:
    try:
        return fn()
    except Exception:  # noqa: BLE001 - describing a broken signature must not fail
        return default
