"""Audit: reading and verifying the audit trail, adopting files, and the signed checkpoints (witnesses) of its head.

The names below are the area's public face (see ``services/faces.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.services.faces import lazy_face

if TYPE_CHECKING:
    from reviewer_app.services.audit.reading import (
        audit_lines as audit_lines,
    )
    from reviewer_app.services.audit.reading import (
        verify_case_audit as verify_case_audit,
    )
    from reviewer_app.services.audit.trail import (
        adopt_files as adopt_files,
    )
    from reviewer_app.services.audit.trail import (
        audit_entries as audit_entries,
    )
    from reviewer_app.services.audit.trail import (
        verify_audit as verify_audit,
    )
    from reviewer_app.services.audit.witness import (
        current_head_line as current_head_line,
    )
    from reviewer_app.services.audit.witness import (
        current_head_object as current_head_object,
    )
    from reviewer_app.services.audit.witness import (
        read_witnesses as read_witnesses,
    )
    from reviewer_app.services.audit.witness import (
        record_received_head as record_received_head,
    )
    from reviewer_app.services.audit.witness import (
        verify_with_witnesses as verify_with_witnesses,
    )
    from reviewer_app.services.audit.witness import (
        write_checkpoint as write_checkpoint,
    )

__getattr__, __all__ = lazy_face(__name__, {
    "reading": (
        "audit_lines",
        "verify_case_audit",
    ),
    "trail": (
        "adopt_files",
        "audit_entries",
        "verify_audit",
    ),
    "witness": (
        "current_head_line",
        "current_head_object",
        "read_witnesses",
        "record_received_head",
        "verify_with_witnesses",
        "write_checkpoint",
    ),
})
