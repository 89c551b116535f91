"""``export-case`` and ``import-case``: case files between workstations.

Secrets, each from a file, the environment or a prompt (never argv):
the global ``--passphrase-file`` is the workstation passphrase (to open a file
encrypted to this workstation); ``--case-passphrase-file`` /
``REVIEWER_APP_CASE_PASSPHRASE`` is a case file's own passphrase;
``--credential-passphrase-file`` / ``REVIEWER_APP_CREDENTIAL_PASSPHRASE`` / a prompt
unlocks the exporting user's signing credential (the passphrase of a PKCS#12
file, or the PIN of a PKCS#11 token), by the one rule of docs/cli.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext
from reviewer_app.cli.secrets import add_credential_option, read_secret


def register(sub: Any) -> None:
    p = sub.add_parser("export-case", help="write a signed, encrypted case file")
    p.add_argument("case", metavar="CASE", help="reference (FMR-2026-0007) or UUID")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the case file to write")
    p.add_argument("--recipient", action="append", metavar="age1...",
                   help="a workstation to encrypt to (repeatable; reviewer-app identity prints it)")
    p.add_argument("--case-passphrase-file", metavar="F",
                   help="encrypt to the passphrase in F instead of recipients "
                        "(or $REVIEWER_APP_CASE_PASSPHRASE)")
    add_credential_option(p)
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(func=cmd_export_case)
    q = sub.add_parser("import-case", help="import a case file from another workstation")
    q.add_argument("file", metavar="FILE", help="the case file")
    q.add_argument("--case-passphrase-file", metavar="F",
                   help="the case file's passphrase, when it was encrypted to one "
                        "(or $REVIEWER_APP_CASE_PASSPHRASE)")
    q.add_argument("--json", action="store_true", help="print one JSON document")
    q.set_defaults(func=cmd_import_case)


def _case_passphrase(ctx: CliContext, *, confirm: bool = False) -> str:
    return read_secret(file=ctx.args.case_passphrase_file, env="REVIEWER_APP_CASE_PASSPHRASE",
                       prompt="Case file passphrase: ", what="case file passphrase",
                       confirm=confirm)


def cmd_export_case(ctx: CliContext) -> int:
    import os

    from reviewer_app.errors import UsageError
    from reviewer_app.services.casefile import export_case

    wants_passphrase = bool(ctx.args.case_passphrase_file
                            or os.environ.get("REVIEWER_APP_CASE_PASSPHRASE"))
    if bool(ctx.args.recipient) == wants_passphrase:
        raise UsageError("RECIPIENT_OR_PASSPHRASE", "give --recipient age1... (repeatable) or "
                         "--case-passphrase-file F, one of the two")
    actor = ctx.actor()
    passphrase = _case_passphrase(ctx, confirm=True) if wants_passphrase else None
    credential = ctx.credential_secret(actor)
    result = export_case(ctx.workspace(), actor, ctx.args.case, Path(ctx.args.output),
                         recipients=ctx.args.recipient, case_file_passphrase=passphrase,
                         credential_passphrase=credential, progress=ctx.progress())
    if ctx.args.json:
        ctx.emit_json({"case": result.reference, "uuid": result.case_uuid,
                       "file": str(result.path), "bytes": result.size,
                       "entries": result.entries, "head": result.head})
    else:
        ctx.print(f"{result.reference} -> {result.path} ({result.size:,} bytes, "
                  f"{result.entries} audit entries)")
    return 0


def cmd_import_case(ctx: CliContext) -> int:
    from reviewer_app.services.casefile import (
        case_file_needs_passphrase,
        import_case,
        result_json,
    )

    actor = ctx.actor()
    path = Path(ctx.args.file)
    if case_file_needs_passphrase(path):
        workstation, passphrase = None, _case_passphrase(ctx)
    else:
        workstation, passphrase = ctx.passphrase(), None
    result = import_case(ctx.workspace(), actor, path, workstation_passphrase=workstation,
                         case_file_passphrase=passphrase, progress=ctx.progress())
    if ctx.args.json:
        ctx.emit_json(result_json(result))
        return 0
    ctx.print(result.message())
    for d in result.differing_items:
        ctx.print(f"  {d.item_id}: {', '.join(d.fields)}")
    return 0
