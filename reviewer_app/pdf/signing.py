"""PAdES baseline B-B signatures on letters with pyHanko: certify, then countersign.

The reviewer's signature is a *certification* signature whose DocMDP
permissions allow form filling and further signatures; the supervisor's is an
*approval* signature added as an incremental update into the empty field the
certification already covers. Nothing is fetched: no timestamp authority, no
revocation lookups; the signing time is the signed ``signingTime`` attribute.

Each signature may also record entries in the document information
dictionary of the revision it signs (``signed_info``: the digest of the
determination the letter renders, and whatever else a caller must bind to the
signature); the signature covers that revision, so the entries are signed.
``recorded_info`` reads them back from the revision a signature covers.

Speed: pyHanko's stock ``SimpleSigner`` parses the private key again on each
raw signature (tens of milliseconds); ``LoadedSigner`` keeps the key object it
was built from, and ``bytes_reserved`` avoids pyHanko's size-estimating dry run.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    pkcs12,
)
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import load_cert_from_pemder
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from reviewer_app.domain.users import CertificateIdentity
from reviewer_app.errors import NotPermittedError, RejectedError, UsageError
from reviewer_app.pdf.letter import FieldBox, RenderedLetter
from reviewer_app.pdf.stamp import stamp_style

BYTES_RESERVED = 16384  # room for the CMS blob; EC or RSA-3072 with a short chain fits easily


class _KeptKeySigner(signers.SimpleSigner):
    """A SimpleSigner that signs with an already-loaded ``cryptography`` key."""

    def __init__(self, key: Any, cert: asn1_x509.Certificate, registry: SimpleCertificateStore):
        der = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        super().__init__(signing_cert=cert, signing_key=asn1_keys.PrivateKeyInfo.load(der),
                         cert_registry=registry)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        key = self._key
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return bytes(key.sign(data, ec.ECDSA(hash_algo)))
        if isinstance(key, rsa.RSAPrivateKey):
            return bytes(key.sign(data, padding.PKCS1v15(), hash_algo))
        if isinstance(key, ed25519.Ed25519PrivateKey):
            return bytes(key.sign(data))
        raise UsageError("UNSUPPORTED_KEY", f"cannot sign with a {type(key).__name__} key")


@dataclass
class LoadedSigner:
    """A ready signer: built once, used for one or many signatures, then closed."""

    signer: Any  # a pyHanko Signer
    signer_name: str
    _close: Callable[[], None] | None = None

    @property
    def certificate(self) -> asn1_x509.Certificate:
        return self.signer.signing_cert  # type: ignore[no-any-return]

    @property
    def chain(self) -> list[asn1_x509.Certificate]:
        """The other certificates the credential carries (its issuing CAs, usually)."""
        registry = getattr(self.signer, "cert_registry", None)
        return [c for c in (registry or ()) if c != self.certificate]

    @property
    def identity(self) -> CertificateIdentity:
        return identity_of(self.certificate)

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None

    def __enter__(self) -> LoadedSigner:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def identity_of(cert: asn1_x509.Certificate) -> CertificateIdentity:
    """The certificate's identity for two-person rules (SHA-256 of the DER and of the key)."""
    return CertificateIdentity(hashlib.sha256(cert.dump()).hexdigest(),
                               hashlib.sha256(cert.public_key.dump()).hexdigest(),
                               _common_name(cert))


def identity_of_der(der: bytes) -> CertificateIdentity:
    return identity_of(asn1_x509.Certificate.load(der))


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def _common_name(cert: asn1_x509.Certificate) -> str:
    try:
        return str(cert.subject.native.get("common_name") or cert.subject.human_friendly)
    except (ValueError, KeyError):
        return "unknown signer"


def signer_from_key(key: Any, cert: x509.Certificate, chain: list[x509.Certificate]) -> LoadedSigner:
    """A signer from key material already in memory (the fast path)."""
    asn1_cert = _asn1(cert)
    registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    registry.register_multiple([_asn1(c) for c in chain])
    return LoadedSigner(_KeptKeySigner(key, asn1_cert, registry), _common_name(asn1_cert))


def load_pkcs12_signer(source: Path | bytes, passphrase: str) -> LoadedSigner:
    """Open a PKCS#12 credential at the moment of use; a wrong passphrase is exit 5."""
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except OSError as exc:
        raise UsageError("NO_CREDENTIAL", f"cannot read the signing credential {source!s}: "
                         f"{exc.strerror}") from exc
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase.encode())
    except ValueError as exc:
        raise NotPermittedError("WRONG_PASSPHRASE",
                                "the credential passphrase is wrong (or the file is not a "
                                "PKCS#12 credential)") from exc
    if key is None or cert is None:
        raise RejectedError("BAD_CREDENTIAL", "the PKCS#12 file holds no key and certificate")
    return signer_from_key(key, cert, list(extra))


def load_pkcs11_signer(module_path: str, token_label: str, pin: str, key_label: str,
                       cert_label: str, chain_files: tuple[Path, ...] = (), *,
                       owner: str = "") -> LoadedSigner:
    """A signer on a smart card or HSM; the session stays open until ``close()``.
    ``owner`` (a user name) only words the errors."""
    from pkcs11 import PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as p11

    try:
        session = p11.open_pkcs11_session(module_path, token_criteria=TokenCriteria(token_label),
                                          user_pin=pin)
    except PKCS11Error as exc:
        raise _login_error(f"{owner}'s token '{token_label}'" if owner
                           else f"token '{token_label}'", exc) from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise UsageError("NO_TOKEN", f"cannot open token '{token_label}' with {module_path}: "
                         f"{exc}") from exc
    try:
        ca_chain = [load_cert_from_pemder(str(f)) for f in chain_files]  # type: ignore[no-untyped-call]
        # Hash here, sign the digest on the token: many tokens (SoftHSM2, most cards) offer
        # only the raw mechanisms (CKM_ECDSA, CKM_RSA_PKCS), not CKM_ECDSA_SHA256 and friends.
        signer = p11.PKCS11Signer(session, cert_label=cert_label, key_label=key_label,
                                  ca_chain=ca_chain, use_raw_mechanism=True)
        name = _common_name(signer.signing_cert)
    except (PKCS11Error, PdfError, ValueError, KeyError) as exc:
        session.close()
        raise UsageError("NO_TOKEN_KEY", f"token '{token_label}' has no usable key "
                         f"'{key_label}' / certificate '{cert_label}': {exc}") from exc
    return LoadedSigner(signer, name, session.close)


_WRONG_PIN = ("PinIncorrect", "PinInvalid", "PinLenRange")


def _login_error(token: str, exc: Exception) -> NotPermittedError:
    """The token's refusal in the user's terms (the same codes for letters and case files)."""
    cause = type(exc).__name__
    if cause in _WRONG_PIN:
        return NotPermittedError("WRONG_PIN", f"the PIN of {token} is wrong")
    if cause == "PinLocked":
        return NotPermittedError("TOKEN_LOCKED", f"{token} is locked (too many wrong PINs)")
    return NotPermittedError("TOKEN_LOGIN", f"cannot log in to {token} ({cause})")


def _metadata(field_name: str, reason: str, location: str, *, certify: bool) -> Any:
    return signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location or None,
        certify=certify,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
    )


def _record_info(writer: IncrementalPdfFileWriter, entries: Mapping[str, str]) -> None:
    """Write ``entries`` into the information dictionary of the revision being signed."""
    if not entries:
        return
    try:
        ref = writer.trailer.raw_get("/Info")
    except KeyError:
        ref = None
    if isinstance(ref, generic.IndirectObject):
        info = ref.get_object()  # type: ignore[no-untyped-call]
        writer.mark_update(ref)
    else:
        info = generic.DictionaryObject()  # type: ignore[no-untyped-call]
        writer.set_info(info)
    for key, value in entries.items():
        info[generic.NameObject("/" + key)] = generic.TextStringObject(value)


def certify_letter(letter: RenderedLetter, signer: LoadedSigner, *, field_name: str,
                   reason: str, location: str = "",
                   signed_info: Mapping[str, str] | None = None) -> bytes:
    """The first signature: certification (DocMDP: form filling and signatures allowed).

    Every other signature box of the letter becomes an empty signature field in
    the same revision, so a later countersignature only fills a field.
    """
    boxes = {f.name: f for f in letter.fields}
    if field_name not in boxes:
        raise UsageError("NO_SIGNATURE_BOX", f"the letter has no signature box '{field_name}'")
    writer = IncrementalPdfFileWriter(io.BytesIO(letter.pdf), strict=False)
    for other in letter.fields:
        if other.name != field_name:
            fields.append_signature_field(writer, _spec(other))
    _record_info(writer, signed_info or {})
    pdf_signer = signers.PdfSigner(
        _metadata(field_name, reason, location, certify=True), signer=signer.signer,
        stamp_style=stamp_style(signer.signer_name), new_field_spec=_spec(boxes[field_name]),
    )
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out, bytes_reserved=BYTES_RESERVED)
    return out.getvalue()


def countersign(pdf: bytes, signer: LoadedSigner, *, field_name: str, reason: str,
                location: str = "", signed_info: Mapping[str, str] | None = None) -> bytes:
    """An approval signature into the existing empty field, as an incremental update."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        existing = {name: value for name, value, _ in fields.enumerate_sig_fields(writer)}
    except (PdfError, ValueError, KeyError) as exc:
        raise RejectedError("PDF_INVALID", f"the signed letter cannot be read: {exc}") from exc
    if field_name not in existing:
        raise RejectedError("NO_SIGNATURE_FIELD", f"the letter has no field '{field_name}'")
    if existing[field_name] is not None:
        raise RejectedError("ALREADY_SIGNED", f"the field '{field_name}' is already signed")
    _record_info(writer, signed_info or {})
    pdf_signer = signers.PdfSigner(
        _metadata(field_name, reason, location, certify=False), signer=signer.signer,
        stamp_style=stamp_style(signer.signer_name),
    )
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out, bytes_reserved=BYTES_RESERVED)
    return out.getvalue()


def _spec(box: FieldBox) -> Any:
    return fields.SigFieldSpec(box.name, on_page=box.page, box=box.box)


@dataclass(frozen=True)
class EmbeddedSigner:
    """Who made one signature of a PDF, and what it recorded in the revision it covers."""

    field_name: str
    identity: CertificateIdentity | None  # None: the signature carries no readable certificate
    info: dict[str, str]


def embedded_signers(pdf: bytes) -> list[EmbeddedSigner]:
    """Every signature's certificate identity and signed info entries, in signing order."""
    try:
        sigs = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except (PdfError, ValueError, KeyError) as exc:
        raise RejectedError("PDF_INVALID", f"not a readable PDF: {exc}") from exc
    out = []
    for sig in sigs:
        try:
            identity: CertificateIdentity | None = identity_of(sig.signer_cert)
        except (PdfError, ValueError, KeyError, TypeError, AttributeError):
            identity = None
        out.append(EmbeddedSigner(str(sig.field_name), identity, recorded_info(sig)))
    return out


def recorded_info(sig: Any) -> dict[str, str]:
    """The information dictionary's text entries in the revision ``sig`` covers."""
    try:
        resolver = sig.reader.get_historical_resolver(sig.signed_revision)
        info = resolver.trailer_view["/Info"].get_object()
        return {str(k)[1:]: str(v) for k, v in info.items()
                if isinstance(v, generic.TextStringObject | generic.ByteStringObject)}
    except (PdfError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return {}


def signature_count(pdf: bytes) -> int:
    """How many signatures the PDF holds (0 for a draft)."""
    try:
        return len(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)
    except (PdfError, ValueError) as exc:
        raise RejectedError("PDF_INVALID", f"not a readable PDF: {exc}") from exc


__all__ = [
    "EmbeddedSigner",
    "LoadedSigner",
    "certify_letter",
    "countersign",
    "embedded_signers",
    "identity_of",
    "identity_of_der",
    "load_pkcs11_signer",
    "load_pkcs12_signer",
    "recorded_info",
    "signature_count",
    "signer_from_key",
]
