"""Reading age's ASCII armor: accepted forms and every rejection."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer_app.crypto import age_armor
from reviewer_app.crypto.age import (
    AgeArmorError,
    AgeCorruptError,
    X25519Identity,
    decrypt_bytes,
    encrypt_bytes,
)

ME = X25519Identity.generate()
ROOT = Path(__file__).resolve().parents[3]


def armor(binary: bytes, *, newline: bytes = b"\n", columns: int = 64) -> bytes:
    encoded = base64.b64encode(binary)
    lines = [encoded[i : i + columns] for i in range(0, len(encoded), columns)]
    return newline.join([age_armor.BEGIN, *lines, age_armor.END, b""])


def test_armored_file_decrypts_with_lf_crlf_and_surrounding_whitespace() -> None:
    blob = encrypt_bytes(b"armored payload", [ME.recipient()])
    assert decrypt_bytes(armor(blob), [ME]) == b"armored payload"
    assert decrypt_bytes(armor(blob, newline=b"\r\n"), [ME]) == b"armored payload"
    assert decrypt_bytes(b"\n  " + armor(blob) + b"\n\n", [ME]) == b"armored payload"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda a: a.replace(age_armor.END, b""),  # no END line
        lambda a: a + b"garbage\n",  # data after END
        lambda a: a.replace(b"\n", b"\n ", 2),  # indented base64 line
        lambda a: a.replace(age_armor.END, b"!!!!\n" + age_armor.END),  # invalid base64
    ],
)
def test_damaged_armor_is_corrupt(mangle: object) -> None:
    blob = armor(encrypt_bytes(b"x" * 200, [ME.recipient()]))
    assert callable(mangle)
    with pytest.raises(AgeCorruptError):
        decrypt_bytes(mangle(blob), [ME])


def test_wrong_line_length_is_corrupt() -> None:
    blob = encrypt_bytes(b"x" * 200, [ME.recipient()])
    with pytest.raises(AgeCorruptError):
        decrypt_bytes(armor(blob, columns=76), [ME])


def test_a_big_armored_file_streams_in_constant_memory(tmp_path: Path) -> None:
    """24 MiB of plaintext, 32 MiB of armor (over the old 16 MiB whole-file cap): read as
    a stream, the decrypting process stays small."""
    plain = os.urandom(1 << 20) * 24
    armored = tmp_path / "big.age.asc"
    armored.write_bytes(age_armor.armor(encrypt_bytes(plain, [ME.recipient()])))
    code = (
        "import hashlib, pathlib, sys\n"
        "from reviewer_app.crypto import age\n"
        "me = age.parse_identity(sys.argv[2])\n"
        "digest = hashlib.sha256()\n"
        "with open(sys.argv[1], 'rb') as raw, age.open_decrypt(raw, [me]) as reader:\n"
        "    while block := reader.read(1 << 20):\n"
        "        digest.update(block)\n"
        "hwm = [l for l in pathlib.Path('/proc/self/status').read_text().splitlines()"
        " if l.startswith('VmHWM:')][0].split()[1]\n"
        "print(digest.hexdigest(), int(hwm) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(armored), str(ME)],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    digest, peak_mib = done.stdout.split()
    assert digest == hashlib.sha256(plain).hexdigest()
    assert int(peak_mib) < 80, f"peak RSS {peak_mib} MiB: the armor was read whole"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"-----BEGIN AGE ENCRYPTED FILE-----\n" + b"A" * 5000, "malformed base64 lines"),
        (b"-----BEGIN AGE ENCRYPTED FILE-----\n" + b"A" * 300_000, "line too long"),
        (b"-----BEGIN AGE ENCRYPTED FILE-----\nAAAA\n", "no END line"),
        (b"-----BEGIN AGE ENCRYPTED FILE-----\nAAAA\nAAAA\n" + age_armor.END, "short"),
        (b"-----BEGIN AGE ENCRYPTED FILE-----\nAAB=\n" + age_armor.END, "non-canonical"),
    ],
)
def test_armor_reader_rejections(text: bytes, message: str) -> None:
    with pytest.raises(AgeArmorError, match=message):
        age_armor.ArmorReader(io.BytesIO(text)).read()
