"""``audit verify`` and ``audit list``."""

from __future__ import annotations

from typing import Any

from reviewer_app.cli.context import CliContext


def register(sub: Any) -> None:
    audit = sub.add_parser("audit", help="the audit trail")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_sub.add_parser("verify", help="verify the audit trail's hash chain")
    verify.add_argument("--json", action="store_true", help="print one JSON document")
    verify.set_defaults(func=cmd_verify)
    listing = audit_sub.add_parser("list", help="list audit entries")
    listing.add_argument("--case", metavar="CASE", help="only this case's entries")
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(func=cmd_list)


def cmd_verify(ctx: CliContext) -> int:
    from reviewer_app.services.audit import verify_audit

    # No sign-in: verifying only reads, and must still run when the damage it
    # finds makes sign-in refuse every account (ACCOUNT_UNVERIFIED).
    report = verify_audit(ctx.workspace())
    first = report.first_bad
    if ctx.args.json:
        ctx.emit_json(
            {
                "ok": report.ok,
                "entries": report.entries,
                "first_bad": None if first is None else {"seq": first.seq, "reason": first.reason},
                "problems": [{"seq": p.seq, "reason": p.reason} for p in report.problems],
            }
        )
    elif report.ok:
        ctx.print(f"audit trail intact: {report.entries} entries")
    else:
        ctx.print(f"audit trail BROKEN: {len(report.problems)} problem(s)")
        for p in report.problems:
            ctx.print(f"  #{p.seq}: {p.reason}")
    if first is not None:
        ctx.err.write(f"error: AUDIT_BROKEN: first bad entry #{first.seq}: {first.reason}\n")
        return 4
    return 0


def cmd_list(ctx: CliContext) -> int:
    from reviewer_app.services.audit import audit_entries
    from reviewer_app.services.cases import get_case

    ctx.actor()
    ws = ctx.workspace()
    case_uuid = get_case(ws, ctx.args.case).uuid if ctx.args.case else None
    entries = audit_entries(ws, case_uuid=case_uuid)
    if ctx.args.json:
        ctx.emit_json(
            [
                {
                    "seq": e.seq,
                    "at": e.at,
                    "actor": e.actor,
                    "action": e.action,
                    "case": e.case_uuid,
                    "subject": e.subject,
                    "details": e.details,
                    "hash": e.hash,
                }
                for e in entries
            ]
        )
        return 0
    for e in entries:
        ctx.print(f"#{e.seq:<5} {e.at[:19]}  {e.actor:<12} {e.action:<20} {e.details or ''}")
    return 0
