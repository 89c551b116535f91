"""Issue X.509 certificates and PKCS#12 credentials for a small local CA.

Used to build the demo PKI shipped in ``resources/demo`` and the test PKIs the
tests make; an office without its own PKI can also issue user credentials.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class Issued:
    """A certificate and its private key."""

    cert: x509.Certificate
    key: PrivateKey

    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


@dataclass(frozen=True)
class CertSpec:
    common_name: str
    organization: str = ""
    country: str = "US"
    days: int = 3650
    not_before: datetime | None = None
    digital_signature: bool = True
    non_repudiation: bool = True
    email: str = ""
    extra_eku: tuple[x509.ObjectIdentifier, ...] = field(default_factory=tuple)
    key_kind: str = "ec"  # "ec" (P-256) or "rsa" (2048)


def new_key(kind: str = "ec", rsa_bits: int = 2048) -> PrivateKey:
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=rsa_bits)
    return ec.generate_private_key(ec.SECP256R1())


def _name(spec: CertSpec) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, spec.country)]
    if spec.organization:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, spec.organization))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, spec.common_name))
    return x509.Name(parts)


def _validity(spec: CertSpec) -> tuple[datetime, datetime]:
    start = spec.not_before or (datetime.now(UTC) - timedelta(days=1))
    return start, start + timedelta(days=spec.days)


def make_ca(spec: CertSpec, issuer: Issued | None = None) -> Issued:
    """A root CA (self-signed) or, with ``issuer``, an intermediate CA."""
    key = new_key(spec.key_kind)
    start, end = _validity(spec)
    signer_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(spec))
        .issuer_name(issuer.cert.subject if issuer else _name(spec))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    return Issued(builder.sign(signer_key, hashes.SHA256()), key)


def make_leaf(spec: CertSpec, issuer: Issued) -> Issued:
    """An end-entity signing certificate issued by ``issuer``."""
    key = new_key(spec.key_kind)
    start, end = _validity(spec)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(spec))
        .issuer_name(issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=spec.digital_signature,
                content_commitment=spec.non_repudiation,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    )
    ekus = [ExtendedKeyUsageOID.EMAIL_PROTECTION, *spec.extra_eku]
    builder = builder.add_extension(x509.ExtendedKeyUsage(ekus), critical=False)
    if spec.email:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.RFC822Name(spec.email)]), critical=False
        )
    return Issued(builder.sign(issuer.key, hashes.SHA256()), key)


def make_crl(
    issuer: Issued, revoked_serials: list[int], days: int = 30, revoked_at: datetime | None = None
) -> bytes:
    """A DER CRL from ``issuer`` revoking the given serial numbers (at ``revoked_at``,
    by default five minutes ago)."""
    now = datetime.now(UTC) - timedelta(minutes=5)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.cert.subject)
        .last_update(now)
        .next_update(now + timedelta(days=days))
    )
    for serial in revoked_serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(revoked_at or now)
            .build()
        )
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def to_pkcs12(
    leaf: Issued, chain: list[x509.Certificate], passphrase: bytes, name: str = ""
) -> bytes:
    """A PKCS#12 bundle (key, certificate, chain) protected by ``passphrase``."""
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(50000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase)
    )
    return pkcs12.serialize_key_and_certificates(
        (name or leaf.cert.subject.rfc4514_string()).encode(),
        leaf.key,
        leaf.cert,
        chain,
        encryption,
    )
