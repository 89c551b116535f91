"""All 143 C2SP/CCTV age test vectors (tests/data/age): every outcome, every released byte.

Each vector's ``expect`` maps to exactly one error class (crypto/age_errors.py), and the
plaintext handed out before a failure must hash to the vector's ``payload`` (the CCTV
README: "All the plaintext that would have been released to the application by the API
must match this hash, even if the decryption eventually fails").
"""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reviewer_app.crypto.age import (
    AgeArmorError,
    AgeError,
    AgeHeaderMACError,
    AgePayloadError,
    Identity,
    NoMatchingIdentityError,
    NotAgeError,
    ScryptIdentity,
    open_decrypt,
    parse_identity,
)

VECTORS = Path(__file__).parents[2] / "data" / "age"
NOT_VECTORS = {"LICENSE"}
OUTCOMES: dict[str, type[AgeError]] = {
    "header failure": NotAgeError,
    "no match": NoMatchingIdentityError,
    "HMAC failure": AgeHeaderMACError,
    "armor failure": AgeArmorError,
    "payload failure": AgePayloadError,
}


@dataclass
class Vector:
    expect: str
    body: bytes
    armored: bool
    payload: str | None = None
    identities: list[str] = field(default_factory=list)
    passphrases: list[str] = field(default_factory=list)


def load_vector(path: Path) -> Vector:
    raw = path.read_bytes()
    head, _, body = raw.partition(b"\n\n")
    fields: dict[str, list[str]] = {}
    for line in head.decode("utf-8").splitlines():
        key, _, value = line.partition(": ")
        fields.setdefault(key, []).append(value)
    if fields.get("compressed") == ["zlib"]:
        body = zlib.decompress(body)
    return Vector(
        expect=fields["expect"][0],
        body=body,
        armored=fields.get("armored") == ["yes"],
        payload=fields.get("payload", [None])[0],
        identities=fields.get("identity", []),
        passphrases=fields.get("passphrase", []),
    )


def identities_of(vector: Vector) -> list[Identity]:
    found: list[Identity] = [parse_identity(s) for s in vector.identities]
    found += [ScryptIdentity(p) for p in vector.passphrases]
    return found


def names() -> list[str]:
    return sorted(p.name for p in VECTORS.iterdir() if p.name not in NOT_VECTORS)


def decrypt(vector: Vector, *, armored: bool | None,
            read_ahead: bool = False) -> tuple[str, AgeError | None]:
    """(SHA-256 of every byte released, the error that ended it or None)."""
    released = hashlib.sha256()
    try:
        with open_decrypt(io.BytesIO(vector.body), identities_of(vector),
                          armored=armored, read_ahead=read_ahead) as reader:
            while block := reader.read(4096):
                released.update(block)
    except AgeError as exc:
        return released.hexdigest(), exc
    return released.hexdigest(), None


def test_all_143_vectors_are_here() -> None:
    assert len(names()) == 143
    post_quantum = [n for n in names()
                    if any(i.startswith("AGE-SECRET-KEY-PQ-1")
                           for i in load_vector(VECTORS / n).identities)]
    assert len(post_quantum) == 19  # the 18 hybrid_* vectors and armor_hybrid


@pytest.mark.parametrize("name", names())
def test_vector(name: str) -> None:
    vector = load_vector(VECTORS / name)
    # The harness knows which vectors are armored, as age's own test kit does.
    digest, error = decrypt(vector, armored=vector.armored)
    if vector.expect == "success":
        assert error is None
    else:
        expected = OUTCOMES[vector.expect]
        assert isinstance(error, expected), f"{vector.expect}: got {error!r}"
        others = [kind for kind in OUTCOMES.values() if kind is not expected]
        assert not isinstance(error, tuple(others)), f"{vector.expect}: got {error!r}"
    if vector.payload is not None:
        assert digest == vector.payload
    elif error is not None:
        assert digest == hashlib.sha256(b"").hexdigest()  # nothing released


@pytest.mark.parametrize("name", names())
def test_vector_with_armor_detected(name: str) -> None:
    """The application detects armor itself: same outcome, except that text before the
    BEGIN line makes the file 'not an age file' (nothing tells it is armor)."""
    vector = load_vector(VECTORS / name)
    digest, error = decrypt(vector, armored=None)
    reference, expected_error = decrypt(vector, armored=vector.armored)
    assert digest == reference
    if name == "armor_garbage_leading":
        assert isinstance(error, NotAgeError)
    else:
        assert type(error) is type(expected_error)


@pytest.mark.parametrize("name", [n for n in names()
                                  if load_vector(VECTORS / n).expect in ("success",
                                                                         "payload failure")])
def test_vector_decrypted_ahead_releases_the_same(name: str) -> None:
    """The decrypt-ahead thread (used by imports) hands out exactly what the plain reader
    does, and fails the same way."""
    vector = load_vector(VECTORS / name)
    assert decrypt(vector, armored=vector.armored, read_ahead=True)[0] == vector.payload
    error = decrypt(vector, armored=vector.armored, read_ahead=True)[1]
    assert type(error) is type(decrypt(vector, armored=vector.armored)[1])
