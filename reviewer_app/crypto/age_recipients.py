"""age v1 recipient types: X25519 keys and scrypt passphrases (post-quantum: age_pq).

A recipient wraps the 16-byte file key into stanzas; an identity unwraps it. ``unwrap``
returns None when no stanza is for this identity (or the key does not fit), and raises
NotAgeError when a stanza of its type is malformed: that is the spec's "header failure".
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from reviewer_app.crypto import bech32, scrypt_child
from reviewer_app.crypto.age_errors import (
    AgeError,
    AgeKeyError,
    KeyDerivationError,
    NotAgeError,
    WorkFactorTooHighError,
)
from reviewer_app.crypto.age_header import Stanza, b64decode, b64encode

FILE_KEY_SIZE = 16
_WRAP_NONCE = bytes(12)  # each wrapping key is used once, so a zero nonce is safe
_X25519_LABEL = b"age-encryption.org/v1/X25519"
_SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
_SECRET_HRP = "age-secret-key-"  # noqa: S105 (a Bech32 prefix, not a secret)
_PUBLIC_HRP = "age"
_DECIMAL = re.compile(r"[1-9][0-9]*\Z")


class Recipient(Protocol):
    def wrap(self, file_key: bytes) -> list[Stanza]: ...


class Identity(Protocol):
    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None: ...


def _seal(key: bytes, file_key: bytes) -> bytes:
    return ChaCha20Poly1305(key).encrypt(_WRAP_NONCE, file_key, None)


def _open(key: bytes, body: bytes) -> bytes | None:
    if len(body) != FILE_KEY_SIZE + 16:
        raise NotAgeError("age stanza body has the wrong length")
    try:
        return ChaCha20Poly1305(key).decrypt(_WRAP_NONCE, body, None)
    except InvalidTag:
        return None


def _x25519_wrap_key(shared: bytes, share: bytes, recipient: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=share + recipient, info=_X25519_LABEL)
    return hkdf.derive(shared)


def _decode_key(text: str, hrp: str) -> bytes:
    try:
        found_hrp, data = bech32.decode(text.strip())
    except bech32.Bech32Error as exc:
        raise AgeKeyError(f"not a valid age key: {exc}") from None
    if found_hrp != hrp or len(data) != 32:
        raise AgeKeyError(f"not an age key of the expected kind ({hrp.upper()}...)")
    return data


class X25519Recipient:
    def __init__(self, public_key: X25519PublicKey) -> None:
        self._key = public_key
        self._raw = public_key.public_bytes_raw()

    @classmethod
    def from_str(cls, text: str) -> X25519Recipient:
        if not text.strip().startswith("age1"):
            raise AgeKeyError("an age recipient starts with age1")
        return cls(X25519PublicKey.from_public_bytes(_decode_key(text, _PUBLIC_HRP)))

    def __str__(self) -> str:
        return bech32.encode(_PUBLIC_HRP, self._raw)

    def __repr__(self) -> str:
        return f"X25519Recipient({self})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, X25519Recipient) and other._raw == self._raw

    def __hash__(self) -> int:
        return hash(self._raw)

    def wrap(self, file_key: bytes) -> list[Stanza]:
        ephemeral = X25519PrivateKey.generate()
        share = ephemeral.public_key().public_bytes_raw()
        shared = ephemeral.exchange(self._key)
        body = _seal(_x25519_wrap_key(shared, share, self._raw), file_key)
        return [Stanza("X25519", (b64encode(share).decode("ascii"),), body)]


class X25519Identity:
    def __init__(self, private_key: X25519PrivateKey) -> None:
        self._key = private_key
        self._public_raw = private_key.public_key().public_bytes_raw()

    @classmethod
    def generate(cls) -> X25519Identity:
        return cls(X25519PrivateKey.generate())

    @classmethod
    def from_str(cls, text: str) -> X25519Identity:
        if not text.strip().upper().startswith("AGE-SECRET-KEY-1"):
            raise AgeKeyError("an age X25519 identity starts with AGE-SECRET-KEY-1")
        return cls(X25519PrivateKey.from_private_bytes(_decode_key(text, _SECRET_HRP)))

    def __str__(self) -> str:
        return bech32.encode(_SECRET_HRP, self._key.private_bytes_raw()).upper()

    def __repr__(self) -> str:
        return f"X25519Identity(recipient={self.recipient()})"  # never the secret

    def recipient(self) -> X25519Recipient:
        return X25519Recipient(self._key.public_key())

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        for stanza in stanzas:
            if stanza.type != "X25519":
                continue
            if len(stanza.args) != 1:
                raise NotAgeError("malformed X25519 stanza")
            share = b64decode(stanza.args[0])
            if len(share) != 32:
                raise NotAgeError("malformed X25519 stanza share")
            try:
                shared = self._key.exchange(X25519PublicKey.from_public_bytes(share))
            except ValueError:
                # OpenSSL refuses the all-zero shared secret of a low-order share.
                raise NotAgeError("X25519 stanza with a low-order share") from None
            if shared == bytes(32):
                raise NotAgeError("X25519 stanza with a low-order share")
            wrap_key = _x25519_wrap_key(shared, share, self._public_raw)
            file_key = _open(wrap_key, stanza.body)
            if file_key is not None:
                return file_key
        return None


# From 32 MiB of scrypt memory up, the key is derived in a child process (see scrypt_child),
# never in this one: if the child cannot run, the derivation fails (KeyDerivationError).
_CHILD_FROM_WORK_FACTOR = 15
# The most work any scrypt stanza may ask for, for every use (case files, packages, the
# workstation key): 2^20 needs 1 GiB in the child and about 3 s. age itself allows 22
# (4 GiB); a hostile file asking for 21+ is refused before any derivation.
MAX_WORK_FACTOR = 20


def work_factor_of(stanza: Stanza) -> int | None:
    """The work factor of a well-formed scrypt stanza's argument; None if malformed."""
    if len(stanza.args) != 2 or not _DECIMAL.match(stanza.args[1]):
        return None
    text = stanza.args[1]
    return MAX_WORK_FACTOR + 1 if len(text) > 2 else int(text)  # no 4,000-digit int()


def refuse_costly_scrypt(stanzas: Sequence[Stanza]) -> None:
    """WorkFactorTooHighError if any scrypt stanza asks for more than MAX_WORK_FACTOR."""
    for stanza in stanzas:
        if stanza.type == "scrypt":
            work_factor = work_factor_of(stanza)
            if work_factor is not None and work_factor > MAX_WORK_FACTOR:
                raise WorkFactorTooHighError(
                    f"scrypt work factor {stanza.args[1][:12]} is over the limit {MAX_WORK_FACTOR}"
                )


def _scrypt_key(passphrase: str, salt: bytes, work_factor: int) -> bytes:
    if work_factor > MAX_WORK_FACTOR:
        raise WorkFactorTooHighError(f"scrypt work factor {work_factor} is over the limit")
    password, full_salt, n = passphrase.encode("utf-8"), _SCRYPT_LABEL + salt, 1 << work_factor
    if work_factor < _CHILD_FROM_WORK_FACTOR:
        return Scrypt(salt=full_salt, length=32, n=n, r=8, p=1).derive(password)
    key = scrypt_child.derive(password, full_salt, n=n, r=8, p=1, length=32)
    if key is None:
        raise KeyDerivationError("the passphrase key could not be derived: the scrypt child "
                                 "process did not run")
    return key


class ScryptRecipient:
    """A passphrase recipient; it must be the only recipient of a file.

    scrypt's memory is 128 * r * 2^work_factor bytes while deriving the key
    (in-process: peak RSS 89 / 153 / 281 MiB and 0.17 / 0.32 / 0.66 s at work
    factor 16 / 17 / 18). From work factor 15 up it is derived in a child process
    (``scrypt_child``), so it never counts against this process's peak; above
    MAX_WORK_FACTOR (20) it is refused.
    """

    def __init__(self, passphrase: str, work_factor: int = 18) -> None:
        if not passphrase:
            raise AgeError("an empty passphrase cannot protect a file")
        if not 1 <= work_factor <= MAX_WORK_FACTOR:
            raise AgeError(f"scrypt work factor must be between 1 and {MAX_WORK_FACTOR}")
        self._passphrase = passphrase
        self.work_factor = work_factor

    def __repr__(self) -> str:
        return f"ScryptRecipient(work_factor={self.work_factor})"

    def wrap(self, file_key: bytes) -> list[Stanza]:
        salt = os.urandom(16)
        key = _scrypt_key(self._passphrase, salt, self.work_factor)
        args = (b64encode(salt).decode("ascii"), str(self.work_factor))
        return [Stanza("scrypt", args, _seal(key, file_key))]


class ScryptIdentity:
    def __init__(self, passphrase: str, max_work_factor: int = MAX_WORK_FACTOR) -> None:
        self._passphrase = passphrase
        self.max_work_factor = min(max_work_factor, MAX_WORK_FACTOR)

    def __repr__(self) -> str:
        return f"ScryptIdentity(max_work_factor={self.max_work_factor})"

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        for stanza in stanzas:
            if stanza.type != "scrypt":
                continue
            if len(stanzas) != 1:
                raise NotAgeError("an scrypt stanza must be the only one in the header")
            work_factor = work_factor_of(stanza)
            if work_factor is None:
                raise NotAgeError("malformed scrypt stanza")
            salt = b64decode(stanza.args[0])
            if len(salt) != 16:
                raise NotAgeError("malformed scrypt stanza salt")
            if work_factor > self.max_work_factor:
                raise WorkFactorTooHighError(
                    f"scrypt work factor {work_factor} is over the limit {self.max_work_factor}"
                )
            return _open(_scrypt_key(self._passphrase, salt, work_factor), stanza.body)
        return None
