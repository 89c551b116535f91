"""Setup: creating a new workspace with its workstation key and first administrator (``reviewer-app init``).

The names below are the area's public face (see ``services/faces.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.services.faces import lazy_face

if TYPE_CHECKING:
    from reviewer_app.services.setup.workspace_init import (
        init_workspace as init_workspace,
    )

__getattr__, __all__ = lazy_face(__name__, {
    "workspace_init": (
        "init_workspace",
    ),
})
