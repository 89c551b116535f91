"""``users list|add|disable|enable|unlock|passwd|credential|role``: local accounts (administrators
manage them). A PKCS#12 credential is bound with its passphrase, which opens it
to read its certificate: one certificate (and key) is bound to one user only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext
from reviewer_app.cli.secrets import add_credential_option, read_credential_secret, read_secret


def register(sub: Any) -> None:
    users = sub.add_parser("users", help="local user accounts")
    users_sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    listing = users_sub.add_parser("list", help="list users")
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(func=cmd_list)
    add = users_sub.add_parser("add", help="add a user (administrator)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["reviewer", "supervisor", "administrator"])
    add.add_argument("--display-name", default="")
    add.add_argument("--title", default="")
    add.add_argument("--credential", metavar="P12", help="the user's PKCS#12 signing credential")
    add_credential_option(add)
    add.add_argument(
        "--new-password-file",
        metavar="F",
        help="the new user's password (else $REVIEWER_APP_NEW_PASSWORD or a prompt)",
    )
    add.set_defaults(func=cmd_add)
    for name, active in (("disable", False), ("enable", True)):
        p = users_sub.add_parser(name, help=f"{name} a user (administrator)")
        p.add_argument("name")
        p.set_defaults(func=cmd_set_active, active=active)
    unlock = users_sub.add_parser(
        "unlock", help="unlock an account locked after too many wrong passwords (administrator)"
    )
    unlock.add_argument("name")
    unlock.set_defaults(func=cmd_unlock)
    passwd = users_sub.add_parser(
        "passwd", help="change a password (yours, or anyone's as administrator)"
    )
    passwd.add_argument("name", nargs="?")
    passwd.add_argument("--new-password-file", metavar="F")
    passwd.set_defaults(func=cmd_passwd)
    bind = users_sub.add_parser(
        "credential", help="bind a (new) PKCS#12 signing credential to a user (administrator)"
    )
    bind.add_argument("name")
    bind.add_argument("p12", metavar="P12")
    add_credential_option(bind)
    bind.set_defaults(func=cmd_credential)
    role = users_sub.add_parser("role", help="give a user another role (administrator)")
    role.add_argument("name")
    role.add_argument("--role", required=True, choices=["reviewer", "supervisor", "administrator"])
    role.set_defaults(func=cmd_role)


def _credential_passphrase(ctx: CliContext) -> str:
    """The bound credential's passphrase, by the one rule (docs/cli.md, Secrets)."""
    return read_credential_secret(ctx.args.credential_passphrase_file, "pkcs12")


def _new_password(ctx: CliContext, who: str) -> str:
    return read_secret(
        file=ctx.args.new_password_file,
        env="REVIEWER_APP_NEW_PASSWORD",
        prompt=f"New password for {who}: ",
        what="new password",
        confirm=True,
    )


def cmd_list(ctx: CliContext) -> int:
    from reviewer_app.services.access import list_users

    ctx.actor()
    rows = [
        {
            "username": u.username,
            "role": u.role.value,
            "display_name": u.display_name,
            "title": u.title,
            "active": u.active,
            "locked": u.locked,
            "credential": (u.credential or {}).get("kind"),
            "certificate_sha256": (u.credential or {}).get("certificate_sha256"),
        }
        for u in list_users(ctx.workspace())
    ]
    if ctx.args.json:
        ctx.emit_json(rows)
        return 0
    for r in rows:
        state = ("" if r["active"] else " (disabled)") + (" (locked)" if r["locked"] else "")
        ctx.print(f"{r['username']:<16} {r['role']:<14} {r['display_name']}{state}")
    return 0


def cmd_add(ctx: CliContext) -> int:
    from reviewer_app.domain.users import Role
    from reviewer_app.services.access import add_user

    actor = ctx.actor()
    info = add_user(
        ctx.workspace(),
        actor,
        username=ctx.args.name,
        role=Role(ctx.args.role),
        password=_new_password(ctx, ctx.args.name),
        display_name=ctx.args.display_name,
        title=ctx.args.title,
        credential_file=Path(ctx.args.credential) if ctx.args.credential else None,
        credential_passphrase=_credential_passphrase(ctx) if ctx.args.credential else None,
    )
    ctx.print(f"added {info.username} ({info.role.value})")
    return 0


def cmd_set_active(ctx: CliContext) -> int:
    from reviewer_app.services.access import set_active

    info = set_active(ctx.workspace(), ctx.actor(), ctx.args.name, ctx.args.active)
    ctx.print(f"{info.username} is now {'enabled' if info.active else 'disabled'}")
    return 0


def cmd_unlock(ctx: CliContext) -> int:
    from reviewer_app.services.access import unlock_user

    info = unlock_user(ctx.workspace(), ctx.actor(), ctx.args.name)
    ctx.print(f"{info.username} is unlocked")
    return 0


def cmd_passwd(ctx: CliContext) -> int:
    from reviewer_app.services.access import change_password

    actor = ctx.actor()
    name = ctx.args.name or actor.username
    change_password(ctx.workspace(), actor, name, _new_password(ctx, name))
    ctx.print(f"password changed for {name}")
    return 0


def cmd_credential(ctx: CliContext) -> int:
    from reviewer_app.services.access import bind_credential

    actor = ctx.actor()
    identity = bind_credential(
        ctx.workspace(), actor, ctx.args.name, Path(ctx.args.p12), _credential_passphrase(ctx)
    )
    ctx.print(f"{ctx.args.name} now signs with {identity.subject} "
              f"(certificate SHA-256 {identity.cert_sha256})")
    return 0


def cmd_role(ctx: CliContext) -> int:
    from reviewer_app.domain.users import Role
    from reviewer_app.services.access import set_role

    info = set_role(ctx.workspace(), ctx.actor(), ctx.args.name, Role(ctx.args.role))
    ctx.print(f"{info.username} is now {info.role.value}")
    return 0
