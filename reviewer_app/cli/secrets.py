"""Secrets come from a file, the environment, or a terminal prompt: never argv."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

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
