"""Stored package documents for the viewer: found by the manifest's path, hashed
again, classified by content and name, text read bounded."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer_app.errors import ReviewerError
from reviewer_app.services.evidence import documents
from reviewer_app.services.evidence.documents import open_document
from reviewer_app.services.workspace.folder import Workspace
from tests.support.checklist_cases import add_case, manifest, new_workspace

FILES = {
    "documents/card.pdf": b"%PDF-1.7\n% a card\n",
    "documents/README.md": b"# Title\n\ntext\n",
    "documents/notes": "caf\u00e9 notes without a suffix\n".encode(),
    "evidence/cybench.eval": b"PK\x03\x04" + bytes(range(256)),
    "documents/big.txt": "\u00e9".encode() * 3000,
}


@pytest.fixture
def case(tmp_path: Path) -> Iterator[tuple[Workspace, str]]:
    ws = new_workspace(tmp_path / "ws")
    entries = [{"path": p, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d),
                "media_type": "application/x-test", "role": "document"} for p, d in FILES.items()]
    key = add_case(ws, manifest_data=manifest(files=entries))
    for path, data in FILES.items():
        dest = ws.paths.cases / key / "submission" / "files" / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
    yield ws, key
    ws.close()


@pytest.mark.parametrize(("path", "kind"), [
    ("documents/card.pdf", "pdf"), ("documents/README.md", "markdown"),
    ("documents/notes", "text"), ("evidence/cybench.eval", "other")])
def test_each_file_is_classified_and_hashed(case: tuple[Workspace, str], path: str,
                                            kind: str) -> None:
    doc = open_document(*case, path)
    assert doc.kind == kind and doc.intact and doc.size == len(FILES[path])
    assert doc.sha256_now == hashlib.sha256(FILES[path]).hexdigest()
    assert (doc.text != "") == (kind in ("markdown", "text"))


def test_text_is_bounded_on_a_character(case: tuple[Workspace, str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "TEXT_LIMIT", 1001)  # in the middle of a 2-byte character
    doc = open_document(*case, "documents/big.txt")
    assert doc.truncated and doc.text.startswith("\u00e9" * 500)
    assert len(doc.text.encode("utf-8", "replace")) <= 1003


def test_a_changed_copy_and_unknown_paths(case: tuple[Workspace, str]) -> None:
    ws, key = case
    (ws.paths.cases / key / "submission" / "files" / "documents/README.md").write_bytes(b"# X\n")
    doc = open_document(ws, key, "documents/README.md")
    assert not doc.intact and doc.sha256 == hashlib.sha256(FILES["documents/README.md"]).hexdigest()
    with pytest.raises(ReviewerError) as err:
        open_document(ws, key, "documents/other.pdf")
    assert err.value.code == "NO_SUCH_FILE"
    (ws.paths.cases / key / "submission" / "files" / "documents/card.pdf").unlink()
    with pytest.raises(ReviewerError) as gone:
        open_document(ws, key, "documents/card.pdf")
    assert gone.value.code == "STORE_MISSING"


