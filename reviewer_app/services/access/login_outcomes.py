"""What a password check ends in: a ``SignIn`` (right password, login not yet
written) or the locked account's refusal. Shared by ``sign_in`` (the check) and
``login_records`` (the writes) so neither imports the other back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reviewer_app.domain.users import Actor
from reviewer_app.errors import NotPermittedError


@dataclass(frozen=True)
class SignIn:
    """A password checked and found right at ``at``; its ``login`` entry is not written yet."""

    actor: Actor
    at: datetime


def locked_error(username: str) -> NotPermittedError:
    """Says the account is locked and how it is unlocked; never whether the password was right."""
    return NotPermittedError(
        "ACCOUNT_LOCKED",
        f"the account '{username}' is locked after too many wrong passwords in a row; an "
        f"administrator must unlock it (reviewer-app users unlock {username})",
    )
