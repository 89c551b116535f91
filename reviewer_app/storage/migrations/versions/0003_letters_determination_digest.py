"""Letters record the digest of the determination they render.

Revision ID: 0003
Revises: 0002

The column is added empty (NULL) for existing letters, the value row digests
leave out (storage/audit_chain.row_digest), so the audit trail of an upgraded
workspace still verifies. A letter without a digest predates this revision;
countersigning one is refused (services/decision/letters.py): re-sign it.
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE ADD COLUMN, never a table rebuild (see 0002).
    with op.batch_alter_table('letters', schema=None, recreate='never') as batch_op:
        batch_op.add_column(
            sa.Column('determination_sha256', sa.String(length=64), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_column('determination_sha256')
