"""The workstation's age X25519 identity, stored only passphrase-encrypted.

The file is in age's own passphrase (scrypt) format, so the standard ``age``
tool opens it too (``age -d keys/workstation.age``). Work factor 18 is age's
default (about 0.6 s here); pyrage's fixed 2^20 took 4 s to protect and 2.5 s
to open, on every unlock.
"""

from __future__ import annotations

from pathlib import Path

from reviewer_app.crypto.age import (
    AgeCorruptError,
    AgeKeyError,
    NoMatchingIdentityError,
    NotAgeError,
    ScryptIdentity,
    ScryptRecipient,
    X25519Identity,
    decrypt_bytes,
    encrypt_bytes,
)
from reviewer_app.errors import NotPermittedError, RejectedError

DEFAULT_WORK_FACTOR = 18
# A key file that asks for more than age's own limit is refused, not computed for minutes.
MAX_WORK_FACTOR = 22


def generate() -> tuple[str, str]:
    """A new identity: (secret ``AGE-SECRET-KEY-1...``, recipient ``age1...``)."""
    identity = X25519Identity.generate()
    return str(identity), str(identity.recipient())


def protect(secret: str, passphrase: str, work_factor: int = DEFAULT_WORK_FACTOR) -> bytes:
    """The secret, encrypted to ``passphrase`` in age's scrypt format."""
    return encrypt_bytes(
        secret.encode("ascii") + b"\n", [ScryptRecipient(passphrase, work_factor=work_factor)]
    )


def unprotect(blob: bytes, passphrase: str) -> X25519Identity:
    try:
        plain = decrypt_bytes(blob, [ScryptIdentity(passphrase, max_work_factor=MAX_WORK_FACTOR)])
    except NoMatchingIdentityError as exc:
        raise NotPermittedError("WRONG_PASSPHRASE", "the workstation passphrase is wrong") from exc
    except (NotAgeError, AgeCorruptError) as exc:
        raise RejectedError(
            "IDENTITY_CORRUPT", f"the workstation key file is damaged: {exc}"
        ) from exc
    try:
        return X25519Identity.from_str(plain.decode("ascii").strip())
    except (UnicodeDecodeError, AgeKeyError) as exc:
        raise RejectedError("IDENTITY_CORRUPT", "the workstation key file is damaged") from exc


def load(path: Path, passphrase: str) -> X25519Identity:
    return unprotect(path.read_bytes(), passphrase)


def recipient_of(identity: X25519Identity) -> str:
    return str(identity.recipient())
