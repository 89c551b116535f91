"""crypto.identity: the workstation key, protected in age's scrypt format."""

from __future__ import annotations

import os
import pty
import shutil
from pathlib import Path

import pytest

from reviewer_app.crypto import identity
from reviewer_app.crypto.age import X25519Identity, decrypt_bytes, encrypt_bytes
from reviewer_app.errors import NotPermittedError, RejectedError

FAST = 10  # tests use a low work factor; the product uses 18


def test_protect_unprotect_round_trip(tmp_path: Path) -> None:
    secret, recipient = identity.generate()
    blob = identity.protect(secret, "pass phrase", work_factor=FAST)
    assert b"-> scrypt " in blob and blob.split(b"\n")[1].endswith(b" 10")
    path = tmp_path / "workstation.age"
    path.write_bytes(blob)
    loaded = identity.load(path, "pass phrase")
    assert isinstance(loaded, X25519Identity)
    assert str(loaded) == secret
    assert identity.recipient_of(loaded) == recipient
    assert decrypt_bytes(encrypt_bytes(b"x", [loaded.recipient()]), [loaded]) == b"x"


def test_default_work_factor_is_ages_default() -> None:
    secret, _ = identity.generate()
    blob = identity.protect(secret, "pw")
    assert blob.split(b"\n")[1].endswith(b" 18")


def test_wrong_passphrase() -> None:
    secret, _ = identity.generate()
    blob = identity.protect(secret, "right", work_factor=FAST)
    with pytest.raises(NotPermittedError) as info:
        identity.unprotect(blob, "wrong")
    assert info.value.code == "WRONG_PASSPHRASE"


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage"])
def test_damaged_key_file(damage: str) -> None:
    secret, _ = identity.generate()
    blob = identity.protect(secret, "pw", work_factor=FAST)
    bad = {
        "flip": blob[:-5] + bytes([blob[-5] ^ 1]) + blob[-4:],
        "truncate": blob[:-3],
        "garbage": b"not a key file",
    }[damage]
    with pytest.raises(RejectedError) as info:
        identity.unprotect(bad, "pw")
    assert info.value.code == "IDENTITY_CORRUPT"


def test_payload_that_is_not_a_key() -> None:
    from reviewer_app.crypto.age import ScryptRecipient

    blob = encrypt_bytes(b"hello\n", [ScryptRecipient("pw", work_factor=FAST)])
    with pytest.raises(RejectedError):
        identity.unprotect(blob, "pw")


@pytest.mark.skipif(shutil.which("age") is None, reason="the age CLI is not installed")
def test_age_cli_opens_the_key_file(tmp_path: Path) -> None:
    """age reads a passphrase only from a terminal: give it one (a pseudo-terminal)."""
    secret, _ = identity.generate()
    path = tmp_path / "workstation.age"
    path.write_bytes(identity.protect(secret, "pw", work_factor=FAST))
    pid, fd = pty.fork()
    if pid == 0:  # child: age on the pty
        os.execvp("age", ["age", "-d", str(path)])
    output = b""
    prompted = False
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if not prompted and b"passphrase" in output.lower():
            os.write(fd, b"pw\n")
            prompted = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, output
    assert secret.encode() in output


def test_cli_encrypted_identity_is_accepted_by_unprotect(tmp_path: Path) -> None:
    """A key file another tool wrote in age's format (here: pyrage) opens too."""
    import pyrage

    secret = str(X25519Identity.generate())
    blob = pyrage.passphrase.encrypt(secret.encode() + b"\n", "pw")  # work factor 20
    assert str(identity.unprotect(blob, "pw")) == secret
