"""Checklist: the review checklist of a case, its items and suggestions drawn from the evidence, template upgrades and the CKLB export.

The names below are the area's public face (see ``services/faces.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.services.faces import lazy_face

if TYPE_CHECKING:
    from reviewer_app.services.checklist.facts import (
        gather_facts as gather_facts,
    )
    from reviewer_app.services.checklist.items import (
        accept as accept,
    )
    from reviewer_app.services.checklist.items import (
        accept_all as accept_all,
    )
    from reviewer_app.services.checklist.items import (
        checklist_section as checklist_section,
    )
    from reviewer_app.services.checklist.items import (
        ensure_checklist as ensure_checklist,
    )
    from reviewer_app.services.checklist.items import (
        export_cklb as export_cklb,
    )
    from reviewer_app.services.checklist.items import (
        get_checklist as get_checklist,
    )
    from reviewer_app.services.checklist.items import (
        read_checklist as read_checklist,
    )
    from reviewer_app.services.checklist.items import (
        set_item as set_item,
    )
    from reviewer_app.services.checklist.rows import (
        add_history as add_history,
    )
    from reviewer_app.services.checklist.rows import (
        audit_item as audit_item,
    )
    from reviewer_app.services.checklist.rows import (
        item_row as item_row,
    )
    from reviewer_app.services.checklist.templates import (
        default_template as default_template,
    )
    from reviewer_app.services.checklist.upgrade import (
        upgrade_template as upgrade_template,
    )
    from reviewer_app.services.checklist.view import (
        view_json as view_json,
    )

__getattr__, __all__ = lazy_face(__name__, {
    "facts": (
        "gather_facts",
    ),
    "items": (
        "accept",
        "accept_all",
        "checklist_section",
        "ensure_checklist",
        "export_cklb",
        "get_checklist",
        "read_checklist",
        "set_item",
    ),
    "rows": (
        "add_history",
        "audit_item",
        "item_row",
    ),
    "templates": (
        "default_template",
    ),
    "upgrade": (
        "upgrade_template",
    ),
    "view": (
        "view_json",
    ),
})
