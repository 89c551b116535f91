"""Reading age's ASCII armor: accepted forms and every rejection."""

from __future__ import annotations

import base64
import io

import pytest

from reviewer_app.crypto import age_armor
from reviewer_app.crypto.age import AgeCorruptError, X25519Identity, decrypt_bytes, encrypt_bytes

ME = X25519Identity.generate()


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


def test_oversized_armor_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(age_armor, "MAX_ARMORED_BYTES", 1000)
    blob = armor(encrypt_bytes(b"x" * 2000, [ME.recipient()]))
    with pytest.raises(AgeCorruptError, match="too large"):
        age_armor.read_armored(io.BytesIO(blob[64:]), blob[:64])
