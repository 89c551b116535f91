"""``verify-pdf FILE.pdf [--json]``: exit 0 only if every signature is intact and trusted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext
from reviewer_app.cli.terminal_text import shown


def register(sub: Any) -> None:
    p = sub.add_parser("verify-pdf", help="validate every signature of a letter offline",
                       description="Validate every signature against the workspace's office "
                                   "anchors. Exit 0: all intact and trusted; 4: any is not (or "
                                   "there are none); 3: the file is not a PDF.")
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(func=cmd_verify_pdf)


def cmd_verify_pdf(ctx: CliContext) -> int:
    from reviewer_app.services.verify_pdf import verify_pdf

    ctx.actor()
    report = verify_pdf(ctx.workspace(), Path(ctx.args.file))
    if ctx.args.json:
        ctx.emit_json({
            "file": ctx.args.file, "ok": report.ok, "bottom_line": report.bottom_line,
            "signatures": [
                {"field": s.field_name, "signer": s.signer,
                 "signing_time": s.signing_time.isoformat() if s.signing_time else None,
                 "intact": s.intact, "valid": s.valid, "trusted": s.trusted,
                 "certification": s.certification, "coverage": s.coverage,
                 "changes_after": s.changes_after, "docmdp_ok": s.docmdp_ok, "ok": s.ok,
                 "problems": list(s.problems)}
                for s in report.signatures
            ],
        })
    else:
        for n, s in enumerate(report.signatures, start=1):
            when = s.signing_time.isoformat() if s.signing_time else "unknown time"
            kind = "certification" if s.certification else "approval"
            ctx.print(f"signature {n} ({shown(s.field_name)}, {kind}): {shown(s.signer)}, {when}")
            ctx.print(f"  intact: {'yes' if s.intact else 'NO'}; trusted: "
                      f"{'yes' if s.trusted else 'NO'}; {s.changes_after}")
            for problem in s.problems:
                ctx.print(f"  problem: {shown(problem)}")
        ctx.print(report.bottom_line)
    if not report.ok:
        ctx.err.write(f"error: SIGNATURE_INVALID: {shown(report.bottom_line)}\n")
        return 4
    return 0
