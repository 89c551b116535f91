"""Users, roles and the acting user every service is handed."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    REVIEWER = "reviewer"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class Actor:
    """The authenticated user on whose behalf a service acts."""

    username: str
    role: Role
    display_name: str = ""

    @property
    def label(self) -> str:
        return self.display_name or self.username


# Used for actions no person takes (schema migrations, the demo builder).
SYSTEM = Actor(username="system", role=Role.ADMINISTRATOR, display_name="System")
