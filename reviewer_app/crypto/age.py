"""age v1 (https://age-encryption.org/v1) on ``cryptography``'s primitives, streaming.

Why our own and not pyrage: pyrage's passphrase mode is in memory only (64 MiB took
600 MB RSS), its decryption is push-style (our tar parser pulls) and slower than the
target. This module is the public face; the parts live in age_header (header, MAC),
age_recipients (X25519, scrypt), age_pq (post-quantum mlkem768x25519), age_stream
(STREAM chunks, writer), age_reader (pull reader, optional decrypt-ahead thread),
age_armor (read as a stream), bech32. age_errors maps each outcome of the C2SP/CCTV
test vectors to one class (all 143 pass: tests/unit/crypto/test_age_vectors.py).

    with open_encrypt(out, [X25519Recipient.from_str("age1...")]) as w:
        w.write(data)
    reader = open_decrypt(src, [identity])   # header checked here
    reader.read(1 << 20)                       # AgeCorruptError on tampering
"""

from __future__ import annotations

import hmac
import io
import os
from collections.abc import Sequence
from typing import BinaryIO, cast

from reviewer_app.crypto.age_armor import ArmorReader, looks_armored
from reviewer_app.crypto.age_errors import (
    AgeArmorError,
    AgeCorruptError,
    AgeError,
    AgeHeaderMACError,
    AgeKeyError,
    AgePayloadError,
    KeyDerivationError,
    NoMatchingIdentityError,
    NotAgeError,
    WorkFactorTooHighError,
)
from reviewer_app.crypto.age_header import (
    Header,
    encode_header,
    header_mac,
    payload_key,
    read_header,
)
from reviewer_app.crypto.age_pq import HybridIdentity, HybridRecipient
from reviewer_app.crypto.age_reader import AgeReader
from reviewer_app.crypto.age_recipients import (
    FILE_KEY_SIZE,
    MAX_WORK_FACTOR,
    Identity,
    Recipient,
    ScryptIdentity,
    ScryptRecipient,
    X25519Identity,
    X25519Recipient,
    refuse_costly_scrypt,
)
from reviewer_app.crypto.age_stream import CHUNK_SIZE, AgeWriter, ChunkDecryptor

__all__ = [
    "CHUNK_SIZE",
    "MAX_WORK_FACTOR",
    "AgeArmorError",
    "AgeCorruptError",
    "AgeError",
    "AgeHeaderMACError",
    "AgeKeyError",
    "AgePayloadError",
    "AgeReader",
    "AgeWriter",
    "HybridIdentity",
    "HybridRecipient",
    "Identity",
    "KeyDerivationError",
    "NoMatchingIdentityError",
    "NotAgeError",
    "Recipient",
    "ScryptIdentity",
    "ScryptRecipient",
    "WorkFactorTooHighError",
    "X25519Identity",
    "X25519Recipient",
    "decrypt_bytes",
    "encrypt_bytes",
    "mixes_post_quantum",
    "open_decrypt",
    "open_encrypt",
    "parse_identity",
    "parse_recipient",
    "peek_header",
]

_NONCE_SIZE = 16
_SNIFF_SIZE = 64


def _read_up_to(src: BinaryIO, size: int, have: bytes = b"") -> bytes:
    data = bytearray(have)
    while len(data) < size:
        block = src.read(size - len(data))
        if not block:
            break
        data += block
    return bytes(data)


def parse_recipient(text: str) -> X25519Recipient | HybridRecipient:
    """An ``age1...`` (X25519) or ``age1pq1...`` (post-quantum hybrid) recipient."""
    if text.strip().lower().startswith("age1pq1"):
        return HybridRecipient.from_str(text)
    return X25519Recipient.from_str(text)


def parse_identity(text: str) -> X25519Identity | HybridIdentity:
    """An ``AGE-SECRET-KEY-1...`` or ``AGE-SECRET-KEY-PQ-1...`` identity."""
    if text.strip().upper().startswith("AGE-SECRET-KEY-PQ-1"):
        return HybridIdentity.from_str(text)
    return X25519Identity.from_str(text)


MIXED_RECIPIENTS = "post-quantum (age1pq1...) recipients cannot be mixed with classic (age1...) ones"


def mixes_post_quantum(recipients: Sequence[Recipient]) -> bool:
    """True for post-quantum and classic recipients together, which age 1.3 refuses too:
    one classic recipient would leave the file as open to a quantum attacker as X25519."""
    post_quantum = [isinstance(r, HybridRecipient) for r in recipients]
    return any(post_quantum) and not all(post_quantum)


def _unarmored(src: BinaryIO, armored: bool | None) -> tuple[BinaryIO, bytes]:
    """``src`` (de-armored if it is armor) and the bytes of it already read."""
    prefix = _read_up_to(src, _SNIFF_SIZE)
    if armored or (armored is None and looks_armored(prefix)):
        return cast(BinaryIO, ArmorReader(src, prefix)), b""
    return src, prefix


def peek_header(src: BinaryIO) -> Header:
    """The header of an age file, binary or armored, without decrypting anything."""
    plain, prefix = _unarmored(src, None)
    header, _rest = read_header(plain, prefix)
    return header


def open_decrypt(
    src: BinaryIO,
    identities: Sequence[Identity],
    *,
    read_ahead: bool = False,
    armored: bool | None = None,
) -> AgeReader:
    """Parse and authenticate the header now; return a reader of the plaintext.

    ``read_ahead=True`` decrypts in a background thread (for big files whose consumer
    also hashes or writes: see age_reader). The caller must close the reader then.
    ``armored``: None detects ASCII armor (first non-blank text starting "-----");
    True/False say what the caller knows.

    Raises NotAgeError (not age v1 / malformed header; WorkFactorTooHighError: an
    scrypt stanza over MAX_WORK_FACTOR, before any derivation), NoMatchingIdentityError,
    AgeHeaderMACError, AgeArmorError; the reader raises AgePayloadError later, after
    handing out the chunks that authenticated (age_stream).
    """
    src, prefix = _unarmored(src, armored)
    header, rest = read_header(src, prefix)
    if any(s.type == "scrypt" for s in header.stanzas) and len(header.stanzas) != 1:
        raise NotAgeError("an scrypt stanza must be the only one in the header")
    refuse_costly_scrypt(header.stanzas)
    file_key = None
    for identity in identities:
        file_key = identity.unwrap(header.stanzas)
        if file_key is not None:
            break
    if file_key is None:
        raise NoMatchingIdentityError("no identity matches this age file")
    if len(file_key) != FILE_KEY_SIZE:
        raise NotAgeError("age file key of the wrong size")
    if not hmac.compare_digest(header_mac(file_key, header.mac_input), header.mac):
        raise AgeHeaderMACError("age header MAC does not match (damaged or forged header)")
    rest = _read_up_to(src, _NONCE_SIZE, rest)
    if len(rest) < _NONCE_SIZE:
        # The vectors call this a header failure: the nonce belongs to the header's side.
        raise NotAgeError("age file truncated before the payload")
    consumed = header.length + len(rest)
    key = payload_key(file_key, rest[:_NONCE_SIZE])
    chunks = ChunkDecryptor(src, key, prefix=rest[_NONCE_SIZE:], consumed=consumed)
    return AgeReader(chunks, read_ahead=read_ahead)


def open_encrypt(dst: BinaryIO, recipients: Sequence[Recipient]) -> AgeWriter:
    """Write the header now; return a writer whose close() writes the last chunk."""
    if not recipients:
        raise AgeError("at least one recipient is needed")
    file_key = os.urandom(FILE_KEY_SIZE)
    stanzas = [stanza for recipient in recipients for stanza in recipient.wrap(file_key)]
    if any(s.type == "scrypt" for s in stanzas) and len(stanzas) != 1:
        raise AgeError("a passphrase must be the only recipient of a file")
    if mixes_post_quantum(recipients):
        raise AgeError(MIXED_RECIPIENTS)
    nonce = os.urandom(_NONCE_SIZE)
    dst.write(encode_header(stanzas, file_key) + nonce)
    return AgeWriter(dst, payload_key(file_key, nonce))


def encrypt_bytes(data: bytes, recipients: Sequence[Recipient]) -> bytes:
    out = io.BytesIO()
    with open_encrypt(out, recipients) as writer:
        writer.write(data)
    return out.getvalue()


def decrypt_bytes(data: bytes, identities: Sequence[Identity]) -> bytes:
    with open_decrypt(io.BytesIO(data), identities) as reader:
        return reader.read()
