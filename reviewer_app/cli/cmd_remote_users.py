"""``remote-users add|list|remove``: office people elsewhere whose case files this workspace accepts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext


def register(sub: Any) -> None:
    p = sub.add_parser("remote-users",
                       help="people of the office at other workstations (case files, letters)")
    remote_sub = p.add_subparsers(dest="remote_command", metavar="ACTION", required=True)
    add = remote_sub.add_parser("add", help="register a person by their certificate (administrator)")
    add.add_argument("name")
    add.add_argument("--certificate", required=True, metavar="FILE",
                     help="their signing certificate (PEM or DER), as the office issued it")
    add.add_argument("--role", required=True, choices=["reviewer", "supervisor"])
    add.add_argument("--display-name", default="")
    add.add_argument("--title", default="")
    add.set_defaults(func=cmd_add)
    listing = remote_sub.add_parser("list", help="list registered remote users")
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(func=cmd_list)
    remove = remote_sub.add_parser("remove", help="remove a remote user (administrator)")
    remove.add_argument("name")
    remove.set_defaults(func=cmd_remove)


def cmd_add(ctx: CliContext) -> int:
    from reviewer_app.domain.users import Role
    from reviewer_app.services.access import add_remote_user

    info = add_remote_user(ctx.workspace(), ctx.actor(), username=ctx.args.name,
                           role=Role(ctx.args.role), certificate_file=Path(ctx.args.certificate),
                           display_name=ctx.args.display_name, title=ctx.args.title)
    ctx.print(f"registered {info.username} ({info.role.value}): {info.subject}, "
              f"certificate sha256 {info.certificate_sha256}")
    return 0


def cmd_list(ctx: CliContext) -> int:
    from reviewer_app.services.access import list_remote_users

    ctx.actor()
    rows = [u.to_json() for u in list_remote_users(ctx.workspace())]
    if ctx.args.json:
        ctx.emit_json(rows)
        return 0
    for r in rows:
        ctx.print(f"{r['username']:<16} {r['role']:<11} {r['subject']}  "
                  f"sha256 {r['certificate_sha256'][:16]}...")
    if not rows:
        ctx.print("(no remote users)")
    return 0


def cmd_remove(ctx: CliContext) -> int:
    from reviewer_app.services.access import remove_remote_user

    remove_remote_user(ctx.workspace(), ctx.actor(), ctx.args.name)
    ctx.print(f"removed {ctx.args.name}: case files and letters they sign are refused from now on")
    return 0
