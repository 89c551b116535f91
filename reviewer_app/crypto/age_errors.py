"""Errors of the age v1 implementation (crypto level; services map them to codes)."""

from __future__ import annotations


class AgeError(Exception):
    """Base of every age failure."""


class AgeKeyError(AgeError):
    """A recipient or identity string that is not a valid age key."""


class NotAgeError(AgeError):
    """Not an age v1 file we may open: wrong magic, unsupported version, malformed header,
    a low-order X25519 share, an scrypt work factor over the limit."""


class NoMatchingIdentityError(AgeError):
    """The header is well formed but none of the identities opens it (also: wrong passphrase)."""


class AgeCorruptError(AgeError):
    """Authentication failed after a key was found: header MAC, a payload chunk, truncation,
    trailing data, damaged armor."""
