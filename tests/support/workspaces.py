"""Test workspaces: made once per session by the real ``init_workspace``, copied per test.

The workstation key is also kept unlocked (``identity``) so that tests need not
pay scrypt's second per import; one test per path still uses the passphrase.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.crypto import age
from reviewer_app.domain.users import SYSTEM, Actor, Role
from reviewer_app.services.access.users import create_user
from reviewer_app.services.setup.workspace_init import init_workspace
from reviewer_app.services.workspace.folder import Workspace, open_workspace
from reviewer_app.services.workspace.keys import workstation_identity
from reviewer_app.storage.audit_adopt import adopt_file

PASSPHRASE = "workstation pass"
PASSWORD = "correct horse"
REVIEWER = Actor("riley", Role.REVIEWER, "Riley Reviewer")
ADMIN = Actor("alice", Role.ADMINISTRATOR, "alice")


@dataclass(frozen=True)
class WorkspaceTemplate:
    root: Path
    recipient: str
    identity: age.X25519Identity


def make_template(root: Path, anchors: dict[str, bytes] | None = None) -> WorkspaceTemplate:
    """An initialised workspace (admin alice, reviewer riley) with submitter anchors."""
    result = init_workspace(root, workstation_passphrase=PASSPHRASE, admin=ADMIN.username,
                            admin_password=PASSWORD)
    with result.workspace as ws:
        with ws.uow() as s:
            create_user(s, actor=SYSTEM, username=REVIEWER.username,
                        role=REVIEWER.role, password=PASSWORD, display_name=REVIEWER.display_name)
        with ws.uow() as s:
            for name, data in (anchors or {}).items():
                (ws.paths.trust_submitters / name).write_bytes(data)
                adopt_file(s, ws.root, ws.paths.trust_submitters / name, actor=SYSTEM.username)
        identity = workstation_identity(ws, PASSPHRASE)
    assert isinstance(identity, age.X25519Identity)
    return WorkspaceTemplate(root, result.recipient, identity)


def copy_workspace(template: WorkspaceTemplate, dest: Path) -> Workspace:
    shutil.copytree(template.root, dest)
    return open_workspace(dest)
