"""Evidence: reading the benchmark evidence of a case, recomputing scores, the assessment against the policy's thresholds, and the stored documents.

The names below are the area's public face (see ``services/faces.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.services.faces import lazy_face

if TYPE_CHECKING:
    from reviewer_app.services.evidence.documents import (
        StoredDocument as StoredDocument,
    )
    from reviewer_app.services.evidence.documents import (
        open_document as open_document,
    )
    from reviewer_app.services.evidence.evaluation import (
        CaseEvidence as CaseEvidence,
    )
    from reviewer_app.services.evidence.evaluation import (
        EvaluationRow as EvaluationRow,
    )
    from reviewer_app.services.evidence.evaluation import (
        assessment_section as assessment_section,
    )
    from reviewer_app.services.evidence.evaluation import (
        case_file as case_file,
    )
    from reviewer_app.services.evidence.evaluation import (
        evaluate_case as evaluate_case,
    )
    from reviewer_app.services.evidence.evaluation import (
        evaluations_section as evaluations_section,
    )
    from reviewer_app.services.evidence.evaluation import (
        open_log as open_log,
    )
    from reviewer_app.services.evidence.evaluation import (
        recompute_file as recompute_file,
    )

__getattr__, __all__ = lazy_face(__name__, {
    "documents": (
        "StoredDocument",
        "open_document",
    ),
    "evaluation": (
        "CaseEvidence",
        "EvaluationRow",
        "assessment_section",
        "case_file",
        "evaluate_case",
        "evaluations_section",
        "open_log",
        "recompute_file",
    ),
})
