"""Small helpers over ijson's event stream: build one value, skip one value.

``ijson.basic_parse`` yields ``(event, value)`` pairs in constant memory. A
log's sample bodies (events, attachments, transcripts) can be gigabytes, so
values are skipped here, or built within a budget by ``json_bounded`` and
``json_document`` (never by an unbounded builder).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

import ijson

Event = tuple[str, Any]
_OPEN = {"start_map", "start_array"}
_CLOSE = {"end_map", "end_array"}
# What a malformed document raises while streaming.
JSON_ERRORS: tuple[type[Exception], ...] = (ijson.JSONError, ValueError, StopIteration)


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def events(stream: Readable) -> Iterator[Event]:
    result: Iterator[Event] = ijson.basic_parse(stream, use_float=True)
    return result


def items(stream: Readable, prefix: str = "item") -> Iterator[Any]:
    """The values at ``prefix`` (default: the items of a top-level array), each
    built by ijson (in C)."""
    result: Iterator[Any] = ijson.items(stream, prefix, use_float=True)
    return result


def skip_value(first: Event, rest: Iterator[Event]) -> None:
    """Consume the events of one value whose first event is ``first``."""
    if first[0] not in _OPEN:
        return
    depth = 1
    for event, _value in rest:
        if event in _OPEN:
            depth += 1
        elif event in _CLOSE:
            depth -= 1
            if depth == 0:
                return
