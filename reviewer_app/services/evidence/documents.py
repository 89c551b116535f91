"""One stored file of a case's submission, ready to be shown in the app.

The file is the copy in the case store whose SHA-256 the import verified; it
is hashed again here so the viewer can say whether it still matches the
manifest. Text is read bounded (``TEXT_LIMIT``); a PDF is left to the viewer,
which reads pages on demand. Nothing is executed, nothing is fetched.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.errors import IntegrityError, RejectedError
from reviewer_app.services.evidence.evaluation import case_file
from reviewer_app.services.intake import load_submission
from reviewer_app.services.workspace import Workspace

# Text shown of one file; the rest is left out with a note.
TEXT_LIMIT = 4 << 20
_SNIFF = 8192
MARKDOWN = frozenset({".md", ".markdown"})
TEXT = frozenset({".txt", ".text", ".csv", ".tsv", ".json", ".jsonl", ".log", ".yaml", ".yml",
                  ".toml", ".xml", ".html", ".htm", ".py", ".rst", ".ini", ".cfg", ".tex"})


@dataclass(frozen=True)
class StoredDocument:
    path: str  # as the manifest names it
    stored_at: Path
    kind: str  # "pdf", "markdown", "text" or "other"
    size: int
    sha256: str  # the manifest's (verified at import)
    sha256_now: str  # the stored copy's, hashed when opened
    media_type: str = ""
    text: str = ""  # markdown and text only: at most TEXT_LIMIT bytes of it
    truncated: bool = False

    @property
    def intact(self) -> bool:
        return self.sha256_now == self.sha256


def open_document(ws: Workspace, case_key: str, rel_path: str) -> StoredDocument:
    """The stored file ``rel_path`` of the case's manifest, hashed and classified."""
    view = load_submission(ws, case_key)
    entry = next((f for f in view.manifest.files if f.path == rel_path), None)
    if entry is None:
        raise RejectedError("NO_SUCH_FILE", f"the submission has no file '{rel_path}'")
    stored = case_file(ws, view.case_uuid, rel_path)
    digest = hashlib.sha256()
    try:
        with stored.open("rb") as stream:
            head = stream.read(_SNIFF)
            digest.update(head)
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    except OSError as exc:
        raise IntegrityError("STORE_MISSING",
                             f"the stored copy of {rel_path} cannot be read: {exc.strerror}") from None
    kind = _kind(rel_path, head)
    text, truncated = "", False
    if kind in ("markdown", "text"):
        text, truncated = _read_text(stored, entry.size)
    return StoredDocument(rel_path, stored, kind, stored.stat().st_size, entry.sha256,
                          digest.hexdigest(), entry.media_type, text, truncated)


def _kind(rel_path: str, head: bytes) -> str:
    suffix = Path(rel_path).suffix.lower()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if suffix in MARKDOWN:
        return "markdown"
    if suffix in TEXT or (head and _looks_like_text(head)):
        return "text"
    return "other"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # only a character cut by the sniff's end
    return True


def _read_text(path: Path, size: int) -> tuple[str, bool]:
    with path.open("rb") as stream:
        data = stream.read(TEXT_LIMIT + 1)
    truncated = len(data) > TEXT_LIMIT or size > TEXT_LIMIT
    return data[:TEXT_LIMIT].decode("utf-8", errors="replace"), truncated
