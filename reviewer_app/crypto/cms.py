"""Detached CMS signatures (RFC 5652) over exact bytes: validate and create.

Validation uses pyHanko's certificate path validation, offline
(``allow_fetching=False``), against the given anchors and CRLs. This module is
the one documented place outside ``pdf`` that may import pyHanko; the imports
stay inside the functions so that start-up does not pay for them.

Rules enforced before pyHanko sees the signature (spec section 2): DER only
(PEM is refused), detached only, one signer, digest SHA-256 or stronger, RSA
keys of 2048 bits or more. After it: the signer's key usage must include
digitalSignature (nonRepudiation alone is not enough).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

ALLOWED_DIGESTS = frozenset({"sha256", "sha384", "sha512", "sha3_256", "sha3_384", "sha3_512"})
MIN_RSA_BITS = 2048


class SignatureInvalidError(Exception):
    """The signature is malformed, of a refused kind, or does not verify over the data."""


class SignerUntrustedError(Exception):
    """The signature verifies but its signer is not trusted (chain, time, revocation, usage)."""


@dataclass(frozen=True)
class SignerInfo:
    subject: str
    issuer: str
    organization: str
    serial: str
    not_before: datetime
    not_after: datetime
    fingerprint_sha256: str
    anchor: str
    chain: tuple[str, ...]
    signing_time: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("not_before", "not_after", "signing_time"):
            out[key] = out[key].isoformat() if out[key] else None
        out["chain"] = list(self.chain)
        return out


def _quiet_pyhanko() -> None:
    # pyHanko logs a stack trace as a warning for every untrusted chain.
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _parse(signature: bytes) -> Any:
    from asn1crypto import cms

    if signature.lstrip()[:10].startswith(b"-----BEGIN"):
        raise SignatureInvalidError("the signature file is PEM; a DER file is required")
    try:
        info = cms.ContentInfo.load(signature, strict=True)
        if info["content_type"].native != "signed_data":
            raise SignatureInvalidError("the signature file is not a CMS SignedData")
        signed_data = info["content"]
        signers = signed_data["signer_infos"]
        content = signed_data["encap_content_info"]["content"]
        digest = signers[0]["digest_algorithm"]["algorithm"].native if len(signers) else ""
    except SignatureInvalidError:
        raise
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise SignatureInvalidError(f"the signature file is not a DER CMS SignedData ({exc})") from None
    if content.native is not None:
        raise SignatureInvalidError("the SignedData carries its content; a detached signature is required")
    if len(signers) != 1:
        raise SignatureInvalidError(f"the SignedData has {len(signers)} signers; exactly one is required")
    if digest not in ALLOWED_DIGESTS:
        raise SignatureInvalidError(f"the digest algorithm {digest} is refused (SHA-256 or stronger)")
    return signed_data


def _check_key(cert_der: bytes) -> x509.Certificate:
    try:
        cert = x509.load_der_x509_certificate(cert_der)
        key = cert.public_key()
    except ValueError as exc:  # a malformed certificate or an unsupported key
        raise SignatureInvalidError(f"the signer's certificate cannot be read ({exc})") from None
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < MIN_RSA_BITS:
        raise SignatureInvalidError(
            f"the signer's RSA key has {key.key_size} bits; at least {MIN_RSA_BITS} are required")
    return cert


def _has_digital_signature(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature)
    except (x509.ExtensionNotFound, ValueError):  # absent, or too malformed to read
        return False


def _untrusted_reason(status: Any, cert: x509.Certificate, moment: datetime) -> str:
    from pyhanko.sign.ades.report import AdESIndeterminate

    indic = status.trust_problem_indic
    if cert.not_valid_after_utc < moment or indic == AdESIndeterminate.EXPIRED:
        return f"the signer's certificate expired on {cert.not_valid_after_utc:%Y-%m-%d}"
    if cert.not_valid_before_utc > moment or indic == AdESIndeterminate.NOT_YET_VALID:
        return f"the signer's certificate is not valid before {cert.not_valid_before_utc:%Y-%m-%d}"
    name = getattr(indic, "name", "") or ""
    if "REVOKED" in name:
        return "the signer's certificate (or a certificate of its chain) is revoked"
    if name == "NO_CERTIFICATE_CHAIN_FOUND":
        return "the signer's certificate does not chain to any configured submitter trust anchor"
    return f"the signer's certificate chain does not validate ({name or 'not trusted'})"


def verify_detached(
    data: bytes,
    signature: bytes,
    anchors: Sequence[x509.Certificate],
    crls: Sequence[bytes] = (),
    *,
    moment: datetime | None = None,
) -> SignerInfo:
    """The signer of ``signature`` over ``data``, or SignatureInvalid/SignerUntrusted."""
    import asyncio
    from datetime import UTC

    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    _quiet_pyhanko()
    moment = moment or datetime.now(UTC)
    signed_data = _parse(signature)
    roots = [asn1_x509.Certificate.load(a.public_bytes(serialization.Encoding.DER)) for a in anchors]
    context = ValidationContext(trust_roots=roots, allow_fetching=False, crls=list(crls),
                                revocation_mode="soft-fail", moment=moment)
    usage = KeyUsageConstraints(key_usage={"digital_signature"}, match_all_key_usages=True)
    try:
        status = asyncio.run(async_validate_detached_cms(
            data, signed_data, signer_validation_context=context, key_usage_settings=usage))
    except (SignatureValidationError, ValueError, TypeError, KeyError) as exc:
        raise SignatureInvalidError(f"the signature cannot be validated ({exc})") from None
    cert = _check_key(status.signing_cert.dump())
    if not (status.intact and status.valid):
        raise SignatureInvalidError("the signature does not verify over the bytes of the signed file")
    if not _has_digital_signature(cert):
        raise SignerUntrustedError("the signer's certificate lacks the digitalSignature key usage")
    if not status.trusted or status.trust_problem_indic is not None:
        raise SignerUntrustedError(_untrusted_reason(status, cert, moment))
    _check_revocation(status.validation_path, crls)
    return _signer_info(cert, status)


def _check_revocation(path: Any, crls: Sequence[bytes]) -> None:
    """Apply every CRL brought in by hand to the chain.

    pyHanko consults CRLs only for certificates that declare a distribution
    point; an office's hand-carried CRL must count whether or not they do.
    """
    if path is None or not crls:
        return
    certs = [x509.load_der_x509_certificate(c.dump()) for c in path.iter_certs(include_root=True)]
    loaded = [x509.load_der_x509_crl(c) for c in crls]
    for issuer, subject in itertools.pairwise(certs):
        for crl in loaded:
            if crl.issuer != issuer.subject or not crl.is_signature_valid(issuer.public_key()):  # type: ignore[arg-type]
                continue
            if crl.get_revoked_certificate_by_serial_number(subject.serial_number) is not None:
                raise SignerUntrustedError(
                    f"the certificate {subject.subject.rfc4514_string()} is revoked "
                    f"(CRL of {issuer.subject.rfc4514_string()})")


def _signer_info(cert: x509.Certificate, status: Any) -> SignerInfo:
    path = status.validation_path
    chain: list[str] = []
    anchor = ""
    if path is not None:
        certs = [x509.load_der_x509_certificate(c.dump()) for c in path.iter_certs(include_root=True)]
        chain = [c.subject.rfc4514_string() for c in certs]
        anchor = chain[0] if chain else ""
    orgs = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return SignerInfo(
        subject=cert.subject.rfc4514_string(), issuer=cert.issuer.rfc4514_string(),
        organization=str(orgs[0].value) if orgs else "", serial=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc,
        fingerprint_sha256=hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest(),
        anchor=anchor, chain=tuple(chain), signing_time=status.signer_reported_dt,
    )


def sign_detached(
    data: bytes,
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    cert: x509.Certificate,
    chain: Sequence[x509.Certificate] = (),
) -> bytes:
    """A DER, detached CMS SignedData over ``data`` (SHA-256), as ``openssl cms -sign -binary``."""
    builder = pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(cert, key, hashes.SHA256())
    for extra in chain:
        builder = builder.add_certificate(extra)
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]
    return builder.sign(serialization.Encoding.DER, options)


def sign_detached_by(data: bytes, signer: Any) -> bytes:
    """The same detached SignedData made by a pyHanko ``Signer`` (say, a key on a PKCS#11 token).

    pyHanko hashes ``data`` here and has the signer sign the signed attributes
    (content type, message digest, signing time, algorithm protection); the
    certificates are the signer's and those of its registry. ``data`` is not
    encapsulated.
    """
    import asyncio

    info = asyncio.run(signer.async_sign_general_data(data, "sha256", detached=True))
    return bytes(info.dump())
