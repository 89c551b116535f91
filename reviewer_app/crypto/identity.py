"""The workstation's age identity, stored only passphrase-encrypted.

The identity is X25519 (``AGE-SECRET-KEY-1...``) or, for a workspace made with
``init --post-quantum``, age v1.3's hybrid ML-KEM-768 + X25519
(``AGE-SECRET-KEY-PQ-1...``, see age_pq). The file is in age's own passphrase
(scrypt) format, so the standard ``age`` tool opens it too (``age -d
keys/workstation.age``). Work factor 18 is age's default (about 0.6 s here);
pyrage's fixed 2^20 took 4 s to protect and 2.5 s to open, on every unlock. A
key file asking for more than age.MAX_WORK_FACTOR (20) is refused unopened.
"""

from __future__ import annotations

from pathlib import Path

from reviewer_app.crypto.age import (
    MAX_WORK_FACTOR,
    AgeCorruptError,
    AgeKeyError,
    HybridIdentity,
    KeyDerivationError,
    NoMatchingIdentityError,
    NotAgeError,
    ScryptIdentity,
    ScryptRecipient,
    WorkFactorTooHighError,
    X25519Identity,
    decrypt_bytes,
    encrypt_bytes,
    parse_identity,
)
from reviewer_app.errors import NotPermittedError, RejectedError, ReviewerError

DEFAULT_WORK_FACTOR = 18
WorkstationIdentity = X25519Identity | HybridIdentity


def generate(*, post_quantum: bool = False) -> tuple[str, str]:
    """A new identity: (secret, recipient): ``AGE-SECRET-KEY-1...`` / ``age1...``, or
    with ``post_quantum`` ``AGE-SECRET-KEY-PQ-1...`` / ``age1pq1...``."""
    identity: WorkstationIdentity = (
        HybridIdentity.generate() if post_quantum else X25519Identity.generate()
    )
    return str(identity), str(identity.recipient())


def protect(secret: str, passphrase: str, work_factor: int = DEFAULT_WORK_FACTOR) -> bytes:
    """The secret, encrypted to ``passphrase`` in age's scrypt format."""
    return encrypt_bytes(
        secret.encode("ascii") + b"\n", [ScryptRecipient(passphrase, work_factor=work_factor)]
    )


def unprotect(blob: bytes, passphrase: str) -> WorkstationIdentity:
    try:
        plain = decrypt_bytes(blob, [ScryptIdentity(passphrase, max_work_factor=MAX_WORK_FACTOR)])
    except NoMatchingIdentityError as exc:
        raise NotPermittedError("WRONG_PASSPHRASE", "the workstation passphrase is wrong") from exc
    except WorkFactorTooHighError as exc:
        raise RejectedError(
            "IDENTITY_WORK_FACTOR_TOO_HIGH",
            f"the workstation key file asks for too much passphrase work: {exc}",
        ) from exc
    except KeyDerivationError as exc:
        raise ReviewerError("SCRYPT_FAILED", str(exc)) from exc
    except (NotAgeError, AgeCorruptError) as exc:
        raise RejectedError(
            "IDENTITY_CORRUPT", f"the workstation key file is damaged: {exc}"
        ) from exc
    try:
        return parse_identity(plain.decode("ascii").strip())
    except (UnicodeDecodeError, AgeKeyError) as exc:
        raise RejectedError("IDENTITY_CORRUPT", "the workstation key file is damaged") from exc


def load(path: Path, passphrase: str) -> WorkstationIdentity:
    return unprotect(path.read_bytes(), passphrase)


def recipient_of(identity: WorkstationIdentity) -> str:
    return str(identity.recipient())
