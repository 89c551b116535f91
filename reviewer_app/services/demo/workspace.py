"""The demo workspace: fixed demo PKI, three users, the default policy, sample packages.

Every demo password and passphrase is ``demo``. The workspace is marked as a
demo (window title, letters) so nobody mistakes it for real work.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reviewer_app.domain.users import SYSTEM, Role
from reviewer_app.formats.private_files import copy_private
from reviewer_app.resources import resource_path
from reviewer_app.services.access import create_user
from reviewer_app.services.demo.packages import populate
from reviewer_app.services.setup import init_workspace
from reviewer_app.services.workspace import Workspace, is_workspace, open_workspace
from reviewer_app.storage import audit_chain

DEMO_SECRET = "demo"  # noqa: S105 - the demo is public by design
DEMO_USERS = (
    ("reviewer", Role.REVIEWER, "Riley Reviewer (DEMO)", "Reviewer"),
    ("supervisor", Role.SUPERVISOR, "Sam Supervisor (DEMO)", "Supervisory Reviewer"),
)


@dataclass(frozen=True)
class DemoResult:
    root: Path
    created: bool
    recipient: str


def default_demo_location() -> Path:
    env = os.environ.get("REVIEWER_APP_WORKSPACE")
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "reviewer-app" / "demo"


def demo_pki(name: str) -> Path:
    return resource_path("demo", "pki", name)


def ensure_demo(root: Path | None = None) -> DemoResult:
    """Create the demo workspace at ``root`` once; later calls just report it."""
    from reviewer_app.services.workspace import workstation_recipient

    root = (root or default_demo_location()).expanduser().resolve()
    if is_workspace(root):
        with open_workspace(root) as ws:
            return DemoResult(root, False, workstation_recipient(ws))
    result = init_workspace(
        root, workstation_passphrase=DEMO_SECRET, admin="admin", admin_password=DEMO_SECRET, demo=True
    )
    with result.workspace as ws:
        _add_people_and_trust(ws)
        _populate(ws)
    return DemoResult(root, True, result.recipient)


def _add_people_and_trust(ws: Workspace) -> None:
    from reviewer_app.services.access import pkcs12_identity

    copy_private(demo_pki("submitter-ca.pem"), ws.paths.trust_submitters / "demo-submitter-ca.pem")
    copy_private(demo_pki("office-ca.pem"), ws.paths.trust_office / "demo-office-ca.pem")
    with ws.uow() as s:
        for username, role, name, title in DEMO_USERS:
            p12 = ws.paths.user_keys / f"{username}.p12"
            copy_private(demo_pki(f"{username}.p12"), p12)
            create_user(
                s,
                actor=SYSTEM,
                username=username,
                role=role,
                password=DEMO_SECRET,
                display_name=name,
                title=title,
                credential={"kind": "pkcs12", "file": f"keys/users/{username}.p12",
                            **pkcs12_identity(p12.read_bytes(), DEMO_SECRET).to_record()},
            )
            audit_chain.append(
                s, actor=SYSTEM.username, action="credential.add",
                subject=audit_chain.file_subject(f"keys/users/{username}.p12"), subject_file=p12,
                details={"username": username},
            )
        for kind, path in (
            ("submitter", ws.paths.trust_submitters / "demo-submitter-ca.pem"),
            ("office", ws.paths.trust_office / "demo-office-ca.pem"),
        ):
            audit_chain.append(
                s, actor=SYSTEM.username, action="trust.add",
                subject=audit_chain.file_subject(path.relative_to(ws.root).as_posix()),
                subject_file=path, details={"kind": kind, "file": path.name},
            )


def _populate(ws: Workspace) -> None:
    """Sample packages into the inbox, then imported."""
    populate(ws, DEMO_SECRET)
