"""``letter CASE -o FILE.pdf`` (sign) and ``countersign CASE -o FILE.pdf``.

The signing credential's passphrase (or token PIN) comes by the one rule of
docs/cli.md: ``--credential-passphrase-file F``, ``$REVIEWER_APP_CREDENTIAL_PASSPHRASE``
or a prompt (``CliContext.credential_secret``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext
from reviewer_app.cli.secrets import add_credential_option


def register(sub: Any) -> None:
    p = sub.add_parser("letter", help="render and sign the determination letter of a decided case",
                       description="Render the letter and sign it (PAdES certification "
                                   "signature) with the acting user's credential.")
    p.add_argument("case", metavar="CASE", help="reference (FMR-2026-0007) or UUID")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="where to write it")
    p.add_argument("--draft", action="store_true", help="write the unsigned draft; sign nothing")
    add_credential_option(p)
    p.set_defaults(func=cmd_letter)
    c = sub.add_parser("countersign", help="a supervisor's second signature (two-person rule)",
                       description="Countersign the case's signed letter: the acting user must "
                                   "be a supervisor and not the user who signed it.")
    c.add_argument("case", metavar="CASE", help="reference (FMR-2026-0007) or UUID")
    c.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="where to write it")
    add_credential_option(c)
    c.set_defaults(func=cmd_countersign)


def cmd_letter(ctx: CliContext) -> int:
    from reviewer_app.services.decision import letters

    actor = ctx.actor()
    out = Path(ctx.args.output)
    if ctx.args.draft:
        out.write_bytes(letters.render_draft(ctx.workspace(), ctx.args.case))
        ctx.print(f"draft letter written to {out} (unsigned)")
        return 0
    info = letters.sign_letter(ctx.workspace(), actor, ctx.args.case, ctx.credential_secret(actor),
                               out)
    ctx.print(f"{info.case_reference}: letter version {info.version} signed by {info.signed_by}; "
              f"written to {out}")
    return 0


def cmd_countersign(ctx: CliContext) -> int:
    from reviewer_app.services.decision import letters

    actor = ctx.actor()
    out = Path(ctx.args.output)
    info = letters.countersign(ctx.workspace(), actor, ctx.args.case, ctx.credential_secret(actor),
                               out)
    ctx.print(f"{info.case_reference}: letter version {info.version} countersigned by "
              f"{info.countersigned_by}; the letter is issued; written to {out}")
    return 0
