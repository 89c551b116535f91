"""Secrets come from a file, the environment, or a terminal prompt: never argv."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import Any

from reviewer_app.errors import UsageError


def read_secret(
    *, file: str | None, env: str, prompt: str, what: str, confirm: bool = False
) -> str:
    if file:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                "SECRET_FILE", f"cannot read the {what} file {file}: {exc.strerror}"
            ) from exc
        return text.rstrip("\r\n")
    value = os.environ.get(env)
    if value is not None:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Again: ") != first:
            raise UsageError("SECRET_MISMATCH", f"the two {what}s differ")
        return first
    flag = "--passphrase-file" if "passphrase" in what else "--password-file"
    raise UsageError("NO_SECRET", f"a {what} is needed: give {flag} F or set {env}")


CREDENTIAL_ENV = "REVIEWER_APP_CREDENTIAL_PASSPHRASE"
CREDENTIAL_FLAG = "--credential-passphrase-file"


def add_credential_option(parser: Any) -> None:
    """The one option every command that signs with the user's credential takes."""
    parser.add_argument(
        CREDENTIAL_FLAG, metavar="F",
        help="the passphrase of your signing credential, or your token's PIN when it is a "
             f"PKCS#11 token (else ${CREDENTIAL_ENV}, else a prompt on a terminal)",
    )


def read_credential_secret(file: str | None, kind: str) -> str:
    """The signing credential's secret: one rule for every command (docs/cli.md, Secrets).

    ``--credential-passphrase-file F``, else ``$REVIEWER_APP_CREDENTIAL_PASSPHRASE``,
    else a prompt on a terminal, else ``NO_SECRET``. Never the workstation
    passphrase: the two are different secrets, and trying one against the other
    would hide which one is wrong.
    """
    what = "token PIN" if kind == "pkcs11" else "credential passphrase"
    prompt = "Token PIN: " if kind == "pkcs11" else "Signing credential passphrase: "
    try:
        return read_secret(file=file, env=CREDENTIAL_ENV, prompt=prompt, what=what)
    except UsageError as exc:
        if exc.code != "NO_SECRET":
            raise
        raise UsageError("NO_SECRET", f"the {what} of your signing credential is needed: give "
                         f"{CREDENTIAL_FLAG} F or set {CREDENTIAL_ENV}") from None
