"""Whole JSON documents of submitter data, built within fixed bounds.

Every JSON value an evidence reader builds whole (an Inspect header, its
reductions, a small sample, lm-eval results, one line of per-sample records)
comes through ``load_document``:

* nothing above ``MAX_WHOLE_BYTES`` (32 MiB) is built whole: it is
  ``EVIDENCE_TOO_LARGE`` before a byte is parsed (the Inspect readers stream
  bigger members item by item instead);
* up to ``SMALL_JSON`` (1 MiB) the standard ``json`` parser runs: linear, and
  what it builds from 1 MiB is at most a few tens of MiB whatever the shape;
* above that the bytes stream through ``BoundedReader`` (each string cut at
  64 KiB as it passes, bare NaN/Infinity read as numbers) into a value held to
  ``DOCUMENT_BUDGET``, counted near the bytes Python spends (a container item
  64, a number 24, a string its length plus 64). A document that does not fit
  is ``EVIDENCE_TOO_LARGE``: a header or results cut short could change a score.

Time is linear in the input in every case (no parser sees a long string whole).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reviewer_app.formats.evidence import json_stream
from reviewer_app.formats.evidence.common import TOO_LARGE, UNREADABLE, EvidenceError
from reviewer_app.formats.evidence.json_bounded import (
    SPECIALS,
    BoundedReader,
    Budget,
    BudgetExceeded,
    ItemTooLarge,
    build_bounded,
)
from reviewer_app.formats.evidence.json_stream import Event, Readable

# The most of one member or file that any evidence reader reads whole.
MAX_WHOLE_BYTES = 32 << 20
# Documents up to this size are parsed by ``json`` at once.
SMALL_JSON = 1 << 20
# What one document may cost once built (see ``DocumentBudget``).
DOCUMENT_BUDGET = 64 << 20
# The most of one item of a streamed array (a sample summary) built at once.
ROW_BYTES = 1 << 20
_PARSE_ERRORS: tuple[type[Exception], ...] = (*json_stream.JSON_ERRORS, RecursionError)


class DocumentBudget(Budget):
    """A strict budget in approximate bytes of Python objects."""

    item = 64
    scalar = 24


def too_large(what: str, size: int, limit: int = MAX_WHOLE_BYTES) -> EvidenceError:
    return EvidenceError(TOO_LARGE, f"{what} is {size:,} bytes; evidence readers read at most "
                                    f"{limit:,} bytes of it whole ({limit >> 20} MiB)")


def load_document(stream: Readable, what: str, size: int) -> Any:
    """The JSON value of ``stream`` (``size`` bytes, as the file or archive says)."""
    if size > MAX_WHOLE_BYTES:
        raise too_large(what, size)
    try:
        if size <= SMALL_JSON:
            data = stream.read(SMALL_JSON + 1)
            if len(data) <= SMALL_JSON:
                return json.loads(data)
            stream = _Prefixed(data, stream)
        events = json_stream.events(BoundedReader(stream))
        value = build_document(next(events), events, what)
        for _rest in events:  # a second value after the first is an error, as in json
            pass
        return value
    except _PARSE_ERRORS as exc:
        raise EvidenceError(UNREADABLE, f"{what} is not valid JSON: {exc}") from exc


def build_document(first: Event, rest: Iterator[Event], what: str,
                   budget: Budget | None = None) -> Any:
    """One value from ijson events, within ``budget`` (a fresh document budget by
    default; pass one to share it over several values of one document)."""
    try:
        return build_bounded(first, rest, budget or DocumentBudget(DOCUMENT_BUDGET, strict=True))
    except BudgetExceeded:
        raise EvidenceError(TOO_LARGE, f"{what} holds more than the "
                                       f"{DOCUMENT_BUDGET >> 20} MiB of values an evidence "
                                       "reader builds from one document") from None


def array_items(stream: Readable, what: str) -> Iterator[Any]:
    """The items of the top-level JSON array in ``stream``, built by ijson in C
    (strings cut, bare NaN restored), each within ``ROW_BYTES``.

    An item bigger than that stops the C builder before it grows (a flood of
    tiny values costs ~60 bytes of memory per input byte) and is
    ``EVIDENCE_TOO_LARGE``: the arrays read this way (Inspect's sample
    summaries) hold thinned rows of a few KiB each.
    """
    reader = BoundedReader(stream, item_cap=ROW_BYTES)
    try:
        for item in json_stream.items(reader):
            yield restore_specials(item) if reader.specials else item
            reader.mark()
    except ItemTooLarge:
        raise EvidenceError(TOO_LARGE, f"{what} holds an item of more than {ROW_BYTES:,} "
                                       "bytes (a sample summary is a few KiB)") from None


def where_invalid(path: Path, exc: Exception) -> str:
    """ijson's complaint, or for a small file ``json``'s, which names the line and
    column (ijson shows only the bytes around the fault)."""
    try:
        if path.stat().st_size <= SMALL_JSON:
            json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError) as precise:
        return str(precise)
    return " ".join(str(exc).split())


def restore_specials(value: Any) -> Any:
    """``value`` with the marked strings of bare NaN/Infinity turned back into floats
    (for values ijson built itself; ``build_bounded`` does this on its own)."""
    if isinstance(value, str):
        return SPECIALS.get(value, value) if value[:1] == "\x00" else value
    if isinstance(value, dict):
        return {key: restore_specials(item) for key, item in value.items()}
    if isinstance(value, list):
        return [restore_specials(item) for item in value]
    return value


class _Prefixed:
    """Bytes already read, then the rest of the stream."""

    def __init__(self, head: bytes, rest: Readable) -> None:
        self._head, self._rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if self._head:
            head, self._head = self._head, b""
            return head
        return self._rest.read(size)
