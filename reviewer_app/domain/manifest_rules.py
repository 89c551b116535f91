"""Value rules of the submission package format v1: member paths, dates, hashes.

Pure functions used by the manifest schema and by the tar reader, so that a
path in ``manifest.files`` and a tar member's path are judged by one rule.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from reviewer_app.errors import RejectedError

MAX_PATH_BYTES = 240
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.p7s"

_SHA256 = re.compile(r"[0-9a-f]{64}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INSTANT = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})"
)
_DRIVE = re.compile(r"[A-Za-z]:")
# Names that Windows gives to devices in every folder, with any extension and in
# any case ("nul.txt" opens the null device); the offline bundle installs there.
WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"123456789", "\u00b9", "\u00b2", "\u00b3")})
# Characters Windows refuses in a file name (":" would also name an NTFS stream).
WINDOWS_FORBIDDEN = frozenset('<>:"|?*')
# Invisible characters that reorder or break the text a reviewer reads (a name
# "evil\u202etxt.exe" shows as "evilexe.txt").
BIDI_AND_SEPARATORS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


class UnsafePathError(RejectedError):
    """A manifest or member path that breaks the path rules (``PKG_UNSAFE_PATH``)."""

    def __init__(self, path: str, reason: str, where: str = "") -> None:
        place = f"{where} " if where else ""
        super().__init__("PKG_UNSAFE_PATH", f"{place}path {path!r} is unsafe: {reason}")
        self.path = path


def strip_dot_slash(path: str) -> str:
    """Remove one leading ``./`` (what ``tar -C DIR .`` writes); nothing else."""
    return path[2:] if path.startswith("./") else path


def check_path(path: str, *, where: str = "") -> str:
    """The path with one leading ``./`` removed, or ``UnsafePathError``."""
    p = strip_dot_slash(path)
    if not p:
        raise UnsafePathError(path, "it is empty", where)
    if unicodedata.normalize("NFC", p) != p:
        raise UnsafePathError(path, "it is not in Unicode NFC form", where)
    for ch in p:
        if ord(ch) < 0x20 or ord(ch) == 0x7F or 0x80 <= ord(ch) < 0xA0:
            raise UnsafePathError(path, f"it contains the control character U+{ord(ch):04X}", where)
        if ch in BIDI_AND_SEPARATORS:
            raise UnsafePathError(path, f"it contains the invisible formatting character "
                                  f"U+{ord(ch):04X} (bidirectional control or line separator)",
                                  where)
    if "\\" in p:
        raise UnsafePathError(path, "it contains a backslash", where)
    if p.startswith("/"):
        raise UnsafePathError(path, "it is absolute (starts with '/')", where)
    if _DRIVE.match(p):
        raise UnsafePathError(path, "it starts with a drive letter", where)
    forbidden = sorted(WINDOWS_FORBIDDEN.intersection(p))
    if forbidden:
        raise UnsafePathError(path, f"it contains {' '.join(forbidden)!r}, which Windows does "
                              "not allow in a file name", where)
    try:
        size = len(p.encode("utf-8"))
    except UnicodeEncodeError:
        raise UnsafePathError(path, "it is not valid UTF-8 text", where) from None
    if size > MAX_PATH_BYTES:
        raise UnsafePathError(path, f"it is {size} bytes long (at most {MAX_PATH_BYTES})", where)
    for segment in p.split("/"):
        if segment == "":
            raise UnsafePathError(path, "it has an empty segment ('//' or a trailing '/')", where)
        if segment in (".", ".."):
            raise UnsafePathError(path, f"it has a '{segment}' segment", where)
        if segment.endswith((".", " ")):
            raise UnsafePathError(path, f"its part {segment!r} ends with a dot or a space "
                                  "(Windows drops them: another file's name)", where)
        device = windows_device(segment)
        if device:
            raise UnsafePathError(path, f"its part {segment!r} is the Windows device name "
                                  f"{device}", where)
    return p


def windows_device(segment: str) -> str:
    """The reserved device name a path segment opens on Windows, or ""."""
    stem = segment.split(".", 1)[0].rstrip(" ").upper()
    return stem if stem in WINDOWS_DEVICES else ""


def fold(path: str) -> str:
    """The key under which two paths collide on a case-insensitive file system."""
    return path.casefold()


def is_sha256(value: object) -> bool:
    return isinstance(value, str) and _SHA256.fullmatch(value) is not None


def parse_date(value: object) -> date | None:
    """An ISO 8601 calendar date ``YYYY-MM-DD``, or None."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_instant(value: object) -> datetime | None:
    """An RFC 3339 date-time with an offset (``Z`` or ``+hh:mm``), or None."""
    if not isinstance(value, str) or not _INSTANT.fullmatch(value):
        return None
    text = value.replace("z", "Z").replace("t", "T")
    if "." in text:  # Python 3.11 takes at most 6 fractional digits
        head, _, rest = text.partition(".")
        digits = re.match(r"\d+", rest)
        frac = digits.group(0) if digits else ""
        text = f"{head}.{frac[:6].ljust(6, '0')}{rest[len(frac):]}"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
