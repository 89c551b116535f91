"""``cases`` and ``case show``."""

from __future__ import annotations

from datetime import date
from typing import Any

from reviewer_app.cli.context import CliContext
from reviewer_app.cli.terminal_text import shown


def register(sub: Any) -> None:
    p = sub.add_parser("cases", help="list cases")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(func=cmd_cases)
    case = sub.add_parser("case", help="one case")
    case_sub = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    show = case_sub.add_parser("show", help="show one case")
    show.add_argument("case", metavar="CASE", help="reference (FMR-2026-0007) or UUID")
    show.add_argument("--json", action="store_true", help="print one JSON document")
    show.set_defaults(func=cmd_case_show)


def cmd_cases(ctx: CliContext) -> int:
    from reviewer_app.services.case_view import case_summary
    from reviewer_app.services.cases import list_cases

    ctx.actor()
    today = date.today()
    cases = [case_summary(c, today) for c in list_cases(ctx.workspace())]
    if ctx.args.json:
        ctx.emit_json(cases)
        return 0
    if not cases:
        ctx.print("No cases yet. Import a package: reviewer-app import PACKAGE.subpkg")
        return 0
    ctx.print(f"{'CASE':<16} {'STATUS':<10} {'DAYS LEFT':>9}  MODEL")
    for c in cases:
        # The model and organisation are the submitter's words: escaped, line breaks too.
        ctx.print(
            f"{c['reference']:<16} {c['status']:<10} {c['days_left']:>9}  "
            f"{shown(c['model_name'])} {shown(c['model_version'])} ({shown(c['organization'])})"
        )
    return 0


def cmd_case_show(ctx: CliContext) -> int:
    from reviewer_app.services.case_view import case_details

    ctx.actor()
    details = case_details(ctx.workspace(), ctx.args.case, date.today())
    if ctx.args.json:
        ctx.emit_json(details)
        return 0
    for key, value in details.items():
        if isinstance(value, list | dict):
            ctx.print(f"{key}:")
            ctx.emit_json(value)
        else:
            ctx.print(f"{key}: {shown(value)}")
    return 0
