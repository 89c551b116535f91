"""Reading a submission package's tar stream (format v1) in one pass.

``read_head`` takes members 1 and 2 (manifest and signature) into memory,
bounded; ``read_files`` then streams every other member once into a staging
folder, hashing it on the way, and checks it against the manifest. Each check
raises the spec's code in the spec's order. Decryption errors raised by the
source stream pass through untouched (the caller maps them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.domain import manifest_rules as rules
from reviewer_app.domain.manifest import FileEntry
from reviewer_app.errors import RejectedError
from reviewer_app.formats.file_sink import FileSink
from reviewer_app.formats.private_files import make_dirs
from reviewer_app.formats.tar_stream import Readable, TarMember, TarStreamReader

CHUNK = 1 << 20
MAX_SIGNATURE_BYTES = 1 << 20  # a CMS signature with its chain is a few KiB


@dataclass(frozen=True)
class Limits:
    manifest_bytes: int = 16 * 1024 * 1024
    members: int = 100_000
    total_bytes: int = 1 << 40


@dataclass(frozen=True)
class PackageHead:
    manifest: bytes
    signature: bytes


Tick = Callable[[str], None]


def _describe(member: TarMember) -> str:
    return f"{member.path!r} ({member.kind})"


class SubmissionReader:
    def __init__(self, plaintext: Readable, limits: Limits, tick: Tick | None = None) -> None:
        self._tar = TarStreamReader(plaintext)
        self._limits = limits
        self._tick = tick or (lambda _detail: None)
        self._sink: FileSink | None = None

    def _next(self) -> TarMember | None:
        """The next member that is not a directory entry (those are ignored)."""
        while True:
            member = self._tar.next()
            if member is None or member.kind != "directory":
                return member

    def _slurp(self) -> bytes:
        parts = []
        while chunk := self._tar.read(CHUNK):
            parts.append(chunk)
        return b"".join(parts)

    def _discard(self) -> None:
        while self._tar.read(CHUNK):
            self._tick(rules.MANIFEST_NAME)

    def read_head(self) -> PackageHead:
        first = self._next()
        if first is None or not first.is_file or rules.strip_dot_slash(first.path) != rules.MANIFEST_NAME:
            found = "nothing" if first is None else _describe(first)
            raise RejectedError("PKG_MANIFEST_MISSING",
                                f"the first member must be the file manifest.json; found {found}")
        too_large = first.size > self._limits.manifest_bytes
        if too_large:
            self._discard()  # the spec checks member 2 before the manifest's size
            manifest = b""
        else:
            manifest = self._slurp()
        second = self._next()
        if second is None or not second.is_file or rules.strip_dot_slash(second.path) != rules.SIGNATURE_NAME:
            found = "nothing" if second is None else _describe(second)
            raise RejectedError("PKG_SIGNATURE_MISSING",
                                f"the second member must be the file manifest.json.p7s; found {found}")
        if too_large:
            raise RejectedError(
                "PKG_TOO_LARGE", f"manifest.json is {first.size:,} bytes; the limit is "
                f"{self._limits.manifest_bytes:,} bytes")
        if second.size > MAX_SIGNATURE_BYTES:
            raise RejectedError("PKG_SIGNATURE_INVALID",
                                f"manifest.json.p7s is {second.size:,} bytes, more than any CMS "
                                f"signature this importer accepts ({MAX_SIGNATURE_BYTES:,})")
        return PackageHead(manifest, self._slurp())

    def read_files(self, declared: Mapping[str, FileEntry], dest: Path) -> int:
        """Every remaining member, checked and written under ``dest``; then completeness.

        Returns how many files were stored (each equal to its ``declared`` entry).
        A manifest that already declares more files (or bytes) than the limits
        allow is refused here, before a single file is staged: every member
        would be read, hashed and written only to fail at the end (the spec
        places this check right after the manifest's paths).
        """
        self._check_declared(declared)
        seen: set[str] = set()
        total = 0
        while (member := self._next()) is not None:
            if not member.is_file:
                raise RejectedError("PKG_UNSUPPORTED_MEMBER",
                                    f"member {member.path!r} is a {member.kind}; only regular "
                                    "files are allowed")
            path = rules.check_path(member.path, where="member")
            entry = declared.get(path)
            if entry is None:
                raise RejectedError("PKG_FILE_UNDECLARED",
                                    f"member {path!r} is not listed in manifest.files")
            if path in seen:
                raise RejectedError("PKG_FILE_UNDECLARED",
                                    f"member {path!r} appears twice in the package")
            seen.add(path)  # never more than declared: the member count was checked
            total += member.size
            if total > self._limits.total_bytes:
                raise RejectedError("PKG_TOO_LARGE", f"the files add up to more than "
                                    f"{self._limits.total_bytes:,} bytes (the configured limit)")
            if member.size != entry.size:
                raise RejectedError("PKG_FILE_MISMATCH",
                                    f"{path}: the manifest says {entry.size:,} bytes, the package "
                                    f"holds {member.size:,} bytes")
            digest = self._store(path, dest)
            if digest != entry.sha256:
                raise RejectedError("PKG_FILE_MISMATCH",
                                    f"{path}: SHA-256 expected {entry.sha256}, found {digest}")
        missing = [p for p in declared if p not in seen]
        if missing:
            more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
            raise RejectedError("PKG_FILE_MISSING",
                                f"{missing[0]!r}{more} listed in manifest.files "
                                "is not in the package")
        return len(seen)

    def _check_declared(self, declared: Mapping[str, FileEntry]) -> None:
        if len(declared) > self._limits.members:
            raise RejectedError("PKG_TOO_LARGE", f"the manifest lists {len(declared):,} files; "
                                f"the package has more than {self._limits.members:,} files "
                                "(the configured limit)")
        total = sum(entry.size for entry in declared.values())
        if total > self._limits.total_bytes:
            raise RejectedError("PKG_TOO_LARGE", f"the manifest's files add up to {total:,} "
                                f"bytes, more than {self._limits.total_bytes:,} bytes (the "
                                "configured limit)")

    def _store(self, path: str, dest: Path) -> str:
        target = dest.joinpath(*path.split("/"))
        make_dirs(target.parent)  # 0700, whatever the umask
        sink = self._sink or FileSink()
        self._sink = sink
        sink.open(target)
        while chunk := self._tar.read(CHUNK):
            sink.write(chunk)
            self._tick(path)
        return sink.close()

    def close(self) -> None:
        """Stop the writer thread (always call: on success and on failure)."""
        if self._sink is not None:
            self._sink.shutdown()
            self._sink = None
