"""AgeReader: a pull reader of an age payload's plaintext, optionally decrypting ahead.

Decision, from benchmarks/age_throughput.py (512 MiB, 2 shared cores, best of 3,
figures per GiB): single-threaded decryption already beats the Go CLI (0.55-0.61 s vs
``age -d`` 0.82-0.92 s; pyrage decrypt_io 1.31-1.43 s), and decrypt + SHA-256 takes
0.84-0.91x the import floor ``age -d | openssl dgst -sha256`` (1.24-1.38 s). Both
``cryptography``'s ChaCha20-Poly1305 and hashlib's SHA-256 release the GIL (two threads
decrypting 1 GiB: 0.17 s vs 0.29 s serial), so ``read_ahead=True`` decrypts in a
background thread: decrypt + SHA-256 drops to 0.75-0.86x the floor, but decryption
alone gets slower (0.87-0.90 s/GiB: the hand-over costs more than it saves when the
consumer does nothing). So it is off by default and meant for consumers that hash,
parse and write (the package importer). Memory is bounded either way: two ciphertext
chunks and one plaintext chunk, plus, with read-ahead, four recycled 256 KiB batches.
Peak RSS was 30-31 MiB at 64 and 512 MiB alike (the interpreter and ``cryptography``
account for ~24 MiB of it).
"""

from __future__ import annotations

import io
import queue
import threading
from typing import TYPE_CHECKING

from reviewer_app.crypto.age_stream import CHUNK_SIZE, ChunkDecryptor

if TYPE_CHECKING:
    from typing_extensions import Buffer

_BATCH_CHUNKS = 4
_QUEUE_BATCHES = 2
_END = object()


class _ReadAhead:
    """Runs a ChunkDecryptor in a daemon thread; hands over batches of plaintext.

    The batch buffers are recycled through a free list: fresh 256 KiB buffers cost
    an mmap and page faults each (measured: decrypt-ahead alone 0.45 s vs 0.28 s per
    512 MiB before recycling).
    """

    def __init__(self, chunks: ChunkDecryptor) -> None:
        self._chunks = chunks
        self._queue: queue.Queue[object] = queue.Queue(maxsize=_QUEUE_BATCHES)
        self._free: queue.Queue[bytearray] = queue.Queue()
        for _ in range(_QUEUE_BATCHES + 2):  # queued + one being filled + one being read
            self._free.put(bytearray(_BATCH_CHUNKS * CHUNK_SIZE))
        self._held: bytearray | None = None
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

    def _take_free(self) -> bytearray | None:
        while not self._stop.is_set():
            try:
                return self._free.get(timeout=0.1)
            except queue.Empty:
                continue
        return None

    def _run(self) -> None:
        filled = 0
        batch: bytearray | None = None
        try:
            while (batch := self._take_free()) is not None:
                filled = 0
                for _ in range(_BATCH_CHUNKS):
                    chunk = self._chunks.next_chunk(memoryview(batch)[filled:])
                    if chunk is None:
                        self._put((batch, filled))
                        self._put(_END)
                        return
                    filled += len(chunk)
                if not self._put((batch, filled)):
                    return
        except Exception as exc:  # noqa: BLE001 - AgeError or an I/O error of src: to the reader
            if batch is not None and filled:  # the chunks authenticated before the failure
                self._put((batch, filled))
            self._put(exc)

    def next_chunk(self) -> memoryview | None:
        if self._held is not None:  # the reader copied out of it: recycle
            self._free.put(self._held)
            self._held = None
        if self._done:
            return None
        item = self._queue.get()
        if item is _END:
            self._done = True
            return None
        if isinstance(item, Exception):
            self._queue.put(item)  # sticky: every later read fails the same way
            raise item
        assert isinstance(item, tuple)
        self._held, filled = item
        assert self._held is not None
        return memoryview(self._held)[:filled]

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
