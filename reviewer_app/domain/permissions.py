"""Who may do what: the role rules in one table, for the services and the window alike.

The services refuse (``services/access/roles.require_role``, audited) with the
roles ``allowed_roles(action)`` gives; the window disables what ``may(role,
action)`` refuses and shows its reason as the tooltip, before anyone types a
passphrase. The window's answer is a courtesy: the services still check.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from reviewer_app.domain.users import Role


class Action(enum.StrEnum):
    RECORD_DETERMINATION = "determination.record"
    SIGN_LETTER = "letter.sign"
    COUNTERSIGN_LETTER = "letter.countersign"
    IMPORT_PACKAGE = "package.import"
    EDIT_CHECKLIST = "checklist.edit"
    EXPORT_CASE_FILE = "case_file.export"
    IMPORT_CASE_FILE = "case_file.import"
    ADOPT_ANSWER = "case_file.adopt"
    MANAGE_USERS = "users.manage"
    BIND_CREDENTIAL = "credential.bind"
    MANAGE_TRUST = "trust.manage"
    MANAGE_REMOTE_USERS = "remote_users.manage"
    ADOPT_AUDIT_FILES = "audit.adopt"


@dataclass(frozen=True)
class Rule:
    roles: tuple[Role, ...]
    doing: str  # the action as the reason names it: "Countersigning a letter"


_DECIDERS = (Role.REVIEWER, Role.SUPERVISOR)
_ADMIN = (Role.ADMINISTRATOR,)
RULES: dict[Action, Rule] = {
    Action.RECORD_DETERMINATION: Rule(_DECIDERS, "Recording a determination"),
    Action.SIGN_LETTER: Rule(_DECIDERS, "Signing a letter"),
    # The two-person rule's first half: only a supervisor approves a letter.
    Action.COUNTERSIGN_LETTER: Rule((Role.SUPERVISOR,), "Countersigning a letter"),
    Action.IMPORT_PACKAGE: Rule((*_DECIDERS, Role.ADMINISTRATOR), "Importing a package"),
    Action.EDIT_CHECKLIST: Rule(_DECIDERS, "Changing the checklist"),
    Action.EXPORT_CASE_FILE: Rule(_DECIDERS, "Exporting a case file"),
    Action.IMPORT_CASE_FILE: Rule(_DECIDERS, "Importing a case file"),
    Action.ADOPT_ANSWER: Rule(_DECIDERS, "Adopting a received answer"),
    Action.MANAGE_USERS: Rule(_ADMIN, "Managing users"),
    Action.BIND_CREDENTIAL: Rule(_ADMIN, "Binding a signing credential"),
    Action.MANAGE_TRUST: Rule(_ADMIN, "Managing trust anchors"),
    Action.MANAGE_REMOTE_USERS: Rule(_ADMIN, "Managing remote users"),
    Action.ADOPT_AUDIT_FILES: Rule(_ADMIN, "Adopting workspace files into the audit trail"),
}


def allowed_roles(action: Action) -> tuple[Role, ...]:
    """The roles that may take ``action`` (what the service's role check demands)."""
    return RULES[action].roles


def may(role: Role, action: Action) -> str | None:
    """None when ``role`` may take ``action``; else the reason, in words for a tooltip."""
    rule = RULES[action]
    if role in rule.roles:
        return None
    needed = " or ".join(r.value for r in rule.roles)
    article = "an" if role.value[0] in "aeiou" else "a"
    return f"{rule.doing} needs the {needed} role; you are signed in as {article} {role.value}."
