"""What the Determination page shows, read in one job (off the GUI thread)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reviewer_app.domain.determination import Determination, Outcome
from reviewer_app.errors import ReviewerError

if TYPE_CHECKING:  # the letter code loads when a case's determination is shown
    from reviewer_app.services.decision import LetterInfo
    from reviewer_app.services.workspace import Workspace


@dataclass(frozen=True)
class Loaded:
    outcomes: tuple[Outcome, ...]  # the policy's, for the outcome choice
    determination: Determination | None
    letters: list[LetterInfo]
    pdf: bytes | None  # the newest letter, else a draft, else nothing to show
    kind: str  # "draft (not signed)", "letter version N (state)"...


def read_determination(ws: Workspace, case_key: str) -> Loaded:
    """The stored determination and the newest letter, or a draft rendered from it."""
    from reviewer_app.services.decision import get_determination, letters, policy_facts

    outcomes = policy_facts(ws).outcomes
    determination = get_determination(ws, case_key)
    stored = letters.list_letters(ws, case_key)
    if stored:
        newest = stored[-1]
        return Loaded(outcomes, determination, stored, letters.letter_pdf(ws, case_key),
                      f"letter version {newest.version} ({newest.state})")
    if determination is None:
        return Loaded(outcomes, None, [], None, "no determination yet")
    try:
        return Loaded(outcomes, determination, [], letters.render_draft(ws, case_key),
                      "draft (not signed)")
    except ReviewerError as exc:
        return Loaded(outcomes, determination, [], None, f"no preview: {exc.message}")
