"""Strict JSON for signed manifests: one reading only, or a clear refusal.

A byte-order mark is ignored; anything two readers could read differently
(duplicate keys, NaN/Infinity) is refused; every failure of the standard
parser (bad UTF-8, bad syntax, deep nesting, oversized integers) becomes the
caller's own error kind, built by ``error(field, message)``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

ErrorFactory = Callable[[str, str], Exception]


def load(data: bytes | str, name: str, error: ErrorFactory) -> Any:
    """Parse ``data`` (the file called ``name``; bytes, or text already decoded
    from UTF-8) or raise ``error(field, message)``."""
    if isinstance(data, str):
        return _loads(data.removeprefix("\ufeff"), name, error)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error("", f"{name} is not UTF-8 text (byte {exc.start})") from None
    return _loads(text, name, error)


def _loads(text: str, name: str, error: ErrorFactory) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise error(key, f"the key {key!r} appears twice in one object")
            out[key] = value
        return out

    def no_constant(constant: str) -> Any:
        raise error("", f"{constant} is not a JSON number")

    try:
        return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise error("", f"{name} is not valid JSON: {exc.msg} "
                        f"(line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise error("", f"{name} nests too deeply to read") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise error("", f"{name} holds a value that cannot be read: {exc}") from None
