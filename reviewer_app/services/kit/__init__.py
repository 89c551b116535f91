"""Kit: the submitter's side, building a signed, encrypted submission package (``reviewer-app pack``).

Uses no other area; only the demo builds packages with it.

The names below are the area's public face (see ``services/faces.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.services.faces import lazy_face

if TYPE_CHECKING:
    from reviewer_app.services.kit.pack import (
        build_package as build_package,
    )

__getattr__, __all__ = lazy_face(__name__, {
    "pack": (
        "build_package",
    ),
})
