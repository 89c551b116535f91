"""Case files: exporting a case to another workstation and importing it there (provenance, merge, the two-person rule's history).

The names below are the area's public face (see ``services/faces.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.services.faces import lazy_face

if TYPE_CHECKING:
    from reviewer_app.services.casefile.exporting import (
        ExportResult as ExportResult,
    )
    from reviewer_app.services.casefile.exporting import (
        export_case as export_case,
    )
    from reviewer_app.services.casefile.importing import (
        CaseImportResult as CaseImportResult,
    )
    from reviewer_app.services.casefile.importing import (
        case_file_needs_passphrase as case_file_needs_passphrase,
    )
    from reviewer_app.services.casefile.importing import (
        import_case as import_case,
    )
    from reviewer_app.services.casefile.importing import (
        result_json as result_json,
    )
    from reviewer_app.services.casefile.merge import (
        adopt_item as adopt_item,
    )

__getattr__, __all__ = lazy_face(__name__, {
    "exporting": (
        "ExportResult",
        "export_case",
    ),
    "importing": (
        "CaseImportResult",
        "case_file_needs_passphrase",
        "import_case",
        "result_json",
    ),
    "merge": (
        "adopt_item",
    ),
})
