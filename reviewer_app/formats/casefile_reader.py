"""Reading a case file's tar stream (format v1) in one pass, in constant memory.

``read_head`` takes the case manifest and its signature (bounded); after the
caller verified them, ``read_members`` streams every other member once into a
staging folder, hashing it on the way. Checks raise the spec's ``CASE_*`` codes
in the spec's order. Decryption errors of the source stream pass through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reviewer_app.domain import casefile as cf
from reviewer_app.domain import manifest_rules as rules
from reviewer_app.errors import RejectedError
from reviewer_app.formats.file_sink import FileSink
from reviewer_app.formats.private_files import make_dirs
from reviewer_app.formats.tar_stream import NotTarError, TarMember, TarStreamReader

CHUNK = 1 << 20
MAX_SIGNATURE_BYTES = 1 << 20
Tick = Callable[[str, int], None]  # (member path, bytes just read); may raise CancelledError
After = Callable[[str, Path], None]  # a member verified and staged at this path


@dataclass(frozen=True)
class CaseHead:
    manifest: bytes
    signature: bytes


@contextmanager
def _tar_errors() -> Iterator[None]:
    try:
        yield
    except NotTarError as exc:
        raise RejectedError("CASE_NOT_TAR", exc.message) from None


def _describe(member: TarMember | None) -> str:
    return "nothing" if member is None else f"{member.path!r} ({member.kind})"


class CaseFileReader:
    def __init__(self, plaintext: BinaryIO, limits: cf.CaseLimits, tick: Tick | None = None) -> None:
        self._tar = TarStreamReader(plaintext)
        self._limits = limits
        self._tick = tick or (lambda _path, _n: None)
        self._sink: FileSink | None = None

    def _next(self) -> TarMember | None:
        with _tar_errors():
            while True:
                member = self._tar.next()
                if member is None or member.kind != "directory":
                    return member

    def _read(self) -> bytes:
        with _tar_errors():
            return self._tar.read(CHUNK)

    def _slurp(self) -> bytes:
        parts = []
        while chunk := self._read():
            parts.append(chunk)
        return b"".join(parts)

    def _head_member(self, name: str) -> TarMember:
        member = self._next()
        if member is None or not member.is_file or rules.strip_dot_slash(member.path) != name:
            raise RejectedError("CASE_MANIFEST_MISSING", f"the {'first' if name == cf.MANIFEST_NAME else 'second'} "
                                f"member must be the file {name}; found {_describe(member)}")
        return member

    def read_head(self) -> CaseHead:
        first = self._head_member(cf.MANIFEST_NAME)
        too_large = first.size > self._limits.manifest_bytes
        manifest = b"" if too_large else self._slurp()
        while too_large and self._read():
            pass  # the spec checks that member 2 is there before the manifest's size
        second = self._head_member(cf.SIGNATURE_NAME)
        if too_large:
            raise RejectedError("CASE_MANIFEST_INVALID", f"{cf.MANIFEST_NAME} is {first.size:,} "
                                f"bytes; the limit is {self._limits.manifest_bytes:,}")
        if second.size > MAX_SIGNATURE_BYTES:
            raise RejectedError("CASE_SIGNATURE_INVALID", f"{cf.SIGNATURE_NAME} is {second.size:,} "
                                "bytes, more than any CMS signature this importer accepts")
        return CaseHead(manifest, self._slurp())

    def read_members(self, manifest: cf.CaseManifest, dest: Path, after: After) -> None:
        """Every remaining member: checked, staged under ``dest``, handed to ``after``."""
        declared = {f.path: f for f in manifest.files}
        leading = (cf.SUBMISSION_MANIFEST, cf.SUBMISSION_SIGNATURE)
        seen: set[str] = set()
        while (member := self._next()) is not None:
            if not member.is_file:
                raise cf.unsafe(member.path, f"it is a {member.kind}; only regular files are allowed",
                                "member")
            path = cf.check_case_path(member.path, where="member")
            entry = declared.get(path)
            if entry is None or path in seen:
                why = "appears twice in the case file" if entry else "is not listed in files"
                raise RejectedError("CASE_FILE_UNDECLARED", f"member {path!r} {why}")
            index = len(seen)
            if index < len(leading) and path != leading[index]:
                raise RejectedError("CASE_SUBMISSION_INVALID", f"member {index + 3} must be "
                                    f"{leading[index]}; found {path!r}")
            seen.add(path)
            if member.size != entry.size:
                raise RejectedError("CASE_FILE_MISMATCH", f"{path}: the manifest says "
                                    f"{entry.size:,} bytes, the case file holds {member.size:,}")
            target = dest.joinpath(*path.split("/"))
            digest = self._store(path, target)
            if digest != entry.sha256:
                raise RejectedError("CASE_FILE_MISMATCH",
                                    f"{path}: SHA-256 expected {entry.sha256}, found {digest}")
            after(path, target)
        missing = [f.path for f in manifest.files if f.path not in seen]
        if missing:
            more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
            raise RejectedError("CASE_FILE_MISSING",
                                f"{missing[0]!r}{more} listed in files is not in the case file")

    def _store(self, path: str, target: Path) -> str:
        """Hash and write on the sink's thread, as a package import does (file_sink)."""
        make_dirs(target.parent)  # 0700, whatever the umask
        sink = self._sink or FileSink()
        self._sink = sink
        sink.open(target)
        while chunk := self._read():
            sink.write(chunk)
            self._tick(path, len(chunk))
        return sink.close()

    def close(self) -> None:
        """Stop the writer thread (always call: on success and on failure)."""
        if self._sink is not None:
            self._sink.shutdown()
            self._sink = None
