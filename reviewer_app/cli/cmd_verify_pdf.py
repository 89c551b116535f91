"""``verify-pdf FILE.pdf [--json]``: exit 0 only if every signature is intact and trusted,
not revoked, nothing was appended, and no two signatures share a certificate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext
from reviewer_app.cli.terminal_text import shown


def register(sub: Any) -> None:
    p = sub.add_parser("verify-pdf", help="validate every signature of a letter offline",
                       description="Validate every signature against the workspace's office "
                                   "anchors and CRLs (never fetching). Exit 0: all intact, "
                                   "trusted and not revoked, nothing appended, every signature "
                                   "by a different certificate; 4: otherwise (or there are "
                                   "none); 3: the file is not a PDF.")
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(func=cmd_verify_pdf)


def _print_text(ctx: CliContext, report: Any) -> None:
    for n, s in enumerate(report.signatures, start=1):
        when = s.signing_time.isoformat() if s.signing_time else "unknown time"
        kind = "certification" if s.certification else "approval"
        ctx.print(f"signature {n} ({shown(s.field_name)}, {kind}): {shown(s.signer)}, {when}")
        ctx.print(f"  {s.verdict}; intact: {'yes' if s.intact else 'NO'}; trusted: "
                  f"{'yes' if s.trusted else 'NO'}; {s.changes_after}")
        for problem in s.problems:
            ctx.print(f"  problem: {shown(problem)}")
    if report.distinct_certificates is not None:
        ctx.print("two-person rule: " + ("every signature by a different certificate"
                                         if report.distinct_certificates else
                                         "BROKEN: two signatures by the same certificate"))
    ctx.print(report.bottom_line)


def cmd_verify_pdf(ctx: CliContext) -> int:
    from reviewer_app.services.access import verify_pdf

    ctx.actor()
    report = verify_pdf(ctx.workspace(), Path(ctx.args.file))
    if ctx.args.json:
        ctx.emit_json({
            "file": ctx.args.file, "ok": report.ok, "state": report.state,
            "bottom_line": report.bottom_line, "appended_bytes": report.appended_bytes,
            "distinct_certificates": report.distinct_certificates,
            "awaiting_countersignature": report.awaiting_countersignature,
            "signatures": [
                {"field": s.field_name, "signer": s.signer,
                 "signing_time": s.signing_time.isoformat() if s.signing_time else None,
                 "verdict": s.verdict, "intact": s.intact, "valid": s.valid,
                 "trusted": s.trusted, "certification": s.certification, "coverage": s.coverage,
                 "changes_after": s.changes_after, "docmdp_ok": s.docmdp_ok, "ok": s.ok,
                 "certificate_sha256": s.cert_sha256.partition("/")[0] or None,
                 "revoked_at": s.revoked_at.isoformat() if s.revoked_at else None,
                 "determination_sha256": s.determination_sha256,
                 "problems": list(s.problems)}
                for s in report.signatures
            ],
        })
    else:
        _print_text(ctx, report)
    if not report.ok:
        ctx.err.write(f"error: SIGNATURE_INVALID: {shown(report.bottom_line)}\n")
        return 4
    return 0
