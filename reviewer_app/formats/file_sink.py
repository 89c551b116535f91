"""Hash and write a member's chunks on a second thread.

Why: decryption runs on the caller's thread; SHA-256 and ``write`` release the
GIL, so doing them on another thread lets the two cores overlap the work
instead of taking turns (the floor, ``age -d | openssl dgst``, is two
processes). The queue is bounded, so memory stays constant.

Big files are also kept out of the page cache as they are written (every
32 MiB, ``POSIX_FADV_DONTNEED`` over what came before: it starts the write-back
and drops what is already on disk). A 4 GiB import otherwise filled 4 GiB of
cache, and on these virtual machines fresh cache pages are what cost the time
(writing 4 GiB took 3.7-9.9 s cold, 0.7 s on pages used before); it also leaves
the reviewer's other work in the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import threading
from pathlib import Path
from typing import BinaryIO

_DEPTH = 8  # chunks in flight (8 MiB with 1 MiB chunks)
_CLOSE = object()
_DROP_EVERY = 32 << 20
_DROP_SPAN = 4 * _DROP_EVERY  # each page is offered to the kernel up to four times
_fadvise = getattr(os, "posix_fadvise", None)  # not on Windows


class CacheLimitedWriter:
    """A binary file being written whose pages are offered back every 32 MiB.

    ``POSIX_FADV_DONTNEED`` over the last stretch written starts its write-back
    and drops what is already on disk (see the module doc). Only advice: where
    the call is missing or refused, this is a plain writer.
    """

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._written = self._offered = 0

    def write(self, data: bytes) -> int:
        n = self._out.write(data)
        self._written += len(data)
        if self._written - self._offered >= _DROP_EVERY:
            self._offer()
        return n

    def _offer(self) -> None:
        self._offered = self._written
        if _fadvise is None:
            return
        self._out.flush()
        start = max(0, self._written - _DROP_SPAN)
        with contextlib.suppress(OSError):  # only advice: a file system may not take it
            _fadvise(self._out.fileno(), start, self._written - start, os.POSIX_FADV_DONTNEED)

    def flush(self) -> None:
        self._out.flush()

    def fileno(self) -> int:
        return self._out.fileno()

    def close(self) -> None:
        self._out.close()


class FileSink:
    """``open(path)``, ``write(chunk)``..., ``close() -> sha256 hex``; ``shutdown()`` at the end."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[object] = queue.Queue(maxsize=_DEPTH)
        self._done: queue.Queue[str | BaseException] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="file-sink", daemon=True)
        self._thread.start()
        self._failed: BaseException | None = None

    def _run(self) -> None:
        out: CacheLimitedWriter | None = None
        hasher = hashlib.sha256()
        error: BaseException | None = None
        while True:
            job = self._jobs.get()
            if job is None:
                return
            if isinstance(job, Path):
                hasher, error = hashlib.sha256(), None
                try:
                    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
                    out = CacheLimitedWriter(os.fdopen(os.open(job, flags, 0o600), "wb"))
                except OSError as exc:
                    error, out = exc, None
            elif job is _CLOSE:
                if out is not None:
                    try:
                        out.close()
                    except OSError as exc:
                        error = error or exc
                out = None
                self._done.put(error if error is not None else hasher.hexdigest())
            elif error is None and out is not None:
                assert isinstance(job, bytes)
                hasher.update(job)
                try:
                    out.write(job)
                except OSError as exc:
                    error = exc

    def open(self, path: Path) -> None:
        self._jobs.put(path)

    def write(self, chunk: bytes) -> None:
        self._jobs.put(chunk)

    def close(self) -> str:
        """Wait for the file to be written; its SHA-256, or the OSError it met."""
        self._jobs.put(_CLOSE)
        result = self._done.get()
        if isinstance(result, BaseException):
            raise result
        return result

    def shutdown(self) -> None:
        """Stop the thread (after ``close``, or on an error midway: the file is abandoned)."""
        if self._thread.is_alive():
            self._jobs.put(_CLOSE)
            self._jobs.put(None)
            self._thread.join()
