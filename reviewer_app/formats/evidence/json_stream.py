"""Small helpers over ijson's event stream: build one value, skip one value.

``ijson.basic_parse`` yields ``(event, value)`` pairs in constant memory. A
log's sample bodies (events, attachments, transcripts) can be gigabytes, so
values are built here with chosen keys left out, or skipped whole.
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


def items(stream: Readable) -> Iterator[Any]:
    """The items of a top-level JSON array, each built by ijson (in C)."""
    result: Iterator[Any] = ijson.items(stream, "item", use_float=True)
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


def build_value(first: Event, rest: Iterator[Event], skip: frozenset[str] = frozenset(),
                max_items: int | None = None) -> Any:
    """Build one value. Keys of its top-level map in ``skip`` are left out; a
    top-level array keeps at most ``max_items`` items (the rest is skipped)."""
    event, value = first
    if event == "start_map":
        out: dict[str, Any] = {}
        for ev, key in rest:
            if ev == "end_map":
                return out
            # ev is "map_key"
            nxt = next(rest)
            if key in skip:
                skip_value(nxt, rest)
            else:
                out[key] = build_value(nxt, rest)
        raise ValueError("the JSON text ends inside an object")
    if event == "start_array":
        items: list[Any] = []
        for item in rest:
            if item[0] == "end_array":
                return items
            if max_items is not None and len(items) >= max_items:
                skip_value(item, rest)
            else:
                items.append(build_value(item, rest))
        raise ValueError("the JSON text ends inside an array")
    if event in ("string", "number", "boolean", "null", "integer", "double"):
        return value
    raise ValueError(f"unexpected JSON event {event!r}")
