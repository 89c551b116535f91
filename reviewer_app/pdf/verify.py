"""Validate every signature of a PDF offline with pyHanko, and say it in plain words.

The trust roots are the caller's (the workspace's office anchors), nothing is
fetched, and the CRLs handed in are hard revocation data wherever they apply
(``pdf.revocation``): a certificate revoked in one fails, and the report says
which certificate and when. A file that is not a PDF at all is rejected; a PDF
whose signatures cannot be parsed gets a report entry per broken signature,
never a traceback.

Beyond each signature's own verdict the report says what it sees of the file:
bytes after the last signature (appended after the last ``%%EOF``), a file
rewritten as a whole (say by ``qpdf``: every signature "modified"), and, for
a file with several signatures, whether two of them were made with one
certificate or key (the two-person rule; that fails the file). For a letter
(a PDF with the supervisor's signature field) it says whether the
countersignature is still missing.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar, cast

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel

from reviewer_app.domain.determination import LETTER_DIGEST_KEY, SUPERVISOR_FIELD
from reviewer_app.domain.users import CertificateIdentity
from reviewer_app.errors import RejectedError
from reviewer_app.pdf.revocation import OfficeTrust, common_name, describe_revocation
from reviewer_app.pdf.signing import identity_of, recorded_info

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
MODIFIED = "the signed bytes no longer match the signature: the file was modified or rewritten " \
           "after signing"


@dataclass(frozen=True)
class SignatureCheck:
    """One signature's verdict; ``ok`` is the bottom line for it.

    ``verdict``: valid, modified (signed bytes changed, or bytes added after
    it), revoked, untrusted, same_certificate (the two-person rule) or broken
    (could not be analysed).
    """

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
    verdict: str = "valid"
    cert_sha256: str = ""
    revoked_at: datetime | None = None
    determination_sha256: str | None = None  # recorded in the revision this signature covers
    cert_serial: str = ""  # the signer's certificate: serial number (hex) and issuer's name
    issuer: str = ""


@dataclass(frozen=True)
class VerifyReport:
    path: str
    signatures: tuple[SignatureCheck, ...] = field(default_factory=tuple)
    appended_bytes: int = 0  # bytes after the last signature's coverage (not whitespace)
    distinct_certificates: bool | None = None  # None: fewer than two signatures
    awaiting_countersignature: bool = False  # a letter whose supervisor field is empty

    @property
    def ok(self) -> bool:
        """Every signature intact and trusted, and there is at least one."""
        return bool(self.signatures) and all(s.ok for s in self.signatures)

    @property
    def state(self) -> str:
        """unsigned, valid, or the worst verdict found (modified first)."""
        if not self.signatures:
            return "unsigned"
        for verdict in ("modified", "same_certificate", "revoked", "untrusted", "broken"):
            if any(s.verdict == verdict for s in self.signatures):
                return verdict
        return "valid"

    @property
    def bottom_line(self) -> str:
        n = len(self.signatures)
        if not self.signatures:
            return "The file holds no signatures."
        if self.ok:
            pending = " The letter is not countersigned yet." if self.awaiting_countersignature else ""
            return f"All {n} signature(s) are intact and trusted.{pending}"
        bad = sum(1 for s in self.signatures if not s.ok)
        if self.state == "modified":
            return f"The file was modified after signing ({bad} of {n} signature(s) failed): " \
                   "do not rely on this file."
        if self.state == "same_certificate":
            return "Two signatures were made with the same certificate (the two-person rule is " \
                   "broken): do not rely on this file."
        return f"{bad} of {n} signature(s) failed: do not rely on this file."


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
        trust = OfficeTrust.load(load_roots(roots), crls)
    except ValueError as exc:
        raise RejectedError("BAD_ANCHOR", f"a trust anchor or CRL cannot be read: {exc}") from exc
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
        letter = any(n == SUPERVISOR_FIELD for n, _v, _r in fields.enumerate_sig_fields(reader))
    except (PdfError, ValueError, KeyError, TypeError, IndexError, RecursionError) as exc:
        raise RejectedError("PDF_INVALID", f"{name or 'the file'} is not a readable PDF: "
                            f"{exc}") from exc
    checks = [_check(sig, trust) for sig in embedded]
    appended = _appended(data, embedded)
    if appended and checks:
        checks[-1] = _appended_after(checks[-1], appended)
    checks, distinct = _two_person(checks)
    awaiting = letter and not any(c.field_name == SUPERVISOR_FIELD for c in checks)
    return VerifyReport(name, tuple(checks), appended, distinct, awaiting)


def _appended(data: bytes, embedded: list[EmbeddedPdfSignature]) -> int:
    """Bytes (other than trailing whitespace) after everything any signature covers."""
    ends = []
    for sig in embedded:
        try:
            ends.append(int(sig.byte_range[2]) + int(sig.byte_range[3]))
        except (TypeError, ValueError, IndexError, KeyError):
            continue  # a broken /ByteRange: that signature is reported broken on its own
    if not ends:
        return 0
    return len(data[max(ends):].rstrip(b"\r\n\t \x00"))


def _appended_after(check: SignatureCheck, count: int) -> SignatureCheck:
    words = f"{count} byte(s) were appended after this signature (after the file's last %%EOF)"
    return replace(check, changes_after=words, ok=False, verdict="modified",
                   problems=(*check.problems, words))


def _two_person(checks: list[SignatureCheck]) -> tuple[list[SignatureCheck], bool | None]:
    """Mark a signature made with the certificate (or key) of an earlier one."""
    if len(checks) < 2:
        return checks, None
    seen: dict[str, str] = {}
    out, distinct = [], True
    for check in checks:
        keys = [k for k in check.cert_sha256.split("/") if k]
        earlier = next((seen[k] for k in keys if k in seen), None)
        if earlier is not None:
            distinct = False
            words = f"made with the same certificate as the {earlier} signature (two different " \
                    "people's certificates are required)"
            check = replace(check, ok=False, problems=(*check.problems, words),
                            verdict=check.verdict if check.verdict == "modified"
                            else "same_certificate")
        seen.update({k: check.field_name for k in keys})
        out.append(check)
    return out, distinct


_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"},
                             match_all_key_usages=False)


def _check(sig: EmbeddedPdfSignature, trust: OfficeTrust) -> SignatureCheck:
    name = _safe(lambda: str(sig.field_name), "?")
    certification = _safe(lambda: _is_certification(sig), False)
    identity = _safe(lambda: identity_of(sig.signer_cert), cast("CertificateIdentity | None", None))
    # Both hashes, so that _two_person also catches a second certificate on one key.
    ident = f"{identity.cert_sha256}/{identity.key_sha256}" if identity else ""
    recorded = recorded_info(sig).get(LETTER_DIGEST_KEY)
    serial, issuer = _safe(lambda: _serial_and_issuer(sig.signer_cert), ("", ""))
    try:
        others = list(sig.other_embedded_certs)
        status = validate_pdf_signature(sig, trust.context(sig.signer_cert, others),
                                        key_usage_settings=_USAGE)
    except Exception as exc:  # noqa: BLE001 - a hostile file may make the parser raise anything
        return SignatureCheck(name, _safe(lambda: common_name(sig.signer_cert), "unknown"), None,
                              False, False, False, "unknown", "could not be analysed", None,
                              certification, False, (f"{type(exc).__name__}: {exc}",),
                              "broken", ident, None, recorded, serial, issuer)
    level = status.modification_level
    changes = _CHANGES.get(level, "unknown") if level is not None else "not analysed"
    coverage = status.coverage.name if status.coverage else "unknown"
    problems, verdict, revoked_at = _judge(status)
    return SignatureCheck(
        field_name=name, signer=common_name(status.signing_cert),
        signing_time=status.signer_reported_dt, intact=bool(status.intact),
        valid=bool(status.valid), trusted=bool(status.trusted), coverage=coverage,
        changes_after=changes, docmdp_ok=status.docmdp_ok, certification=certification,
        ok=bool(status.bottom_line) and not problems, problems=tuple(problems), verdict=verdict,
        cert_sha256=ident, revoked_at=revoked_at, determination_sha256=recorded,
        cert_serial=serial, issuer=issuer,
    )


def _serial_and_issuer(cert: asn1_x509.Certificate) -> tuple[str, str]:
    """The certificate's serial number in hex and its issuer's common name (or whole name)."""
    issuer = cert.issuer.native.get("common_name") or cert.issuer.human_friendly
    return format(cert.serial_number, "X"), str(issuer)


def _judge(status: Any) -> tuple[list[str], str, datetime | None]:
    """Problems, verdict and revocation time of one validated signature."""
    whole = status.coverage in (SignatureCoverageLevel.ENTIRE_FILE,
                                SignatureCoverageLevel.ENTIRE_REVISION)
    if not status.intact or not whole:
        # A modified file says nothing about its signer's trust: report the change only.
        return [MODIFIED], "modified", None
    problems: list[str] = []
    verdict = "valid"
    if not status.valid:
        problems.append("the signature value does not verify")
        verdict = "modified"
    if status.docmdp_ok is False:
        problems.append("changes after signing break the document's modification policy")
        verdict = "modified"
    details = status.revocation_details
    if details is not None:
        problems.append(describe_revocation(common_name(status.signing_cert),
                                            details.revocation_date, status.signer_reported_dt,
                                            ca=details.ca_revoked))
        return problems, "revoked", details.revocation_date
    if not status.trusted:
        problems.append(_untrusted(status))
        verdict = verdict if verdict != "valid" else "untrusted"
    return problems, verdict, None


def _untrusted(status: Any) -> str:
    indic = getattr(status.trust_problem_indic, "name", "") or ""
    if indic == "TRY_LATER":
        return ("the office's CRL for this signer's certificate is out of date (past its next "
                "update): bring a fresh CRL (reviewer-app trust add)")
    return ("the signer's certificate does not chain to a trusted office anchor"
            + (f" ({indic})" if indic else ""))


def _is_certification(sig: EmbeddedPdfSignature) -> bool:
    refs = sig.sig_object.get("/Reference") or ()
    return any(str(r.get_object().get("/TransformMethod")) == "/DocMDP" for r in refs)


def _safe(fn: Callable[[], T], default: T) -> T:
    try:
        return fn()
    except Exception:  # noqa: BLE001 - describing a broken signature must not fail
        return default


__all__ = ["SignatureCheck", "VerifyReport", "load_roots", "verify_pdf_bytes"]
