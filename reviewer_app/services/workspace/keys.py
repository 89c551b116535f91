"""The workstation's age key: its recipient (public, a setting) and its identity
(the private key file, protected by the workstation passphrase)."""

from __future__ import annotations

from reviewer_app.crypto import age, identity
from reviewer_app.services.workspace.folder import Workspace

RECIPIENT_KEY = "workstation_recipient"


def workstation_recipient(ws: Workspace) -> str:
    """The workstation's recipient (``age1...`` or ``age1pq1...``); no passphrase needed."""
    return str(ws.setting(RECIPIENT_KEY, ""))


def workstation_identity(ws: Workspace, workstation_passphrase: str) -> age.Identity:
    """The workstation's age identity (NotPermittedError on a wrong passphrase)."""
    return identity.load(ws.paths.identity, workstation_passphrase)
