"""Rows under a case that have no entries of their own are still covered (issue 15, item 1).

A case's stored-file list and notes, and a checklist item's history, are folded
into the digest of the case or item they belong to. Written as the insider
would: ``sqlite3`` edits of the workspace database (and the stored file), no
password, no passphrase.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from reviewer_app.services.audit.trail import verify_audit
from reviewer_app.services.workspace.folder import open_workspace
from tests.support.cases import make_case, new_workspace


def _case(tmp_path: Path) -> tuple[Path, str]:
    ws = new_workspace(tmp_path / "ws")
    case_uuid = make_case(ws)
    assert verify_audit(ws).ok
    ws.close()
    return tmp_path / "ws", case_uuid


def _problems(root: Path) -> list[str]:
    ws = open_workspace(root)
    try:
        report = verify_audit(ws)
    finally:
        ws.close()
    assert not report.ok
    return [p.reason for p in report.problems]


def test_a_stored_file_swapped_with_its_hash_row_is_found(tmp_path: Path) -> None:
    root, case_uuid = _case(tmp_path)
    forged = b"%PDF-1.4 a system card that says something else"
    stored = (root / "store" / "cases" / case_uuid / "submission" / "files" / "documents"
              / "system-card.pdf")
    stored.write_bytes(forged)  # the document check on opening would now pass...
    with sqlite3.connect(root / "reviewer.db") as db:
        db.execute("UPDATE case_files SET sha256 = ?, size = ? WHERE path = ?",
                   (hashlib.sha256(forged).hexdigest(), len(forged), "documents/system-card.pdf"))
    reasons = _problems(root)  # ...but the case no longer matches its entries
    assert any(f"case:{case_uuid}" in r for r in reasons), reasons


def test_a_planted_note_is_found(tmp_path: Path) -> None:
    root, case_uuid = _case(tmp_path)
    with sqlite3.connect(root / "reviewer.db") as db:
        case_id = db.execute("SELECT id FROM cases WHERE uuid = ?", (case_uuid,)).fetchone()[0]
        db.execute("INSERT INTO notes (case_id, at, author, text) VALUES (?, ?, ?, ?)",
                   (case_id, "2026-12-01T10:00:00+00:00", "sam", "Approved by phone."))
    reasons = _problems(root)
    assert any(f"case:{case_uuid}" in r for r in reasons), reasons


def test_a_rewritten_checklist_history_is_found(tmp_path: Path) -> None:
    root, case_uuid = _case(tmp_path)
    with sqlite3.connect(root / "reviewer.db") as db:
        item_row_id, item_id = db.execute(
            "SELECT checklist_items.id, item_id FROM checklist_items JOIN cases"
            " ON cases.id = checklist_items.case_id WHERE cases.uuid = ? ORDER BY item_id",
            (case_uuid,)).fetchone()
        db.execute("INSERT INTO checklist_history (item_row_id, at, actor, changes)"
                   " VALUES (?, ?, ?, ?)",
                   (item_row_id, "2026-12-01T10:00:00+00:00", "sam",
                    '{"status": ["open", "not_a_finding"]}'))
    reasons = _problems(root)
    assert any(f"item:{case_uuid}/{item_id}" in r for r in reasons), reasons
