"""Files and folders only their owner can read, whatever the process's umask.

Everything the application creates in a workspace is owner-only: folders
0700, files 0600 (SECURITY.md, "Files on disk"). The mode is given when the
file or folder is created, so there is no moment when it is readable by
others; a umask can only take bits away, so 0600/0700 survive 022 and 000
alike. ``os.makedirs`` applies its mode to the last folder only (Python 3.7+),
hence ``make_dirs``.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def make_dirs(path: Path) -> None:
    """``mkdir -p`` whose every new folder is 0700 (existing ones are left as they are)."""
    if path.is_dir():
        return
    make_dirs(path.parent)
    try:
        path.mkdir(mode=DIR_MODE)
    except FileExistsError:  # made meanwhile by another thread or process
        if not path.is_dir():
            raise


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (created or replaced in place) as a 0600 file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        if hasattr(os, "fchmod"):  # an existing file keeps its mode through O_CREAT
            os.fchmod(fd, FILE_MODE)
        out.write(data)


def copy_private(source: Path, dest: Path) -> None:
    """Copy a small file (a certificate, a credential, the policy) to a 0600 file."""
    write_private(dest, Path(source).read_bytes())


def create_empty_private(path: Path) -> None:
    """Create ``path`` empty and 0600 if it does not exist (SQLite then keeps that mode,
    and gives it to the database's -wal and -shm files)."""
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    os.close(os.open(path, flags, FILE_MODE))
