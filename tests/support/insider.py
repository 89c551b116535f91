"""What an insider with write access to the workspace (and the source code) does to the trail.

No password, passphrase or signing credential: ``sqlite3`` on ``reviewer.db``,
and the project's own hashing functions to recompute what the chain stores.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlalchemy import select

from reviewer_app.domain.audit import canonical_json, chain_hash, entry_content
from reviewer_app.storage.audit_chain import row_digest
from reviewer_app.storage.db import Database
from reviewer_app.storage.models import CaseRow, DeterminationRow


def _db(workspace: Path) -> sqlite3.Connection:
    return sqlite3.connect(workspace / "reviewer.db", isolation_level=None)


def rewrite_determination(workspace: Path, case_uuid: str, outcome: str, rationale: str) -> int:
    """Change a determination, re-digest it into its newest entry, recompute every hash
    from there and fix the stored head; returns the first entry rewritten."""
    with _db(workspace) as db:
        db.execute(
            "UPDATE determinations SET outcome=?, rationale=?"
            " WHERE case_id=(SELECT id FROM cases WHERE uuid=?)", (outcome, rationale, case_uuid))
    database = Database(workspace / "reviewer.db")
    try:
        with database.reader() as s:
            case_id = s.scalar(select(CaseRow.id).where(CaseRow.uuid == case_uuid))
            row = s.scalar(select(DeterminationRow).where(DeterminationRow.case_id == case_id))
            assert row is not None
            new_digest = row_digest(row)
    finally:
        database.dispose()
    with _db(workspace) as db:
        seq = db.execute(
            "SELECT max(seq) FROM audit_log WHERE subject=?", (f"determination:{case_uuid}",)
        ).fetchone()[0]
        db.execute("UPDATE audit_log SET subject_digest=? WHERE seq=?", (new_digest, seq))
        recompute_from(db, seq)
    return int(seq)


def recompute_from(db: sqlite3.Connection, first: int) -> None:
    """Every entry's hash from ``first`` on, as ``audit_chain.append`` computes it, and the head."""
    prev = db.execute("SELECT hash FROM audit_log WHERE seq=?", (first - 1,)).fetchone()
    prev_hash = prev[0] if prev else "0" * 64
    rows = db.execute(
        "SELECT seq, at, actor, action, case_uuid, subject, subject_digest, details"
        " FROM audit_log WHERE seq >= ? ORDER BY seq", (first,)).fetchall()
    for seq, at, actor, action, case_uuid, subject, subject_digest, details in rows:
        content = entry_content(seq, at, actor, action, case_uuid, subject, subject_digest,
                                json.loads(details))
        new_hash = chain_hash(prev_hash, content)
        db.execute("UPDATE audit_log SET prev_hash=?, hash=? WHERE seq=?", (prev_hash, new_hash, seq))
        prev_hash = new_hash
    fix_head(db)


def fix_head(db: sqlite3.Connection) -> None:
    seq, hash_ = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    db.execute("UPDATE settings SET value=? WHERE key='audit_head'",
               (canonical_json({"hash": hash_, "seq": seq}),))


def drop_newest(workspace: Path, count: int) -> int:
    """Delete the newest ``count`` entries and fix the head; returns the new head's seq."""
    with _db(workspace) as db:
        last = db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
        db.execute("DELETE FROM audit_log WHERE seq > ?", (last - count,))
        fix_head(db)
    return int(last - count)
