"""The audit trail covers settings and trust files: adopt what is already there.

Revision ID: 0005
Revises: 0004

No schema change. From this revision on, ``audit verify`` reports any setting
row or trust-granting workspace file (trust anchors, CRLs, credentials, the
policy profile, office checklist templates) that no entry accounts for. Those
already present when a workspace is upgraded are adopted here, one
``audit.adopt`` entry each (storage/audit_adopt.py); the workspace folder is
the database's folder (WORKSPACE/reviewer.db). Downgrading leaves the entries.
"""

from pathlib import Path

from alembic import op
from sqlalchemy.orm import Session


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from reviewer_app.storage.audit_adopt import adopt_uncovered

    bind = op.get_bind()
    database = bind.engine.url.database
    root = Path(database).parent if database and database != ":memory:" else None
    session = Session(bind=bind)
    try:
        adopt_uncovered(session, root, actor="system")
        session.flush()
    finally:
        session.close()


def downgrade() -> None:
    pass
