"""age key strings (Bech32) and their rejection paths."""

from __future__ import annotations

import pytest

from reviewer_app.crypto import bech32
from reviewer_app.crypto.age import AgeError, AgeKeyError, X25519Identity, X25519Recipient

# From the C2SP vectors: this identity's recipient, as age-keygen -y prints it.
SECRET = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"


def test_identity_round_trips_and_derives_recipient() -> None:
    identity = X25519Identity.from_str(SECRET)
    assert str(identity) == SECRET
    assert str(X25519Identity.from_str(SECRET.lower())) == SECRET
    recipient = identity.recipient()
    assert str(recipient).startswith("age1")
    assert X25519Recipient.from_str(str(recipient)) == recipient
    assert SECRET not in repr(identity)


def test_generated_identities_differ_and_round_trip() -> None:
    a, b = X25519Identity.generate(), X25519Identity.generate()
    assert str(a) != str(b)
    assert str(X25519Identity.from_str(str(a))) == str(a)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "age1",
        SECRET,  # a secret key is not a recipient
        "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",  # bad checksum
        "AGE1" + "x" * 58,
    ],
)
def test_bad_recipient_strings(text: str) -> None:
    with pytest.raises(AgeKeyError):
        X25519Recipient.from_str(text)


def test_bad_identity_strings() -> None:
    recipient = str(X25519Identity.from_str(SECRET).recipient())
    flipped = SECRET[:-1] + ("2" if SECRET[-1] != "2" else "3")
    mixed = SECRET[:20] + SECRET[20:].lower()
    for text in ["", recipient, flipped, mixed, "AGE-SECRET-KEY-PQ-1ABC"]:
        with pytest.raises(AgeKeyError):
            X25519Identity.from_str(text)
    assert issubclass(AgeKeyError, AgeError)


def test_bech32_known_answers() -> None:
    # BIP 173 valid test strings.
    assert bech32.decode("A12UEL5L") == ("a", b"")
    hrp, data = bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw")
    assert hrp == "abcdef"
    assert bech32.encode(hrp, data) == "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"
    # age has no 90-character limit (its keys are short, but plugin keys are not).
    long_one = (
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs"
    )
    assert bech32.decode(long_one)[0].startswith("an83")
    for bad in ["A12uEL5L", "a12UEL5l", "1qzzfhee", "x1b4n0q5v", "a1", "li1dgmt3", "pzry9x0s0muk"]:
        with pytest.raises(bech32.Bech32Error):
            bech32.decode(bad)
