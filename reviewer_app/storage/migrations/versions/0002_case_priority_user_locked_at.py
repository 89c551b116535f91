"""Cases get a priority (triage order); users get locked_at (when a lockout began).

Revision ID: 0002
Revises: 0001

Both columns are added with the value that means "nothing set" (priority 0,
locked_at NULL), which row digests leave out (see storage/audit_chain.row_digest),
so the audit trail of an upgraded workspace still verifies.
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE ADD COLUMN, never a table rebuild: SQLite rebuilds a
    # table in batch mode by dropping it, and with foreign keys on, dropping
    # ``cases`` deletes every checklist item, note and determination (ON DELETE
    # CASCADE). A string server_default keeps Alembic from rebuilding (an
    # sa.text() default would not); tests/e2e/test_upgrade.py counts the rows.
    with op.batch_alter_table('cases', schema=None, recreate='never') as batch_op:
        batch_op.add_column(
            sa.Column('priority', sa.Integer(), server_default='0', nullable=False)
        )
    with op.batch_alter_table('users', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('locked_at', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locked_at')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('priority')
