"""Refuse every socket but AF_UNIX, through a CPython audit hook (sees C-level sockets too)."""

from __future__ import annotations

import socket
import sys

attempts: list[str] = []
_NAME_LOOKUPS = ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr")


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event == "socket.__new__":
        family = args[1] if len(args) > 1 else None
        if family != socket.AF_UNIX:
            attempts.append(f"socket family {family!r}")
            raise OSError("network access is forbidden here")
    elif event in _NAME_LOOKUPS:
        attempts.append(f"{event} {args!r}")
        raise OSError("name lookups are forbidden here")
    elif event in ("socket.connect", "socket.bind"):
        address = args[1] if len(args) > 1 else None
        if not isinstance(address, str | bytes):  # a Unix socket's address is a path
            attempts.append(f"{event} {address!r}")
            raise OSError("network access is forbidden here")


def install() -> None:
    """Audit hooks cannot be removed: call this only in a process of its own."""
    sys.addaudithook(_hook)
