"""A lazily filled table of sample rows over one log, for a sample browser.

Rows are pulled from the reader's summary stream only as far as a caller
asks (``summaries(start, count)``), so the first screen of a 100,000-sample
``.eval`` costs the zip's directory, the header and the first summaries. A
filter, or a jump to the end, reads the rest once; the rows are then kept
(small: previews, never bodies). Thread-safe.

Rows are in sample-id order, the way a reader counts ("2" before "10", then
by epoch), not in the log's order (Inspect writes samples as they finish). A
``.eval`` names every sample in its zip directory, so the order is known at
once and a row's summary is pulled from the stream only as far as it lies;
a ``.json`` log is read through once anyway (to count it), then ordered.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from reviewer_app.formats.evidence.common import (
    EvidenceLog,
    SampleDetail,
    SampleSummary,
    as_float,
    guarded,
)
from reviewer_app.formats.evidence.inspect_eval import InspectEvalReader
from reviewer_app.formats.evidence.inspect_json import InspectJsonReader

Reader = InspectEvalReader | InspectJsonReader


class SampleSource:
    """Random access to sample rows; ``detail`` reads one body on demand."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._lock = threading.RLock()
        self._rows: list[SampleSummary] = []  # in the log's order
        self._by_key: dict[tuple[str, int], int] = {}  # (id, epoch): its first row
        self._stream: Iterator[SampleSummary] | None = reader.iter_summaries()
        keys = reader.sample_keys if isinstance(reader, InspectEvalReader) else []
        self._members = keys
        self._count: int | None = len(keys) if keys else None
        self._sorted_keys: list[tuple[str, int]] | None = None  # a .eval's members, in order
        self._order: list[int] | None = None  # else: rows in id order, once all are read

    @property
    def reader(self) -> Reader:
        return self._reader

    def log(self) -> EvidenceLog:
        return self._reader.log()

    @guarded("the samples could not be counted")
    def sample_count(self) -> int:
        """Rows in the table: the sample members of a ``.eval`` (no scan), else
        the samples of a ``.json`` log (one streaming pass, then kept)."""
        with self._lock:
            if self._count is None:
                self._fill(None)
                self._count = len(self._rows)
            return self._count

    @guarded("the sample rows could not be read")
    def summaries(self, start: int, count: int) -> list[SampleSummary]:
        """Rows ``start`` .. ``start + count - 1`` (fewer at the end)."""
        start = max(0, start)
        total = self.sample_count()
        stop = min(start + max(0, count), total)
        with self._lock:
            return [self._row_at(n) for n in range(start, stop)]

    @guarded("the samples could not be filtered")
    def filter(self, *, score: Any = None, text: str = "") -> list[int]:
        """Row numbers whose score equals ``score`` (any scorer; "C" also matches
        1.0 only if the log wrote 1.0) and whose id, input, answer or target
        contains ``text`` (case-insensitive). Reads every row once."""
        total = self.sample_count()
        with self._lock:
            needle = text.casefold().strip()
            hits = []
            for row_number in range(total):
                row = self._row_at(row_number)
                if score is not None and not _score_matches(row, score):
                    continue
                if needle and needle not in _haystack(row):
                    continue
                hits.append(row_number)
            return hits

    @guarded("the sample could not be read")
    def detail(self, sample_id: str, epoch: int) -> SampleDetail:
        if isinstance(self._reader, InspectJsonReader):
            with self._lock:
                index = self._by_key.get((sample_id, epoch))
            return self._reader.sample(sample_id, epoch, index)
        return self._reader.sample(sample_id, epoch)

    def close(self) -> None:
        self._reader.close()

    def __enter__(self) -> SampleSource:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _row_at(self, number: int) -> SampleSummary:
        """Row ``number`` in id order (under the lock)."""
        if self._members:
            if self._sorted_keys is None:
                self._sorted_keys = sorted_keys(self._members)
            key = self._sorted_keys[number]
            while key not in self._by_key and self._pull():
                pass
            return self._rows[self._by_key[key]]
        if self._order is None:
            while self._pull():
                pass
            rows = self._rows
            if _all_numbers(r.id for r in rows):
                self._order = sorted(range(len(rows)), key=lambda i: (
                    int(rows[i].id), rows[i].id, rows[i].epoch))
            else:
                self._order = sorted(range(len(rows)), key=lambda i: sample_order(
                    (rows[i].id, rows[i].epoch)))
        return self._rows[self._order[number]]

    def _fill(self, upto: int | None) -> None:
        """Pull rows from the stream until there are ``upto`` (None: all)."""
        while (upto is None or len(self._rows) < upto) and self._pull():
            pass

    def _pull(self) -> bool:
        """One more row from the stream; False once it has ended."""
        while self._stream is not None:
            row = next(self._stream, None)
            if row is None:
                self._stream = None
                self._add_missing_members()
                return False
            key = (row.id, row.epoch)
            if self._members and key in self._by_key:
                continue
            self._by_key.setdefault(key, len(self._rows))
            self._rows.append(row)
            return True
        return False

    def _add_missing_members(self) -> None:
        # Samples whose body is in the zip but whose summary is not (a crash
        # between the two writes) still get a row.
        for key in self._members:
            if key not in self._by_key:
                self._by_key[key] = len(self._rows)
                self._rows.append(SampleSummary(id=key[0], epoch=key[1]))


_DIGITS = re.compile(r"([0-9]+)")
# Ids this short are numbers ``int`` reads at once (the common case: Inspect's
# integer ids); the general key costs about ten times as much per id.
_SHORT_NUMBER = 18


def _all_numbers(ids: Iterable[str]) -> bool:
    return all(i.isascii() and i.isdigit() and len(i) <= _SHORT_NUMBER for i in ids)


def sorted_keys(keys: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``(sample id, epoch)`` pairs in the order of ``sample_order``."""
    if _all_numbers(k[0] for k in keys):  # the same order, ten times sooner
        return sorted(keys, key=lambda k: (int(k[0]), k[0], k[1]))
    return sorted(keys, key=sample_order)


OrderKey = tuple[tuple[str | tuple[int, str], ...], str, int]


def sample_order(key: tuple[str, int]) -> OrderKey:
    """Sort key of ``(sample id, epoch)``: runs of digits compare as numbers
    ("task-2" before "task-10"), other text case-insensitively, then the epoch.
    Numbers compare by length then digits, never through ``int`` (a hostile
    id may be a 100,000-digit run)."""
    parts: list[str | tuple[int, str]] = []
    for i, part in enumerate(_DIGITS.split(key[0])):
        if i % 2:  # a run of digits (split puts them at the odd places)
            value = part.lstrip("0")
            parts.append((len(value), value))
        else:
            parts.append(part.casefold())
    return (tuple(parts), key[0], key[1])


def _score_matches(row: SampleSummary, wanted: Any) -> bool:
    values = list(row.scores.values()) or [row.score_value]
    wanted_text = str(wanted).strip().casefold()
    wanted_number = as_float(wanted) if not isinstance(wanted, str) or wanted_text[:1].isdigit() \
        else None
    for value in values:
        if str(value).strip().casefold() == wanted_text:
            return True
        number = as_float(value) if not isinstance(value, str) else None
        if wanted_number is not None and number is not None and number == wanted_number:
            return True
    return False


def _haystack(row: SampleSummary) -> str:
    return " ".join((row.id, row.input_preview, row.answer, row.target_preview)).casefold()
