"""``audit verify``'s part about the case store (``services.cases.store_check``), kept apart so
that the chain's own report can change without touching it."""

from __future__ import annotations

from typing import Any

from reviewer_app.cli.context import CliContext


def check(ctx: CliContext) -> list[Any]:
    from reviewer_app.services.cases import check_store

    return list(check_store(ctx.workspace()))


def as_json(problems: list[Any]) -> list[dict[str, str]]:
    return [{"kind": p.kind, "path": p.path, "reason": p.reason} for p in problems]


def report(ctx: CliContext, problems: list[Any], *, text: bool) -> int:
    """Print the problems (unless JSON was asked for); 4 when any fails the check, else 0."""
    failing = [p for p in problems if p.fails]
    if text and problems:
        ctx.print(f"case store: {len(failing)} problem(s), "
                  f"{len(problems) - len(failing)} note(s)")
        for p in problems:
            ctx.print(f"  {p.kind}: {p.path}: {p.reason}")
    elif text:
        ctx.print("case store: every row has its file and every stored file its row")
    if failing:
        ctx.err.write(f"error: STORE_MISMATCH: {failing[0].kind}: {failing[0].path}: "
                      f"{failing[0].reason}\n")
        return 4
    return 0
