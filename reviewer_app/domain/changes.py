"""What a write changed: the typed note every write carries to the open views.

A write (a service call on the window's write thread) declares or returns one
``Changes``; the window broadcasts it and each open view that shows that data
refreshes itself (Anki's ``OpChanges`` is the model). ``case`` names the one
case touched; None with ``cases`` set means "the case list as a whole" (a new
case, or several).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    cases: bool = False  # the case list: a case added, or a case's status or fields
    case: str | None = None  # the uuid of the case touched (None: no one case)
    checklist: bool = False  # checklist items (status, text, overrides, links)
    determination: bool = False
    letters: bool = False
    audit: bool = False  # entries were appended to the audit trail
    users: bool = False
    trust: bool = False  # trust anchors or CRLs

    def about(self, case_uuid: str) -> bool:
        """True when the change may concern ``case_uuid`` (its own, or no case named)."""
        return self.case is None or self.case == case_uuid

    @property
    def anything(self) -> bool:
        return self != NOTHING


NOTHING = Changes()
