"""Interop with the Go ``age`` CLI (Debian age 1.1.1) and with pyrage (rage), both ways."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pyrage
import pytest

from reviewer_app.crypto.age import (
    CHUNK_SIZE,
    NoMatchingIdentityError,
    ScryptIdentity,
    ScryptRecipient,
    X25519Identity,
    X25519Recipient,
    decrypt_bytes,
    encrypt_bytes,
)

AGE = shutil.which("age")
needs_cli = pytest.mark.skipif(AGE is None, reason="the age CLI is not installed")
SIZES = [0, 1, CHUNK_SIZE, CHUNK_SIZE + 1, 4 * CHUNK_SIZE + 123]


def _keyfile(tmp_path: Path, identity: X25519Identity) -> Path:
    path = tmp_path / "key.txt"
    path.write_text(f"# public key: {identity.recipient()}\n{identity}\n")
    return path


@needs_cli
@pytest.mark.parametrize("size", SIZES)
def test_cli_decrypts_ours(tmp_path: Path, size: int) -> None:
    identity = X25519Identity.generate()
    data = os.urandom(size)
    blob = encrypt_bytes(data, [X25519Identity.generate().recipient(), identity.recipient()])
    out = subprocess.run(
        ["age", "-d", "-i", str(_keyfile(tmp_path, identity))], input=blob, capture_output=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == data


@needs_cli
@pytest.mark.parametrize("size", SIZES)
def test_we_decrypt_cli_output(size: int) -> None:
    identity = X25519Identity.generate()
    data = os.urandom(size)
    blob = subprocess.run(
        ["age", "-r", str(identity.recipient())], input=data, capture_output=True, check=True
    ).stdout
    assert decrypt_bytes(blob, [identity]) == data


@needs_cli
def test_we_decrypt_cli_armored_output() -> None:
    identity = X25519Identity.generate()
    data = os.urandom(5000)
    blob = subprocess.run(
        ["age", "-a", "-r", str(identity.recipient())], input=data, capture_output=True, check=True
    ).stdout
    assert blob.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    assert decrypt_bytes(blob, [identity]) == data


@needs_cli
def test_cli_keygen_keys_work_with_ours(tmp_path: Path) -> None:
    subprocess.run(["age-keygen", "-o", str(tmp_path / "k")], check=True, capture_output=True)
    secret = next(
        line for line in (tmp_path / "k").read_text().splitlines() if line.startswith("AGE-")
    )
    public = subprocess.run(
        ["age-keygen", "-y", str(tmp_path / "k")], check=True, capture_output=True, text=True
    ).stdout.strip()
    identity = X25519Identity.from_str(secret)
    assert str(identity) == secret
    assert str(identity.recipient()) == public
    assert str(X25519Recipient.from_str(public)) == public


def test_pyrage_x25519_both_ways() -> None:
    identity = X25519Identity.generate()
    theirs = pyrage.x25519.Identity.from_str(str(identity))
    assert str(theirs.to_public()) == str(identity.recipient())
    data = os.urandom(3 * CHUNK_SIZE + 5)
    assert decrypt_bytes(pyrage.encrypt(data, [theirs.to_public()]), [identity]) == data
    assert pyrage.decrypt(encrypt_bytes(data, [identity.recipient()]), [theirs]) == data


def test_pyrage_opens_our_passphrase_files() -> None:
    data = os.urandom(CHUNK_SIZE + 9)
    blob = encrypt_bytes(data, [ScryptRecipient("hunter2", work_factor=10)])
    assert pyrage.passphrase.decrypt(blob, "hunter2") == data
    with pytest.raises(pyrage.DecryptError):
        pyrage.passphrase.decrypt(blob, "hunter3")


def test_we_open_pyrage_passphrase_files() -> None:
    """pyrage always uses work factor 20 (~1-2 s each way here): one small file only."""
    blob = pyrage.passphrase.encrypt(b"from rage", "hunter2")
    assert b"-> scrypt " in blob
    assert decrypt_bytes(blob, [ScryptIdentity("hunter2")]) == b"from rage"
    with pytest.raises(NoMatchingIdentityError):
        decrypt_bytes(blob, [ScryptIdentity("hunter3")])
