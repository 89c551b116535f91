"""Bounded JSON for the sample detail: long strings cut while streaming, and a
size budget for the whole value.

Why a byte filter: ijson hands every string over whole, even inside a value
that is being skipped, so one 500 MB string cost 500 MB (and more, as yajl
grows its buffer) before a single key could be left out. ``BoundedReader``
sits between the file and ijson and cuts each string's raw bytes after
``STRING_CAP``, dropping the rest as it streams past and closing the string
with a marker; ijson never sees the long tail. Regular expressions scan the
bytes, so the cost is linear and runs mostly in C.

``bound_value`` applies the same cap (and a budget for the whole value) to a
value already parsed, so every path to a ``SampleDetail`` gives the same limits.

The bare ``NaN``/``Infinity``/``-Infinity`` Python's ``json`` writes (old Inspect
logs, lm-eval results) are not JSON; the filter rewrites each into a marked
string (``SPECIALS``) that is turned back into the float once built.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from typing import IO, Any

from reviewer_app.formats.evidence.json_stream import Event, skip_value

# Characters kept of one string; the rest is replaced by the marker.
STRING_CAP = 64 << 10
# Characters of text kept over a whole sample detail (all strings together).
DETAIL_BUDGET = 8 << 20
_READ = 64 << 10
# Outside strings and over complete strings (possessive: no backtracking);
# stopping at N and I too, which outside a string only begin NaN or Infinity.
_PLAIN = re.compile(rb'[^"NI]*+(?:"[^"\\]*+(?:\\.[^"\\]*+)*+"[^"NI]*+)*+', re.DOTALL)
# As _PLAIN, but stopping at brackets too (for the index).
_STRUCTURE = re.compile(rb'[^"{}\[\]NI]*+(?:"[^"\\]*+(?:\\.[^"\\]*+)*+"[^"{}\[\]NI]*+)*+',
                        re.DOTALL)
# Python's non-standard numbers, as the strings they are rewritten to.
SPECIALS = {"\x00NaN": float("nan"), "\x00Infinity": float("inf"),
            "\x00-Infinity": float("-inf")}
_TOKENS = ((b"NaN", b'"\\u0000NaN"'), (b"Infinity", b'"\\u0000Infinity"'))
_LONGEST_TOKEN = 8
# String content up to (not including) the closing quote or an incomplete escape.
_CONTENT = re.compile(rb'[^"\\]*+(?:(?:\\u[0-9a-fA-F]{4}|\\[^u])[^"\\]*+)*+')
_HIGH = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}")
# Bytes kept back at a read's end: an escaped surrogate pair is 12.
_TAIL = 12
_OUT, _KEEP, _DROP, _PASS = range(4)
_QUOTE = 0x22


_MARK = "\u2026 [truncated: "


def marker(more: int) -> str:
    return f"{_MARK}{more:,} bytes more]"


class BoundedReader:
    """A ``read()``-able view of a JSON byte stream whose strings are cut at ``cap`` bytes.

    Malformed input (a bad escape, text ending inside a string) is passed on
    untouched from there, so the parser reports it as it would have.
    """

    def __init__(self, stream: IO[bytes] | Any, cap: int = STRING_CAP, *,
                 index: bool = False, item_cap: int | None = None) -> None:
        self._stream = stream
        self.cap = cap
        # ``read`` raises ``ItemTooLarge`` past ``item_cap`` bytes since the last
        # ``mark()`` (one per item received): a C builder never builds a huge item.
        self.item_cap = item_cap
        self._since_mark = 0
        self.truncated = 0  # strings cut so far
        self.specials = 0  # bare NaN / Infinity rewritten so far
        # With ``index``: for each array that is a value of the top-level
        # object, in order, the byte spans (start, end) of its container items.
        self.arrays: list[tuple[array[int], array[int]]] | None = [] if index else None
        self._depth = 0
        self._in_array = False
        self._base = 0  # offset in the stream of ``_buf[0]``
        self._buf = b""
        self._pos = 0
        self._mode = _OUT
        self._kept = 0
        self._dropped = 0
        self._eof = False
        self._pending = b""

    def read(self, size: int = -1) -> bytes:
        # Full reads (ijson takes at most ``size`` bytes and a short read
        # doubles its calls); a cut string makes a step return less.
        parts, have = [self._pending], len(self._pending)
        while (size < 0 or have < size) and not self._eof:
            step = self._step()
            parts += step
            have += sum(map(len, step))
        data = b"".join(parts)
        if size >= 0 and len(data) > size:
            data, self._pending = data[:size], data[size:]
        else:
            self._pending = b""
        if self.item_cap is not None:
            self._since_mark += len(data)
            if self._since_mark > self.item_cap:
                raise ItemTooLarge
        return data

    def mark(self) -> None:
        """An item was received: count ``item_cap`` from here."""
        self._since_mark = 0

    def _step(self) -> list[bytes]:
        data = self._stream.read(_READ)
        if not data:
            self._eof = True
        self._base += self._pos
        self._buf = self._buf[self._pos:] + data
        self._pos = 0
        out: list[bytes] = []
        self._scan(out)
        if self._eof and self._pos < len(self._buf):
            out.append(self._buf[self._pos:])  # a string cut off by the end: the parser says so
            self._pos = len(self._buf)
        return out

    def _scan(self, out: list[bytes]) -> None:
        buf, pos = self._buf, self._pos
        end = len(buf)
        while pos < end:
            if self._mode == _PASS:
                out.append(buf[pos:])
                pos = end
                break
            if self._mode == _OUT:
                if self.arrays is None:
                    stop = _end(_PLAIN, buf, pos, end)
                else:
                    stop = self._brackets(buf, pos, end)
                wait = stop < end and buf[stop] != _QUOTE and end - stop < _LONGEST_TOKEN
                if (stop == end or wait) and not self._eof and buf[stop - 1:stop] == b"-":
                    stop -= 1  # perhaps "-Infinity": keep the sign with the word
                out.append(buf[pos:stop])
                pos = stop
                if pos >= end:
                    continue
                if buf[pos] == _QUOTE:  # a string not closed in this buffer
                    out.append(b'"')
                    pos += 1
                    self._mode, self._kept = _KEEP, 0
                elif (wait or buf[pos] == 0x2D) and not self._eof:
                    break  # a word (or a sign) split by the read: wait for more bytes
                else:
                    pos = self._special(buf, pos, out)
                continue
            stop = _content_end(buf, pos, end)
            if self._mode == _KEEP:
                if self._kept + (stop - pos) > self.cap:
                    # Cut on a token boundary (never inside an escape), then
                    # back off to the start of a UTF-8 character.
                    cut = _content_end(buf, pos, pos + self.cap - self._kept)
                    while cut > pos and 0x80 <= buf[cut] < 0xC0:
                        cut -= 1
                    cut = _before_lone_high_surrogate(buf, pos, cut)
                    out.append(buf[pos:cut])
                    self._mode, self._dropped = _DROP, stop - cut
                else:
                    if end - stop < _TAIL and not self._eof:  # keep a split character whole
                        stop = _before_lone_high_surrogate(buf, pos, _whole_chars(buf, pos, stop))
                    out.append(buf[pos:stop])
                    self._kept += stop - pos
            else:
                self._dropped += stop - pos
            pos = stop
            if pos < end and buf[pos] == _QUOTE:
                if self._mode == _DROP:
                    out.append(marker(self._dropped).encode("ascii", "backslashreplace"))
                    self.truncated += 1
                out.append(b'"')
                pos += 1
                self._mode = _OUT
                continue
            if end - pos < _TAIL and not self._eof:
                break  # an escape or character split by the read: wait for more bytes
            self._mode = _PASS
        self._pos = pos


    def _special(self, buf: bytes, pos: int, out: list[bytes]) -> int:
        """At an N or I outside strings: a bare NaN or Infinity becomes its marked
        string (a "-" just before Infinity goes into it); any other byte passes on
        for the parser to refuse."""
        for token, marked in _TOKENS:
            if buf.startswith(token, pos):
                if token == b"Infinity" and out and out[-1].endswith(b"-"):
                    out[-1] = out[-1][:-1]
                    marked = b'"\\u0000-Infinity"'
                out.append(marked)
                self.specials += 1
                return pos + len(token)
        out.append(buf[pos:pos + 1])
        return pos + 1

    def _brackets(self, buf: bytes, pos: int, end: int) -> int:
        """Like ``_PLAIN`` but stopping at each bracket to follow the depth; returns
        where a string not closed in this buffer opens (or ``end``). The hot loop
        of the index: one regex step per bracket, locals only."""
        assert self.arrays is not None
        match, depth, base, in_array = _STRUCTURE.match, self._depth, self._base, self._in_array
        starts, ends = self.arrays[-1] if self.arrays else (array("q"), array("q"))
        while True:
            found = match(buf, pos, end)
            stop = found.end() if found is not None else pos
            if stop >= end:
                break
            char = buf[stop]
            if char == _QUOTE or char == 0x4E or char == 0x49:  # " N I
                break
            if char == 0x7B or char == 0x5B:  # { [
                if depth == 2:
                    if in_array:
                        starts.append(base + stop)
                elif depth == 1:
                    in_array = char == 0x5B
                    if in_array:
                        starts, ends = array("q"), array("q")
                        self.arrays.append((starts, ends))
                depth += 1
            else:
                depth -= 1
                if depth == 2 and in_array:
                    ends.append(base + stop + 1)
            pos = stop + 1
        self._depth, self._in_array = depth, in_array
        return stop


def _end(pattern: re.Pattern[bytes], buf: bytes, pos: int, endpos: int) -> int:
    match = pattern.match(buf, pos, endpos)
    return pos if match is None else match.end()  # the patterns match the empty string


def _content_end(buf: bytes, pos: int, endpos: int) -> int:
    """``_end(_CONTENT, ...)``, with the usual case (no escape before the closing
    quote) found by ``bytes.find`` at memory speed: the regular expression runs at
    about 50 MB/s, which made a 512 MiB string take 10 s per pass."""
    quote = buf.find(b'"', pos, endpos)
    limit = endpos if quote < 0 else quote
    if buf.find(b"\\", pos, limit) < 0:
        return limit
    return _end(_CONTENT, buf, pos, endpos)


def _before_lone_high_surrogate(buf: bytes, start: int, cut: int) -> int:
    """``cut``, moved before a ``\\uD8xx`` escape whose low half would be cut off."""
    at = cut - 6
    if at < start or not _HIGH.match(buf, at):
        return cut
    run = at
    while run > start and buf[run - 1] == 0x5C:
        run -= 1
    return at if (at - run) % 2 == 0 else cut  # an even run before it: a real escape


def _whole_chars(buf: bytes, start: int, stop: int) -> int:
    """``stop``, moved back before a UTF-8 character that the buffer's end splits."""
    lead = stop
    while lead > start and lead > stop - 4 and 0x80 <= buf[lead - 1] < 0xC0:
        lead -= 1
    if lead == start or buf[lead - 1] < 0xC0:
        return stop
    need = 2 if buf[lead - 1] < 0xE0 else 3 if buf[lead - 1] < 0xF0 else 4
    return lead - 1 if stop - (lead - 1) < need else stop


class ItemTooLarge(Exception):
    """More than ``item_cap`` bytes went by without an item (see ``BoundedReader``)."""


class Budget:
    """Characters of text still allowed in one detail; ``cut`` once any was left out.
    ``item``/``scalar``: what one container item / number costs (``json_document``
    counts bytes of Python objects). ``strict``: ``BudgetExceeded`` instead of a cut."""

    item = 1
    scalar = 8

    def __init__(self, chars: int = DETAIL_BUDGET, *, strict: bool = False) -> None:
        self.left = chars
        self.cut = False
        self.strict = strict
        self.strings_cut = 0  # strings shortened by ``bound_value``

    def notes(self) -> list[str]:
        out = []
        if self.strings_cut:
            out.append(f"{self.strings_cut:,} long text value(s) are cut at "
                       f"{STRING_CAP // 1024} KiB, each marked '[truncated: N bytes more]'")
        if self.cut:
            out.append(f"the sample holds more than the detail shows (about "
                       f"{DETAIL_BUDGET >> 20} MiB of text): later parts are left out, "
                       "each marked 'more ... not shown'")
        return out

    def take(self, n: int) -> bool:
        if self.left <= 0:
            if self.strict:
                raise BudgetExceeded
            self.cut = True
            return False
        self.left -= n
        return True


class BudgetExceeded(Exception):
    """A strict budget ran out: the document is larger than the reader allows."""


def bound_value(value: Any, budget: Budget, cap: int = STRING_CAP) -> Any:
    """``value`` with strings over ``cap`` characters cut (with the marker) and
    containers ending once the budget is spent."""
    if isinstance(value, str):
        if len(value) > cap:
            more = len(value[cap:].encode("utf-8", "surrogatepass"))
            value = value[:cap] + marker(more)
            budget.strings_cut += 1
        budget.take(len(value))
        return value
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not budget.take(len(key) + 1):
                out["\u2026"] = f"[{len(value) - len(out):,} more keys not shown]"
                break
            out[str(key)[:cap]] = bound_value(item, budget, cap)
        return out
    if isinstance(value, list):
        items: list[Any] = []
        for item in value:
            if not budget.take(1):
                items.append(f"[{len(value) - len(items):,} more items not shown]")
                break
            items.append(bound_value(item, budget, cap))
        return items
    budget.take(8)
    return value


def build_bounded(first: Event, rest: Iterator[Event], budget: Budget,
                  skip: frozenset[str] = frozenset()) -> Any:
    """Build one value from ijson events within ``budget``; what does not fit is
    skipped (streamed past, never built). Keys of the top-level map in ``skip``
    are left out."""
    event, value = first
    if event == "start_map":
        out: dict[str, Any] = {}
        left_out = 0
        for ev, key in rest:
            if ev == "end_map":
                if left_out:
                    out["\u2026"] = f"[{left_out:,} more keys not shown]"
                return out
            nxt = next(rest)
            if key in skip:
                skip_value(nxt, rest)
            elif left_out or not budget.take(len(key) + budget.item):
                left_out += 1
                skip_value(nxt, rest)
            else:
                out[key] = build_bounded(nxt, rest, budget)
        raise ValueError("the JSON text ends inside an object")
    if event == "start_array":
        items: list[Any] = []
        left = 0
        for item in rest:
            if item[0] == "end_array":
                if left:
                    items.append(f"[{left:,} more items not shown]")
                return items
            if left or not budget.take(budget.item):
                left += 1
                skip_value(item, rest)
            else:
                items.append(build_bounded(item, rest, budget))
        raise ValueError("the JSON text ends inside an array")
    if event == "string":
        if value.endswith(" bytes more]") and _MARK in value[-60:]:
            budget.strings_cut += 1  # cut by ``BoundedReader``
        elif value[:1] == "\x00" and value in SPECIALS:
            budget.take(budget.scalar)
            return SPECIALS[value]
        budget.take(len(value) + budget.item - 1)
        return value
    if event in ("number", "boolean", "null", "integer", "double"):
        budget.take(budget.scalar)
        return value
    raise ValueError(f"unexpected JSON event {event!r}")
