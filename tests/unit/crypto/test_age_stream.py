"""Round trips, reader/writer behaviour and tamper tests for crypto.age (no external tools)."""

from __future__ import annotations

import io
import os
import tarfile

import pytest

from reviewer_app.crypto import age_stream
from reviewer_app.crypto.age import (
    CHUNK_SIZE,
    AgeCorruptError,
    AgeError,
    AgePayloadError,
    NoMatchingIdentityError,
    NotAgeError,
    ScryptIdentity,
    ScryptRecipient,
    X25519Identity,
    decrypt_bytes,
    encrypt_bytes,
    open_decrypt,
    open_encrypt,
)
from reviewer_app.crypto.age_header import encode_header, payload_key

ENC = CHUNK_SIZE + 16
ME = X25519Identity.generate()
SIZES = [0, 1, 100, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, 3 * CHUNK_SIZE + 7]


def _header_length(blob: bytes) -> int:
    mac_line = blob.index(b"\n--- ") + 1
    return blob.index(b"\n", mac_line) + 1 + 16  # header, then the 16-byte nonce


@pytest.mark.parametrize("size", SIZES)
def test_round_trip(size: int) -> None:
    data = os.urandom(size)
    blob = encrypt_bytes(data, [ME.recipient()])
    chunks = max(1, -(-size // CHUNK_SIZE))
    assert len(blob) == _header_length(blob) + size + 16 * chunks
    assert decrypt_bytes(blob, [ME]) == data


def test_writes_of_every_shape_give_the_same_plaintext() -> None:
    data = os.urandom(5 * CHUNK_SIZE + 3)
    out = io.BytesIO()
    with open_encrypt(out, [ME.recipient()]) as writer:
        pos = 0
        for step in [1, CHUNK_SIZE - 1, CHUNK_SIZE, 7, 3 * CHUNK_SIZE, 10**9]:
            writer.write(memoryview(data)[pos : pos + step])
            pos += step
    assert decrypt_bytes(out.getvalue(), [ME]) == data


def test_read_returns_exact_sizes_across_chunks_and_counts_bytes() -> None:
    data = os.urandom(3 * CHUNK_SIZE + 5)
    blob = encrypt_bytes(data, [ME.recipient()])
    reader = open_decrypt(io.BytesIO(blob), [ME])
    assert reader.read(10) == data[:10]
    assert reader.read(CHUNK_SIZE * 2) == data[10 : 10 + CHUNK_SIZE * 2]
    buf = bytearray(100)
    assert reader.readinto(buf) == 100
    assert bytes(buf) == data[10 + CHUNK_SIZE * 2 : 110 + CHUNK_SIZE * 2]
    assert reader.read() == data[110 + CHUNK_SIZE * 2 :]
    assert reader.read(1) == b""
    assert reader.bytes_consumed == len(blob)


def test_streaming_tar_parser_pulls_from_reader() -> None:
    plain = io.BytesIO()
    with tarfile.open(fileobj=plain, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        payload = os.urandom(200_000)
        info = tarfile.TarInfo("big.bin")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    blob = encrypt_bytes(plain.getvalue(), [ME.recipient()])
    with tarfile.open(fileobj=open_decrypt(io.BytesIO(blob), [ME]), mode="r|") as tar:
        member = tar.next()
        assert member is not None
        extracted = tar.extractfile(member)
        assert extracted is not None and extracted.read() == payload


def test_scrypt_round_trip_and_wrong_passphrase() -> None:
    blob = encrypt_bytes(b"secret", [ScryptRecipient("correct horse", work_factor=10)])
    assert decrypt_bytes(blob, [ScryptIdentity("correct horse")]) == b"secret"
    with pytest.raises(NoMatchingIdentityError):
        decrypt_bytes(blob, [ScryptIdentity("wrong horse")])
    with pytest.raises(NoMatchingIdentityError):
        decrypt_bytes(blob, [ME])  # an X25519 identity skips the scrypt stanza


def test_scrypt_work_factor_over_identity_limit_is_refused() -> None:
    blob = encrypt_bytes(b"x", [ScryptRecipient("pw", work_factor=12)])
    with pytest.raises(NotAgeError, match="work factor 12"):
        decrypt_bytes(blob, [ScryptIdentity("pw", max_work_factor=11)])


def test_scrypt_must_be_the_only_recipient() -> None:
    with pytest.raises(AgeError):
        encrypt_bytes(b"x", [ScryptRecipient("pw", work_factor=10), ME.recipient()])
    file_key = os.urandom(16)
    stanzas = ScryptRecipient("pw", work_factor=10).wrap(file_key) + ME.recipient().wrap(file_key)
    forged = encode_header(stanzas, file_key) + os.urandom(16 + 16)
    for identity in (ME, ScryptIdentity("pw")):
        with pytest.raises(NotAgeError, match="only one"):
            decrypt_bytes(forged, [identity])


def test_wrong_identity_and_no_identity() -> None:
    blob = encrypt_bytes(b"data", [ME.recipient()])
    with pytest.raises(NoMatchingIdentityError):
        decrypt_bytes(blob, [X25519Identity.generate()])
    with pytest.raises(NoMatchingIdentityError):
        decrypt_bytes(blob, [])


def test_any_of_several_recipients_opens_it() -> None:
    other = X25519Identity.generate()
    blob = encrypt_bytes(b"data", [other.recipient(), ME.recipient()])
    assert decrypt_bytes(blob, [X25519Identity.generate(), ME]) == b"data"
    assert decrypt_bytes(blob, [other]) == b"data"


def test_not_age() -> None:
    for blob in [b"", b"hello world\n", b"\x1f\x8b" + os.urandom(5000), b"age-encryption.org/"]:
        with pytest.raises(NotAgeError):
            decrypt_bytes(blob, [ME])


# --- tampering ---------------------------------------------------------------------------


def _flip(blob: bytes, index: int) -> bytes:
    return blob[:index] + bytes([blob[index] ^ 0x01]) + blob[index + 1 :]


def test_flipped_byte_in_header_mac_is_corrupt() -> None:
    blob = encrypt_bytes(b"data", [ME.recipient()])
    mac_at = blob.index(b"\n--- ") + 5
    other = b"B" if blob[mac_at : mac_at + 1] == b"A" else b"A"  # still valid base64
    with pytest.raises(AgeCorruptError, match="MAC"):
        decrypt_bytes(blob[:mac_at] + other + blob[mac_at + 1 :], [ME])


def test_flipped_byte_in_header_text() -> None:
    blob = encrypt_bytes(b"data", [ME.recipient()])
    with pytest.raises(NotAgeError):
        decrypt_bytes(_flip(blob, 0), [ME])  # magic
    body_at = blob.index(b"\n", blob.index(b"-> X25519")) + 1
    # Swap the body's first character for another base64 letter (flipping a bit
    # could leave the alphabet, which is a different, header-syntax failure).
    swapped = bytearray(blob)
    swapped[body_at] = ord("B") if blob[body_at] == ord("A") else ord("A")
    with pytest.raises(NoMatchingIdentityError):
        decrypt_bytes(bytes(swapped), [ME])  # wrapped file key no longer opens


def test_flipped_payload_byte_fails_at_that_chunk_only() -> None:
    data = os.urandom(3 * CHUNK_SIZE)
    blob = encrypt_bytes(data, [ME.recipient()])
    start = _header_length(blob)
    reader = open_decrypt(io.BytesIO(_flip(blob, start + ENC + 100)), [ME])
    assert reader.read(CHUNK_SIZE) == data[:CHUNK_SIZE]
    with pytest.raises(AgeCorruptError, match="chunk 1"):
        reader.read(1)
    with pytest.raises(AgeCorruptError):  # the failure sticks; never a quiet end of file
        reader.read(1)


def test_flipped_nonce_byte_is_corrupt() -> None:
    blob = encrypt_bytes(b"data", [ME.recipient()])
    with pytest.raises(AgeCorruptError):
        decrypt_bytes(_flip(blob, _header_length(blob) - 1), [ME])


@pytest.mark.parametrize("size", [10, CHUNK_SIZE, 2 * CHUNK_SIZE + 10])
def test_truncated_last_chunk(size: int) -> None:
    blob = encrypt_bytes(os.urandom(size), [ME.recipient()])
    with pytest.raises(AgeCorruptError):
        decrypt_bytes(blob[:-1], [ME])


def test_truncated_mid_chunk_and_at_chunk_boundary() -> None:
    blob = encrypt_bytes(os.urandom(3 * CHUNK_SIZE + 10), [ME.recipient()])
    start = _header_length(blob)
    for cut in [start + ENC + 500, start + ENC, start + 2 * ENC, start + 8, start]:
        with pytest.raises(AgePayloadError):
            decrypt_bytes(blob[:cut], [ME])
    # A payload nonce cut short is a header failure (C2SP vectors stream_short_nonce).
    with pytest.raises(NotAgeError, match="before the payload"):
        decrypt_bytes(blob[: start - 4], [ME])


def test_truncated_header() -> None:
    blob = encrypt_bytes(b"data", [ME.recipient()])
    with pytest.raises(NotAgeError):
        decrypt_bytes(blob[:40], [ME])


@pytest.mark.parametrize("size", [0, 10, CHUNK_SIZE, CHUNK_SIZE + 10])
def test_extra_trailing_bytes(size: int) -> None:
    blob = encrypt_bytes(os.urandom(size), [ME.recipient()])
    for extra in [b"\x00", os.urandom(16), os.urandom(ENC)]:
        with pytest.raises(AgeCorruptError):
            decrypt_bytes(blob + extra, [ME])


def test_swapped_chunks_are_corrupt() -> None:
    blob = encrypt_bytes(os.urandom(3 * CHUNK_SIZE), [ME.recipient()])
    s = _header_length(blob)
    swapped = blob[:s] + blob[s + ENC : s + 2 * ENC] + blob[s : s + ENC] + blob[s + 2 * ENC :]
    with pytest.raises(AgeCorruptError):
        decrypt_bytes(swapped, [ME])


def test_empty_final_chunk_after_full_chunk_is_refused() -> None:
    """A full chunk followed by an empty last chunk (age v1.0.0-beta) is not canonical."""
    file_key, nonce = os.urandom(16), os.urandom(16)
    out = io.BytesIO()
    out.write(encode_header(ME.recipient().wrap(file_key), file_key) + nonce)
    aead = age_stream.ChaCha20Poly1305(payload_key(file_key, nonce))
    out.write(aead.encrypt(age_stream._nonce(0, last=False), bytes(CHUNK_SIZE), None))
    out.write(aead.encrypt(age_stream._nonce(1, last=True), b"", None))
    with pytest.raises(AgeCorruptError, match="empty chunk"):
        decrypt_bytes(out.getvalue(), [ME])


def test_writer_abandoned_by_exception_leaves_an_undecryptable_file() -> None:
    out = io.BytesIO()
    with pytest.raises(RuntimeError), open_encrypt(out, [ME.recipient()]) as writer:
        writer.write(os.urandom(3 * CHUNK_SIZE))
        raise RuntimeError("cancelled")
    with pytest.raises(AgeCorruptError):
        decrypt_bytes(out.getvalue(), [ME])


# --- decrypt-ahead thread ------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, CHUNK_SIZE, 4 * CHUNK_SIZE, 9 * CHUNK_SIZE + 3])
def test_read_ahead_round_trip(size: int) -> None:
    data = os.urandom(size)
    blob = encrypt_bytes(data, [ME.recipient()])
    with open_decrypt(io.BytesIO(blob), [ME], read_ahead=True) as reader:
        got = bytearray()
        while block := reader.read(10_000):
            got += block
        assert reader.read() == b""
        assert reader.bytes_consumed == len(blob)
    assert got == data


def test_read_ahead_reports_tampering_after_the_good_chunks() -> None:
    data = os.urandom(10 * CHUNK_SIZE)
    blob = encrypt_bytes(data, [ME.recipient()])
    bad = _flip(blob, _header_length(blob) + 6 * ENC + 3)
    with open_decrypt(io.BytesIO(bad), [ME], read_ahead=True) as reader:
        assert reader.read(6 * CHUNK_SIZE) == data[: 6 * CHUNK_SIZE]
        with pytest.raises(AgeCorruptError, match="chunk 6"):
            reader.read(1)
        with pytest.raises(AgeCorruptError):
            reader.read(1)
    truncated = open_decrypt(io.BytesIO(blob[:-1]), [ME], read_ahead=True)
    with truncated, pytest.raises(AgeCorruptError):
        truncated.read()


def test_read_ahead_close_midway_stops_the_thread() -> None:
    import threading

    blob = encrypt_bytes(os.urandom(40 * CHUNK_SIZE), [ME.recipient()])
    reader = open_decrypt(io.BytesIO(blob), [ME], read_ahead=True)
    reader.read(10)
    reader.close()
    assert not any(t.name == "age-read-ahead" for t in threading.enumerate())
    with pytest.raises(ValueError):
        reader.read(1)
