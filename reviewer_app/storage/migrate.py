"""Schema migrations: upgrade a workspace database to the newest revision.

Alembic is imported only here, and only when a migration is asked for, so the
window and the headless commands do not pay for it at start-up; SQLAlchemy too
is imported only by the functions that use it (``services.workspace.folder`` compares
the revision through ``storage.fast_read`` and ``head_revision`` first).
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HEAD_REVISION_FILE = MIGRATIONS_DIR / "HEAD"


def _config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest revision, read from a one-line file to keep Alembic out of start-up."""
    return HEAD_REVISION_FILE.read_text(encoding="ascii").strip()


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations with foreign keys off, then check them.

    SQLite rebuilds a table (batch mode) by dropping it; with foreign keys on,
    that drop would cascade into every child table and lose data.
    """
    from alembic import command

    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()  # PRAGMA foreign_keys is a no-op inside a transaction
        with conn.begin():
            command.upgrade(_config(conn), revision)
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration left {len(broken)} broken references; rolled back")
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


def backup_then_upgrade(engine: Engine, db_path: Path) -> Path | None:
    """Upgrade an older database after copying it aside; returns the copy's path."""
    current = current_revision(engine)
    if current == head_revision():
        return None
    backup = None
    if current is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = db_path.with_name(f"{db_path.name}.{current}.{stamp}.bak")
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        _copy_owner_only(db_path, backup)
    upgrade(engine)
    return backup


def _copy_owner_only(source: Path, dest: Path) -> None:
    """Copy the database aside as a 0600 file, whatever the umask or the source's mode
    (it holds the password hashes; ``shutil.copy2`` would copy a 0644 source's mode)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    with source.open("rb") as src, os.fdopen(os.open(dest, flags, 0o600), "wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)
