"""Bech32 (BIP 173) as age uses it: no 90-character limit, one case per string.

age's key strings (``age1...``, ``AGE-SECRET-KEY-1...``) are plain Bech32, not Bech32m.
"""

from __future__ import annotations

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


class Bech32Error(ValueError):
    """A string that is not valid Bech32."""


def _polymod(values: list[int]) -> int:
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            if (top >> i) & 1:
                chk ^= _GENERATOR[i]
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert_bits(data: bytes | list[int], from_bits: int, to_bits: int, pad: bool) -> list[int]:
    acc = 0
    bits = 0
    out: list[int] = []
    max_value = (1 << to_bits) - 1
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & max_value)
    if pad:
        if bits:
            out.append((acc << (to_bits - bits)) & max_value)
    elif bits >= from_bits or (acc << (to_bits - bits)) & max_value:
        raise Bech32Error("non-zero padding in Bech32 data")
    return out


def encode(hrp: str, data: bytes) -> str:
    """Lower-case Bech32 of ``data`` under human-readable part ``hrp``."""
    hrp = hrp.lower()
    values = _convert_bits(data, 8, 5, pad=True)
    polymod = _polymod([*_hrp_expand(hrp), *values, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[v] for v in values + checksum)


def decode(text: str) -> tuple[str, bytes]:
    """(lower-case hrp, data) of a Bech32 string; raises Bech32Error."""
    if text.lower() != text and text.upper() != text:
        raise Bech32Error("mixed case in Bech32 string")
    if any(ord(c) < 33 or ord(c) > 126 for c in text):
        raise Bech32Error("invalid character in Bech32 string")
    text = text.lower()
    pos = text.rfind("1")
    if pos < 1 or pos + 7 > len(text):
        raise Bech32Error("separator misplaced in Bech32 string")
    hrp = text[:pos]
    try:
        values = [_CHARSET.index(c) for c in text[pos + 1 :]]
    except ValueError:
        raise Bech32Error("invalid data character in Bech32 string") from None
    if _polymod(_hrp_expand(hrp) + values) != 1:
        raise Bech32Error("invalid Bech32 checksum")
    return hrp, bytes(_convert_bits(values[:-6], 5, 8, pad=False))
