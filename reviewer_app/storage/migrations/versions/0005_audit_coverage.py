"""The audit trail covers settings and trust files: adopt what is already there.

Revision ID: 0005
Revises: 0004

No schema change. From this revision on, ``audit verify`` reports any setting
row or trust-granting workspace file (trust anchors, CRLs, credentials, the
policy profile, office checklist templates) that no entry accounts for. Those
already present when a workspace is upgraded are adopted here, one
``audit.adopt`` entry each (storage/audit_adopt.py); the workspace folder is
the database's folder (WORKSPACE/reviewer.db). Cases and checklist items whose
newest entry holds their digest under the earlier rule (own columns only; a
case's digest now also covers its stored-file list and notes, an item's its
history) are re-covered first, one ``audit.rehash`` entry each. Downgrading
leaves the entries.
"""

from pathlib import Path

from alembic import op
from sqlalchemy.orm import Session


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from reviewer_app.storage.audit_adopt import adopt_uncovered, recover_changed_scheme

    bind = op.get_bind()
    database = bind.engine.url.database
    root = Path(database).parent if database and database != ":memory:" else None
    session = Session(bind=bind)
    try:
        recover_changed_scheme(session, actor="system")
        adopt_uncovered(session, root, actor="system")
        session.flush()
    finally:
        session.close()


def downgrade() -> None:
    pass
