"""age v1 (https://age-encryption.org/v1) on ``cryptography``'s primitives, streaming.

Why our own and not pyrage: pyrage's passphrase mode is in memory only (64 MiB took
600 MB RSS), its decryption is push-style (our tar parser pulls) and slower than the
target. This module is the public face; the parts live in age_header (header, MAC),
age_recipients (X25519, scrypt), age_stream (STREAM chunks, writer), age_reader
(pull reader, optional decrypt-ahead thread), age_armor, bech32.

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
from typing import BinaryIO

from reviewer_app.crypto.age_armor import looks_armored, read_armored
from reviewer_app.crypto.age_errors import (
    AgeCorruptError,
    AgeError,
    AgeKeyError,
    NoMatchingIdentityError,
    NotAgeError,
)
from reviewer_app.crypto.age_header import encode_header, header_mac, payload_key, read_header
from reviewer_app.crypto.age_reader import AgeReader
from reviewer_app.crypto.age_recipients import (
    FILE_KEY_SIZE,
    Identity,
    Recipient,
    ScryptIdentity,
    ScryptRecipient,
    X25519Identity,
    X25519Recipient,
)
from reviewer_app.crypto.age_stream import CHUNK_SIZE, AgeWriter, ChunkDecryptor

__all__ = [
    "CHUNK_SIZE",
    "AgeCorruptError",
    "AgeError",
    "AgeKeyError",
    "AgeReader",
    "AgeWriter",
    "Identity",
    "NoMatchingIdentityError",
    "NotAgeError",
    "Recipient",
    "ScryptIdentity",
    "ScryptRecipient",
    "X25519Identity",
    "X25519Recipient",
    "decrypt_bytes",
    "encrypt_bytes",
    "open_decrypt",
    "open_encrypt",
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


def open_decrypt(
    src: BinaryIO, identities: Sequence[Identity], *, read_ahead: bool = False
) -> AgeReader:
    """Parse and authenticate the header now; return a reader of the plaintext.

    ``read_ahead=True`` decrypts in a background thread (for big files whose consumer
    also hashes or writes: see age_reader). The caller must close the reader then.

    Raises NotAgeError (not age v1 / malformed header), NoMatchingIdentityError,
    AgeCorruptError (header MAC, damaged armor); the reader raises AgeCorruptError later.
    """
    prefix = _read_up_to(src, _SNIFF_SIZE)
    if looks_armored(prefix):
        src = io.BytesIO(read_armored(src, prefix))
        prefix = b""
    header, rest = read_header(src, prefix)
    if any(s.type == "scrypt" for s in header.stanzas) and len(header.stanzas) != 1:
        raise NotAgeError("an scrypt stanza must be the only one in the header")
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
        raise AgeCorruptError("age header MAC does not match (damaged or forged header)")
    rest = _read_up_to(src, _NONCE_SIZE, rest)
    if len(rest) < _NONCE_SIZE:
        raise AgeCorruptError("age file truncated before the payload")
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
