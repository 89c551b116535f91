"""Alembic migrations, run programmatically (no alembic.ini needed)."""
