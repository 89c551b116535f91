"""The one role check every service makes before it acts: refused and audited."""

from __future__ import annotations

from reviewer_app.domain.users import Actor, Role
from reviewer_app.errors import NotPermittedError
from reviewer_app.services.workspace import Workspace
from reviewer_app.storage import audit_chain


def require_role(ws: Workspace, actor: Actor, *roles: Role, action: str) -> None:
    """Refuse (exit 5) and audit when ``actor`` holds none of ``roles``.

    ``action`` names what was tried as a phrase ("countersigning a letter"): the
    refusal reads "countersigning a letter needs the supervisor role; riley is
    signed in as a reviewer".
    """
    if actor.role in roles:
        return
    with ws.uow() as s:
        audit_chain.append(
            s,
            actor=actor.username,
            action="refused",
            details={"action": action, "role": actor.role.value, "needs": [r.value for r in roles]},
        )
    needed = " or ".join(r.value for r in roles)
    raise NotPermittedError(
        "NOT_PERMITTED",
        f"{action} needs the {needed} role; {actor.username} is signed in as "
        f"{_with_article(actor.role.value)}",
    )


def _with_article(role: str) -> str:
    return f"{'an' if role[0] in 'aeiou' else 'a'} {role}"
