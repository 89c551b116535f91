"""The options every command takes, before or after its name (docs/cli.md).

The top parser holds their defaults; each command's parser repeats them with
``SUPPRESS`` as the default, so a value given after the command wins and a
value given before it is not overwritten by an absent one.
"""

from __future__ import annotations

import argparse

GLOBAL_OPTIONS: list[tuple[str, dict[str, str]]] = [
    ("--workspace", {"metavar": "DIR", "help": "workspace folder (default: "
                     "$REVIEWER_APP_WORKSPACE or the user data folder)"}),
    ("--user", {"metavar": "NAME", "help": "act as this user"}),
    ("--password-file", {"metavar": "F", "help": "read the user's password from F"}),
    ("--passphrase-file", {"metavar": "F", "help": "read the workstation passphrase from F"}),
]
GLOBAL_DESTS = tuple(flag[2:].replace("-", "_") for flag, _spec in GLOBAL_OPTIONS)


def add_global_options(parser: argparse.ArgumentParser, *, default: object) -> None:
    group = parser.add_argument_group("global options (before or after the command)")
    for flag, spec in GLOBAL_OPTIONS:
        group.add_argument(flag, default=default, **spec)  # type: ignore[arg-type]


def carry_global_options(parsed: argparse.Namespace, into: argparse.Namespace) -> None:
    """Global options a nested parser found (``checklist set ... --user U``) go on ``into``."""
    for dest in GLOBAL_DESTS:
        if hasattr(parsed, dest):
            setattr(into, dest, getattr(parsed, dest))
            delattr(parsed, dest)
