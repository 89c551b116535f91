"""age v1.3's post-quantum hybrid recipient type ``mlkem768x25519`` (ML-KEM-768 + X25519).

The stanza is ``-> mlkem768x25519 <enc>``: ``enc`` is the ML-KEM-768 ciphertext (1088
bytes) followed by the X25519 ephemeral share (32 bytes); the body is the 16-byte file
key sealed with HPKE (RFC 9180, base mode) using the hybrid KEM MLKEM768-X25519 (the
X-Wing-style combiner of draft-ietf-hpke-pq, KEM id 0x647a), HKDF-SHA256 and
ChaCha20-Poly1305, with the info string ``age-encryption.org/mlkem768x25519``.
``cryptography``'s ``hpke.Suite`` does all of HPKE and the KEM; this module does age's
part: key strings, the stanza's strict checks, the refusal of a low-order X25519 share.

Keys: the identity is a 32-byte seed (Bech32 ``AGE-SECRET-KEY-PQ-1...``); SHAKE256 of
it gives the 64-byte ML-KEM-768 seed (d || z) and then the 32-byte X25519 private key.
The recipient (Bech32 ``age1pq1...``, about 1,960 characters) is the ML-KEM-768
encapsulation key (1184 bytes) followed by the X25519 public key (32 bytes).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519

from reviewer_app.crypto import bech32
from reviewer_app.crypto.age_errors import AgeKeyError, NotAgeError
from reviewer_app.crypto.age_header import Stanza, b64decode, b64encode

STANZA_TYPE = "mlkem768x25519"
PUBLIC_HRP = "age1pq"
SECRET_HRP = "age-secret-key-pq-"  # noqa: S105 (a Bech32 prefix, not a secret)
_INFO = b"age-encryption.org/mlkem768x25519"
_SEED_SIZE = 32
_MLKEM_SEED_SIZE = 64
_MLKEM_PUBLIC_SIZE = 1184
_MLKEM_CIPHERTEXT_SIZE = 1088
_X25519_SIZE = 32
_ENC_SIZE = _MLKEM_CIPHERTEXT_SIZE + _X25519_SIZE
_BODY_SIZE = 16 + 16  # the file key and ChaCha20-Poly1305's tag
_SUITE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)


def _decode(text: str, hrp: str, size: int) -> bytes:
    try:
        found_hrp, data = bech32.decode(text.strip())
    except bech32.Bech32Error as exc:
        raise AgeKeyError(f"not a valid age key: {exc}") from None
    if found_hrp != hrp or len(data) != size:
        raise AgeKeyError(f"not an age key of the expected kind ({hrp.upper()}1...)")
    return data


class HybridRecipient:
    """An ``age1pq1...`` recipient."""

    def __init__(self, mlkem_key: mlkem.MLKEM768PublicKey, x25519_key: x25519.X25519PublicKey):
        self._raw = mlkem_key.public_bytes_raw() + x25519_key.public_bytes_raw()
        self._key = hpke.MLKEM768X25519PublicKey(mlkem_key, x25519_key)

    @classmethod
    def from_str(cls, text: str) -> HybridRecipient:
        raw = _decode(text, PUBLIC_HRP, _MLKEM_PUBLIC_SIZE + _X25519_SIZE)
        try:
            mlkem_key = mlkem.MLKEM768PublicKey.from_public_bytes(raw[:_MLKEM_PUBLIC_SIZE])
        except ValueError:
            raise AgeKeyError("not a valid ML-KEM-768 key in the age1pq recipient") from None
        return cls(mlkem_key, x25519.X25519PublicKey.from_public_bytes(raw[_MLKEM_PUBLIC_SIZE:]))

    def __str__(self) -> str:
        return bech32.encode(PUBLIC_HRP, self._raw)

    def __repr__(self) -> str:
        return f"HybridRecipient({str(self)[:16]}...)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HybridRecipient) and other._raw == self._raw

    def __hash__(self) -> int:
        return hash(self._raw)

    def wrap(self, file_key: bytes) -> list[Stanza]:
        sealed = _SUITE.encrypt(file_key, self._key, info=_INFO)
        enc, body = sealed[:_ENC_SIZE], sealed[_ENC_SIZE:]
        return [Stanza(STANZA_TYPE, (b64encode(enc).decode("ascii"),), body)]


class HybridIdentity:
    """An ``AGE-SECRET-KEY-PQ-1...`` identity (a 32-byte seed)."""

    def __init__(self, seed: bytes) -> None:
        if len(seed) != _SEED_SIZE:
            raise AgeKeyError("an age post-quantum identity is a 32-byte seed")
        self._seed = seed
        expanded = hashlib.shake_256(seed).digest(_MLKEM_SEED_SIZE + _X25519_SIZE)
        self._mlkem = mlkem.MLKEM768PrivateKey.from_seed_bytes(expanded[:_MLKEM_SEED_SIZE])
        self._x25519 = x25519.X25519PrivateKey.from_private_bytes(expanded[_MLKEM_SEED_SIZE:])
        self._key = hpke.MLKEM768X25519PrivateKey(self._mlkem, self._x25519)

    @classmethod
    def generate(cls) -> HybridIdentity:
        return cls(os.urandom(_SEED_SIZE))

    @classmethod
    def from_str(cls, text: str) -> HybridIdentity:
        if not text.strip().upper().startswith("AGE-SECRET-KEY-PQ-1"):
            raise AgeKeyError("an age post-quantum identity starts with AGE-SECRET-KEY-PQ-1")
        return cls(_decode(text, SECRET_HRP, _SEED_SIZE))

    def __str__(self) -> str:
        return bech32.encode(SECRET_HRP, self._seed).upper()

    def __repr__(self) -> str:
        return "HybridIdentity(...)"  # never the secret

    def recipient(self) -> HybridRecipient:
        return HybridRecipient(self._mlkem.public_key(), self._x25519.public_key())

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        for stanza in stanzas:
            if stanza.type != STANZA_TYPE:
                continue
            if len(stanza.args) != 1:
                raise NotAgeError("malformed mlkem768x25519 stanza")
            enc = b64decode(stanza.args[0])
            if len(enc) != _ENC_SIZE:
                raise NotAgeError("malformed mlkem768x25519 stanza: enc of the wrong size")
            if len(stanza.body) != _BODY_SIZE:
                raise NotAgeError("age stanza body has the wrong length")
            share = x25519.X25519PublicKey.from_public_bytes(enc[_MLKEM_CIPHERTEXT_SIZE:])
            try:
                # HPKE would only report a failed tag; age calls an all-zero X25519
                # secret (a low-order share) a malformed header.
                self._x25519.exchange(share)
            except ValueError:
                raise NotAgeError("mlkem768x25519 stanza with a low-order X25519 share") from None
            try:
                return _SUITE.decrypt(enc + stanza.body, self._key, info=_INFO)
            except InvalidTag:
                continue
        return None
