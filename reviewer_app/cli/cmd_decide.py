"""``decide CASE --outcome KEY [--condition KIND:TEXT]... --rationale-file F``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext
from reviewer_app.errors import UsageError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "decide", help="record the determination of a case",
        description="Record the case's determination. Refused (exit 3, DETERMINATION_BLOCKED) "
                    "while any CAT I checklist item is not reviewed; the refusal names them.")
    p.add_argument("case", metavar="CASE", help="reference (FMR-2026-0007) or UUID")
    p.add_argument("--outcome", required=True, metavar="KEY",
                   help="an outcome key of the policy (e.g. covered_with_conditions)")
    p.add_argument("--condition", action="append", default=[], metavar="KIND:TEXT",
                   help="a condition, repeatable; KIND@YYYY-MM-DD:TEXT gives its expiry date. "
                        "KIND: staged_access, vetted_partner_access, region_restriction, "
                        "foreign_national_restriction, additional_safeguard, reporting_duty")
    p.add_argument("--rationale-file", required=True, metavar="F", help="the rationale (text)")
    p.add_argument("--cui-controlled-by", action="append", default=[], metavar="TEXT",
                   help="CUI designation block: 'Controlled by:' line (repeatable)")
    p.add_argument("--cui-category", metavar="TEXT", help="CUI designation block: category")
    p.add_argument("--cui-dissemination", metavar="TEXT",
                   help="CUI designation block: dissemination control (e.g. NOFORN, FEDCON)")
    p.add_argument("--cui-poc", metavar="TEXT", help="CUI designation block: point of contact")
    p.set_defaults(func=cmd_decide)


def cmd_decide(ctx: CliContext) -> int:
    from reviewer_app.domain.determination import CuiMarking, parse_condition
    from reviewer_app.services.decision import decide

    a = ctx.args
    conditions = [parse_condition(c) for c in a.condition]
    try:
        rationale = Path(a.rationale_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError("RATIONALE_FILE", f"cannot read {a.rationale_file}: {exc}") from exc
    cui = None
    if a.cui_controlled_by or a.cui_category or a.cui_dissemination or a.cui_poc:
        cui = CuiMarking("CUI", tuple(a.cui_controlled_by), a.cui_category or "",
                         a.cui_dissemination or "", a.cui_poc or "")
    actor = ctx.actor()
    result = decide(ctx.workspace(), actor, a.case, a.outcome, conditions, rationale, cui)
    ctx.print(f"{a.case}: {result.outcome.label} ({len(result.conditions)} condition(s)); "
              "the case is decided")
    return 0
