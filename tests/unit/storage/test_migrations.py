"""Migrations: an empty database upgrades from the first revision to head, and the
result matches the models exactly (no drift between models and migrations)."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from reviewer_app.storage import migrate
from reviewer_app.storage.db import Database
from reviewer_app.storage.models import Base


def test_upgrade_from_first_revision_to_head(tmp_path: Path) -> None:
    db = Database(tmp_path / "t.db")
    migrate.upgrade(db.engine, "0001")
    assert migrate.current_revision(db.engine) == "0001"
    migrate.upgrade(db.engine)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    db.dispose()


def test_head_file_names_the_newest_revision() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == migrate.head_revision()


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = Database(tmp_path / "t.db")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()
