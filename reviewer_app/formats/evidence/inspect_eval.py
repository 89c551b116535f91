"""Inspect ``.eval`` logs (a zip), read lazily.

Layout: ``_journal/start.json`` (written first), ``samples/{id}_epoch_{n}.json``
(completion order), ``_journal/summaries/{k}.json``, and at the end
``summaries.json``, ``reductions.json`` and ``header.json``. A crashed or
running log has no ``header.json``: the start journal stands in, with a note.

Opening reads the zip's central directory and the header only. Sample rows
come from the summaries, streamed; a sample body is read only when asked for.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import replace
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
from reviewer_app.formats.evidence.json_bounded import BoundedReader, Budget, build_bounded
from reviewer_app.formats.evidence.json_document import SMALL_JSON, array_items, load_document
from reviewer_app.formats.evidence.zip_members import ZipError, open_member, read_directory

FORMAT = "inspect-eval"
_SAMPLE = re.compile(r"^samples/(?P<id>.+)_epoch_(?P<epoch>\d+)\.json$")
_JOURNAL_SUMMARY = re.compile(r"^_journal/summaries/(?P<k>\d+)\.json$")
# Sample bodies above this size are streamed through ``BoundedReader`` and
# cut to the detail's budget; smaller ones are parsed at once, then bounded.
SAMPLE_WHOLE_LIMIT = SMALL_JSON
# Parts of a sample body the detail pane never shows; skipped when streaming.
HEAVY_KEYS = frozenset({"events", "attachments", "store", "transcript", "events_data"})
MAX_MESSAGES = 2000


class InspectEvalReader:
    """One open ``.eval`` file. Thread-safe: one lock guards the shared file."""

    @guarded("not a readable Inspect .eval log")
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._fp: IO[bytes] = self.path.open("rb")
        try:
            members = read_directory(self._fp)
        except BaseException as exc:
            self._fp.close()
            if not isinstance(exc, ZipError):
                raise
            raise EvidenceError(UNREADABLE, f"{self.path.name} is not a readable zip archive "
                                            f"(an Inspect .eval log is one): {exc}") from exc
        self._infos = {m.name: m for m in members}
        self.sample_keys: list[tuple[str, int]] = []
        for name in self._infos:
            if name.startswith("samples/"):
                match = _SAMPLE.match(name)
                if match:
                    self.sample_keys.append((match["id"], int(match["epoch"])))
        self.notes: list[str] = []
        self._header: dict[str, Any] | None = None

    # --- header -------------------------------------------------------------

    @guarded("the .eval log's header could not be read")
    def header(self) -> dict[str, Any]:
        if self._header is None:
            if "header.json" in self._infos:
                self._header = as_dict(self._json("header.json"))
            elif "_journal/start.json" in self._infos:
                self._header = as_dict(self._json("_journal/start.json"))
                self._header.setdefault("status", "started")
                self.notes.append("no header.json (the run crashed or was still running): "
                                  "read the start journal; results are not available")
            else:
                raise EvidenceError(UNREADABLE, f"{self.path.name} has neither header.json nor "
                                                "_journal/start.json: not an Inspect .eval log")
        return self._header

    @guarded("the .eval log could not be read")
    def log(self) -> EvidenceLog:
        header = self.header()
        notes = list(self.notes)
        if not self.sample_keys:
            notes.append("the log holds no samples")
        log = header_to_log(header, FORMAT, notes)
        if log.samples_total is None and self.sample_keys:
            log = _with_total(log, len(self.sample_keys))
        return log

    @guarded("the .eval log's reductions could not be read")
    def reductions(self) -> list[dict[str, Any]] | None:
        if "reductions.json" not in self._infos:
            return None
        return [as_dict(r) for r in as_list(self._json("reductions.json"))]

    # --- samples ------------------------------------------------------------

    def iter_summaries(self) -> Iterator[SampleSummary]:
        """Every sample's summary in the log's order, streamed.

        From ``summaries.json``, else the journal's summary chunks, else (no
        summaries at all) rows made from the sample members' names.
        """
        try:
            yield from self._iter_summaries()
        except EvidenceError:
            raise
        except Exception as exc:  # hostile input: any failure is a rejection
            raise EvidenceError(UNREADABLE, f"the sample summaries could not be read: "
                                            f"{type(exc).__name__}: {exc}") from exc

    def _iter_summaries(self) -> Iterator[SampleSummary]:
        if "summaries.json" in self._infos:
            yield from self._stream_array("summaries.json")
            return
        chunks = sorted((int(m["k"]), name) for name in self._infos
                        if (m := _JOURNAL_SUMMARY.match(name)))
        if chunks:
            for _k, name in chunks:
                yield from self._stream_array(name)
            return
        for sample_id, epoch in self.sample_keys:
            yield SampleSummary(id=sample_id, epoch=epoch)

    def _stream_array(self, name: str) -> Iterator[SampleSummary]:
        # Items streamed whatever the size, each bounded (``array_items``);
        # the lock is taken per chunk read, not per item.
        with self._lock:
            stream = open_member(self._fp, self._infos[name])
        with stream:
            for item in array_items(_LockedReader(stream, self._lock),
                                    f"{name} in {self.path.name}"):
                yield summary_from_dict(as_dict(item))

    @guarded("the sample could not be read")
    def sample(self, sample_id: str, epoch: int) -> SampleDetail:
        name = f"samples/{sample_id}_epoch_{epoch}.json"
        info = self._infos.get(name)
        if info is None:
            raise EvidenceError(NO_SUCH_SAMPLE, f"the log has no sample {sample_id} "
                                                f"(epoch {epoch})")
        if info.size <= SAMPLE_WHOLE_LIMIT:
            return detail_from_dict(as_dict(self._json(name)), [], max_messages=MAX_MESSAGES)
        # Large: stream, with long strings cut before ijson sees them (linear
        # time, bounded memory) and the built detail held to a budget.
        with self._lock:
            stream = open_member(self._fp, info)
        budget = Budget()
        with stream:
            bounded = BoundedReader(_LockedReader(stream, self._lock))
            events = json_stream.events(bounded)
            first = next(events)
            body = build_bounded(first, events, budget, skip=HEAVY_KEYS)
            for _rest in events:  # read to the end: the member's size and CRC are checked there
                pass
        notes = [f"this sample is {info.size / 2**20:.0f} MiB: its events and "
                 "attachments are not shown", *budget.notes()]
        return detail_from_dict(as_dict(body), notes, max_messages=MAX_MESSAGES, bounded=True)

    # --- plumbing -------------------------------------------------------------

    def _json(self, name: str) -> Any:
        """One member built whole, within ``json_document``'s bounds."""
        info = self._infos[name]
        with self._lock:
            stream = open_member(self._fp, info)
        with stream:
            return load_document(_LockedReader(stream, self._lock), f"{name} in {self.path.name}",
                                 info.size)

    def close(self) -> None:
        with self._lock:
            self._fp.close()

    def __enter__(self) -> InspectEvalReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class _LockedReader:
    """Reads a member stream under the archive lock (other threads may seek)."""

    def __init__(self, stream: IO[bytes], lock: threading.RLock) -> None:
        self._stream = stream
        self._lock = lock

    def read(self, size: int = -1) -> bytes:
        with self._lock:
            return self._stream.read(size)


def _with_total(log: EvidenceLog, total: int) -> EvidenceLog:
    return replace(log, samples_total=total)
