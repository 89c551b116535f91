"""Errors of the age v1 implementation (crypto level; services map them to codes).

Each outcome the C2SP/CCTV age test vectors name has exactly one class here:

======================  ==========================  ================================
vector ``expect``       class                        base
======================  ==========================  ================================
header failure          NotAgeError                  AgeError
no match                NoMatchingIdentityError      AgeError
HMAC failure            AgeHeaderMACError            AgeCorruptError
armor failure           AgeArmorError                AgeCorruptError
payload failure         AgePayloadError              AgeCorruptError
======================  ==========================  ================================

Callers that only care "damaged after a key was found" catch AgeCorruptError.
"""

from __future__ import annotations


class AgeError(Exception):
    """Base of every age failure."""


class AgeKeyError(AgeError):
    """A recipient or identity string that is not a valid age key."""


class NotAgeError(AgeError):
    """Not an age v1 file we may open: wrong magic, unsupported version, malformed header,
    a low-order X25519 share, a payload nonce cut short (the vectors' "header failure")."""


class WorkFactorTooHighError(NotAgeError):
    """An scrypt stanza asks for more work than MAX_WORK_FACTOR (age_recipients): refused
    before any key derivation, so a hostile file cannot make us spend gigabytes."""


class NoMatchingIdentityError(AgeError):
    """The header is well formed but none of the identities opens it (also: wrong passphrase)."""


class AgeCorruptError(AgeError):
    """Authentication failed after a key was found, or the armor is damaged."""


class AgeHeaderMACError(AgeCorruptError):
    """A file key was unwrapped but the header MAC does not match."""


class AgeArmorError(AgeCorruptError):
    """The ASCII armor is malformed."""


class AgePayloadError(AgeCorruptError):
    """A payload chunk failed authentication, or the payload is truncated or extended.
    The chunks authenticated before the failing one have been released (as age does)."""


class KeyDerivationError(AgeError):
    """The passphrase key could not be derived: the scrypt child process failed to run."""
