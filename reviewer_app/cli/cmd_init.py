"""``init`` and ``identity``."""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from reviewer_app.cli.context import CliContext
from reviewer_app.cli.secrets import read_secret


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="create an empty workspace, its key and first administrator")
    p.add_argument(
        "--admin",
        metavar="NAME",
        default=None,
        help="the first administrator (default: the operating-system user)",
    )
    p.add_argument(
        "--post-quantum",
        action="store_true",
        help="make the workstation key age's hybrid ML-KEM-768 + X25519 (recipient age1pq1...)",
    )
    p.set_defaults(func=cmd_init)
    p = sub.add_parser("identity", help="print the workstation's age recipient (age1... or age1pq1...)")
    p.set_defaults(func=cmd_identity)


def cmd_init(ctx: CliContext) -> int:
    from reviewer_app.services.setup import init_workspace

    args: argparse.Namespace = ctx.args
    admin = args.admin or getpass.getuser()
    passphrase = ctx.passphrase("New workstation passphrase: ", confirm=True)
    password = read_secret(
        file=args.password_file,
        env="REVIEWER_APP_PASSWORD",
        prompt=f"New password for {admin}: ",
        what="password",
        confirm=True,
    )
    result = init_workspace(
        ctx.workspace_path(), workstation_passphrase=passphrase, admin=admin, admin_password=password,
        post_quantum=args.post_quantum,
    )
    with result.workspace as ws:
        ctx.err.write(f"Workspace created at {ws.root} (administrator: {admin})\n")
    ctx.print(result.recipient)
    return 0


def cmd_identity(ctx: CliContext) -> int:
    from reviewer_app.services.workspace import workstation_recipient

    ctx.print(workstation_recipient(ctx.workspace()))
    return 0
