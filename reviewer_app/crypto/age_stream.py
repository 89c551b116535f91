"""The age v1 payload: ChaCha20-Poly1305 STREAM in 64 KiB chunks, pulled and pushed.

Memory stays constant: decryption holds two ciphertext chunks (the current one and a
look-ahead that tells whether the current one is the last) and one plaintext chunk;
the writer holds one plaintext chunk (kept back until more data or close() says whether
it is the last) and one ciphertext chunk. Chunk nonce: 11-byte big-endian counter +
0x01 on the last chunk. ``decrypt_into``/``encrypt_into`` write into preallocated
buffers, saving two allocations per chunk.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from reviewer_app.crypto.age_errors import AgePayloadError

if TYPE_CHECKING:
    from typing_extensions import Buffer

CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class ChunkDecryptor:
    """Authenticated plaintext chunks of a payload, one at a time.

    ``next_chunk()`` returns a view of the next chunk (valid until the next call), or
    None after the last one. AgePayloadError on a failed tag, a truncated or extended
    file; the failure sticks. Never closes ``src``.
    """

    def __init__(self, src: BinaryIO, key: bytes, *, prefix: bytes, consumed: int) -> None:
        self._src = src
        self._readinto = getattr(src, "readinto", None)
        self._aead = ChaCha20Poly1305(key)
        self._pending = bytearray(prefix)  # payload bytes the header parser read ahead
        self.consumed = consumed - len(prefix)
        self._cipher = (bytearray(ENCRYPTED_CHUNK_SIZE), bytearray(ENCRYPTED_CHUNK_SIZE))
        self._current = 0
        self._plain = bytearray(CHUNK_SIZE)
        self._counter = 0
        self._finished = False  # the last chunk was decrypted
        self._error: AgePayloadError | None = None
        self._cipher_len = self._fill(memoryview(self._cipher[0]))

    def _fill(self, view: memoryview) -> int:
        filled = 0
        if self._pending:
            filled = min(len(self._pending), len(view))
            view[:filled] = self._pending[:filled]
            del self._pending[:filled]
        while filled < len(view):
            if self._readinto is not None:
                got = self._readinto(view[filled:])
            else:
                data = self._src.read(len(view) - filled)
                got = len(data)
                view[filled : filled + got] = data
            if not got:
                break
            filled += got
        self.consumed += filled
        return filled

    def _fail(self, message: str) -> AgePayloadError:
        self._error = AgePayloadError(message)
        return self._error

    def _open(self, cipher: memoryview, plain: memoryview, flags: tuple[bool, ...]) -> bool | None:
        """Decrypt under the first last-chunk flag that authenticates; None if none does."""
        for last in flags:
            try:
                self._aead.decrypt_into(_nonce(self._counter, last), cipher, None, plain)
            except InvalidTag:
                continue
            return last
        return None

    def next_chunk(self, out: memoryview | None = None) -> memoryview | None:
        """The next chunk, decrypted into ``out`` (at least CHUNK_SIZE bytes) if given.

        As age's reference does, a chunk that authenticates is handed out even when what
        follows it is wrong (a full-size "last" chunk followed by more data, a non-last
        chunk followed by nothing): the error comes on the next call. A short chunk can
        only be the last one; a full one is tried as what the following bytes suggest,
        then as the other.
        """
        if self._error is not None:
            raise self._error
        if self._finished:
            return None
        length = self._cipher_len
        following = 0
        if length == ENCRYPTED_CHUNK_SIZE:
            following = self._fill(memoryview(self._cipher[1 - self._current]))
        if length < TAG_SIZE:
            raise self._fail(f"age payload truncated at chunk {self._counter}")
        plain = (memoryview(self._plain) if out is None else out)[: length - TAG_SIZE]
        cipher = memoryview(self._cipher[self._current])[:length]
        if length < ENCRYPTED_CHUNK_SIZE:
            flags: tuple[bool, ...] = (True,)
        else:
            flags = (True, False) if following == 0 else (False, True)
        last = self._open(cipher, plain, flags)
        if last is None:
            raise self._fail(
                f"age payload chunk {self._counter} failed authentication"
                " (damaged, truncated or extended file)"
            )
        if last and length == TAG_SIZE and self._counter > 0:
            raise self._fail("age payload ends with an empty chunk")
        if last and following:
            self._error = AgePayloadError("age payload has data after its final chunk")
        self._counter += 1
        self._current = 1 - self._current
        self._cipher_len = following
        self._finished = last
        return plain


class AgeWriter:
    """Encrypts what is written; close() writes the last chunk. Does not close ``dst``.

    Leaving a ``with`` block by an exception does NOT write the last chunk: the output
    then fails authentication instead of passing as a complete, shorter file.
    """

    def __init__(self, dst: BinaryIO, key: bytes) -> None:
        self._dst = dst
        self._aead = ChaCha20Poly1305(key)
        self._buffer = bytearray()
        self._out = bytearray(ENCRYPTED_CHUNK_SIZE)
        self._counter = 0
        self.closed = False

    def __enter__(self) -> AgeWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.closed = True  # abandoned: no final chunk

    def writable(self) -> bool:
        return True

    def _seal(self, data: memoryview | bytearray, last: bool) -> None:
        out = memoryview(self._out)[: len(data) + TAG_SIZE]
        self._aead.encrypt_into(_nonce(self._counter, last), data, None, out)
        self._dst.write(out)
        self._counter += 1

    def write(self, data: Buffer) -> int:
        if self.closed:
            raise ValueError("write to a closed AgeWriter")
        view = memoryview(data).cast("B")
        size = len(view)
        if self._buffer:
            take = min(CHUNK_SIZE - len(self._buffer), len(view))
            self._buffer += view[:take]
            view = view[take:]
            if not view:
                return size  # a full buffer is kept: it may turn out to be the last chunk
            self._seal(self._buffer, last=False)
            self._buffer.clear()
        while len(view) > CHUNK_SIZE:
            self._seal(view[:CHUNK_SIZE], last=False)
            view = view[CHUNK_SIZE:]
        self._buffer += view
        return size

    def flush(self) -> None:
        self._dst.flush()

    def close(self) -> None:
        if self.closed:
            return
        self._seal(self._buffer, last=True)
        self._buffer.clear()
        self.closed = True
        self._dst.flush()
