"""Remote-office users: people whose case files and letters this workspace accepts.

Revision ID: 0004
Revises: 0003

A new table only; no existing row changes, so every recorded digest still holds.
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'remote_users',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('display_name', sa.String(length=200), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('certificate_sha256', sa.String(length=64), nullable=False),
        sa.Column('certificate', sa.Text(), nullable=False),
        sa.Column('subject', sa.String(length=500), nullable=False),
        sa.Column('added_by', sa.String(length=64), nullable=False),
        sa.Column('added_at', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('certificate_sha256'),
        sa.UniqueConstraint('username'),
    )


def downgrade() -> None:
    op.drop_table('remote_users')
