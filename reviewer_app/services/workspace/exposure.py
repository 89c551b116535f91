"""Who else can read a workspace: the check behind the warning shown when one opens.

Workspaces made by this version are owner-only (``formats.private_files``);
one made by an older version, or copied carelessly, may not be. The front
ends show ``exposure_warning`` (CLI: stderr; window: a message box).
"""

from __future__ import annotations

import os
import shlex
import stat
from pathlib import Path

from reviewer_app.services.workspace.folder import Workspace


def exposed_paths(ws: Workspace) -> list[Path]:
    """The workspace folder, its database (with -wal, -shm and the backups made before
    migrations) and its keys, where the group or others have any access (never on Windows)."""
    if os.name == "nt":
        return []
    p = ws.paths
    candidates = [p.root, p.db, p.db.with_name("reviewer.db-wal"),
                  p.db.with_name("reviewer.db-shm"), *sorted(p.root.glob("reviewer.db.*.bak")),
                  p.keys, p.identity, p.user_keys]
    if p.user_keys.is_dir():
        candidates += sorted(p.user_keys.iterdir())
    exposed = []
    for path in candidates:
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            continue
        if mode & 0o077:
            exposed.append(path)
    return exposed


def exposure_warning(ws: Workspace) -> str | None:
    """What to tell the user when ``exposed_paths`` finds anything: what, and the fix."""
    exposed = exposed_paths(ws)
    if not exposed:
        return None
    shown = ", ".join(
        f"{path.relative_to(ws.root).as_posix() if path != ws.root else 'the workspace folder'}"
        f" ({stat.filemode(path.lstat().st_mode)})" for path in exposed[:4])
    more = f" and {len(exposed) - 4} more" if len(exposed) > 4 else ""
    return (f"other users of this computer can read or change {shown}{more}; fix it with: "
            f"chmod -R go-rwx {shlex.quote(str(ws.root))}")
