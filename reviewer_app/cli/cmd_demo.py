"""``demo``: create the demo workspace headless and print where it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="create the demo workspace headless and print where it is")
    p.set_defaults(func=cmd_demo)


def cmd_demo(ctx: CliContext) -> int:
    from reviewer_app.services.demo import ensure_demo

    root = Path(ctx.args.workspace).expanduser() if ctx.args.workspace else None
    result = ensure_demo(root)
    if not result.created:
        ctx.err.write("The demo workspace already exists; it was left as it is.\n")
    ctx.err.write(
        "Demo users: reviewer, supervisor, admin; every password and passphrase is 'demo'.\n"
    )
    ctx.print(result.root)
    return 0
