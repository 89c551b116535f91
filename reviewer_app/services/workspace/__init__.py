"""Workspace: the folder, its database and settings, the workstation's age key, the exposure check.

The bottom area: every other area uses it; it uses none.

The names below are the area's public face (see ``services/faces.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.services.faces import lazy_face

if TYPE_CHECKING:
    from reviewer_app.services.workspace.exposure import (
        exposure_warning as exposure_warning,
    )
    from reviewer_app.services.workspace.folder import (
        PENDING_MARK as PENDING_MARK,
    )
    from reviewer_app.services.workspace.folder import (
        Workspace as Workspace,
    )
    from reviewer_app.services.workspace.folder import (
        create_layout as create_layout,
    )
    from reviewer_app.services.workspace.folder import (
        default_location as default_location,
    )
    from reviewer_app.services.workspace.folder import (
        is_workspace as is_workspace,
    )
    from reviewer_app.services.workspace.folder import (
        open_workspace as open_workspace,
    )
    from reviewer_app.services.workspace.folder import (
        process_alive as process_alive,
    )
    from reviewer_app.services.workspace.folder import (
        staging_folder as staging_folder,
    )
    from reviewer_app.services.workspace.folder import (
        sweep_case_store as sweep_case_store,
    )
    from reviewer_app.services.workspace.keys import (
        RECIPIENT_KEY as RECIPIENT_KEY,
    )
    from reviewer_app.services.workspace.keys import (
        workstation_identity as workstation_identity,
    )
    from reviewer_app.services.workspace.keys import (
        workstation_recipient as workstation_recipient,
    )
    from reviewer_app.services.workspace.lock_policy import (
        idle_lock_minutes as idle_lock_minutes,
    )

__getattr__, __all__ = lazy_face(__name__, {
    "exposure": (
        "exposure_warning",
    ),
    "folder": (
        "PENDING_MARK",
        "Workspace",
        "create_layout",
        "default_location",
        "is_workspace",
        "open_workspace",
        "process_alive",
        "staging_folder",
        "sweep_case_store",
    ),
    "keys": (
        "RECIPIENT_KEY",
        "workstation_identity",
        "workstation_recipient",
    ),
    "lock_policy": (
        "idle_lock_minutes",
    ),
})
