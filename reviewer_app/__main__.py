"""Entry point: ``reviewer-app`` and ``python -m reviewer_app``.

Headless commands never import Qt; the window (and PySide6) is loaded only
when no command is given.
"""

from __future__ import annotations

import sys

# Global options that take a value (see cli/main.build_parser).
_VALUE_OPTIONS = frozenset({"--workspace", "--user", "--password-file", "--passphrase-file"})


def _wants_window(argv: list[str]) -> bool:
    """True when no command is named; a plain scan, since building the whole
    parser (every command module) costs start-up time."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("-h", "--help", "--version"):
            return False
        elif arg in _VALUE_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            return False
    return True


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
