"""scrypt in a child process: the same key as in-process, and its memory stays out of ours."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from reviewer_app.crypto import age_recipients, identity, scrypt_child
from reviewer_app.crypto.age_errors import KeyDerivationError

ROOT = Path(__file__).resolve().parents[3]


def _in_process(password: bytes, salt: bytes, n: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=8, p=1).derive(password)


def test_the_child_derives_the_same_key_as_cryptography() -> None:
    salt = os.urandom(16)
    key = scrypt_child.derive("pässword".encode(), salt, n=1 << 15, r=8, p=1, length=32)
    assert key == _in_process("pässword".encode(), salt, 1 << 15)


def test_a_child_that_cannot_start_is_refused_never_derived_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No in-process fallback from work factor 15 up: a refusal, not gigabytes here."""
    monkeypatch.setattr(sys, "executable", "/nonexistent/python3")
    salt = os.urandom(16)
    assert scrypt_child.derive(b"pw", salt, n=1 << 15, r=8, p=1, length=32) is None
    with pytest.raises(KeyDerivationError, match="child"):
        age_recipients._scrypt_key("pw", salt, 15)


def test_small_work_factors_stay_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python3")
    salt = os.urandom(16)
    key = age_recipients._scrypt_key("pw", salt, 14)
    assert key == _in_process(b"pw", age_recipients._SCRYPT_LABEL + salt, 1 << 14)


def test_too_large_for_hashlib_is_left_to_the_caller() -> None:
    assert scrypt_child.derive(b"pw", b"salt", n=1 << 21, r=8, p=1, length=32) is None


def test_unlocking_the_workstation_key_stays_small(tmp_path: Path) -> None:
    """Work factor 18 needs 256 MiB: the unlocking process itself stays far below that."""
    secret, recipient = identity.generate()
    blob = tmp_path / "workstation.age"
    blob.write_bytes(identity.protect(secret, "correct horse", work_factor=18))
    code = (
        "import sys, pathlib\n"
        "from reviewer_app.crypto import identity\n"
        "key = identity.load(pathlib.Path(sys.argv[1]), 'correct horse')\n"
        "hwm = [l for l in pathlib.Path('/proc/self/status').read_text().splitlines()"
        " if l.startswith('VmHWM:')][0].split()[1]\n"
        "print(identity.recipient_of(key), int(hwm) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(blob)], capture_output=True,
                          text=True, check=True, cwd=ROOT)
    shown, peak_mib = done.stdout.split()
    assert shown == recipient
    assert int(peak_mib) < 128, f"peak RSS {peak_mib} MiB: scrypt ran in this process"
