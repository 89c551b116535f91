"""Cases: reading cases (the case list through ``fast_read``), the rows under a case, whether a case is final, and checking the case store against the database.

The names below are the area's public face (see ``services/faces.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.services.faces import lazy_face

if TYPE_CHECKING:
    from reviewer_app.services.cases.finality import (
        check_same_submission as check_same_submission,
    )
    from reviewer_app.services.cases.finality import (
        hold_back_reason as hold_back_reason,
    )
    from reviewer_app.services.cases.reading import (
        find_case_row as find_case_row,
    )
    from reviewer_app.services.cases.reading import (
        get_case as get_case,
    )
    from reviewer_app.services.cases.reading import (
        list_cases as list_cases,
    )
    from reviewer_app.services.cases.reading import (
        to_case as to_case,
    )
    from reviewer_app.services.cases.records import (
        insert_files as insert_files,
    )
    from reviewer_app.services.cases.store_check import (
        check_store as check_store,
    )

__getattr__, __all__ = lazy_face(__name__, {
    "finality": (
        "check_same_submission",
        "hold_back_reason",
    ),
    "reading": (
        "find_case_row",
        "get_case",
        "list_cases",
        "to_case",
    ),
    "records": (
        "insert_files",
    ),
    "store_check": (
        "check_store",
    ),
})
