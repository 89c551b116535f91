"""Intake: importing a submission package into a new case, and the submission's view (manifest, checks).

The names below are the area's public face (see ``services/faces.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.services.faces import lazy_face

if TYPE_CHECKING:
    from reviewer_app.services.intake.package_import import (
        ALREADY_IMPORTED as ALREADY_IMPORTED,
    )
    from reviewer_app.services.intake.package_import import (
        ImportResult as ImportResult,
    )
    from reviewer_app.services.intake.package_import import (
        import_package as import_package,
    )
    from reviewer_app.services.intake.submission_view import (
        SubmissionView as SubmissionView,
    )
    from reviewer_app.services.intake.submission_view import (
        checks_section as checks_section,
    )
    from reviewer_app.services.intake.submission_view import (
        load_submission as load_submission,
    )
    from reviewer_app.services.intake.support import (
        pending_case_folder as pending_case_folder,
    )
    from reviewer_app.services.intake.support import (
        place_case_folder as place_case_folder,
    )
    from reviewer_app.services.intake.support import (
        remove_tree as remove_tree,
    )

__getattr__, __all__ = lazy_face(__name__, {
    "package_import": (
        "ALREADY_IMPORTED",
        "ImportResult",
        "import_package",
    ),
    "submission_view": (
        "SubmissionView",
        "checks_section",
        "load_submission",
    ),
    "support": (
        "pending_case_folder",
        "place_case_folder",
        "remove_tree",
    ),
})
