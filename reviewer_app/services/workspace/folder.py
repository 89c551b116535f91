"""Workspaces: create one, open one, and the paths inside it.

A workspace is a folder::

    workspace.json        marker: format, created, demo flag
    reviewer.db           SQLite (WAL), created and upgraded by Alembic
    policy.toml           the office's policy profile (copied from resources/)
    store/cases/<uuid>/   verified submission files, letters, per case
    store/staging/        imports and exports in progress (never visible)
    trust/submitters/     submitter trust anchors (PEM/DER)
    trust/office/         review-office anchors (letters, case files)
    trust/crl/            CRLs brought in by hand
    keys/workstation.age  the workstation's age identity, passphrase-encrypted
    keys/users/           users' PKCS#12 signing credentials
    inbox/                packages waiting to be imported (the demo fills it)
    logs/                 crash reports (never secrets)
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewer_app.errors import UsageError
from reviewer_app.formats.private_files import (
    DIR_MODE,
    copy_private,
    create_empty_private,
    make_dirs,
    write_private,
)
from reviewer_app.resources import resource_path
from reviewer_app.storage import fast_read, migrate

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from reviewer_app.storage.db import Database

MARKER = "workspace.json"
WORKSPACE_FORMAT = 1


@dataclass(frozen=True)
class WorkspacePaths:
    root: Path

    @property
    def marker(self) -> Path:
        return self.root / MARKER

    @property
    def db(self) -> Path:
        return self.root / "reviewer.db"

    @property
    def policy(self) -> Path:
        return self.root / "policy.toml"

    @property
    def cases(self) -> Path:
        return self.root / "store" / "cases"

    @property
    def staging(self) -> Path:
        return self.root / "store" / "staging"

    @property
    def trust_submitters(self) -> Path:
        return self.root / "trust" / "submitters"

    @property
    def trust_office(self) -> Path:
        return self.root / "trust" / "office"

    @property
    def trust_crl(self) -> Path:
        return self.root / "trust" / "crl"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def identity(self) -> Path:
        return self.root / "keys" / "workstation.age"

    @property
    def user_keys(self) -> Path:
        return self.root / "keys" / "users"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def folders(self) -> list[Path]:
        return [
            self.cases,
            self.staging,
            self.trust_submitters,
            self.trust_office,
            self.trust_crl,
            self.user_keys,
            self.inbox,
            self.logs,
        ]


_MEMO_ENTRIES = 32


class Workspace:
    """An open workspace: its paths, its database and its settings.

    SQLAlchemy (core, ORM and the models) is imported when the database is
    first used through ``db``/``uow``/``reader``, not when the workspace opens:
    what the window shows first is read through ``storage.fast_read``.
    """

    def __init__(self, root: Path, info: dict[str, Any]) -> None:
        self.paths = WorkspacePaths(root)
        self.info = info
        self._db: Database | None = None
        self._db_lock = threading.Lock()  # the first use may come from two threads at once
        # Results a service may keep while their inputs are unchanged (its key says how).
        self.memo: dict[tuple[Any, ...], Any] = {}

    def remember(self, key: tuple[Any, ...], value: Any) -> None:
        """Keep ``value`` under ``key`` (the oldest go past 32 entries)."""
        self.memo[key] = value
        while len(self.memo) > _MEMO_ENTRIES:
            self.memo.pop(next(iter(self.memo)), None)

    @property
    def db(self) -> Database:
        with self._db_lock:
            if self._db is None:
                from reviewer_app.storage.db import Database

                self._db = Database(self.paths.db)
            return self._db

    @property
    def root(self) -> Path:
        return self.paths.root

    @property
    def is_demo(self) -> bool:
        return bool(self.info.get("demo"))

    @contextmanager
    def uow(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error."""
        with self.db.unit_of_work() as session:
            yield session

    @contextmanager
    def reader(self) -> Iterator[Session]:
        with self.db.reader() as session:
            yield session

    def setting(self, key: str, default: Any = None) -> Any:
        return fast_read.setting(self.paths.db, key, default)

    def close(self) -> None:
        if self._db is not None:  # never opened: nothing to dispose
            self._db.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def default_location() -> Path:
    """``$REVIEWER_APP_WORKSPACE``, else the platform's user data folder."""
    env = os.environ.get("REVIEWER_APP_WORKSPACE")
    if env:
        return Path(env).expanduser()
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "FrontierReviewDesk" / "workspace"
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "reviewer-app" / "workspace"


def staging_folder(ws: Workspace, kind: str) -> Path:
    """A fresh staging folder's path, named after this process so a sweep can
    tell the leftovers of a killed process from work still under way."""
    return ws.paths.staging / f"{kind}-{os.getpid()}-{secrets.token_hex(8)}"


def sweep_staging(ws: Workspace) -> list[str]:
    """Remove staging folders whose process is gone (a crash or SIGKILL mid-import)."""
    removed: list[str] = []
    if not ws.paths.staging.is_dir():
        return removed
    for entry in ws.paths.staging.iterdir():
        parts = entry.name.split("-")
        if len(parts) < 3 or not parts[1].isdigit() or process_alive(int(parts[1])):
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry.name)
    return removed


# A new case's folder waits under ``<store_dir>.pending-<pid>`` until its rows commit.
PENDING_MARK = ".pending-"


@dataclass(frozen=True)
class StoreSweep:
    removed: tuple[str, ...] = ()  # case folders no row references (and a dead process left)
    completed: tuple[str, ...] = ()  # pending folders whose rows had committed: now named


def sweep_case_store(ws: Workspace) -> StoreSweep:
    """Make ``store/cases`` hold exactly the folders the ``cases`` rows name.

    A process killed between renaming a new case's folder into the store and
    committing its rows leaves ``<store_dir>.pending-<pid>`` with no row: it
    is removed. Killed just after the commit, it leaves the same folder with
    its row: it takes its final name. A folder of a live process is left
    alone; any other folder no row references (left by an older version, or
    put there by hand) is removed. What was done is audited. The folders are
    listed before the rows are read: a final name appears only after its row
    committed, so a folder listed is never one whose row is not yet visible.
    """
    cases = ws.paths.cases
    try:
        names = [e.name for e in os.scandir(cases) if e.is_dir(follow_symlinks=False)]
    except FileNotFoundError:
        return StoreSweep()
    if not names:
        return StoreSweep()
    referenced = fast_read.store_dirs(ws.paths.db)
    removed: list[str] = []
    completed: list[str] = []
    for name in sorted(names):
        store_dir, pending, pid = name.partition(PENDING_MARK)
        if pending:
            if pid.isdigit() and process_alive(int(pid)):
                continue
            if store_dir in referenced and not (cases / store_dir).exists():
                (cases / name).replace(cases / store_dir)
                completed.append(store_dir)
                continue
        elif name in referenced:
            continue
        shutil.rmtree(cases / name, ignore_errors=True)
        removed.append(name)
    if removed or completed:
        _audit_sweep(ws, removed, completed)
    return StoreSweep(tuple(removed), tuple(completed))


def _audit_sweep(ws: Workspace, removed: list[str], completed: list[str]) -> None:
    from reviewer_app.domain.users import SYSTEM
    from reviewer_app.storage import audit_chain

    with ws.uow() as s:
        audit_chain.append(s, actor=SYSTEM.username, action="store.swept",
                           details={"removed": removed, "completed": completed})


def process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def is_workspace(root: Path) -> bool:
    return (root / MARKER).is_file()


def open_workspace(root: Path, *, migrate_schema: bool = True) -> Workspace:
    """Open an existing workspace; an older schema is backed up, then upgraded."""
    root = root.expanduser().resolve()
    if not is_workspace(root):
        raise UsageError(
            "NOT_A_WORKSPACE",
            f"{root} is not a workspace (run 'reviewer-app init --workspace {root}' "
            "or 'reviewer-app demo')",
        )
    info = json.loads((root / MARKER).read_text(encoding="utf-8"))
    ws = Workspace(root, info)
    # Compared without SQLAlchemy (start-up); Alembic loads only when behind.
    current = fast_read.schema_revision(ws.paths.db) == migrate.head_revision()
    if migrate_schema and not current:
        migrate.backup_then_upgrade(ws.db.engine, ws.paths.db)
        current = True
    sweep_staging(ws)
    if current:  # the sweep's audit entry needs the newest schema
        sweep_case_store(ws)
    return ws


def create_layout(root: Path, *, demo: bool = False) -> Workspace:
    """Folders, marker, database at the newest schema, default policy."""
    root = root.expanduser().resolve()
    if is_workspace(root) or (root / "reviewer.db").exists():
        raise UsageError(
            "WORKSPACE_EXISTS", f"{root} already holds a workspace; nothing was changed"
        )
    paths = WorkspacePaths(root)
    make_dirs(root)
    root.chmod(DIR_MODE)  # it may have existed (an empty folder chosen for the workspace)
    for folder in paths.folders():
        make_dirs(folder)
    copy_private(resource_path("policy", "default-policy.toml"), paths.policy)
    create_empty_private(paths.db)  # SQLite keeps 0600, and gives it to -wal and -shm
    info = {
        "format": WORKSPACE_FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "demo": demo,
    }
    ws = Workspace(root, info)
    migrate.upgrade(ws.db.engine)
    # The marker is written last: a workspace whose creation was interrupted
    # is not mistaken for a complete one.
    write_private(paths.marker, (json.dumps(info, indent=2) + "\n").encode("utf-8"))
    return ws
