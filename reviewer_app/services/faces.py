"""An area's public face, loaded on first use.

Each area's ``__init__`` names its public names twice: under ``TYPE_CHECKING``
(so mypy checks every caller against the real definitions, and a renamed
function fails the type check instead of a seam failing silently) and in the
table given here, which loads a module only when one of its names is first
asked for. Eager re-exports would load every module of an area, SQLAlchemy
with them, on the window's start-up path (``access`` for the password check,
``cases`` for the first case list); ``tests/unit/services/test_faces.py`` keeps
the two lists equal and every name resolving.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence


def lazy_face(package: str, table: Mapping[str, Sequence[str]]
              ) -> tuple[Callable[[str], object], list[str]]:
    """``(__getattr__, __all__)`` for ``package`` from ``{module: (name, ...)}``."""
    home = {name: module for module, names in table.items() for name in names}

    def __getattr__(name: str) -> object:
        module = home.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__, sorted(home)
