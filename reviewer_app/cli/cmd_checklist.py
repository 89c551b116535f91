"""``checklist CASE``, ``checklist set``, ``checklist accept``, ``checklist export``, ``checklist upgrade``.

``checklist CASE`` and ``checklist set CASE ...`` share their first position,
which argparse's subcommands cannot express: the ``checklist`` parser takes the
words after it as they are, and ``_dispatch`` picks the form by the first word
(an action name; anything else is a case).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, NoReturn

from reviewer_app.cli.context import CliContext
from reviewer_app.cli.global_options import add_global_options, carry_global_options
from reviewer_app.cli.terminal_text import shown
from reviewer_app.errors import UsageError

ACTIONS = ("set", "accept", "export", "upgrade")
USAGE = """reviewer-app checklist CASE [--json]
       reviewer-app checklist set CASE ITEM [--status S] [--details TEXT] [--comment TEXT]
                              [--severity-override CAT --justification TEXT]
       reviewer-app checklist accept CASE {ITEM | --all}
       reviewer-app checklist export CASE -o FILE.cklb
       reviewer-app checklist upgrade CASE [--template FILE.toml]"""
STATUSES = ("not_reviewed", "open", "not_a_finding", "not_applicable")


class _Parser(argparse.ArgumentParser):
    """Usage errors become ``error: USAGE: ...`` and exit 2, like the main parser's."""

    def error(self, message: str) -> NoReturn:
        raise UsageError("USAGE", f"{self.prog}: {message}")


def register(sub: Any) -> None:
    p = sub.add_parser("checklist", help="show or answer a case's checklist", usage=USAGE,
                       description="Show a case's checklist, answer items, accept the "
                                   "auto-checks' suggestions, export it as CKLB JSON.")
    p.add_argument("words", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    p.set_defaults(func=_dispatch)


def _parsers() -> dict[str, argparse.ArgumentParser]:
    prog = "reviewer-app checklist"
    show = _Parser(prog=prog, usage=USAGE)
    show.add_argument("case", metavar="CASE")
    show.add_argument("--json", action="store_true", help="print one JSON document")
    setp = _Parser(prog=f"{prog} set")
    setp.add_argument("case", metavar="CASE")
    setp.add_argument("item", metavar="ITEM")
    setp.add_argument("--status", choices=STATUSES)
    setp.add_argument("--details", metavar="TEXT", help="finding details")
    setp.add_argument("--comment", metavar="TEXT", help="comments")
    setp.add_argument("--severity-override", metavar="CAT", help="CAT I, CAT II, CAT III or ''")
    setp.add_argument("--justification", metavar="TEXT", help="why the severity is overridden")
    accept = _Parser(prog=f"{prog} accept")
    accept.add_argument("case", metavar="CASE")
    accept.add_argument("item", metavar="ITEM", nargs="?")
    accept.add_argument("--all", action="store_true", help="every item still not reviewed")
    export = _Parser(prog=f"{prog} export")
    export.add_argument("case", metavar="CASE")
    export.add_argument("-o", "--output", metavar="FILE", required=True)
    upgrade = _Parser(prog=f"{prog} upgrade")
    upgrade.add_argument("case", metavar="CASE")
    upgrade.add_argument("--template", metavar="FILE", help="a template file (default: newest)")
    parsers: dict[str, argparse.ArgumentParser] = {"show": show, "set": setp, "accept": accept, "export": export, "upgrade": upgrade}
    for parser in parsers.values():
        add_global_options(parser, default=argparse.SUPPRESS)
    return parsers


def parse_words(words: list[str], into: argparse.Namespace) -> tuple[str, argparse.Namespace]:
    """The action and its arguments; global options among the words go on ``into``."""
    action = words[0] if words and words[0] in ACTIONS else "show"
    rest = words[1:] if action != "show" else words
    args = _parsers()[action].parse_args(rest)
    carry_global_options(args, into=into)
    return action, args


def _dispatch(ctx: CliContext) -> int:
    action, args = parse_words(list(ctx.args.words), into=ctx.args)
    handler = {"show": _show, "set": _set, "accept": _accept, "export": _export,
               "upgrade": _upgrade}[action]
    return handler(ctx, args)


def _show(ctx: CliContext, args: argparse.Namespace) -> int:
    from reviewer_app.services.checklist import get_checklist, view_json

    ctx.actor()
    view = get_checklist(ctx.workspace(), args.case)
    if args.json:
        ctx.emit_json(view_json(view))
        return 0
    progress = view.progress
    ctx.print(f"{view.case_reference}: {view.template_title} ({view.template_id} "
              f"{view.template_version}), {progress.reviewed} of {progress.total} reviewed")
    for section in view.sections:
        ctx.print(f"\n{section.title}")
        for item in section.items:
            hint = ""
            if item.suggestion is not None:
                hint = (f"  [suggested: {item.suggestion.status.value}: "
                        f"{shown(item.suggestion.explanation)}]")  # quotes evidence notes
            ctx.print(f"  {item.item_id:<8} {item.status.value:<15} {item.severity.value:<8} "
                      f"{item.title}{hint}")
    return 0


def _set(ctx: CliContext, args: argparse.Namespace) -> int:
    from reviewer_app.services.checklist import set_item

    if args.status is None and args.details is None and args.comment is None \
            and args.severity_override is None and args.justification is None:
        raise UsageError("USAGE", "checklist set: give at least one of --status, --details, "
                                  "--comment, --severity-override")
    actor = ctx.actor()
    state = set_item(ctx.workspace(), actor, args.case, args.item, status=args.status,
                     details=args.details, comments=args.comment,
                     severity_override=args.severity_override, justification=args.justification)
    ctx.print(f"{state.item_id}: {state.status.value} ({state.severity.value})")
    return 0


def _accept(ctx: CliContext, args: argparse.Namespace) -> int:
    from reviewer_app.services.checklist import accept, accept_all

    if args.all == (args.item is not None):
        raise UsageError("USAGE", "checklist accept: give either ITEM or --all")
    actor = ctx.actor()
    if args.all:
        accepted = accept_all(ctx.workspace(), actor, args.case)
        ctx.print(f"accepted {len(accepted)} suggestion(s)" +
                  (f": {', '.join(accepted)}" if accepted else ""))
        return 0
    state = accept(ctx.workspace(), actor, args.case, args.item)
    ctx.print(f"{state.item_id}: {state.status.value}")
    return 0


def _export(ctx: CliContext, args: argparse.Namespace) -> int:
    from reviewer_app.services.checklist import export_cklb

    ctx.actor()
    path = export_cklb(ctx.workspace(), args.case, Path(args.output))
    ctx.print(f"wrote {path}")
    return 0


def _upgrade(ctx: CliContext, args: argparse.Namespace) -> int:
    from reviewer_app.formats.checklist_template import load_template
    from reviewer_app.services.checklist import default_template, upgrade_template

    actor = ctx.actor()
    ws = ctx.workspace()
    template = load_template(Path(args.template)) if args.template else default_template(ws)
    report = upgrade_template(ws, actor, args.case, template)
    ctx.print(f"checklist moved from version {report.from_version} to {report.to_version}: "
              f"{len(report.carried)} carried forward, {len(report.reset)} back to not reviewed "
              f"({', '.join(report.reset) or 'none'}), {len(report.added)} added, "
              f"{len(report.retired)} retired")
    return 0
