"""``import PACKAGE...``: import submission packages, one result line (or object) each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer_app.cli.context import CliContext
from reviewer_app.cli.terminal_text import shown


def register(sub: Any) -> None:
    p = sub.add_parser("import", help="import submission packages (.subpkg)")
    p.add_argument("packages", nargs="+", metavar="PACKAGE", help="package files")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(func=cmd_import)


def cmd_import(ctx: CliContext) -> int:
    from reviewer_app.errors import ReviewerError
    from reviewer_app.services.intake import import_package
    from reviewer_app.services.workspace import workstation_identity

    ws = ctx.workspace()
    actor = ctx.actor()
    identity = workstation_identity(ws, ctx.passphrase())  # unlocked once for the batch
    results: list[dict[str, Any]] = []
    for name in ctx.args.packages:
        path = Path(name)
        progress = ctx.progress()
        try:
            result = import_package(ws, actor, path, identity=identity, progress=progress)
            results.append({"path": name, "status": result.status, "case_id": result.case.reference})
        except ReviewerError as exc:
            results.append({"path": name, "status": "rejected", "code": exc.code,
                            "message": exc.message})
        finally:
            if ctx.err.isatty():
                ctx.err.write("\r\033[K")
    _report(ctx, results)
    return 3 if any(r["status"] == "rejected" for r in results) else 0


def _report(ctx: CliContext, results: list[dict[str, Any]]) -> None:
    if ctx.args.json:
        ctx.emit_json(results)
        return
    for r in results:
        if r["status"] == "rejected":
            ctx.err.write(f"error: {r['code']}: {shown(r['path'])}: {shown(r['message'])}\n")
        else:
            ctx.print(f"{r['case_id']}\t{r['status']}\t{shown(r['path'])}")
