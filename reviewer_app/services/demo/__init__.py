"""Demo: the demo workspace with its people, trust anchors and sample packages.

The names below are the area's public face (see ``services/faces.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.services.faces import lazy_face

if TYPE_CHECKING:
    from reviewer_app.services.demo.workspace import (
        DEMO_SECRET as DEMO_SECRET,
    )
    from reviewer_app.services.demo.workspace import (
        ensure_demo as ensure_demo,
    )

__getattr__, __all__ = lazy_face(__name__, {
    "workspace": (
        "DEMO_SECRET",
        "ensure_demo",
    ),
})
