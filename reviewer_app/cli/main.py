"""Argument parsing and the one place where errors become exit codes."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reviewer_app import __version__
from reviewer_app.cli.context import CliContext
from reviewer_app.cli.global_options import add_global_options
from reviewer_app.cli.terminal_text import shown
from reviewer_app.errors import ReviewerError
from reviewer_app.formats.private_files import make_dirs, write_private

# One module per command group, each with ``register(subparsers)``; a command
# sets ``func(ctx) -> int`` as its default. Add new commands here.
COMMAND_MODULES = [
    "cmd_init",
    "cmd_demo",
    "cmd_cases",
    "cmd_audit",
    "cmd_import",
    "cmd_pack",
    "cmd_trust",
    "cmd_users",
    "cmd_checklist",
    "cmd_decide",
    "cmd_letter",
    "cmd_verify_pdf",
    "cmd_case_files",
    "cmd_remote_users",
]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in the contract's ``error:`` form, exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"error: USAGE: {message}\n")


class _CommandParser(_Parser):
    """A command's parser (and its sub-commands'): it takes the global options too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_global_options(self, default=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reviewer-app", description="Frontier Review Desk")
    parser.add_argument("--version", action="version", version=f"reviewer-app {__version__}")
    add_global_options(parser, default=None)
    parser.add_argument(
        "--demo", action="store_true", help="make (once) and open the demo workspace in the window"
    )
    # Nested sub-commands (``audit verify``) inherit the parser class from argparse.
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"reviewer_app.cli.{name}").register(sub)
    return parser


def run(argv: list[str]) -> int:
    """Run a headless command; ``__main__`` opens the window when there is none."""
    args = build_parser().parse_args(argv)
    ctx = CliContext(args)
    try:
        return int(args.func(ctx))
    except ReviewerError as exc:
        print(f"error: {exc.code}: {shown(exc.message)}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # The reader went away (``reviewer-app cases | head``): nothing to report, and
        # nothing left to flush into the closed pipe at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print("error: INTERRUPTED: stopped by the user; nothing was kept", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the boundary that turns bugs into a short report
        return report_crash(exc, ctx)
    finally:
        ctx.close()


def report_crash(exc: Exception, ctx: CliContext) -> int:
    """A short report on stderr and the full one in a file: never a bare traceback."""
    text = "".join(traceback.format_exception(exc))
    where = None
    for folder in _crash_folders(ctx):
        try:
            make_dirs(folder)
            where = folder / f"crash-{datetime.now(UTC):%Y%m%dT%H%M%S%f}.txt"
            write_private(where, f"reviewer-app {__version__}\n{text}".encode())
            break
        except OSError:
            where = None
    print(
        f"error: INTERNAL: an unexpected error occurred ({type(exc).__name__}: {shown(exc)}).",
        file=sys.stderr,
    )
    if where:
        print(
            f"A report was written to {where}; please send it to the maintainers.", file=sys.stderr
        )
    return 1


def _crash_folders(ctx: CliContext) -> list[Path]:
    import tempfile

    folders = []
    if ctx._workspace is not None:
        folders.append(ctx._workspace.paths.logs)
    folders.append(Path(tempfile.gettempdir()) / "reviewer-app-logs")
    return folders
