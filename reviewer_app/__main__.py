"""Entry point: ``reviewer-app`` and ``python -m reviewer_app``.

Headless commands never import Qt; the window (and PySide6) is loaded only
when no command is given.
"""

from __future__ import annotations

import sys


def _wants_window(argv: list[str]) -> bool:
    from reviewer_app.cli.main import build_parser

    if any(a in ("-h", "--help", "--version") for a in argv):
        return False
    args, _rest = build_parser().parse_known_args(argv)
    return args.command is None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_window(argv):
        from reviewer_app.ui.launch import launch

        return launch(argv)
    from reviewer_app.cli.main import run

    return run(argv)


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
