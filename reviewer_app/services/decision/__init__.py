"""Decision: the determination, its letter (drafted, signed, countersigned, issued) and the letter's checks.

The names below are the area's public face (see ``services/faces.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewer_app.services.faces import lazy_face

if TYPE_CHECKING:
    from reviewer_app.services.decision.determination import (
        decide as decide,
    )
    from reviewer_app.services.decision.determination import (
        determination_section as determination_section,
    )
    from reviewer_app.services.decision.determination import (
        get_determination as get_determination,
    )
    from reviewer_app.services.decision.determination import (
        policy_facts as policy_facts,
    )
    from reviewer_app.services.decision.letters import (
        LetterInfo as LetterInfo,
    )
    from reviewer_app.services.decision.letters import (
        countersign as countersign,
    )
    from reviewer_app.services.decision.letters import (
        letters_section as letters_section,
    )
    from reviewer_app.services.decision.letters import (
        list_letters as list_letters,
    )
    from reviewer_app.services.decision.letters import (
        sign_letter as sign_letter,
    )
    from reviewer_app.services.decision.printing import (
        print_copy as print_copy,
    )

__getattr__, __all__ = lazy_face(__name__, {
    "determination": (
        "decide",
        "determination_section",
        "get_determination",
        "policy_facts",
    ),
    "letters": (
        "LetterInfo",
        "countersign",
        "letters_section",
        "list_letters",
        "sign_letter",
    ),
    "printing": (
        "print_copy",
    ),
})
