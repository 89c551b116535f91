"""Who may do what: the role list of each guarded action, in one place.

The services check these (``services.access.require_role(ws, actor, *SIGN.roles,
action=SIGN.doing)``) and refuse and audit otherwise; the window reads the same
table to disable the menu entries a signed-in user may not use and to say why
(``why_not``). The window's check is a courtesy: the service's is the rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewer_app.domain.users import Role


@dataclass(frozen=True)
class Permission:
    doing: str  # as the refusal and the audit trail name it: "signing a letter"
    gerund: str  # as a tooltip starts: "Signing a letter"
    roles: tuple[Role, ...]

    def allows(self, role: Role) -> bool:
        return role in self.roles

    def why_not(self, role: Role) -> str:
        """The reason ``role`` may not do this ("" when it may), for a tooltip."""
        if self.allows(role):
            return ""
        needed = " or ".join(r.value for r in self.roles)
        return f"{self.gerund} needs the {needed} role; you are signed in as {_a(role.value)}."


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


EDITORS = (Role.REVIEWER, Role.SUPERVISOR)

IMPORT_PACKAGE = Permission("importing a submission package", "Importing a package",
                            (Role.REVIEWER, Role.SUPERVISOR, Role.ADMINISTRATOR))
IMPORT_CASE_FILE = Permission("importing a case file", "Importing a case file", EDITORS)
EXPORT_CASE_FILE = Permission("exporting a case file", "Exporting a case file", EDITORS)
EDIT_CHECKLIST = Permission("changing a checklist item", "Changing the checklist", EDITORS)
DECIDE = Permission("recording a determination", "Recording a determination", EDITORS)
SIGN = Permission("signing a letter", "Signing a letter", EDITORS)
COUNTERSIGN = Permission("countersigning a letter", "Countersigning a letter",
                         (Role.SUPERVISOR,))


def may(role: Role, permission: Permission) -> str | None:
    """None when ``role`` may do it; else the reason, in words for a tooltip."""
    return None if permission.allows(role) else permission.why_not(role)
