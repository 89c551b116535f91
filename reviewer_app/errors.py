"""The project's own error kinds. Every service raises only these.

Each kind maps to a command-line exit code (see ``shared/spec/cli.md``):
2 usage, 3 input rejected, 4 integrity check failed, 5 not permitted.
"""

from __future__ import annotations


class ReviewerError(Exception):
    """An error with a stable machine code and a plain-words message."""

    exit_code = 1

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class UsageError(ReviewerError):
    """The request itself is malformed (bad option, missing workspace, ...)."""

    exit_code = 2


class RejectedError(ReviewerError):
    """An input (package, case file, PDF, template, policy) was rejected."""

    exit_code = 3


class IntegrityError(ReviewerError):
    """An integrity check failed (audit chain, letter signature, stored file)."""

    exit_code = 4


class NotPermittedError(ReviewerError):
    """The acting user may not do this (role, password, passphrase, lock)."""

    exit_code = 5


class CancelledError(ReviewerError):
    """The user cancelled a long operation; nothing was kept."""

    exit_code = 1

    def __init__(self, message: str = "the operation was cancelled") -> None:
        super().__init__("CANCELLED", message)
