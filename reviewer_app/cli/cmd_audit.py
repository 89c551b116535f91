"""``audit verify``, ``audit list``, ``audit checkpoint`` and ``audit adopt``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext
from reviewer_app.cli.secrets import add_credential_option
from reviewer_app.cli.terminal_text import shown


def register(sub: Any) -> None:
    audit = sub.add_parser("audit", help="the audit trail")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_sub.add_parser("verify", help="verify the audit trail's hash chain")
    verify.add_argument("--json", action="store_true", help="print one JSON document")
    verify.add_argument("--witness", metavar="FILE", nargs="+", default=[],
                        help="checkpoints, signed letters or case files whose chain heads "
                             "the chain must still hold")
    verify.add_argument("--case-passphrase-file", metavar="F",
                        help="a witness case file's own passphrase, when it was encrypted to one")
    verify.set_defaults(func=cmd_verify)
    listing = audit_sub.add_parser("list", help="list audit entries")
    listing.add_argument("--case", metavar="CASE", help="only this case's entries")
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(func=cmd_list)
    checkpoint = audit_sub.add_parser(
        "checkpoint", help="write the chain head, signed with your credential, to print or keep")
    checkpoint.add_argument("-o", "--output", metavar="FILE", required=True)
    add_credential_option(checkpoint)
    checkpoint.add_argument("--json", action="store_true", help="print one JSON document")
    checkpoint.set_defaults(func=cmd_checkpoint)
    adopt = audit_sub.add_parser(
        "adopt", help="vouch for workspace files changed by hand (policy, templates; administrator)")
    adopt.add_argument("files", metavar="FILE", nargs="+")
    adopt.set_defaults(func=cmd_adopt)


def cmd_verify(ctx: CliContext) -> int:
    from reviewer_app.cli import store_report
    from reviewer_app.services.audit import verify_audit

    # No sign-in: verifying only reads, and must still run when the damage it
    # finds makes sign-in refuse every account (ACCOUNT_UNVERIFIED).
    ws = ctx.workspace()
    if ctx.args.witness:
        from reviewer_app.services.audit import read_witnesses, verify_with_witnesses

        identities = _witness_identities(ctx) if _any_case_file(ctx.args.witness) else []
        witnesses = [w for f in ctx.args.witness
                     for w in read_witnesses(ws, Path(f), identities=identities)]
        report = verify_with_witnesses(ws, witnesses)
    else:
        report = verify_audit(ws)
    store = store_report.check(ctx)  # rows without files, stored files without rows
    first = report.first_bad
    if ctx.args.json:
        ctx.emit_json(
            {
                "ok": report.ok,
                "entries": report.entries,
                "head": {"seq": report.head.seq, "hash": report.head.hash},
                "witnesses": [{"file": w.source, "kind": w.kind, "seq": w.head.seq,
                               "hash": w.head.hash} for w in report.witnesses],
                "first_bad": None if first is None else {"seq": first.seq, "reason": first.reason},
                "problems": [{"seq": p.seq, "reason": p.reason} for p in report.problems],
                "store": store_report.as_json(store),
            }
        )
    elif report.ok:
        held = f"; {len(report.witnesses)} witnessed head(s) held" if report.witnesses else ""
        ctx.print(f"audit trail intact: {report.entries} entries{held}")
        ctx.print(f"head: #{report.head.seq} {report.head.hash}")
    else:
        ctx.print(f"audit trail BROKEN: {len(report.problems)} problem(s)")
        for p in report.problems:
            ctx.print(f"  #{p.seq}: {p.reason}")
    store_exit = store_report.report(ctx, store, text=not ctx.args.json)
    if first is not None:
        ctx.err.write(f"error: AUDIT_BROKEN: first bad entry #{first.seq}: {first.reason}\n")
        return 4
    return store_exit


def _any_case_file(files: list[str]) -> bool:
    for name in files:
        try:
            with open(name, "rb") as f:
                start = f.read(64)
        except OSError:
            continue  # read_witnesses names the file
        if start.startswith((b"age-encryption.org/v1", b"-----BEGIN AGE ENCRYPTED FILE-----")):
            return True
    return False


def _witness_identities(ctx: CliContext) -> list[Any]:
    """The workstation key (its passphrase), or a case file's own passphrase when given."""
    from reviewer_app.crypto import age
    from reviewer_app.services.workspace import workstation_identity

    if ctx.args.case_passphrase_file:
        from reviewer_app.cli.cmd_case_files import _case_passphrase

        return [age.ScryptIdentity(_case_passphrase(ctx))]
    return [workstation_identity(ctx.workspace(), ctx.passphrase())]


def cmd_checkpoint(ctx: CliContext) -> int:
    from reviewer_app.services.audit import write_checkpoint

    actor = ctx.actor()
    ws = ctx.workspace()
    secret = ctx.credential_secret(actor)
    written = write_checkpoint(ws, actor, secret, Path(ctx.args.output))
    cp = written.checkpoint
    if ctx.args.json:
        ctx.emit_json({"file": str(written.path), "workstation": cp.workstation,
                       "seq": cp.head.seq, "hash": cp.head.hash, "at": cp.at, "signer": cp.signer})
    else:
        ctx.print(f"checkpoint of entry #{cp.head.seq} ({cp.head.hash}) written to {written.path}")
    return 0


def cmd_adopt(ctx: CliContext) -> int:
    from reviewer_app.services.audit import adopt_files

    adopted = adopt_files(ctx.workspace(), ctx.actor(), [Path(f) for f in ctx.args.files])
    for subject in adopted:
        ctx.print(f"adopted {subject}")
    if not adopted:
        ctx.print("nothing to adopt: the trail already covers these files as they are")
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
        # Details quote package names, paths and rejection messages: escaped whole.
        ctx.print(f"#{e.seq:<5} {e.at[:19]}  {e.actor:<12} {e.action:<20} "
                  f"{shown(e.details or '')}")
    return 0
