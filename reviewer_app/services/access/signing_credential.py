"""The exporting user's signing credential: a PKCS#12 file, or a key on a PKCS#11 token.

Opened at the moment of use with the secret the caller passes (the file's
passphrase, or the token's PIN), used for the one signature over the case
manifest, and closed; the secret is kept nowhere and appears in no message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from reviewer_app.crypto import cms
from reviewer_app.errors import NotPermittedError, UsageError
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage.models import UserRow


@dataclass
class Credential:
    """The exporting user's signing credential, open for one export and then closed.

    A PKCS#12 file gives a key in memory (``key``); a PKCS#11 token gives a
    logged-in session (``token``, a ``pdf.signing.LoadedSigner``) whose key
    never leaves the token.
    """

    cert: x509.Certificate
    chain: list[x509.Certificate]
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | None = None
    token: Any = None

    def sign(self, data: bytes) -> bytes:
        """The detached CMS signature (DER) over ``data``."""
        if self.key is not None:
            return cms.sign_detached(data, self.key, self.cert, self.chain)
        from pkcs11 import PKCS11Error

        try:
            return cms.sign_detached_by(data, self.token.signer)
        except (PKCS11Error, ValueError) as exc:
            raise UsageError("TOKEN_SIGN_FAILED", "the token could not sign the case manifest "
                             f"({type(exc).__name__}: {exc})") from None

    def close(self) -> None:
        if self.token is not None:
            self.token.close()
            self.token = None

    def __enter__(self) -> Credential:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def credential_kind(ws: Workspace, username: str) -> str:
    """``pkcs12``, ``pkcs11`` (a token: its secret is a PIN) or ``""`` (none), for the prompts."""
    from sqlalchemy import select

    with ws.reader() as s:
        info = s.scalar(select(UserRow.credential).where(UserRow.username == username))
    kind = (info or {}).get("kind")
    return kind if kind in ("pkcs12", "pkcs11") else ""


def load_credential(ws: Workspace, user: UserRow, secret: str) -> Credential:
    """The user's signing credential, opened with its passphrase (PKCS#12) or PIN (PKCS#11)."""
    info = user.credential or {}
    if info.get("kind") == "pkcs11":
        return _load_token(user, info, secret)
    if info.get("kind") != "pkcs12":
        raise UsageError("NO_CREDENTIAL", f"{user.username} has no signing credential "
                         "(a PKCS#12 file or a PKCS#11 token; case files are signed with it)")
    path = (ws.root / str(info.get("file", ""))).resolve()
    if ws.root.resolve() not in path.parents:
        raise UsageError("NO_CREDENTIAL", f"{user.username}'s credential lies outside the workspace")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError("NO_CREDENTIAL", f"cannot read {path}: {exc.strerror}") from exc
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(data, secret.encode("utf-8"))
    except ValueError:
        raise NotPermittedError("WRONG_PASSPHRASE",
                                f"the passphrase of {user.username}'s credential is wrong") from None
    if cert is None or not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise UsageError("NO_CREDENTIAL", f"{path.name} holds no usable key and certificate")
    return Credential(cert, list(chain), key=key)


def _load_token(user: UserRow, info: dict[str, Any], pin: str) -> Credential:
    """Log in to the user's token with the PIN (never logged nor kept past the export)."""
    from reviewer_app.pdf import signing

    missing = [k for k in ("module", "token", "key_label", "cert_label") if not info.get(k)]
    if missing:
        raise UsageError("NO_CREDENTIAL", f"{user.username}'s token credential lacks "
                         f"{', '.join(missing)}")
    label = str(info["token"])
    # A wrong PIN is WRONG_PIN, a locked token TOKEN_LOCKED (pdf.signing, as for letters).
    loaded = signing.load_pkcs11_signer(str(info["module"]), label, pin, str(info["key_label"]),
                                        str(info["cert_label"]), owner=user.username)
    try:
        cert = x509.load_der_x509_certificate(loaded.signer.signing_cert.dump())
    except ValueError as exc:
        loaded.close()
        raise UsageError("NO_CREDENTIAL", f"the certificate on token '{label}' cannot be read "
                         f"({exc})") from None
    return Credential(cert, [], token=loaded)
