"""AgeReader: a pull reader of an age payload's plaintext, optionally decrypting ahead.

Decision (measured, 2 cores, see benchmarks/age_throughput.py): ``cryptography``'s
ChaCha20-Poly1305 and hashlib's SHA-256 both release the GIL (two threads decrypting:
0.17 s vs 0.29 s serial for 1 GiB; decrypt beside SHA-256: 0.29 s vs 0.85 s serial).
So ``read_ahead=True`` decrypts in a background thread while the consumer hashes,
parses and writes; memory stays bounded (a queue of at most 2 batches of 4 chunks,
about 1 MiB). Off by default: for small files a thread is not worth it.
"""

from __future__ import annotations

import io
import queue
import threading
from typing import TYPE_CHECKING

from reviewer_app.crypto.age_stream import ChunkDecryptor

if TYPE_CHECKING:
    from typing_extensions import Buffer

_BATCH_CHUNKS = 4
_QUEUE_BATCHES = 2
_END = object()


class _ReadAhead:
    """Runs a ChunkDecryptor in a daemon thread; hands over batches of plaintext."""

    def __init__(self, chunks: ChunkDecryptor) -> None:
        self._chunks = chunks
        self._queue: queue.Queue[object] = queue.Queue(maxsize=_QUEUE_BATCHES)
        self._stop = threading.Event()
        self._done = False
        self._thread = threading.Thread(target=self._run, name="age-read-ahead", daemon=True)
        self._thread.start()

    @property
    def consumed(self) -> int:
        return self._chunks.consumed

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        batch = bytearray()
        try:
            while not self._stop.is_set():
                batch = bytearray()
                for _ in range(_BATCH_CHUNKS):
                    chunk = self._chunks.next_chunk()
                    if chunk is None:
                        self._put(batch)
                        self._put(_END)
                        return
                    batch += chunk
                if not self._put(batch):
                    return
        except Exception as exc:  # noqa: BLE001 - AgeError or an I/O error of src: to the reader
            if batch:  # the chunks authenticated before the failure, as without the thread
                self._put(batch)
            self._put(exc)

    def next_chunk(self) -> memoryview | None:
        if self._done:
            return None
        item = self._queue.get()
        if item is _END:
            self._done = True
            return None
        if isinstance(item, Exception):
            self._queue.put(item)  # sticky: every later read fails the same way
            raise item
        assert isinstance(item, bytearray)
        return memoryview(item)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


class AgeReader(io.RawIOBase):
    """Plaintext of an age payload. read(n) returns n bytes unless the end comes first.

    Raises AgeCorruptError when a chunk fails authentication or the file is truncated
    or extended; no unauthenticated byte is ever returned. Does not close ``src``.
    """

    def __init__(self, chunks: ChunkDecryptor, *, read_ahead: bool = False) -> None:
        super().__init__()
        self._source: ChunkDecryptor | _ReadAhead = _ReadAhead(chunks) if read_ahead else chunks
        self._plain = memoryview(b"")
        self._pos = 0

    @property
    def bytes_consumed(self) -> int:
        """Bytes of the age file read so far (header included), for progress."""
        return self._source.consumed

    def readable(self) -> bool:
        return True

    def _refill(self) -> bool:
        chunk = self._source.next_chunk()
        if chunk is None:
            return False
        self._plain, self._pos = chunk, 0
        return True

    def readinto(self, buffer: Buffer) -> int:
        if self.closed:
            raise ValueError("read from a closed AgeReader")
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view):
            if self._pos == len(self._plain) and not self._refill():
                break
            take = min(len(view) - done, len(self._plain) - self._pos)
            view[done : done + take] = self._plain[self._pos : self._pos + take]
            self._pos += take
            done += take
        return done

    def read(self, size: int | None = -1) -> bytes:
        if self.closed:
            raise ValueError("read from a closed AgeReader")
        parts: list[bytes] = []
        remaining = -1 if size is None or size < 0 else size
        while remaining != 0:
            if self._pos == len(self._plain) and not self._refill():
                break
            available = len(self._plain) - self._pos
            take = available if remaining < 0 else min(remaining, available)
            parts.append(bytes(self._plain[self._pos : self._pos + take]))
            self._pos += take
            if remaining > 0:
                remaining -= take
        return b"".join(parts)

    def readall(self) -> bytes:
        return self.read(-1)

    def close(self) -> None:
        if isinstance(self._source, _ReadAhead):
            self._source.close()
        self._plain = memoryview(b"")
        super().close()
