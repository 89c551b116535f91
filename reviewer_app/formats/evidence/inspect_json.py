"""Inspect ``.json`` logs, read incrementally with ijson.

One document ``{version, status, eval, plan, results, stats, error?, samples[],
reductions[]?}``. The header fields are built from ijson events while sample
bodies are skipped; reading stops at ``samples`` once the results are known,
so the header of a multi-GB log costs only its first kilobytes.

Every pass goes through ``json_bounded.BoundedReader``: long strings are cut
as they stream past (linear time: a 128 MiB string took 47.7 s when ijson saw
it whole) and the bare ``NaN`` of old logs is read as a number; header values
are built within ``json_document``'s budget. Nothing is ever read whole.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from reviewer_app.formats.evidence import json_stream
from reviewer_app.formats.evidence.common import (
    NO_SUCH_SAMPLE,
    UNREADABLE,
    EvidenceError,
    EvidenceLog,
    SampleDetail,
    SampleSummary,
    as_dict,
    as_list,
    guarded,
)
from reviewer_app.formats.evidence.inspect_header import header_to_log
from reviewer_app.formats.evidence.inspect_samples import detail_from_dict, summary_from_dict
from reviewer_app.formats.evidence.json_bounded import (
    BoundedReader,
    Budget,
    ItemTooLarge,
    build_bounded,
)
from reviewer_app.formats.evidence.json_document import (
    DOCUMENT_BUDGET,
    ROW_BYTES,
    DocumentBudget,
    build_document,
    restore_specials,
    where_invalid,
)

FORMAT = "inspect-json"
# What one sample's summary may cost once built (its big parts are skipped).
SUMMARY_BUDGET = 1 << 20
_SPECIALS_NOTE = ("the log writes NaN or Infinity as bare words (not standard JSON); they "
                  "were read as numbers")
_HEADER_KEYS = ("version", "status", "eval", "results")
_BULKY = frozenset({"samples", "reductions"})
HEAVY_KEYS = frozenset({"events", "attachments", "store", "transcript", "events_data"})
MAX_MESSAGES = 2000
_SUMMARY_SKIP = HEAVY_KEYS | {"messages", "output", "model_usage", "role_usage"}


class InspectJsonReader:
    """One Inspect ``.json`` log. Each call streams the file again (nothing big is kept)."""

    @guarded("not a readable Inspect .json log")
    def __init__(self, path: Path, *, index: bool = True) -> None:
        """``index``: the first pass over the samples records each one's byte span
        (for a sample browser); a reader that only reads the rows once (a
        recomputation) saves that work, one step per bracket in Python."""
        self.path = Path(path)
        self._index = index
        self.size = self.path.stat().st_size
        self.notes: list[str] = []
        self._header: dict[str, Any] | None = None
        # Each sample's byte span, from the first pass read to the end: a
        # detail is then one seek, not a stream from the start.
        self._spans: tuple[array[int], array[int]] | None = None

    @guarded("the .json log's header could not be read")
    def header(self) -> dict[str, Any]:
        if self._header is None:
            try:
                self._header = self._stream_header()
            except json_stream.JSON_ERRORS as exc:
                raise EvidenceError(UNREADABLE, f"{self.path.name} is not valid JSON: "
                                                f"{where_invalid(self.path, exc)}") from exc
        return self._header

    def _stream_header(self) -> dict[str, Any]:
        header: dict[str, Any] = {}
        budget = DocumentBudget(DOCUMENT_BUDGET, strict=True)
        with self.path.open("rb") as stream:
            reader = BoundedReader(stream)
            events = json_stream.events(reader)
            first = next(events, None)
            if first is None or first[0] != "start_map":
                raise EvidenceError(UNREADABLE, f"{self.path.name} is not a JSON object")
            for event, key in events:
                if event == "end_map":
                    break
                value_start = next(events)
                if key in _BULKY:
                    if all(k in header for k in _HEADER_KEYS):
                        break  # everything after is sample data: stop reading here
                    json_stream.skip_value(value_start, events)
                else:
                    header[key] = build_document(value_start, events,
                                                 f"the header of {self.path.name}", budget)
            self._note_specials(reader)
        return header

    def _note_specials(self, reader: BoundedReader) -> None:
        if reader.specials and _SPECIALS_NOTE not in self.notes:
            self.notes.append(_SPECIALS_NOTE)

    @guarded("the .json log could not be read")
    def log(self) -> EvidenceLog:
        header = self.header()
        return header_to_log(header, FORMAT, list(self.notes))

    @guarded("the .json log's reductions could not be read")
    def reductions(self) -> list[dict[str, Any]] | None:
        value = self._top_level("reductions")
        if value is None:
            # Some 2024 logs kept them inside results.
            value = as_dict(self.header().get("results")).get("sample_reductions")
        if value is None:
            return None
        return [as_dict(r) for r in as_list(value)]

    def _top_level(self, wanted: str) -> Any:
        """One top-level value, built within the document budget."""
        with self.path.open("rb") as stream:
            events = json_stream.events(BoundedReader(stream))
            next(events)
            for event, key in events:
                if event == "end_map":
                    return None
                value_start = next(events)
                if key == wanted:
                    return build_document(value_start, events, f"{wanted} in {self.path.name}")
                json_stream.skip_value(value_start, events)
        return None

    def iter_summaries(self) -> Iterator[SampleSummary]:
        """Each sample's summary, streamed (message bodies and events skipped)."""
        try:
            # The first pass to the end leaves the index; later passes need none.
            indexed = self._index and self._spans is None
            for body in self._iter_samples(_SUMMARY_SKIP, indexed=indexed):
                yield summary_from_dict(body)
        except EvidenceError:
            raise
        except Exception as exc:  # hostile input: any failure is a rejection
            raise EvidenceError(UNREADABLE, f"the samples of {self.path.name} could not be "
                                            f"read: {type(exc).__name__}: {exc}") from exc

    def _iter_samples(self, skip: frozenset[str], only: int | None = None,
                      budget: Budget | None = None, indexed: bool = False
                      ) -> Iterator[dict[str, Any]]:
        """Sample bodies without the ``skip`` keys; long strings cut while
        streaming (``json_bounded``); with a ``budget``, each body held to it.
        With ``indexed``, a pass to the end leaves each sample's byte span."""
        self.header()  # a log whose header cannot be read has no samples to show
        done = 0
        try:
            if only is None and budget is None and not indexed:
                try:  # rows built in C while every sample is small (the usual log)
                    for body in self._small_samples():
                        done += 1
                        yield body
                    return
                except ItemTooLarge:
                    pass  # a big sample (events...): from it on in Python, within a budget
            with self.path.open("rb") as stream:
                reader = BoundedReader(stream, index=indexed)
                where: dict[str, int] = {}
                yield from _stream_samples(reader, skip, only, budget, where, start=done)
                if reader.arrays is not None and "items" in where:
                    self._keep_spans(reader.arrays, where)
                self._note_specials(reader)
        except json_stream.JSON_ERRORS as exc:
            raise EvidenceError(UNREADABLE, f"the samples of {self.path.name} are not valid "
                                            f"JSON: {exc}") from exc

    def _small_samples(self) -> Iterator[dict[str, Any]]:
        """Each sample built whole by ijson in C, while each is under ``ROW_BYTES``
        of input (``ItemTooLarge`` past it, before it is built)."""
        with self.path.open("rb") as stream:
            reader = BoundedReader(stream, item_cap=ROW_BYTES)
            for body in json_stream.items(reader, "samples.item"):
                reader.mark()
                yield as_dict(restore_specials(body) if reader.specials else body)
            self._note_specials(reader)

    @guarded("the sample could not be read")
    def sample(self, sample_id: str, epoch: int, index: int | None = None) -> SampleDetail:
        """One sample; ``index`` (its position in the log) avoids building the others."""
        if index is not None:
            detail = self._detail(index)
            if detail is not None and detail.id == sample_id and detail.epoch == epoch:
                return detail
        for position, summary in enumerate(self.iter_summaries()):
            if summary.id == sample_id and summary.epoch == epoch:
                detail = self._detail(position)
                if detail is not None:
                    return detail
        raise EvidenceError(NO_SUCH_SAMPLE, f"the log has no sample {sample_id} (epoch {epoch})")

    def _keep_spans(self, arrays: list[tuple[array[int], array[int]]],
                    where: dict[str, int]) -> None:
        if where["array"] >= len(arrays):
            return
        starts, ends = arrays[where["array"]]
        if len(starts) == len(ends) == where["items"]:  # else an item was not an object
            self._spans = (starts, ends)

    def _detail(self, index: int) -> SampleDetail | None:
        if self._spans is not None and index < len(self._spans[0]):
            # A seek to the sample (the index of the first full pass).
            return self._detail_at(self._spans[0][index], self._spans[1][index])
        budget = Budget()
        for body in self._iter_samples(HEAVY_KEYS, only=index, budget=budget):
            return detail_from_dict(body, budget.notes(), max_messages=MAX_MESSAGES,
                                    bounded=True)
        return None

    def _detail_at(self, start: int, end: int) -> SampleDetail:
        budget = Budget()
        with self.path.open("rb") as stream:
            stream.seek(start)
            events = json_stream.events(BoundedReader(_Slice(stream, end - start)))
            body = build_bounded(next(events), events, budget, skip=HEAVY_KEYS)
        return detail_from_dict(as_dict(body), budget.notes(), max_messages=MAX_MESSAGES,
                                bounded=True)

    def close(self) -> None:
        """Nothing stays open between calls (each pass opens the file again)."""

    def __enter__(self) -> InspectJsonReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class _Slice:
    """The next ``left`` bytes of a stream, then its end (one sample's span)."""

    def __init__(self, stream: IO[bytes], left: int) -> None:
        self._stream, self._left = stream, left

    def read(self, size: int = -1) -> bytes:
        size = self._left if size < 0 else min(size, self._left)
        data = self._stream.read(size)
        self._left -= len(data)
        return data


def _stream_samples(stream: BoundedReader, skip: frozenset[str], only: int | None,
                    budget: Budget | None, where: dict[str, int], start: int = 0
                    ) -> Iterator[dict[str, Any]]:
    """The samples array's items; ``where`` gets its place among the top-level
    arrays ("array") and, once read to its end, its length ("items")."""
    events = json_stream.events(stream)
    next(events)
    arrays = 0
    for event, key in events:
        if event == "end_map":
            return
        value_start = next(events)
        if key != "samples" or value_start[0] != "start_array":
            arrays += value_start[0] == "start_array"
            json_stream.skip_value(value_start, events)
            continue
        where["array"] = arrays
        for index, item in enumerate(events):
            if item[0] == "end_array":
                where["items"] = index
                return
            if (only is None and index >= start) or index == only:
                # A summary row keeps previews only; its budget bounds what a
                # hostile sample (a flood of tiny values) may build first.
                yield as_dict(build_bounded(item, events, budget or Budget(SUMMARY_BUDGET),
                                            skip=skip))
                if only is not None:
                    return
            else:
                json_stream.skip_value(item, events)
        return
