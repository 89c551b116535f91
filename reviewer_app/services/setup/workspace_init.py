"""``reviewer-app init``: a new, empty workspace with its key and first administrator."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.crypto import identity
from reviewer_app.domain.users import SYSTEM, Role
from reviewer_app.formats.private_files import write_private
from reviewer_app.services.access import create_user
from reviewer_app.services.workspace import RECIPIENT_KEY, Workspace, create_layout
from reviewer_app.storage import audit_chain
from reviewer_app.storage.models import SettingRow

# What init creates at the top of the folder; only these are removed on failure.
_CREATED = (
    "workspace.json",
    "reviewer.db",
    "reviewer.db-wal",
    "reviewer.db-shm",
    "policy.toml",
    "store",
    "trust",
    "keys",
    "inbox",
    "logs",
)


@dataclass(frozen=True)
class InitResult:
    workspace: Workspace
    recipient: str


def init_workspace(
    root: Path, *, workstation_passphrase: str, admin: str, admin_password: str, demo: bool = False,
    post_quantum: bool = False,
) -> InitResult:
    """Create the workspace; on any failure nothing half-made is left behind.

    ``post_quantum``: the workstation key is age's hybrid ML-KEM-768 + X25519
    (recipient ``age1pq1...``) instead of X25519 (``age1...``)."""
    ws = create_layout(root, demo=demo)
    done = False
    try:
        secret, recipient = identity.generate(post_quantum=post_quantum)
        write_private(ws.paths.identity, identity.protect(secret, workstation_passphrase))
        del secret
        with ws.uow() as s:
            setting = SettingRow(key=RECIPIENT_KEY, value=recipient)
            s.add(setting)
            audit_chain.append(
                s,
                actor=SYSTEM.username,
                action="workspace.init",
                subject=audit_chain.setting_subject(RECIPIENT_KEY),
                subject_row=setting,
                details={"recipient": recipient, "demo": demo, "post_quantum": post_quantum},
            )
            # The policy profile in force, as create_layout copied it (and the key file).
            for path in (ws.paths.policy, ws.paths.identity):
                audit_chain.append(
                    s,
                    actor=SYSTEM.username,
                    action="file.add",
                    subject=audit_chain.file_subject(path.relative_to(ws.root).as_posix()),
                    subject_file=path,
                )
            create_user(
                s,
                actor=SYSTEM,
                username=admin,
                role=Role.ADMINISTRATOR,
                password=admin_password,
                display_name=admin,
            )
        done = True
    finally:
        if not done:
            ws.close()
            _remove_created(ws.root)
    return InitResult(ws, recipient)


def _remove_created(root: Path) -> None:
    for name in _CREATED:
        path = root / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink()
    if root.is_dir() and not any(root.iterdir()):
        root.rmdir()
