"""The workstation's age X25519 identity, stored only passphrase-encrypted.

The file is in age's own passphrase (scrypt) format, so the standard ``age``
tool opens it too (``age -d keys/workstation.age``).
"""

from __future__ import annotations

from pathlib import Path

import pyrage

from reviewer_app.errors import NotPermittedError, RejectedError


def generate() -> tuple[str, str]:
    """A new identity: (secret ``AGE-SECRET-KEY-1...``, recipient ``age1...``)."""
    identity = pyrage.x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def protect(secret: str, passphrase: str) -> bytes:
    return bytes(pyrage.passphrase.encrypt(secret.encode("ascii") + b"\n", passphrase))


def unprotect(blob: bytes, passphrase: str) -> pyrage.x25519.Identity:
    try:
        plain = pyrage.passphrase.decrypt(blob, passphrase)
    except pyrage.DecryptError as exc:
        raise NotPermittedError(
            "WRONG_PASSPHRASE", "the workstation passphrase is wrong"
        ) from exc
    try:
        return pyrage.x25519.Identity.from_str(plain.decode("ascii").strip())
    except (UnicodeDecodeError, pyrage.IdentityError) as exc:
        raise RejectedError("IDENTITY_CORRUPT", "the workstation key file is damaged") from exc


def load(path: Path, passphrase: str) -> pyrage.x25519.Identity:
    return unprotect(path.read_bytes(), passphrase)


def recipient_of(identity: pyrage.x25519.Identity) -> str:
    return str(identity.to_public())
